/**
 * Hardening, classes 7 and 11: a slow onEvent runs once (its lease is renewed, release and
 * markProcessed are fenced to its token, a late SET NX is released), and the handler's edges.
 */
import { request as httpRequest } from 'node:http';
import {
  ConfigurationError,
  createMemoryStore,
  createWebhookHandler,
  type WebhookErrorContext,
  type WebhookStore,
} from 'paybridge';
import { createRedisStore } from 'paybridge/redis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeProvider, signedWebhook } from '../helpers/fake-provider';
import { sleep, startServer } from '../helpers/http';
import { type RedisServer, startRedisServer } from '../helpers/redis-server';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

/** Delivers one event, then a retry of it while onEvent (slower than the lease) is still running. */
async function slowEventWithRetry(store: WebhookStore, onEventMs: number, retryAfterMs: number) {
  let runs = 0;
  const lost: WebhookErrorContext[] = [];
  const handler = createWebhookHandler({
    provider: createFakeProvider(),
    store,
    onEvent: async () => {
      runs += 1;
      await sleep(onEventMs);
    },
    onError: (_error, context) => {
      if (context.code === 'lease_lost') lost.push(context);
    },
  });
  const webhook = await signedWebhook(`evt_slow_${Math.random()}`);
  const first = handler.handle(webhook);
  await sleep(retryAfterMs);
  const retry = await handler.handle(webhook);
  const answer = await first;
  const later = await handler.handle(webhook);
  return { runs, retry: retry.status, first: answer.status, later: later.body, lost };
}

describe('class 7: a slow onEvent runs once', () => {
  it('memory store: a retry after the lease length finds the event in flight, not free', async () => {
    const result = await slowEventWithRetry(createMemoryStore({ claimTtlMs: 300 }), 1_000, 600);
    expect(result.runs).toBe(1);
    expect(result.retry).toBe(503);
    expect(result.first).toBe(200);
    expect(result.later).toEqual({ received: true, duplicate: true });
    expect(result.lost).toEqual([]);
  });

  it('Redis store: the same, with the lease renewed in Redis', async () => {
    const store = createRedisStore(
      { url: redis.url },
      { claimTtlSeconds: 1, keyPrefix: `lease${Math.random()}:` },
    );
    try {
      const result = await slowEventWithRetry(store, 2_600, 1_500);
      expect(result.runs).toBe(1);
      expect(result.retry).toBe(503);
      expect(result.later).toEqual({ received: true, duplicate: true });
    } finally {
      await store.close();
    }
  });

  for (const kind of ['memory', 'redis'] as const) {
    it(`${kind}: markProcessed and renew are fenced to the claim's token`, async () => {
      let now = 1_000_000;
      const store =
        kind === 'memory'
          ? createMemoryStore({ claimTtlMs: 100, now: () => now })
          : createRedisStore({ url: redis.url }, { claimTtlSeconds: 1, keyPrefix: `fence${Math.random()}:` });
      try {
        expect(await store.claim('evt', kind === 'memory' ? 100 : 200, 'old')).toBe('claimed');
        if (kind === 'memory') now += 100;
        else await sleep(300);
        // The old worker stalled past its lease; a new worker claims the event.
        expect(await store.claim('evt', undefined, 'new')).toBe('claimed');
        expect(await store.renew!('evt', 'old')).toBe(false);
        expect(await store.markProcessed('evt', undefined, 'old')).toBe(false);
        // The new worker's claim is untouched: a third copy is still in flight.
        expect(await store.claim('evt', undefined, 'third')).toBe('in_flight');
        expect(await store.renew!('evt', 'new')).toBe(true);
        expect(await store.markProcessed('evt', undefined, 'new')).toBe(true);
        expect(await store.claim('evt', undefined, 'fourth')).toBe('processed');
      } finally {
        if ('close' in store) await store.close();
      }
    });
  }

  it('Redis stalled past commandTimeoutMs: the late SET NX is released, retries are not blocked for the lease', async () => {
    const prefix = `stall${Math.random()}:`;
    const store = createRedisStore(
      { url: redis.url },
      { claimTtlSeconds: 120, commandTimeoutMs: 200, keyPrefix: prefix },
    );
    const admin = createClient({ url: redis.url });
    admin.on('error', () => {});
    await admin.connect();
    try {
      await store.connect();
      await admin.sendCommand(['CLIENT', 'PAUSE', '700', 'ALL']);
      await expect(store.claim('evt', undefined, 'stalled')).rejects.toMatchObject({ code: 'store_timeout' });
      await sleep(1_000); // Redis resumes: the queued SET NX lands, then the queued release.
      expect(await admin.get(`${prefix}evt`)).toBeNull();
      expect(await store.claim('evt', undefined, 'retry')).toBe('claimed');
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']).catch(() => {});
      admin.destroy();
      await store.close();
    }
  });
});

describe('class 11: the handler edges', () => {
  it('.node refuses a declared Content-Length over the limit before reading the body', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent, maxBodyBytes: 1_000 });
    let bytesRead = 0;
    const server = await startServer(async (req, res) => {
      req.on('data', (chunk: Buffer) => {
        bytesRead += chunk.byteLength;
      });
      await handler.node(req, res);
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/`,
          { method: 'POST', headers: { 'content-length': '5000000', 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('{"id":"x"'); // a few bytes, then nothing: the answer must not wait for the rest
      });
      expect(status).toBe(413);
      expect(bytesRead).toBeLessThan(1_000);
      expect(onEvent).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });

  for (const transport of ['node', 'fetch'] as const) {
    it(`${transport}: a body that trickles slower than bodyTimeoutMs is answered 408 body_timeout`, async () => {
      const onEvent = vi.fn();
      const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent, bodyTimeoutMs: 300 });
      const server = await startServer(async (req, res) => {
        if (transport === 'node') return handler.node(req, res);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            req.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
            req.on('end', () => controller.close());
          },
        });
        const answer = await handler.fetch(
          new Request(server.url, { method: 'POST', body, duplex: 'half' } as RequestInit),
        );
        res.statusCode = answer.status;
        res.end(await answer.text());
      });
      try {
        const started = Date.now();
        const status = await new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${server.url}/`, { method: 'POST' }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.write('{"id":'); // and never the rest
        });
        expect(status).toBe(408);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(onEvent).not.toHaveBeenCalled();
      } finally {
        await server.close();
      }
    });
  }

  it('a missing redis package is a ConfigurationError that says to install it, answered 500 configuration_error without Retry-After', async () => {
    vi.resetModules();
    vi.doMock('redis', () => {
      throw new Error("Cannot find package 'redis'");
    });
    try {
      const { createRedisStore: create } = await import('../../src/redis/index');
      const store = create({ url: 'redis://127.0.0.1:1' });
      const error = await store.claim('k').catch((e: unknown) => e);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).message).toContain('npm install redis');
      const errors: string[] = [];
      const handler = createWebhookHandler({
        provider: createFakeProvider(),
        store,
        onEvent: () => {},
        onError: (_e, context) => void errors.push(context.code),
      });
      const result = await handler.handle(await signedWebhook('evt_missing_redis'));
      expect(result.status).toBe(500);
      expect(result.body).toMatchObject({ error: 'configuration_error' });
      expect(result.headers['retry-after']).toBeUndefined();
      expect(errors).toEqual(['configuration_error']);
    } finally {
      vi.doUnmock('redis');
      vi.resetModules();
    }
  });

  it('a ConfigurationError from parseWebhook (a bad setting) is 500 configuration_error too', async () => {
    const handler = createWebhookHandler({
      provider: {
        name: 'broken',
        parseWebhook: async () => {
          throw new ConfigurationError('broken: `webhookSecret` must be a string.', {
            code: 'invalid_setting',
          });
        },
      },
      onEvent: () => {},
    });
    const result = await handler.handle({ body: '{}' });
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error' });
  });

  it('creating a handler and a store is neither random nor timed (nothing runs at construction)', () => {
    const random = vi.spyOn(globalThis.crypto, 'randomUUID');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    createWebhookHandler({ provider: createFakeProvider(), onEvent: () => {} });
    createMemoryStore();
    createRedisStore({ url: 'redis://127.0.0.1:1' });
    expect(random).not.toHaveBeenCalled();
    expect(timers).not.toHaveBeenCalled();
    random.mockRestore();
    timers.mockRestore();
  });
});
