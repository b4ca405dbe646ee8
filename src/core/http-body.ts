/**
 * Reading an answer's body: at most `maxBytes` after decompression, within a deadline. Fetch reads
 * bodies lazily, after the status line, so a connection cut mid-body, a body that cannot be
 * decompressed or one that never ends surface here, as a `BodyReadFailure` the client maps to a
 * `NetworkError`, `InvalidResponseError` or `TimeoutError`, never a raw `TypeError`.
 */

/** Why a body could not be read whole. */
export class BodyReadFailure {
  constructor(
    readonly kind: 'too_large' | 'undecodable' | 'cut' | 'timeout',
    readonly cause?: unknown,
  ) {}
}

const decoder = new TextDecoder('utf-8');

/** The body as UTF-8 text, or a `BodyReadFailure`. */
export async function readBodyText(response: Response, maxBytes: number, timeoutMs: number): Promise<string> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers.has('content-encoding')) {
    await response.body.cancel().catch(() => {});
    throw new BodyReadFailure('too_large');
  }
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyReadFailure('timeout')), timeoutMs);
  });
  const chunks: string[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), expired]);
      } catch (error) {
        if (error instanceof BodyReadFailure) throw error;
        const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
        throw new BodyReadFailure(
          typeof code === 'string' && code.startsWith('Z_') ? 'undecodable' : 'cut',
          error,
        );
      }
      if (step.done) break;
      total += step.value.byteLength;
      if (total > maxBytes) throw new BodyReadFailure('too_large');
      chunks.push(decoder.decode(step.value, { stream: true }));
    }
    chunks.push(decoder.decode());
    return chunks.join('');
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** JSON text → value; `json: false` (and the text) when it is not JSON; an empty body is `undefined`. */
export function parseJsonText(text: string): { body: unknown; json: boolean } {
  if (text.length === 0) return { body: undefined, json: true };
  try {
    return { body: JSON.parse(text), json: true };
  } catch {
    return { body: text, json: false };
  }
}
