/**
 * The default webhook store: one process's memory. Dedupe claims, the furthest status of each
 * payment (ordering) and the payments a reconciler tracks, each bounded and with TTLs. It does not
 * share anything across instances: use `paybridge/redis` or `paybridge/postgres` there.
 */

import { RecencyMap } from './recency-map';
import type { PaymentStatus } from './status';
import { STATUS_RANK } from './status-order';
import {
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_MEMORY_STORE_MAX_ENTRIES,
  DEFAULT_PROCESSED_TTL_MS,
  lazyToken,
  positiveInteger,
  type TrackedPayment,
  type WebhookStore,
  WebhookStoreError,
} from './webhook-store';

export interface MemoryStoreOptions {
  /**
   * Most events kept (default 100 000: 50 000 final-status events, each kept under its id and its
   * payment's outcome; with ids of some 80 characters, as MoneyHash's, 55–85 MB of heap once full,
   * the statuses kept for ordering included). Past it the oldest processed events are
   * forgotten first (so a redelivery of one of them would be processed again); a claim in flight is
   * never evicted: when every entry is a live claim, a new claim fails (`store_full`, answered 503).
   * The same bound applies, separately, to the furthest statuses kept for ordering (the oldest
   * forgotten first) and to tracked payments (never forgotten: past it `track` fails, `store_full`).
   */
  maxEntries?: number | undefined;
  /** Default lease of a claim, in milliseconds (default 5 minutes). */
  claimTtlMs?: number | undefined;
  /** Default time a processed event is remembered, in milliseconds (default 7 days). */
  processedTtlMs?: number | undefined;
  /** The clock, in milliseconds (tests); default `Date.now`. */
  now?: (() => number) | undefined;
}

/** The in-memory store, with its size for tests and monitoring. */
export interface MemoryWebhookStore extends WebhookStore {
  renew: NonNullable<WebhookStore['renew']>;
  advance: NonNullable<WebhookStore['advance']>;
  track: NonNullable<WebhookStore['track']>;
  takeDue: NonNullable<WebhookStore['takeDue']>;
  reschedule: NonNullable<WebhookStore['reschedule']>;
  untrack: NonNullable<WebhookStore['untrack']>;
  /** Dedupe entries currently held, including expired ones not yet swept. */
  readonly size: number;
  /** Payments tracked for reconciliation. */
  readonly trackedCount: number;
  /** Forgets everything. */
  clear(): void;
}

type Entry =
  | { state: 'claimed'; token: string; expiresAt: number }
  | { state: 'processed'; expiresAt: number };

/** Expired entries removed from the oldest end on each write, at most. */
const SWEEP_PER_WRITE = 32;

/**
 * The default store: one process's memory, bounded (the oldest entries are evicted past
 * `maxEntries`) and with TTLs. It does not dedupe across instances: use `paybridge/redis` there.
 * Claims are atomic because JavaScript runs one callback at a time and `claim` never awaits
 * before deciding.
 */
export function createMemoryStore(options?: MemoryStoreOptions | null): MemoryWebhookStore {
  options ??= {};
  const maxEntries = positiveInteger(options.maxEntries, DEFAULT_MEMORY_STORE_MAX_ENTRIES, 'maxEntries');
  const claimTtlMs = positiveInteger(options.claimTtlMs, DEFAULT_CLAIM_TTL_MS, 'claimTtlMs');
  const processedTtlMs = positiveInteger(options.processedTtlMs, DEFAULT_PROCESSED_TTL_MS, 'processedTtlMs');
  const now = options.now ?? Date.now;
  const instanceToken = lazyToken();
  // Walked from the oldest write on every write (sweeping, evicting): a RecencyMap, because a
  // plain Map's iterator steps over every deleted slot from the start, which once the store was
  // full cost 0.2–0.5 ms a webhook.
  const entries = new RecencyMap<Entry>();
  const furthest = new RecencyMap<{ status: PaymentStatus; expiresAt: number }>();
  const tracked = new Map<string, TrackedPayment>();

  function live(key: string, at: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= at) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Stores `entry`, sweeping expired entries from the oldest end and, past `maxEntries`, evicting
   * the oldest processed (or expired) entries. Live claims are never evicted.
   */
  function write(key: string, entry: Entry, at: number): void {
    entries.set(key, entry);
    for (let swept = 0; swept < SWEEP_PER_WRITE; swept++) {
      const oldest = entries.oldestKey();
      if (oldest === undefined || entries.get(oldest)!.expiresAt > at) break;
      entries.delete(oldest);
    }
    if (entries.size <= maxEntries) return;
    entries.scan((oldKey, oldEntry) => {
      if (oldKey !== key && (oldEntry.state === 'processed' || oldEntry.expiresAt <= at)) {
        entries.delete(oldKey);
      }
      return entries.size > maxEntries;
    });
  }

  /** Whether a new entry fits: under the bound, or some entry other than a live claim can go. */
  function hasRoom(at: number): boolean {
    if (entries.size < maxEntries) return true;
    let room = false;
    entries.scan((_, entry) => {
      room = entry.state === 'processed' || entry.expiresAt <= at;
      return !room;
    });
    return room;
  }

  return {
    claimTtlMs,
    async claim(key, ttlMs, token = instanceToken()) {
      const at = now();
      const entry = live(key, at);
      if (entry) return entry.state === 'processed' ? 'processed' : 'in_flight';
      if (!hasRoom(at)) {
        throw new WebhookStoreError(
          'claim',
          `The memory store holds ${maxEntries} events in flight and cannot claim another; raise maxEntries.`,
          { code: 'store_full' },
        );
      }
      write(
        key,
        { state: 'claimed', token, expiresAt: at + positiveInteger(ttlMs, claimTtlMs, 'ttlMs') },
        at,
      );
      return 'claimed';
    },
    async renew(key, token, ttlMs) {
      const at = now();
      const entry = live(key, at);
      if (entry?.state !== 'claimed' || entry.token !== token) return false;
      // Rewritten, not changed in place: the renewed claim becomes the newest entry, the last to be evicted.
      write(
        key,
        { state: 'claimed', token, expiresAt: at + positiveInteger(ttlMs, claimTtlMs, 'ttlMs') },
        at,
      );
      return true;
    },
    async markProcessed(key, ttlMs, token) {
      const at = now();
      const entry = live(key, at);
      if (token !== undefined && entry?.state === 'claimed' && entry.token !== token) return false;
      write(key, { state: 'processed', expiresAt: at + positiveInteger(ttlMs, processedTtlMs, 'ttlMs') }, at);
      return true;
    },
    async release(key, token = instanceToken()) {
      const entry = live(key, now());
      if (entry?.state === 'claimed' && entry.token === token) entries.delete(key);
    },
    async advance(paymentKey, status) {
      const at = now();
      let previous = furthest.get(paymentKey);
      if (previous && previous.expiresAt <= at) previous = undefined;
      const next = previous && STATUS_RANK[previous.status] >= STATUS_RANK[status] ? previous.status : status;
      furthest.set(paymentKey, { status: next, expiresAt: at + processedTtlMs });
      if (furthest.size > maxEntries) {
        furthest.scan((key) => {
          furthest.delete(key);
          return furthest.size > maxEntries;
        });
      }
      return previous?.status;
    },
    async track(payment) {
      if (tracked.has(payment.key)) return;
      if (tracked.size >= maxEntries) {
        throw new WebhookStoreError(
          'track',
          `The memory store tracks ${maxEntries} payments and cannot track another; raise maxEntries.`,
          { code: 'store_full' },
        );
      }
      tracked.set(payment.key, { ...payment });
    },
    async takeDue(at, limit, leaseMs, scope) {
      const due = [...tracked.values()]
        .filter(
          (payment) =>
            payment.nextCheckAt <= at &&
            payment.provider === scope.provider &&
            payment.tenant === scope.tenant,
        )
        .sort((a, b) => a.nextCheckAt - b.nextCheckAt)
        .slice(0, limit);
      for (const payment of due) tracked.set(payment.key, { ...payment, nextCheckAt: at + leaseMs });
      return due;
    },
    async reschedule(key, nextCheckAt, attempts) {
      const payment = tracked.get(key);
      if (payment) tracked.set(key, { ...payment, nextCheckAt, attempts });
    },
    async untrack(key) {
      tracked.delete(key);
    },
    get size() {
      return entries.size;
    },
    get trackedCount() {
      return tracked.size;
    },
    clear() {
      entries.clear();
      furthest.clear();
      tracked.clear();
    },
  };
}
