/**
 * The reconciler: finds out what happened to payments whose webhook never came. `track(link)`
 * after `createPaymentLink`; `run()` from a cron job or a timer asks `getPayment` about every
 * tracked payment that is due, and hands each final status to `onEvent` through the same dedupe
 * as the webhook handler (`delivery.ts`), so whichever of webhook and reconciliation sees a final
 * status second finds it processed.
 */
import { FULL_COVERAGE } from './coverage';
import {
  createDelivery,
  type DeliveredEvent,
  type DeliveryResult,
  type EventContext,
  ORDERING_POLICIES,
  type OrderingPolicy,
  paymentKey,
  type WebhookErrorContext,
} from './delivery';
import { ConfigurationError, InvalidRequestError } from './errors';
import { callHook, monotonicNow } from './hooks';
import { lookupOutcome, type OutcomeHook, type WebhookOutcomeKind } from './outcome';
import { isFinalStatus } from './status';
import type { Payment, PaymentEvent, RequestOptions } from './types';
import {
  DEFAULT_CLAIM_TTL_MS,
  positiveInteger,
  type TrackedPayment,
  type WebhookStore,
} from './webhook-store';

/** The adapter a reconciler asks: every adapter of paybridge fits. */
export interface ReconcilerProvider {
  readonly name: string;
  getPayment(id: string, options?: RequestOptions): Promise<Payment>;
}

export interface ReconcilerOptions<Tx = undefined> {
  provider: ReconcilerProvider;
  /**
   * Where tracked payments live, and the dedupe state shared with the webhook handler: pass the
   * handler's store (memory, Redis or Postgres). It needs `track`, `takeDue`, `reschedule` and
   * `untrack`.
   */
  store: WebhookStore<Tx>;
  /** The same function as the handler's `onEvent`: events come with `source: 'reconciliation'`. */
  onEvent: (event: DeliveredEvent<PaymentEvent>, context: EventContext<Tx>) => unknown;
  /** The tenant, when one reconciler serves one tenant of a handler with a provider resolver. */
  tenant?: string | undefined;
  /** A payment is first looked up this long after `track`, in ms (default 10 minutes: its webhook usually comes first). */
  olderThanMs?: number | undefined;
  /** Lookups at once (default 4). */
  concurrency?: number | undefined;
  /** Most payments looked up by one `run()` (default 500). */
  batchSize?: number | undefined;
  /** Wait after the first inconclusive lookup, in ms (default 5 minutes), doubled after each one. */
  backoffMs?: number | undefined;
  /** Longest wait between two lookups, in ms (default 6 hours). */
  maxBackoffMs?: number | undefined;
  /** A payment still not final this long after `track` is given up on, in ms (default 30 days). */
  giveUpAfterMs?: number | undefined;
  /** As the handler's `ordering` (default `'flag'`). */
  ordering?: OrderingPolicy | undefined;
  /** Told of failed lookups, failed `onEvent` calls and payments given up on. Whatever it throws is ignored. */
  onError?: ((error: unknown, context: ReconcilerErrorContext) => unknown) | undefined;
  /**
   * Called (not awaited) once per payment looked up, with what became of it (`WebhookOutcome` with
   * `source: 'reconciliation'`: processed, duplicate, skipped, in flight, failed, pending or
   * abandoned), for logs and metrics (`paybridge/opentelemetry`). Whatever it throws is ignored.
   */
  onOutcome?: OutcomeHook | undefined;
  /** The clock, in ms since the epoch (tests); default `Date.now`. */
  now?: (() => number) | undefined;
}

export interface ReconcilerErrorContext {
  /** What failed. */
  code: 'lookup_failed' | 'delivery_failed' | 'given_up' | 'track_failed' | WebhookErrorContext['code'];
  paymentId?: string | undefined;
  key?: string | undefined;
  tenant?: string | undefined;
}

/** What one `run()` did. */
export interface ReconcileCounts {
  /** Payments looked up. */
  checked: number;
  /** Found final and no longer tracked (delivered, duplicate or stale). */
  finalised: number;
  /** Final statuses handed to `onEvent`. */
  delivered: number;
  /** Final statuses the webhook had delivered already (no `onEvent`). */
  duplicates: number;
  /** Not final yet: looked up again later. */
  stillPending: number;
  /** Lookups or deliveries that failed: tried again later. */
  failed: number;
  /** Tracked longer than `giveUpAfterMs` without a final status: no longer tracked. */
  abandoned: number;
}

export interface Reconciler {
  /** Starts tracking a link (`createPaymentLink`'s result, or `{ id }`). Tracking it twice keeps the first record. */
  track(link: { readonly id: string }): Promise<void>;
  /**
   * Looks up every tracked payment that is due (at most `batchSize`), delivers final statuses,
   * reschedules the rest with backoff. A second call while one runs returns the same run.
   */
  run(options?: { signal?: AbortSignal | undefined }): Promise<ReconcileCounts>;
  /**
   * The adapter with a `createPaymentLink` that tracks every link it creates. A link that could not
   * be tracked is still returned (its webhook still counts); `onError` hears of it (`track_failed`).
   */
  withTracking<T extends { createPaymentLink(...args: never[]): Promise<{ readonly id: string }> }>(
    adapter: T,
  ): T;
}

const TRACKING_METHODS = ['track', 'takeDue', 'reschedule', 'untrack'] as const;

/** Builds a reconciler. Constructing it does no I/O. */
export function createReconciler<Tx = undefined>(options: ReconcilerOptions<Tx>): Reconciler {
  const { provider, store, onEvent, tenant } = options ?? ({} as ReconcilerOptions<Tx>);
  if (typeof provider?.getPayment !== 'function' || typeof provider.name !== 'string') {
    throw new ConfigurationError('createReconciler needs a provider with a name and getPayment().', {
      code: 'invalid_option',
    });
  }
  if (typeof onEvent !== 'function') {
    throw new ConfigurationError('createReconciler needs an onEvent function.', { code: 'invalid_option' });
  }
  const missing = TRACKING_METHODS.filter(
    (method) => typeof (store as unknown as Record<string, unknown> | undefined)?.[method] !== 'function',
  );
  if (typeof store?.claim !== 'function' || missing.length > 0) {
    throw new ConfigurationError(
      `createReconciler needs a store that tracks payments (${TRACKING_METHODS.join(', ')}): the memory, Redis or Postgres store.`,
      { code: 'invalid_option' },
    );
  }
  if (tenant !== undefined && (typeof tenant !== 'string' || tenant === '')) {
    throw new ConfigurationError('createReconciler: tenant must be a non-empty string.', {
      code: 'invalid_option',
    });
  }
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function') {
    throw new ConfigurationError('createReconciler: onOutcome must be a function.', {
      code: 'invalid_option',
    });
  }
  const ordering = options.ordering ?? 'flag';
  if (!ORDERING_POLICIES.includes(ordering)) {
    throw new ConfigurationError(`createReconciler: ordering must be 'flag' or 'skip'.`, {
      code: 'invalid_option',
    });
  }
  const olderThanMs = nonNegative(options.olderThanMs, 10 * 60_000, 'olderThanMs');
  const concurrency = positiveInteger(options.concurrency, 4, 'concurrency');
  const batchSize = positiveInteger(options.batchSize, 500, 'batchSize');
  const backoffMs = positiveInteger(options.backoffMs, 5 * 60_000, 'backoffMs');
  const maxBackoffMs = positiveInteger(options.maxBackoffMs, 6 * 60 * 60_000, 'maxBackoffMs');
  const giveUpAfterMs = positiveInteger(options.giveUpAfterMs, 30 * 24 * 60 * 60_000, 'giveUpAfterMs');
  const now = options.now ?? Date.now;
  const leaseMs = positiveInteger(store.claimTtlMs, DEFAULT_CLAIM_TTL_MS, 'store.claimTtlMs');
  const {
    track: storeTrack,
    takeDue,
    reschedule,
    untrack,
  } = store as Required<Pick<WebhookStore<Tx>, (typeof TRACKING_METHODS)[number]>>;

  function report(error: unknown, context: ReconcilerErrorContext): void {
    if (!options.onError) return;
    try {
      const result = options.onError(error, { tenant, ...context });
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        Promise.resolve(result).catch(() => {});
      }
    } catch {
      // A failing logger must not stop the run.
    }
  }

  const deliver = createDelivery<PaymentEvent, Tx>({
    store,
    onEvent,
    confirm: 'never',
    ordering,
    leaseMs,
    report: (error, context) => report(error, { code: context.code, key: context.key }),
  });

  async function track(link: { readonly id: string }): Promise<void> {
    const id = (link as { id?: unknown } | null | undefined)?.id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidRequestError('reconciler.track expects a payment link (an object with its id).', {
        code: 'invalid_input',
        field: 'link',
        provider: provider.name,
      });
    }
    const at = now();
    await storeTrack.call(store, {
      key: await paymentKey(provider.name, id, tenant),
      provider: provider.name,
      paymentId: id,
      tenant,
      trackedAt: at,
      nextCheckAt: at + olderThanMs,
      attempts: 0,
    });
  }

  /** The wait after `attempts` inconclusive lookups: doubled each time, capped. */
  function backoff(attempts: number): number {
    return Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempts, 30));
  }

  function eventOf(payment: Payment, paymentId: string): PaymentEvent {
    const partial = payment.status === 'partially_refunded' && payment.refundedAmount !== undefined;
    return {
      kind: 'payment',
      provider: provider.name,
      id: `reconciliation:${paymentId}:${payment.status}${partial ? `:${payment.refundedAmount}` : ''}`,
      type: 'reconciliation',
      raw: payment.raw,
      coverage: FULL_COVERAGE,
      status: payment.status,
      providerStatus: payment.providerStatus,
      paymentId,
      reference: payment.reference,
      amount: payment.amount,
      currency: payment.currency,
      refundedAmount: payment.refundedAmount,
    };
  }

  /** What became of one lookup, for `onOutcome`. */
  interface Looked {
    outcome?: WebhookOutcomeKind;
    code?: string;
    delivery?: DeliveryResult<PaymentEvent>;
  }

  const OUTCOME_OF: Record<DeliveryResult<PaymentEvent>['result'], WebhookOutcomeKind> = {
    processed: 'processed',
    duplicate: 'duplicate',
    skipped_stale: 'skipped',
    failed: 'failed',
  };

  async function check(
    tracked: TrackedPayment,
    counts: ReconcileCounts,
    looked: Looked,
    signal?: AbortSignal,
  ): Promise<void> {
    counts.checked++;
    const attempts = tracked.attempts + 1;
    const later = () => reschedule.call(store, tracked.key, now() + backoff(tracked.attempts), attempts);
    let payment: Payment;
    try {
      payment = await provider.getPayment(tracked.paymentId, { signal });
    } catch (error) {
      counts.failed++;
      Object.assign(looked, { outcome: 'failed', code: 'lookup_failed' });
      report(error, { code: 'lookup_failed', paymentId: tracked.paymentId, key: tracked.key });
      await later();
      return;
    }
    if (!isFinalStatus(payment.status)) {
      if (now() - tracked.trackedAt >= giveUpAfterMs) {
        counts.abandoned++;
        Object.assign(looked, { outcome: 'abandoned', code: 'given_up' });
        report(
          new Error(
            `${provider.name} payment ${tracked.paymentId} is still ${payment.status} after ${giveUpAfterMs} ms; no longer tracked.`,
          ),
          { code: 'given_up', paymentId: tracked.paymentId, key: tracked.key },
        );
        await untrack.call(store, tracked.key);
        return;
      }
      counts.stillPending++;
      looked.outcome = 'pending';
      await later();
      return;
    }
    const outcome = await deliver(eventOf(payment, tracked.paymentId), {
      provider,
      source: 'reconciliation',
      tenant,
      confirmation: payment,
    });
    looked.delivery = outcome;
    looked.outcome =
      outcome.result === 'failed' && outcome.code === 'in_flight' ? 'in_flight' : OUTCOME_OF[outcome.result];
    if (outcome.result === 'failed') {
      counts.failed++;
      report(outcome.error, { code: 'delivery_failed', paymentId: tracked.paymentId, key: outcome.key });
      await later();
      return;
    }
    if (outcome.result === 'processed') counts.delivered++;
    if (outcome.result === 'duplicate') counts.duplicates++;
    counts.finalised++;
    await untrack.call(store, tracked.key);
  }

  let running: Promise<ReconcileCounts> | undefined;

  async function runOnce(signal?: AbortSignal): Promise<ReconcileCounts> {
    const counts: ReconcileCounts = {
      checked: 0,
      finalised: 0,
      delivered: 0,
      duplicates: 0,
      stillPending: 0,
      failed: 0,
      abandoned: 0,
    };
    // Each lookup holds its payment for a lease: a crashed run's payments come due again after it.
    const due = await takeDue.call(store, now(), batchSize, leaseMs, { provider: provider.name, tenant });
    let next = 0;
    const worker = async () => {
      while (next < due.length && !signal?.aborted) {
        const tracked = due[next++]!;
        const started = monotonicNow();
        const looked: Looked = {};
        try {
          await check(tracked, counts, looked, signal);
        } catch (error) {
          // The store failed while rescheduling or untracking: the lease brings the payment back.
          counts.failed++;
          // A status already delivered stays what it was: the store failed only afterwards.
          if (looked.delivery === undefined || looked.outcome === 'failed') {
            Object.assign(looked, { outcome: 'failed', code: 'store_unavailable' });
          }
          report(error, { code: 'store_unavailable', paymentId: tracked.paymentId, key: tracked.key });
        }
        if (options.onOutcome !== undefined && looked.outcome !== undefined) {
          const facts = {
            provider: provider.name,
            tenant,
            paymentId: tracked.paymentId,
            code: looked.code,
            delivery: looked.delivery,
          };
          callHook(options.onOutcome, lookupOutcome(looked.outcome, facts, monotonicNow() - started));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return counts;
  }

  return {
    track,
    run(runOptions) {
      running ??= runOnce(runOptions?.signal).finally(() => {
        running = undefined;
      });
      return running;
    },
    withTracking(adapter) {
      const create = adapter.createPaymentLink.bind(adapter) as (
        ...args: unknown[]
      ) => Promise<{ readonly id: string }>;
      const wrapped = Object.create(adapter) as typeof adapter;
      Object.defineProperty(wrapped, 'createPaymentLink', {
        value: async (...args: unknown[]) => {
          const link = await create(...args);
          try {
            await track(link);
          } catch (error) {
            report(error, { code: 'track_failed', paymentId: link.id });
          }
          return link;
        },
      });
      return wrapped;
    },
  };
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigurationError(
      `${name} must be a whole number of milliseconds, 0 or more; got ${String(value)}.`,
      {
        code: 'invalid_option',
      },
    );
  }
  return value;
}
