/** A node:http server on 127.0.0.1 that answers with whatever the current case says. Bounded: closed after the run. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LinkCase } from './types.ts';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Loopback {
  baseUrl: string;
  /** The last request received. */
  last: CapturedRequest | undefined;
  use(handler: LinkCase['respond']): void;
  close(): Promise<void>;
}

export async function startLoopback(): Promise<Loopback> {
  let handler: LinkCase['respond'] = () => ({ status: 404, json: { error: 'no case' } });
  const state: { last: CapturedRequest | undefined } = { last: undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: CapturedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) =>
            v === undefined || ['host', 'connection', 'content-length'].includes(k)
              ? []
              : [[k, Array.isArray(v) ? v.join(', ') : v]],
          ),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.last = request;
      const { status, json } = handler(request);
      const payload = JSON.stringify(json);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get last() {
      return state.last;
    },
    use(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain fetch that sends `request` again and reads the JSON answer: the baseline of createPaymentLink. */
export function replay(baseUrl: string, request: CapturedRequest): () => Promise<unknown> {
  const url = `${baseUrl}${request.path}`;
  const init = {
    method: request.method,
    headers: request.headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
  };
  return async () => {
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`replay answered ${response.status}`);
    return response.json();
  };
}
