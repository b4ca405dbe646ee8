/**
 * Hands one verified event to `onEvent` at most once: the pipeline the webhook handler and the
 * reconciler share, so that whichever of the two sees a payment's final status second finds it
 * processed.
 *
 * 1. Claim the event's key (`[tenant/]provider:eventId`): processed before → duplicate; claimed
 *    elsewhere → in flight.
 * 2. Confirm it with the provider's API where the confirmation policy asks (`confirmation.ts`).
 * 3. For a final status, claim the payment's outcome key too (`[tenant/]=provider:paymentId:status`,
 *    with the refunded amount for a partial refund): the same outcome reached by another event, or
 *    by the reconciler, is a duplicate.
 * 4. Record the payment's furthest status (`store.advance`): an event behind it is stale.
 * 5. Run `onEvent` (inside the store's transaction in transactional mode), then record every key
 *    claimed as processed; on failure release them, so the provider's retry runs it again.
 */
import { type ConfirmationResult, type ConfirmPolicy, compareWithApi, shouldConfirm } from './confirmation';
import { ConfigurationError } from './errors';
import { isFinalStatus } from './status';
import { isBackwards } from './status-order';
import type { Payment, PaymentEvent, PayoutEvent, RequestOptions, WebhookEvent } from './types';
import { boundedEventId } from './webhook-input';
import type { WebhookStore } from './webhook-store';

/** Where an event handed to `onEvent` came from. */
export type EventSource = 'webhook' | 'reconciliation';

/**
 * What to do with an event that would move its payment backwards (a late `pending` after
 * `succeeded`): `'flag'` (default) hands it over with `stale: true`; `'skip'` acknowledges it
 * without calling `onEvent`.
 */
export type OrderingPolicy = 'flag' | 'skip';

export const ORDERING_POLICIES: readonly OrderingPolicy[] = ['flag', 'skip'];

/** What the handler (or the reconciler) adds to every event it hands to `onEvent`. */
export interface DeliveryFacts {
  /** `'webhook'`, or `'reconciliation'` for a status the reconciler found through `getPayment`. */
  readonly source: EventSource;
  /** True when the status was confirmed through the provider's API before `onEvent` ran. */
  readonly confirmed: boolean;
  /** The API's answer, when confirmed: its `status` is the confirmed status. */
  readonly confirmation?: Payment | undefined;
  /**
   * True when the payment had already reached a further status (by `STATUS_RANK`) when this event
   * arrived: do not move the order back. Judged against the furthest status recorded in the store
   * and, when confirmed, against the API.
   */
  readonly stale: boolean;
  /** The tenant the event belongs to, for a handler of many tenants. */
  readonly tenant?: string | undefined;
}

/** An event as `onEvent` receives it. */
export type DeliveredEvent<E extends WebhookEvent = WebhookEvent> = E & DeliveryFacts;

/** The second argument of `onEvent`. */
export interface EventContext<Tx = undefined> {
  /** The dedupe key of the event (`[tenant/]provider:eventId`, bounded). */
  key: string;
  tenant?: string | undefined;
  /**
   * The store's transaction (the Postgres store in transactional mode: a `pg` client inside the
   * transaction that also records the event as processed); undefined for other stores.
   */
  transaction: Tx;
}

/** The `error` code of a non-2xx answer. */
export type WebhookErrorCode =
  | 'verification_failed'
  | 'invalid_body'
  | 'body_too_large'
  | 'body_timeout'
  | 'in_flight'
  | 'store_unavailable'
  | 'handler_failed'
  | 'configuration_error'
  | 'internal_error'
  /** The provider's API contradicts the event (409). */
  | 'not_confirmed'
  /** The provider's API has not reached the event's status yet (503 with Retry-After). */
  | 'confirmation_pending'
  /** The provider's API could not be asked (503 with Retry-After). */
  | 'confirmation_unavailable'
  /** The tenant resolver found no adapter for this request (404). */
  | 'unknown_tenant'
  /** Reported to `onError` only (the answer is 200): the lease on the event was lost while `onEvent` ran. */
  | 'lease_lost';

/** What `onError` learns besides the error itself. */
export interface WebhookErrorContext<E extends WebhookEvent = WebhookEvent> {
  /** The status answered (200 for faults after `onEvent` succeeded). */
  status: number;
  code: WebhookErrorCode;
  /** The dedupe key (`provider:eventId`), once the event was verified. */
  key?: string | undefined;
  event?: E | undefined;
  tenant?: string | undefined;
}

/** The adapter an event came from: `getPayment` is needed only where events are confirmed. */
export interface DeliveryProvider {
  readonly name: string;
  getPayment?: ((id: string, options?: RequestOptions) => Promise<Payment>) | undefined;
}

export type DeliveryResult<E extends WebhookEvent> =
  | { result: 'processed'; key: string; event: DeliveredEvent<E> }
  | { result: 'duplicate'; key: string; event: E }
  | { result: 'skipped_stale'; key: string; event: DeliveredEvent<E> }
  | {
      result: 'failed';
      code: WebhookErrorCode;
      error: unknown;
      key?: string | undefined;
      event?: E | undefined;
      reason?: string | undefined;
    };

export interface DeliveryOptions<E extends WebhookEvent, Tx> {
  store: WebhookStore<Tx>;
  onEvent: (event: DeliveredEvent<E>, context: EventContext<Tx>) => unknown;
  confirm: ConfirmPolicy;
  ordering: OrderingPolicy;
  /** The lease of a claim, in ms: renewed at a third of it while `onEvent` runs. */
  leaseMs: number;
  report(error: unknown, context: WebhookErrorContext<E>): void;
}

/** How one event reaches `deliver`. */
export interface DeliveryRequest {
  provider: DeliveryProvider;
  source: EventSource;
  tenant?: string | undefined;
  /** The API's answer the event was made from (the reconciler): no further confirmation. */
  confirmation?: Payment | undefined;
}

/** The key prefix of a tenant (`''` without one); the tenant is percent-encoded, so it holds no `/`. */
function namespace(tenant: string | undefined): string {
  return tenant === undefined ? '' : `${encodeURIComponent(tenant)}/`;
}

/** The dedupe key of an event. */
export function eventKey(provider: string, eventId: string, tenant?: string): Promise<string> {
  return boundedEventId(`${namespace(tenant)}${provider}:${eventId}`);
}

/** The key a payment's furthest status and its tracking record are filed under. */
export function paymentKey(provider: string, paymentId: string, tenant?: string): Promise<string> {
  return boundedEventId(`${namespace(tenant)}${provider}:${paymentId}`);
}

/**
 * The key of a payment's final outcome: `=` cannot begin a provider's name, so it never equals an
 * event key. A partial refund is one outcome per refunded total; without that total it has none
 * (its events are deduped by id only).
 */
function outcomeKey(
  provider: string,
  event: PaymentEvent | PayoutEvent,
  confirmation: Payment | undefined,
  tenant: string | undefined,
): Promise<string> | undefined {
  if (!isFinalStatus(event.status)) return undefined;
  let suffix = '';
  if (event.status === 'partially_refunded') {
    const refunded = event.refundedAmount ?? confirmation?.refundedAmount;
    if (refunded === undefined) return undefined;
    suffix = `:${refunded}`;
  }
  return boundedEventId(`${namespace(tenant)}=${provider}:${event.paymentId}:${event.status}${suffix}`);
}

/**
 * `{ ...event, ...facts }` for the five facts: the event's own keys in order, then the facts (an
 * own key of the same name keeps its place and takes the fact's value). Written as a spread and
 * five literal keys, which V8 clones from the event's hidden class: on the load bench's server,
 * 0.3 µs a webhook where `Object.assign` plus five stores took 5.9 µs (V8 turns such a copy into a
 * dictionary-mode object from about 20 keys on; MoneyHash's event has 24). A spread defines keys,
 * so no setter on `Object.prototype` runs. A getter of the event that throws throws here.
 */
function withFacts<E extends WebhookEvent>(event: E, facts: DeliveryFacts): DeliveredEvent<E> {
  return {
    ...event,
    source: facts.source,
    confirmed: facts.confirmed,
    confirmation: facts.confirmation,
    stale: facts.stale,
    tenant: facts.tenant,
  };
}

function isPaymentLike(event: WebhookEvent): event is PaymentEvent | PayoutEvent {
  return event.kind === 'payment' || event.kind === 'payout';
}

/** Builds `deliver(event, request)` over one store and one `onEvent`. */
export function createDelivery<E extends WebhookEvent, Tx>(
  options: DeliveryOptions<E, Tx>,
): (event: E, request: DeliveryRequest) => Promise<DeliveryResult<E>> {
  const { store, onEvent, report, leaseMs } = options;

  /**
   * Keeps the leases on `keys` alive while `onEvent` runs: renewed at a third of their length, so
   * only a worker that crashed (or stalled for a whole lease) loses them. Returns a function that
   * stops it and tells whether a lease was lost meanwhile.
   */
  function keepLeases(keys: readonly string[], token: string, event: E, tenant?: string): () => boolean {
    const renew = store.renew;
    if (typeof renew !== 'function') return () => false;
    let lost = false;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(
        async () => {
          for (const key of keys) {
            try {
              // Called on the store when a tick comes (most deliveries end before one): no bound copy per delivery.
              if (!(await renew.call(store, key, token))) {
                lost = true;
                report(new Error(`The lease on ${key} was lost while onEvent ran.`), {
                  status: 200,
                  code: 'lease_lost',
                  key,
                  event,
                  tenant,
                });
                return;
              }
            } catch (error) {
              // The store is unreachable: the lease may still hold; try again at the next tick.
              report(error, { status: 200, code: 'store_unavailable', key, event, tenant });
            }
          }
          if (!stopped) schedule();
        },
        Math.max(1, Math.floor(leaseMs / 3)),
      );
      (timer as { unref?: () => void }).unref?.();
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      return lost;
    };
  }

  return async function deliver(original, request) {
    let event = original;
    const { provider, tenant } = request;
    const key = await eventKey(provider.name, event.id, tenant);
    const token = globalThis.crypto.randomUUID();
    const held: string[] = [];
    const failed = (
      code: WebhookErrorCode,
      error: unknown,
      reason?: string,
    ): DeliveryResult<E> & { result: 'failed' } => ({ result: 'failed', code, error, key, event, reason });

    async function releaseAll(): Promise<void> {
      for (const heldKey of held) {
        try {
          await store.release(heldKey, token);
        } catch (error) {
          // The claim then expires after its TTL; until then retries are answered 503 in_flight.
          report(error, { status: 500, code: 'store_unavailable', key: heldKey, event, tenant });
        }
      }
    }

    async function claim(claimKey: string): Promise<'claimed' | DeliveryResult<E>> {
      let found: Awaited<ReturnType<WebhookStore['claim']>>;
      try {
        found = await store.claim(claimKey, undefined, token);
      } catch (error) {
        await releaseAll();
        return failed(
          ConfigurationError.isInstance(error) ? 'configuration_error' : 'store_unavailable',
          error,
        );
      }
      if (found === 'claimed') {
        held.push(claimKey);
        return 'claimed';
      }
      if (found === 'processed') {
        // Seen as processed under another key (the outcome): this event is done too.
        if (held.length > 0) await markAll();
        return { result: 'duplicate', key, event };
      }
      await releaseAll();
      return failed('in_flight', new Error(`The event ${claimKey} is being processed by another request.`));
    }

    async function markAll(): Promise<void> {
      for (const heldKey of held) {
        try {
          const recorded = await store.markProcessed(heldKey, undefined, token);
          if (recorded === false) {
            // Another worker took over after this one's lease expired (a stall longer than the
            // lease): its outcome decides; onEvent may have run twice.
            report(new Error(`The lease on ${heldKey} was lost: another worker holds the event.`), {
              status: 200,
              code: 'lease_lost',
              key: heldKey,
              event,
              tenant,
            });
          }
        } catch (error) {
          // onEvent succeeded: answering non-2xx would make the provider redeliver an event that
          // was processed. The claim stays until its TTL, which keeps copies out meanwhile.
          report(error, { status: 200, code: 'store_unavailable', key: heldKey, event, tenant });
        }
      }
    }

    const first = await claim(key);
    if (first !== 'claimed') return first;

    let confirmation = request.confirmation;
    let stale = false;
    if (isPaymentLike(event) && confirmation === undefined && shouldConfirm(options.confirm, event)) {
      if (typeof provider.getPayment !== 'function') {
        await releaseAll();
        return failed(
          'configuration_error',
          new ConfigurationError(
            `The ${provider.name} provider has no getPayment(), which confirm: '${options.confirm}' needs.`,
            { code: 'invalid_option', provider: provider.name },
          ),
        );
      }
      let compared: ConfirmationResult;
      try {
        compared = compareWithApi(event, await provider.getPayment(event.paymentId));
      } catch (error) {
        await releaseAll();
        if (ConfigurationError.isInstance(error)) return failed('configuration_error', error);
        return failed('confirmation_unavailable', error);
      }
      if (compared.outcome !== 'confirmed') {
        await releaseAll();
        return failed(
          compared.outcome === 'pending' ? 'confirmation_pending' : 'not_confirmed',
          compared.error,
          compared.error.reason,
        );
      }
      confirmation = compared.payment;
      stale = compared.stale;
      if (compared.status !== undefined) {
        event = { ...event, status: compared.status, refundedAmount: compared.payment.refundedAmount };
      }
    }

    if (isPaymentLike(event)) {
      const outcome = outcomeKey(provider.name, event, confirmation, tenant);
      if (outcome !== undefined) {
        const second = await claim(await outcome);
        if (second !== 'claimed') return second;
      }
      if (typeof store.advance === 'function') {
        try {
          const previous = await store.advance(
            await paymentKey(provider.name, event.paymentId, tenant),
            event.status,
          );
          if (previous !== undefined && isBackwards(previous, event.status)) stale = true;
        } catch (error) {
          await releaseAll();
          return failed('store_unavailable', error);
        }
      }
    }

    let delivered: DeliveredEvent<E>;
    try {
      delivered = withFacts(event, {
        source: request.source,
        confirmed: confirmation !== undefined,
        confirmation,
        stale,
        tenant,
      });
    } catch (error) {
      // A getter or proxy trap of a custom adapter's event threw while it was copied: nothing ran,
      // so the claims go (held, they would answer the provider's retries 503 until they expire).
      await releaseAll();
      return failed('internal_error', error);
    }

    if (stale && options.ordering === 'skip') {
      await markAll();
      return { result: 'skipped_stale', key, event: delivered };
    }

    const stopLeases = keepLeases(held, token, event, tenant);
    if (typeof store.transact === 'function') {
      let committed: boolean;
      try {
        const outcome = await store.transact(held, token, async (transaction) => {
          await onEvent(delivered, { key, tenant, transaction });
        });
        committed = outcome.committed;
      } catch (error) {
        stopLeases();
        await releaseAll();
        return failed('handler_failed', error);
      }
      stopLeases();
      if (!committed) {
        // Rolled back, the merchant's writes with it: another worker holds the event now.
        report(new Error(`The lease on ${key} was lost: the transaction was rolled back.`), {
          status: 503,
          code: 'lease_lost',
          key,
          event,
          tenant,
        });
        return failed('in_flight', new Error(`The event ${key} is being processed by another request.`));
      }
      return { result: 'processed', key, event: delivered };
    }

    try {
      await onEvent(delivered, { key, tenant, transaction: undefined as Tx });
    } catch (error) {
      stopLeases();
      await releaseAll();
      return failed('handler_failed', error);
    }
    stopLeases();
    await markAll();
    return { result: 'processed', key, event: delivered };
  };
}
