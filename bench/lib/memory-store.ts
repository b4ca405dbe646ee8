/**
 * The memory store's work per webhook (what the handler asks of it for a final-status event: two
 * claims, the payment's furthest status, two markProcessed), on a store below its bound and on one
 * filled to it, where every write also evicts. A store that walks from its oldest entry over the
 * slots its evictions left behind gets slower the longer it stays full; the ratio shows it.
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

/** `roomy`: a store that never reaches its bound in the run; `full`: one filled to it first. */
export async function memoryStoreTasks(): Promise<{ roomy: Task; full: Task }> {
  const full = createMemoryStore({ maxEntries: MAX_ENTRIES });
  const fill = eventTask('fill', full, 0);
  while (full.size < MAX_ENTRIES) await fill.fn();
  return {
    roomy: eventTask('memory store below its bound', createMemoryStore({ maxEntries: 100 * MAX_ENTRIES }), 0),
    full: eventTask('memory store at its bound (100,000 entries)', full, 10 * MAX_ENTRIES),
  };
}
