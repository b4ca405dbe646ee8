/**
 * Dedupe state for webhook handlers: which events are being processed right now (claimed) and
 * which were processed already. A claim is a lease with a TTL, so the claim of a worker that
 * crashed mid-event expires and the provider's next retry is processed.
 *
 * `createMemoryStore` (here) serves one process; `createRedisStore` (`paybridge/redis`) serves many
 * instances behind a load balancer.
 */
import { ConfigurationError, PaybridgeError, type PaybridgeErrorOptions } from './errors';

/** What `claim` found: the caller now owns the event, it was processed already, or someone else holds it. */
export type ClaimResult = 'claimed' | 'processed' | 'in_flight';

/**
 * Shared dedupe state. Every method may reject when the store cannot be reached; the handler then
 * answers 503 so the provider retries later.
 *
 * `token` identifies one claim (a lease). `release(key, token)` removes the claim only while it is
 * still the one made with that token, so a worker whose claim expired (and was taken over by
 * another worker) cannot remove the newer claim; `renew` extends only that claim, and
 * `markProcessed(key, ttl, token)` does not overwrite another worker's live claim. The handler passes
 * a fresh random token to every `claim` and renews its lease while `onEvent` runs, so only the claim
 * of a worker that crashed (or stalled for a whole lease) expires. Without a token a store uses one
 * token per store instance.
 */
export interface WebhookStore {
  /**
   * Atomically claims `key` for `ttlMs` milliseconds (the store's default when omitted) unless it
   * is claimed or processed already.
   */
  claim(key: string, ttlMs?: number, token?: string): Promise<ClaimResult>;
  /**
   * Extends the claim on `key` made with `token` by `ttlMs` (the store's default when omitted).
   * Resolves false when that claim is no longer held (it expired, or another worker holds `key`).
   * Optional for stores of your own; without it the handler cannot keep a lease alive.
   */
  renew?(key: string, token: string, ttlMs?: number): Promise<boolean>;
  /**
   * Records `key` as processed for `ttlMs` milliseconds (the store's default when omitted). With a
   * `token`, a live claim of another token is left alone and the result is `false` (the lease was
   * lost: another worker is processing the same event); otherwise `true` (or nothing, for stores of
   * your own without fencing).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: stores of your own may resolve with nothing.
  markProcessed(key: string, ttlMs?: number, token?: string): Promise<boolean | undefined | void>;
  /** Removes the claim on `key` made with `token`, so the next delivery is processed. */
  release(key: string, token?: string): Promise<void>;
  /** The default lease of a claim, in milliseconds: the handler renews the lease at a third of it. */
  readonly claimTtlMs?: number | undefined;
}

/** A store operation failed (the store is unreachable, timed out or answered an error): answer 503. */
export class WebhookStoreError extends PaybridgeError {
  static override readonly errorName: string = 'WebhookStoreError';
  /** The operation that failed. */
  readonly operation: 'connect' | 'claim' | 'renew' | 'markProcessed' | 'release';
  constructor(
    operation: WebhookStoreError['operation'],
    message: string,
    options: PaybridgeErrorOptions & { code?: string } = {},
  ) {
    super(options.code ?? 'store_unavailable', message, options);
    this.operation = operation;
  }
}

/** Default lease of a claim: 5 minutes. Set it above the longest time your `onEvent` can take. */
export const DEFAULT_CLAIM_TTL_MS = 5 * 60 * 1000;
/** Default time a processed event is remembered: 7 days, longer than providers' retry schedules. */
export const DEFAULT_PROCESSED_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Default bound of the memory store. */
export const DEFAULT_MEMORY_STORE_MAX_ENTRIES = 100_000;

export interface MemoryStoreOptions {
  /**
   * Most events kept (default 100 000, some 10–20 MB). Past it the oldest processed events are
   * forgotten first (so a redelivery of one of them would be processed again); a claim in flight is
   * never evicted: when every entry is a live claim, a new claim fails (`store_full`, answered 503).
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
  /** Entries currently held, including expired ones not yet swept. */
  readonly size: number;
  /** Forgets everything. */
  clear(): void;
}

type Entry =
  | { state: 'claimed'; token: string; expiresAt: number }
  | { state: 'processed'; expiresAt: number };

/** Expired entries removed from the oldest end on each write, at most. */
const SWEEP_PER_WRITE = 32;

/** `value` when it is a positive safe integer, `fallback` when undefined; a `ConfigurationError` otherwise. */
export function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a positive whole number, got ${String(value)}.`, {
      code: 'invalid_option',
    });
  }
  return value;
}

/**
 * A store's own token for calls that pass none, made on first use: nothing random may happen when
 * a store is created (Cloudflare Workers forbid it at module scope, where handlers are built).
 */
export function lazyToken(): () => string {
  let token: string | undefined;
  return () => {
    token ??= globalThis.crypto.randomUUID();
    return token;
  };
}

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
  // Map keeps insertion order; writes delete then set, so the first key is always the oldest write.
  const entries = new Map<string, Entry>();

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
    entries.delete(key);
    entries.set(key, entry);
    let swept = 0;
    for (const [oldKey, oldEntry] of entries) {
      if (oldEntry.expiresAt > at || swept >= SWEEP_PER_WRITE) break;
      entries.delete(oldKey);
      swept++;
    }
    if (entries.size <= maxEntries) return;
    for (const [oldKey, oldEntry] of entries) {
      if (entries.size <= maxEntries) break;
      if (oldKey !== key && (oldEntry.state === 'processed' || oldEntry.expiresAt <= at))
        entries.delete(oldKey);
    }
  }

  /** Whether a new entry fits: under the bound, or some entry other than a live claim can go. */
  function hasRoom(at: number): boolean {
    if (entries.size < maxEntries) return true;
    for (const entry of entries.values()) {
      if (entry.state === 'processed' || entry.expiresAt <= at) return true;
    }
    return false;
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
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
