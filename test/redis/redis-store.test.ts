import {
  ConfigurationError,
  createWebhookHandler,
  type PaymentEvent,
  type WebhookStore,
  WebhookStoreError,
} from 'paybridge';
import { createRedisStore, type RedisStoreClient, type RedisWebhookStore } from 'paybridge/redis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeProvider, signedWebhook } from '../helpers/fake-provider';
import {
  type Answer,
  deferred,
  type LoopbackServer,
  post,
  sleep,
  startServer,
  waitFor,
} from '../helpers/http';
import { type RedisServer, startRedisServer } from '../helpers/redis-server';

type FakeEvent = PaymentEvent<'fake'>;

let redis: RedisServer;
/** A plain client for looking at keys directly. */
let inspector: ReturnType<typeof createClient>;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await startRedisServer();
  inspector = createClient({ url: redis.url });
  inspector.on('error', () => {});
  await inspector.connect();
}, 30_000);

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

afterAll(async () => {
  inspector?.destroy();
  await redis?.stop();
});

let prefixCounter = 0;
/** A store with a key prefix of its own, so tests never see each other's keys. */
function store(options: Parameters<typeof createRedisStore>[1] = {}, prefix?: string): RedisWebhookStore {
  const s = createRedisStore({ url: redis.url }, { keyPrefix: prefix ?? `t${++prefixCounter}:`, ...options });
  cleanups.push(() => s.close());
  return s;
}

/** Sends each delivery again (as a provider retries non-2xx) until it is answered 200; bounded. */
async function retryUntilOk(send: () => Promise<Answer>, first: Answer, maxAttempts = 400): Promise<Answer> {
  let answer = first;
  for (let attempt = 0; answer.status !== 200 && attempt < maxAttempts; attempt++) {
    expect(answer.status).not.toBeLessThan(300);
    await sleep(25);
    answer = await send();
  }
  return answer;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('createRedisStore against a real redis-server', () => {
  it('claims with SET NX PX: claimed, then in_flight, then processed after markProcessed', async () => {
    const s = store({ claimTtlSeconds: 30, processedTtlSeconds: 3600 }, 'basic:');
    expect(await s.claim('fake:e1', undefined, 'tok-1')).toBe('claimed');
    expect(await inspector.get('basic:fake:e1')).toBe('claimed:tok-1');
    const claimTtl = await inspector.pTTL('basic:fake:e1');
    expect(claimTtl).toBeGreaterThan(0);
    expect(claimTtl).toBeLessThanOrEqual(30_000);
    expect(await s.claim('fake:e1', undefined, 'tok-2')).toBe('in_flight');
    await s.markProcessed('fake:e1');
    expect(await inspector.get('basic:fake:e1')).toBe('processed');
    const processedTtl = await inspector.pTTL('basic:fake:e1');
    expect(processedTtl).toBeGreaterThan(30_000);
    expect(processedTtl).toBeLessThanOrEqual(3_600_000);
    expect(await s.claim('fake:e1', undefined, 'tok-3')).toBe('processed');
  });

  it('shares state between store instances with the same prefix (two processes)', async () => {
    const a = store({}, 'shared:');
    const b = store({}, 'shared:');
    expect(await a.claim('k')).toBe('claimed');
    expect(await b.claim('k')).toBe('in_flight');
    await a.markProcessed('k');
    expect(await b.claim('k')).toBe('processed');
  });

  it('lets an expired claim be taken again, and a stale worker cannot release the newer claim', async () => {
    const a = store({}, 'stale:');
    const b = store({}, 'stale:');
    expect(await a.claim('k', 50, 'old')).toBe('claimed');
    // Wait (bounded) for Redis to expire the 50 ms claim.
    for (let i = 0; i < 200 && (await inspector.exists('stale:k')) === 1; i++) await sleep(10);
    expect(await b.claim('k', undefined, 'new')).toBe('claimed');
    await a.release('k', 'old');
    expect(await inspector.get('stale:k')).toBe('claimed:new');
    expect(await a.claim('k', undefined, 'third')).toBe('in_flight');
    await b.release('k', 'new');
    expect(await inspector.exists('stale:k')).toBe(0);
    expect(await a.claim('k', undefined, 'third')).toBe('claimed');
  });

  it('never releases a processed key', async () => {
    const s = store({}, 'proc:');
    await s.claim('k', undefined, 't');
    await s.markProcessed('k');
    await s.release('k', 't');
    expect(await inspector.get('proc:k')).toBe('processed');
  });

  it('uses a client you pass, and close() leaves it open', async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => {});
    await client.connect();
    cleanups.push(async () => client.destroy());
    const typed: RedisStoreClient = client; // node-redis's client fits the structural type
    const s = createRedisStore({ client: typed }, { keyPrefix: 'own:' });
    expect(await s.claim('k')).toBe('claimed');
    await s.connect(); // no-op for a client you own
    await s.close();
    expect(client.isReady).toBe(true);
    expect(await client.get('own:k')).toMatch(/^claimed:/);
    await expect(s.claim('k2')).rejects.toMatchObject({ code: 'store_closed' });
  });

  it('fails with WebhookStoreError when a passed client is not connected', async () => {
    const client = createClient({ url: redis.url });
    const s = createRedisStore({ client }, { keyPrefix: 'nc:' });
    const error = await s.claim('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookStoreError);
    expect(error).toMatchObject({ operation: 'claim', code: 'store_unavailable' });
  });

  it('fails with WebhookStoreError, within commandTimeoutMs, when nothing listens at the URL', async () => {
    const url = `redis://user:s3cret-pass@127.0.0.1:${redis.port + 1}`;
    const s = createRedisStore({ url }, { commandTimeoutMs: 300 });
    cleanups.push(() => s.close());
    const error = await s.claim('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookStoreError);
    expect(String((error as Error).message)).not.toContain('s3cret');
    expect((error as Error).message).toContain(`127.0.0.1:${redis.port + 1}`);
  });

  it('connect() fails fast on a malformed URL (a ConfigurationError: no retry fixes it), and close() is idempotent', async () => {
    const s = createRedisStore({ url: 'not-a-redis-url' });
    await expect(s.connect()).rejects.toBeInstanceOf(ConfigurationError);
    await s.close();
    await s.close();
    expect(() => createRedisStore({} as never)).toThrow(ConfigurationError);
    expect(() => createRedisStore({ url: redis.url }, { claimTtlSeconds: 0 })).toThrow(ConfigurationError);
  });
});

describe('webhook handlers sharing Redis', () => {
  interface Instance {
    server: LoopbackServer;
    store: WebhookStore;
  }

  /** Two handler instances (own store, own client: like two processes) sharing one Redis. */
  async function twoInstances(
    prefix: string,
    onEvent: (event: FakeEvent) => unknown,
    codes: string[] = [],
  ): Promise<Instance[]> {
    const instances: Instance[] = [];
    for (let i = 0; i < 2; i++) {
      const s = store({ commandTimeoutMs: 1000 }, prefix);
      await s.connect();
      const handler = createWebhookHandler<FakeEvent>({
        provider: createFakeProvider(),
        store: s,
        onEvent,
        onError: (_, context) => {
          codes.push(context.code);
        },
      });
      const server = await startServer((req, res) => handler.node(req, res));
      cleanups.push(server.close);
      instances.push({ server, store: s });
    }
    return instances;
  }

  it('runs onEvent exactly once per event when every event arrives three times, interleaved and concurrent, at two instances', async () => {
    const counts = new Map<string, number>();
    const instances = await twoInstances('pair:', async (event) => {
      counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      await sleep(5);
    });
    const ids = Array.from({ length: 25 }, (_, i) => `evt_${i}`);
    const deliveries = await Promise.all(ids.map((id) => signedWebhook(id, { amount: 100 })));
    const sends = shuffle(
      deliveries.flatMap((d) => [d, d, d]),
      7,
    ).map((d, i) => {
      const url = `${instances[i % 2]!.server.url}/webhooks`;
      return () => post(url, d.body, d.headers);
    });
    const first = await Promise.all(sends.map((send) => send()));
    for (const answer of first) expect([200, 503]).toContain(answer.status);
    const final = await Promise.all(first.map((answer, i) => retryUntilOk(sends[i]!, answer)));
    expect(final.every((a) => a.status === 200)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('answers 503 while Redis is down (never 2xx for an unprocessed event) and loses nothing after a restart', async () => {
    const processed = new Map<string, number>();
    const gate = deferred();
    const gated = new Set<string>();
    const codes: string[] = [];
    const instances = await twoInstances(
      'crash:',
      async (event) => {
        if (event.id.startsWith('mid_')) {
          gated.add(event.id);
          await gate.promise;
        }
        processed.set(event.id, (processed.get(event.id) ?? 0) + 1);
      },
      codes,
    );
    const url = (i: number) => `${instances[i % 2]!.server.url}/webhooks`;
    const deliver = async (ids: string[]) => {
      const ds = await Promise.all(ids.map((id) => signedWebhook(id)));
      return ds.map((d, i) => () => post(url(i), d.body, d.headers));
    };

    // Before the crash: processed normally.
    const before = await deliver(['pre_0', 'pre_1', 'pre_2', 'pre_3']);
    expect((await Promise.all(before.map((s) => s()))).map((a) => a.status)).toEqual([200, 200, 200, 200]);

    // Events claimed and inside onEvent when Redis dies: they finish, so they are answered 200.
    const midSends = await deliver(['mid_0', 'mid_1', 'mid_2', 'mid_3', 'mid_4', 'mid_5']);
    const midAnswers = Promise.all(midSends.map((s) => s()));
    await waitFor(() => gated.size === 6, 'six events inside onEvent');
    await redis.kill();
    gate.resolve();

    // Events that arrive while Redis is down: 503, and onEvent is not called.
    const downSends = await deliver(['down_0', 'down_1', 'down_2', 'down_3', 'down_4', 'down_5']);
    const downAnswers = await Promise.all(downSends.map((s) => s()));
    for (const answer of downAnswers) {
      expect(answer.status).toBe(503);
      expect(answer.json).toMatchObject({ error: 'store_unavailable' });
    }
    for (let i = 0; i < 6; i++) expect(processed.has(`down_${i}`)).toBe(false);

    const mid = await midAnswers;
    mid.forEach((answer, i) => {
      // A 2xx only for an event whose onEvent completed.
      if (answer.status < 300) expect(processed.get(`mid_${i}`)).toBe(1);
      else expect(answer.status).toBe(503);
    });
    expect(codes).toContain('store_unavailable');

    // Redis comes back on the same port; the provider's retries of every non-2xx are processed.
    await redis.restart();
    const retried = await Promise.all([
      ...downAnswers.map((answer, i) => retryUntilOk(downSends[i]!, answer)),
      ...mid.map((answer, i) => retryUntilOk(midSends[i]!, answer)),
    ]);
    expect(retried.every((a) => a.status === 200)).toBe(true);
    const all = [
      ...['pre_0', 'pre_1', 'pre_2', 'pre_3'],
      ...[0, 1, 2, 3, 4, 5].flatMap((i) => [`mid_${i}`, `down_${i}`]),
    ];
    expect([...processed.keys()].sort()).toEqual(all.sort());
    expect([...processed.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});

describe('Redis with an append-only file: processed events survive a crash', () => {
  let durable: RedisServer;
  beforeAll(async () => {
    durable = await startRedisServer({ persistent: true });
  }, 30_000);
  afterAll(async () => {
    await durable?.stop();
  });

  it('answers duplicates of events processed before the crash 200 { duplicate: true } after the restart', async () => {
    const s = createRedisStore({ url: durable.url }, { commandTimeoutMs: 1000 });
    cleanups.push(() => s.close());
    const counts = new Map<string, number>();
    const handler = createWebhookHandler<FakeEvent>({
      provider: createFakeProvider(),
      store: s,
      onEvent: (event) => {
        counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      },
    });
    const delivery = await signedWebhook('evt_durable');
    expect((await handler.handle(delivery)).status).toBe(200);
    await durable.restart();
    let result = await handler.handle(delivery);
    for (let i = 0; i < 400 && result.status !== 200; i++) {
      expect(result.status).toBe(503);
      await sleep(25);
      result = await handler.handle(delivery);
    }
    expect(result.body).toEqual({ received: true, duplicate: true });
    expect(counts.get('evt_durable')).toBe(1);
  }, 60_000);
});
