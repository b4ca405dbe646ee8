/**
 * Reading a webhook request's body for the handler: at most `maxBytes`, within `timeoutMs`, from a
 * Web `Request` or a Node request stream. A larger declared `content-length` is refused before
 * anything is read.
 */
import type { NodeRequestLike } from './webhook-handler-types';

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
  }
}

export class BodyTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The request body did not arrive within ${timeoutMs} ms.`);
  }
}

/** Copies chunks into one buffer. */
function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const encoder = new TextEncoder();

/** A declared `content-length` above the limit is refused before reading anything. */
export function declaredTooLarge(
  contentLength: string | string[] | null | undefined,
  maxBytes: number,
): boolean {
  if (typeof contentLength !== 'string' || contentLength === '') return false;
  const n = Number(contentLength);
  return Number.isFinite(n) && n > maxBytes;
}

export async function readWebBody(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (declaredTooLarge(request.headers.get('content-length'), maxBytes)) throw new BodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeout(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new BodyTooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return concat(chunks, total);
}

/**
 * Reads a Node request stream, buffering at most `maxBytes`. Past the limit it pauses the stream
 * and rejects; once the 413 is written the rest of the upload is drained and discarded (as Node does
 * for unread bodies), so the client reads the 413 instead of seeing its connection reset.
 */
export function readNodeBody(req: NodeRequestLike, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const timer = setTimeout(() => {
      cleanup();
      req.pause();
      reject(new BodyTimeout(timeoutMs));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        cleanup();
        req.pause();
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      resolve(concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
