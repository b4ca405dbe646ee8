import fc from 'fast-check';
import {
  ConfigurationError,
  createMemoryStore,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_PROCESSED_TTL_MS,
} from 'paybridge';
import { describe, expect, it } from 'vitest';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createMemoryStore', () => {
  it('claims once: then in_flight while claimed, processed after markProcessed', async () => {
    const store = createMemoryStore();
    expect(await store.claim('p:1', undefined, 'a')).toBe('claimed');
    expect(await store.claim('p:1', undefined, 'b')).toBe('in_flight');
    await store.markProcessed('p:1');
    expect(await store.claim('p:1', undefined, 'c')).toBe('processed');
    expect(await store.claim('p:2', undefined, 'c')).toBe('claimed');
  });

  it('lets a claim expire after its TTL (a crashed worker), with the default and a per-call TTL', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    expect(await store.claim('k')).toBe('claimed');
    c.advance(DEFAULT_CLAIM_TTL_MS - 1);
    expect(await store.claim('k')).toBe('in_flight');
    c.advance(1);
    expect(await store.claim('k', 50)).toBe('claimed');
    c.advance(49);
    expect(await store.claim('k')).toBe('in_flight');
    c.advance(1);
    expect(await store.claim('k')).toBe('claimed');
  });

  it('forgets a processed event after the processed TTL', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, processedTtlMs: 1000 });
    await store.claim('k');
    await store.markProcessed('k');
    c.advance(999);
    expect(await store.claim('k')).toBe('processed');
    c.advance(1);
    expect(await store.claim('k')).toBe('claimed');
    await store.markProcessed('k', 10);
    c.advance(10);
    expect(await store.claim('k')).toBe('claimed');
    expect(DEFAULT_PROCESSED_TTL_MS).toBe(7 * 24 * 3600 * 1000);
  });

  it('releases only the claim made with the same token (a stale worker cannot free a newer claim)', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, claimTtlMs: 100 });
    expect(await store.claim('k', undefined, 'old')).toBe('claimed');
    c.advance(100); // the old worker's claim expired…
    expect(await store.claim('k', undefined, 'new')).toBe('claimed'); // …and another worker took it
    await store.release('k', 'old');
    expect(await store.claim('k', undefined, 'third')).toBe('in_flight');
    await store.release('k', 'new');
    expect(await store.claim('k', undefined, 'third')).toBe('claimed');
  });

  it('never releases a processed event', async () => {
    const store = createMemoryStore();
    await store.claim('k', undefined, 't');
    await store.markProcessed('k');
    await store.release('k', 't');
    expect(await store.claim('k')).toBe('processed');
  });

  it('uses one token per store instance when none is given', async () => {
    const a = createMemoryStore();
    expect(await a.claim('k')).toBe('claimed');
    await a.release('k', 'someone-else');
    expect(await a.claim('k')).toBe('in_flight');
    await a.release('k');
    expect(await a.claim('k')).toBe('claimed');
  });

  it('is bounded: past maxEntries the oldest entries are evicted', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) {
      await store.claim(key);
      await store.markProcessed(key);
    }
    expect(store.size).toBe(3);
    expect(await store.claim('a')).toBe('claimed'); // evicted, so claimable again (evicting 'b')
    expect(await store.claim('c')).toBe('processed');
    expect(await store.claim('d')).toBe('processed');
    expect(await store.claim('b')).toBe('claimed');
    store.clear();
    expect(store.size).toBe(0);
  });

  it('sweeps expired entries from the oldest end on writes', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, claimTtlMs: 10 });
    for (let i = 0; i < 20; i++) await store.claim(`old-${i}`);
    c.advance(10);
    await store.claim('fresh');
    expect(store.size).toBe(1);
  });

  it('sweeps at most 32 expired entries per write, from the oldest end only', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, claimTtlMs: 10 });
    for (let i = 0; i < 50; i++) await store.claim(`old-${i}`);
    c.advance(10);
    await store.claim('fresh');
    expect(store.size).toBe(50 - 32 + 1);
    // The rest are expired all the same: claimable again.
    expect(await store.claim('old-49')).toBe('claimed');
  });

  it('never evicts the entry just written, even past the bound', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    await store.claim('a', undefined, 'ta');
    await store.claim('b', undefined, 'tb');
    // Both are live claims: nothing may go, so the processed record of 'c' stays, over the bound.
    await store.markProcessed('c');
    expect(store.size).toBe(3);
    expect(await store.claim('c')).toBe('processed');
  });

  it('counts and evicts expired claims as room, wherever they are', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, maxEntries: 2 });
    await store.claim('held', 60_000, 'th'); // live, at the oldest end: the sweep stops at it
    await store.claim('short', 10, 'ts');
    c.advance(10);
    // Full, but 'short' expired behind 'held': a new claim finds room and evicts it.
    expect(await store.claim('new', undefined, 'tn')).toBe('claimed');
    expect(store.size).toBe(2);
    expect(await store.claim('held', undefined, 'other')).toBe('in_flight');
  });

  it("forgets the oldest payments' furthest statuses past the bound, and only those", async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    expect(await store.advance('p1', 'succeeded')).toBeUndefined();
    expect(await store.advance('p2', 'succeeded')).toBeUndefined();
    expect(await store.advance('p3', 'succeeded')).toBeUndefined();
    expect(await store.advance('p3', 'pending')).toBe('succeeded');
    expect(await store.advance('p2', 'pending')).toBe('succeeded');
    expect(await store.advance('p1', 'pending')).toBeUndefined(); // forgotten
  });

  it('rejects options and TTLs that are not positive integers', async () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(ConfigurationError);
    expect(() => createMemoryStore({ claimTtlMs: 1.5 })).toThrow(ConfigurationError);
    expect(() => createMemoryStore({ processedTtlMs: -1 })).toThrow(ConfigurationError);
    await expect(createMemoryStore().claim('k', 0)).rejects.toThrow(ConfigurationError);
  });

  it('property: among any interleaving of claims, at most one holder per key at a time', async () => {
    const op = fc.oneof(
      fc.record({ type: fc.constant('claim' as const), worker: fc.nat(3), key: fc.nat(2) }),
      fc.record({
        type: fc.constant('finish' as const),
        worker: fc.nat(3),
        key: fc.nat(2),
        ok: fc.boolean(),
      }),
      fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 60 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const c = clock();
        const store = createMemoryStore({ now: c.now, claimTtlMs: 100, processedTtlMs: 1_000_000 });
        // Model: holder of each key and when its claim expires; processed keys.
        const holders = new Map<number, { worker: number; until: number }>();
        const processed = new Set<number>();
        for (const o of ops) {
          if (o.type === 'tick') {
            c.advance(o.ms);
            continue;
          }
          const token = `w${o.worker}`;
          const key = `k${o.key}`;
          const holder = holders.get(o.key);
          const held = holder !== undefined && holder.until > c.now();
          if (o.type === 'claim') {
            const result = await store.claim(key, undefined, token);
            const expected = processed.has(o.key) ? 'processed' : held ? 'in_flight' : 'claimed';
            expect(result).toBe(expected);
            if (result === 'claimed') holders.set(o.key, { worker: o.worker, until: c.now() + 100 });
          } else if (held && holder.worker === o.worker) {
            if (o.ok) {
              await store.markProcessed(key);
              processed.add(o.key);
            } else {
              await store.release(key, token);
            }
            holders.delete(o.key);
          } else if (!o.ok) {
            // A worker that does not hold the claim releases: nothing changes.
            await store.release(key, token);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('layering', () => {
  it('the core handler and store import no Redis client, HTTP client or provider', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['webhook-handler.ts', 'webhook-store.ts']) {
      const source = await readFile(new URL(`../../src/core/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      for (const specifier of imports) expect(specifier).toMatch(/^\.\/[a-z-]+$/);
    }
  });
});
