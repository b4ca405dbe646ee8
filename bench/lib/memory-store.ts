/**
 * The memory store's work per webhook (what the handler asks of it for a final-status event: two
 * claims, the payment's furthest status, two markProcessed), on a store below its bound and on one
 * filled to it, where every write also evicts. A store that walks from its oldest entry over the
 * slots its evictions left behind gets slower the longer it stays full, and one whose walk is pinned
 * by a claim held at its oldest end gets slower with every eviction behind it; the ratios show it.
 */
import { createMemoryStore, type MemoryWebhookStore } from 'paybridge';
import type { Task } from './measure.ts';

/** The store's default bound: 100,000 entries (two per final-status event). */
const MAX_ENTRIES = 100_000;

function eventTask(name: string, store: MemoryWebhookStore, firstId: number): Task {
  let id = firstId;
  return {
    name,
    fn: async () => {
      const key = `moneyhash:sha256:${(id++).toString(16).padStart(64, '0')}`;
      await store.claim(key, undefined, 'token');
      await store.claim(`=${key}`, undefined, 'token');
      await store.advance(`p:${key}`, 'succeeded');
      await store.markProcessed(key, undefined, 'token');
      await store.markProcessed(`=${key}`, undefined, 'token');
    },
    batch: 20,
  };
}

/** A store filled to its bound, after one claim that stays live when `held` (a slow `onEvent`). */
async function fullStore(held: boolean): Promise<MemoryWebhookStore> {
  const store = createMemoryStore({ maxEntries: MAX_ENTRIES });
  if (held) await store.claim('held', 3_600_000, 'held-token');
  const fill = eventTask('fill', store, 0);
  while (store.size < MAX_ENTRIES) await fill.fn();
  return store;
}

/**
 * `roomy`: a store that never reaches its bound in the run; `full`: one filled to it first; `held`:
 * a full one whose oldest entry is a claim still held, which every eviction has to pass.
 */
export async function memoryStoreTasks(): Promise<{ roomy: Task; full: Task; held: Task }> {
  return {
    roomy: eventTask('memory store below its bound', createMemoryStore({ maxEntries: 100 * MAX_ENTRIES }), 0),
    full: eventTask('memory store at its bound (100,000 entries)', await fullStore(false), 10 * MAX_ENTRIES),
    held: eventTask('the same, its oldest entry a claim still held', await fullStore(true), 10 * MAX_ENTRIES),
  };
}
