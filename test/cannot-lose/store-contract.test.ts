/**
 * One contract for the three stores (memory, Redis, Postgres): claims are fenced leases, processed
 * keys stay processed, the furthest status only moves forwards, tracked payments are taken once
 * per lease. Redis and PostgreSQL are real servers started for this file.
 */
import { createMemoryStore, STATUS_RANK, type WebhookStore } from 'paybridge';
import { createPostgresStore, type PostgresWebhookStore } from 'paybridge/postgres';
import { createRedisStore, type RedisWebhookStore } from 'paybridge/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../helpers/postgres-server';
import { type RedisServer, startRedisServer } from '../helpers/redis-server';

const MOYASAR = { provider: 'moyasar' };

type FullStore = WebhookStore &
  Required<Pick<WebhookStore, 'advance' | 'track' | 'takeDue' | 'reschedule' | 'untrack' | 'renew'>>;

let redis: RedisServer;
let postgres: PostgresServer;
const closers: Array<() => Promise<unknown>> = [];
let counter = 0;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close().catch(() => {});
  await Promise.all([redis?.stop(), postgres?.stop()]);
});

const factories: Record<string, (claimTtlMs?: number) => FullStore> = {
  memory: (claimTtlMs) => createMemoryStore({ claimTtlMs }),
  redis: (claimTtlMs) => {
    const store: RedisWebhookStore = createRedisStore(
      { url: redis.url },
      { keyPrefix: `contract${++counter}:`, claimTtlMs },
    );
    closers.push(() => store.close());
    return store;
  },
  postgres: (claimTtlMs) => {
    const store: PostgresWebhookStore = createPostgresStore(
      { connectionString: postgres.url },
      { tablePrefix: `contract${++counter}_`, createTables: true, claimTtlMs },
    );
    closers.push(() => store.close());
    return store;
  },
};

for (const [name, make] of Object.entries(factories)) {
  describe(`the ${name} store`, () => {
    it('claims once; a second claim is in flight; processed stays processed', async () => {
      const store = make();
      expect(await store.claim('k', undefined, 't1')).toBe('claimed');
      expect(await store.claim('k', undefined, 't2')).toBe('in_flight');
      expect(await store.markProcessed('k', undefined, 't1')).toBe(true);
      expect(await store.claim('k', undefined, 't3')).toBe('processed');
    });

    it('release and renew act only on the claim made with the same token', async () => {
      const store = make();
      await store.claim('k', undefined, 't1');
      await store.release('k', 't-other');
      expect(await store.claim('k', undefined, 't2')).toBe('in_flight');
      expect(await store.renew('k', 't-other')).toBe(false);
      expect(await store.renew('k', 't1')).toBe(true);
      expect(await store.markProcessed('k', undefined, 't-other')).toBe(false);
      await store.release('k', 't1');
      expect(await store.claim('k', undefined, 't2')).toBe('claimed');
    });

    it('an expired claim can be taken over, and the old holder can no longer mark it', async () => {
      const store = make(100);
      await store.claim('k', undefined, 'old');
      await new Promise((r) => setTimeout(r, 250));
      expect(await store.claim('k', undefined, 'new')).toBe('claimed');
      expect(await store.markProcessed('k', undefined, 'old')).toBe(false);
      expect(await store.markProcessed('k', undefined, 'new')).toBe(true);
    });

    it('advance keeps the furthest status and returns the one recorded before', async () => {
      const store = make();
      expect(await store.advance('p', 'pending')).toBeUndefined();
      expect(await store.advance('p', 'succeeded')).toBe('pending');
      expect(await store.advance('p', 'pending')).toBe('succeeded');
      expect(await store.advance('p', 'partially_refunded')).toBe('succeeded');
      expect(await store.advance('p', 'failed')).toBe('partially_refunded');
      // Equal rank: the first one stays.
      expect(await store.advance('q', 'failed')).toBeUndefined();
      expect(await store.advance('q', 'canceled')).toBe('failed');
      expect(await store.advance('q', 'expired')).toBe('failed');
      expect(STATUS_RANK.failed).toBe(STATUS_RANK.canceled);
    });

    it('concurrent advances end at the furthest status, and exactly one saw nothing before it', async () => {
      const store = make();
      const statuses = [
        'pending',
        'succeeded',
        'refunded',
        'failed',
        'partially_refunded',
        'pending',
      ] as const;
      const previous = await Promise.all(statuses.map((s) => store.advance('race', s)));
      expect(previous.filter((p) => p === undefined)).toHaveLength(1);
      expect(await store.advance('race', 'pending')).toBe('refunded');
    });

    it('tracks a payment once, hands each due one to a single taker per lease, reschedules and untracks', async () => {
      const store = make();
      const base = { provider: 'moyasar', trackedAt: 1000, attempts: 0 };
      await store.track({ ...base, key: 'moyasar:a', paymentId: 'a', nextCheckAt: 2000 });
      await store.track({ ...base, key: 'moyasar:b', paymentId: 'b', nextCheckAt: 3000 });
      // Tracking again keeps the first record.
      await store.track({ ...base, key: 'moyasar:a', paymentId: 'a', nextCheckAt: 9999, attempts: 5 });
      expect(await store.takeDue(1500, 10, 60_000, MOYASAR)).toEqual([]);
      const [first, second] = await Promise.all([
        store.takeDue(5000, 10, 60_000, MOYASAR),
        store.takeDue(5000, 10, 60_000, MOYASAR),
      ]);
      const taken = [...first!, ...second!];
      expect(taken.map((p) => p.paymentId).sort()).toEqual(['a', 'b']);
      expect(taken.find((p) => p.paymentId === 'a')).toMatchObject({
        key: 'moyasar:a',
        provider: 'moyasar',
        trackedAt: 1000,
        attempts: 0,
        nextCheckAt: 2000,
      });
      // Leased: not due again until the lease ends.
      expect(await store.takeDue(60_000, 10, 60_000, MOYASAR)).toEqual([]);
      expect((await store.takeDue(65_001, 10, 60_000, MOYASAR)).map((p) => p.paymentId).sort()).toEqual([
        'a',
        'b',
      ]);
      await store.reschedule('moyasar:a', 70_000, 3);
      await store.untrack('moyasar:b');
      expect(await store.takeDue(200_000, 10, 1, MOYASAR)).toMatchObject([{ paymentId: 'a', attempts: 3 }]);
      expect(await store.takeDue(300_000, 1, 1, MOYASAR)).toHaveLength(1);
    });

    it('takeDue returns at most `limit`, oldest due first', async () => {
      const store = make();
      for (let i = 0; i < 5; i++) {
        await store.track({
          key: `x:${i}`,
          provider: 'x',
          paymentId: String(i),
          trackedAt: 0,
          nextCheckAt: 100 - i,
          attempts: 0,
        });
      }
      expect((await store.takeDue(1000, 2, 1000, { provider: 'x' })).map((p) => p.paymentId)).toEqual([
        '4',
        '3',
      ]);
    });

    it("takeDue takes only its scope's payments: one provider, one tenant (or none)", async () => {
      const store = make();
      const base = { trackedAt: 0, nextCheckAt: 0, attempts: 0 };
      await store.track({ ...base, key: 'moyasar:1', provider: 'moyasar', paymentId: '1' });
      await store.track({
        ...base,
        key: 'acme/moyasar:1',
        provider: 'moyasar',
        paymentId: '1',
        tenant: 'acme',
      });
      await store.track({ ...base, key: 'moneyhash:1', provider: 'moneyhash', paymentId: '1' });
      const ids = async (scope: { provider: string; tenant?: string }) =>
        (await store.takeDue(10, 10, 10, scope)).map((p) => `${p.tenant ?? '-'}/${p.provider}`);
      expect(await ids({ provider: 'moyasar' })).toEqual(['-/moyasar']);
      expect(await ids({ provider: 'moyasar', tenant: 'acme' })).toEqual(['acme/moyasar']);
      expect(await ids({ provider: 'moneyhash' })).toEqual(['-/moneyhash']);
      expect(await ids({ provider: 'moneyhash', tenant: 'acme' })).toEqual([]);
    });
  });
}
