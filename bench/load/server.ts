/**
 * One server of the load benchmark, run in its own worker thread (its own event loop, as a separate
 * instance would have): `bare` only reads the body and answers 200; `memory` and `redis` are a
 * MoneyHash webhook handler with the in-memory store or a Redis store. Listens on 127.0.0.1 only.
 *
 * Messages: posts `{ port }` once listening; on `'stop'` closes and posts `{ processed }` (how many
 * times onEvent ran).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createWebhookHandler } from 'paybridge';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createRedisStore } from 'paybridge/redis';

export interface ServerSpec {
  kind: 'bare' | 'memory' | 'redis';
  webhookSecret: string;
  redisUrl?: string;
  keyPrefix?: string;
}

const spec = workerData as ServerSpec;
let processed = 0;

const store =
  spec.kind === 'redis'
    ? createRedisStore({ url: spec.redisUrl! }, { keyPrefix: spec.keyPrefix })
    : undefined;
await store?.connect();
const handler = createWebhookHandler({
  provider: createMoneyHash({ webhookSecret: spec.webhookSecret }),
  store,
  onEvent() {
    processed++;
  },
});

const server = createServer((req, res) => {
  if (spec.kind !== 'bare') {
    void handler.node(req, res);
    return;
  }
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"received":true}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  parentPort!.postMessage({ port: (server.address() as AddressInfo).port });
});

parentPort!.on('message', (message) => {
  if (message !== 'stop') return;
  server.closeAllConnections();
  server.close(async () => {
    await store?.close();
    parentPort!.postMessage({ processed });
    parentPort!.close();
  });
});
