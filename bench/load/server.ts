/**
 * One server of the load benchmark, run in its own worker thread (its own event loop, as a separate
 * instance would have): `bare` only reads the body and answers 200; `verify` also does the least
 * work a verified webhook needs (MoneyHash's v3 HMAC with node:crypto, a constant-time compare,
 * `JSON.parse`); `memory` and `redis` are a MoneyHash webhook handler with the in-memory store or a
 * Redis store. Listens on 127.0.0.1 only.
 *
 * Messages: posts `{ type: 'listening', port }` once listening; on `'mark'` notes this thread's
 * CPU time and the requests so far (the warm-up ends there) and posts `{ type: 'marked' }`; on
 * `'stop'` closes and posts `{ type: 'stopped', processed, cpuMicros, requests }`: how many times
 * onEvent ran, and this thread's CPU time (`process.threadCpuUsage`, user + system: this JS thread
 * only, not V8's background GC and compiler threads, which the process shares; undefined where the
 * runtime lacks it) and requests since the mark.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createWebhookHandler } from 'paybridge';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createRedisStore } from 'paybridge/redis';

export interface ServerSpec {
  kind: 'bare' | 'verify' | 'memory' | 'redis';
  webhookSecret: string;
  redisUrl?: string;
  keyPrefix?: string;
}

const spec = workerData as ServerSpec;
let processed = 0;
let requests = 0;

type ThreadCpu = () => { user: number; system: number };
/** This thread's CPU time in µs, or undefined where the runtime has no `threadCpuUsage`. */
const threadCpu = (process as { threadCpuUsage?: ThreadCpu }).threadCpuUsage;
const cpuNow = (): number | undefined => {
  const usage = threadCpu?.call(process);
  return usage === undefined ? undefined : usage.user + usage.system;
};
let mark = { cpu: cpuNow(), requests: 0 };

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

/** MoneyHash's v3 recipe and JSON.parse with node:crypto alone; false when it does not verify. */
function verifyAndParse(body: Buffer, header: string | undefined): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const expected = Buffer.from(
    createHmac('sha256', spec.webhookSecret)
      .update(`${body.toString('base64')}${parts.get('t')}`)
      .digest('hex'),
  );
  const received = Buffer.from(parts.get('v3') ?? '');
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return false;
  JSON.parse(body.toString('utf8'));
  return true;
}

const server = createServer((req, res) => {
  requests++;
  if (spec.kind === 'memory' || spec.kind === 'redis') {
    void handler.node(req, res);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => {
    if (spec.kind === 'verify') chunks.push(chunk);
  });
  req.on('end', () => {
    const ok =
      spec.kind === 'bare' ||
      verifyAndParse(Buffer.concat(chunks), req.headers['moneyhash-signature'] as string | undefined);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json; charset=utf-8' });
    res.end(ok ? '{"received":true}' : '{"error":"verification_failed"}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  parentPort!.postMessage({ type: 'listening', port: (server.address() as AddressInfo).port });
});

parentPort!.on('message', (message) => {
  if (message === 'mark') {
    mark = { cpu: cpuNow(), requests };
    parentPort!.postMessage({ type: 'marked' });
    return;
  }
  if (message !== 'stop') return;
  const end = cpuNow();
  const cpuMicros = end === undefined || mark.cpu === undefined ? undefined : end - mark.cpu;
  server.closeAllConnections();
  server.close(async () => {
    await store?.close();
    parentPort!.postMessage({ type: 'stopped', processed, cpuMicros, requests: requests - mark.requests });
    parentPort!.close();
  });
});
