/** A node:http server on 127.0.0.1 that answers with whatever the current case says. Bounded: closed after the run. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LinkCase } from './types.ts';

export interface Loopback {
  baseUrl: string;
  use(handler: LinkCase['respond']): void;
  close(): Promise<void>;
}

export async function startLoopback(): Promise<Loopback> {
  let handler: LinkCase['respond'] = () => ({ status: 404, json: { error: 'no case' } });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { status, json } = handler({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: Buffer.concat(chunks).toString('utf8'),
      });
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
