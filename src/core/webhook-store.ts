/**
 * Dedupe state for webhook handlers: which events are being processed right now (claimed) and
 * which were processed already. A claim is a lease with a TTL, so the claim of a worker that
 * crashed mid-event expires and the provider's next retry is processed.
 *
 * `createMemoryStore` (`memory-store.ts`) serves one process; `createRedisStore` (`paybridge/redis`) serves many
 * instances behind a load balancer.
 */
import { ConfigurationError, PaybridgeError, type PaybridgeErrorOptions } from './errors';
import type { PaymentStatus } from './status';

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
 *
 * The optional methods below the first four serve ordering (`advance`), reconciliation (`track`,
 * `takeDue`, `reschedule`, `untrack`) and the transactional mode (`transact`). The three stores of
 * paybridge (memory, Redis, Postgres) have them all; a store of your own without them still
 * dedupes, but its events are never flagged stale and a reconciler refuses it.
 *
 * `Tx` is what `transact` hands to `onEvent` (`context.transaction`): a database client inside the
 * transaction for the Postgres store in transactional mode, nothing otherwise.
 */
export interface WebhookStore<Tx = undefined> {
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
  /**
   * Ordering: records `status` as the payment's furthest status unless a further one (by
   * `STATUS_RANK`) is recorded already, atomically, and resolves with the furthest status recorded
   * *before* this call (undefined for a payment not seen before).
   */
  advance?(paymentKey: string, status: PaymentStatus): Promise<PaymentStatus | undefined>;
  /** Reconciliation: starts watching a payment; a payment tracked already keeps its record. */
  track?(payment: TrackedPayment): Promise<void>;
  /**
   * Reconciliation: up to `limit` tracked payments of `scope` (one provider, of one tenant or of
   * none) whose `nextCheckAt` has come (`<= now`), oldest due first, each moved to
   * `nextCheckAt = now + leaseMs` in the same step, so that runs in two processes do not look up
   * the same payment at once.
   */
  takeDue?(now: number, limit: number, leaseMs: number, scope: TrackingScope): Promise<TrackedPayment[]>;
  /** Reconciliation: when to look a tracked payment up next, and how many lookups it has had. */
  reschedule?(key: string, nextCheckAt: number, attempts: number): Promise<void>;
  /** Reconciliation: stops watching a payment (its status is final, or it was given up on). */
  untrack?(key: string): Promise<void>;
  /**
   * Transactional mode: runs `run` inside one transaction that also records every key in `keys`
   * as processed (each still claimed with `token`), committing both or neither. Resolves
   * `{ committed: false }` (rolled back) when a claim was lost meanwhile; rejects, rolled back,
   * when `run` throws.
   */
  transact?<T>(
    keys: readonly string[],
    token: string,
    run: (transaction: Tx) => Promise<T>,
  ): Promise<{ committed: true; value: T } | { committed: false }>;
}

/** Whose tracked payments a reconciler takes: its provider's, of its tenant (or of no tenant). */
export interface TrackingScope {
  provider: string;
  tenant?: string | undefined;
}

/** A payment the reconciler watches until its status is final. */
export interface TrackedPayment {
  /** The store's key for it: `[tenant/]provider:paymentId` (see the README's "Keys"). */
  readonly key: string;
  /** The adapter's `name`. */
  readonly provider: string;
  /** The id `createPaymentLink` returned. */
  readonly paymentId: string;
  /** The tenant, for a reconciler of one tenant among many. */
  readonly tenant?: string | undefined;
  /** When tracking began, in milliseconds since the epoch. */
  readonly trackedAt: number;
  /** When the reconciler should look it up next, in milliseconds since the epoch. */
  readonly nextCheckAt: number;
  /** Lookups so far. */
  readonly attempts: number;
}

/** A store operation failed (the store is unreachable, timed out or answered an error): answer 503. */
export class WebhookStoreError extends PaybridgeError {
  static override readonly errorName: string = 'WebhookStoreError';
  /** The operation that failed. */
  readonly operation:
    | 'connect'
    | 'claim'
    | 'renew'
    | 'markProcessed'
    | 'release'
    | 'advance'
    | 'track'
    | 'takeDue'
    | 'reschedule'
    | 'untrack'
    | 'transact';
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
