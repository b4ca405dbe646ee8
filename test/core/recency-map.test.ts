/**
 * RecencyMap (core/recency-map.ts) against the model it replaces in the memory store: a plain Map
 * whose writes delete then set, so that iteration order is the order of last writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecencyMap } from '../../src/core/recency-map';

type Value = { n: number };

type Op =
  | { op: 'set'; key: string; value: number }
  | { op: 'delete'; key: string }
  | { op: 'evict'; count: number }
  | { op: 'sieve'; count: number }
  | { op: 'clear' };

/** Few keys, so the same key is written and deleted often; thousands of operations, so the queue is rebuilt. */
const key = fc.integer({ min: 0, max: 40 }).map((n) => `k${n}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant('set' as const), key, value: fc.integer() }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('evict' as const), count: fc.integer({ min: 0, max: 5 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('sieve' as const), count: fc.integer({ min: 0, max: 5 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

function entries(map: RecencyMap<Value>): Array<[string, Value]> {
  const seen: Array<[string, Value]> = [];
  map.scan((k, v) => {
    seen.push([k, v]);
    return true;
  });
  return seen;
}

describe('RecencyMap', () => {
  it('holds the same entries, in the same order of last writes, as a Map that deletes then sets', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const map = new RecencyMap<Value>();
        const model = new Map<string, Value>();
        for (const step of ops) {
          if (step.op === 'set') {
            const value = { n: step.value };
            map.set(step.key, value);
            model.delete(step.key);
            model.set(step.key, value);
            // Stale pairs are dropped: the queue stays within its bound, however often keys are rewritten.
            expect(map.queueLength).toBeLessThanOrEqual(2 * map.size + 1024);
          } else if (step.op === 'delete') {
            expect(map.delete(step.key)).toBe(model.delete(step.key));
          } else if (step.op === 'evict') {
            // What the memory store does past its bound: delete from the oldest end while scanning.
            let left = step.count;
            map.scan((k) => {
              if (left === 0) return false;
              map.delete(k);
              left--;
              return true;
            });
            for (const k of [...model.keys()].slice(0, step.count)) model.delete(k);
          } else if (step.op === 'sieve') {
            // The eviction past live claims: entries with an even value are kept (the scan moves
            // them up), the others deleted from the oldest end until `count` are gone.
            let left = step.count;
            map.scan((k, v) => {
              if (left === 0) return false;
              if (v.n % 2 !== 0) {
                map.delete(k);
                left--;
              }
              return true;
            });
            left = step.count;
            for (const [k, v] of [...model.entries()]) {
              if (left === 0) break;
              if (v.n % 2 !== 0) {
                model.delete(k);
                left--;
              }
            }
          } else {
            map.clear();
            model.clear();
          }
          expect(map.size).toBe(model.size);
          expect(map.oldestKey()).toBe(model.keys().next().value);
        }
        expect(entries(map)).toEqual([...model.entries()]);
        for (const k of ['k0', 'k1', 'k40']) expect(map.get(k)).toBe(model.get(k));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its queue within twice its size plus 1,024, however often keys are rewritten and deleted', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { minLength: 6000, maxLength: 6000 }), (steps) => {
        const map = new RecencyMap<Value>();
        let longest = 0;
        for (const [remove, k] of steps) {
          if (remove) {
            map.delete(k);
            continue;
          }
          map.set(k, { n: 0 });
          longest = Math.max(longest, map.queueLength);
          expect(map.queueLength).toBeLessThanOrEqual(2 * map.size + 1024);
        }
        // Some 3,000 writes over 41 keys: without dropping stale pairs the queue would be that long.
        expect(longest).toBeLessThan(1200);
      }),
      { numRuns: 20 },
    );
  });

  it('does not walk the stale records again when one entry is kept at the oldest end', () => {
    // The memory store's pattern with a claim held by a slow onEvent: the oldest entry stays, and
    // every write evicts the next oldest behind it.
    const map = new RecencyMap<Value>();
    map.set('held', { n: -1 });
    let visited = 0;
    for (let i = 0; i < 5000; i++) {
      map.set(`k${i}`, { n: i });
      map.set(`k${i}`, { n: i }); // rewritten (a claim, then processed): one stale record each
      visited = 0;
      map.scan((k) => {
        visited++;
        if (k !== 'held') map.delete(k);
        return map.size > 10;
      });
      // The held entry and the evicted one; never the thousands of stale records passed before.
      expect(visited).toBeLessThanOrEqual(2);
      expect(map.queueLength).toBeLessThanOrEqual(2 * map.size + 2);
    }
    expect(map.oldestKey()).toBe('held');
    expect(entries(map).map(([k]) => k)).toEqual([
      'held',
      ...Array.from({ length: 9 }, (_, j) => `k${4991 + j}`),
    ]);
  });

  it('stops a scan where the visitor says, and a visitor may delete the entry it is given', () => {
    const map = new RecencyMap<Value>();
    for (const [k, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ] as const) {
      map.set(k, { n });
    }
    const seen: string[] = [];
    map.scan((k) => {
      seen.push(k);
      if (k === 'b') map.delete(k);
      return k !== 'c';
    });
    expect(seen).toEqual(['b', 'c']);
    expect(entries(map)).toEqual([
      ['c', { n: 3 }],
      ['a', { n: 4 }],
    ]);
    expect(map.oldestKey()).toBe('c');
  });

  it('refuses to store the object a key already holds (a record is told current by its object)', () => {
    const map = new RecencyMap<Value>();
    const value = { n: 1 };
    map.set('a', value);
    expect(() => map.set('a', value)).toThrow(TypeError);
    map.set('b', value);
    expect(entries(map)).toEqual([
      ['a', value],
      ['b', value],
    ]);
  });
});
