/**
 * What the webhook handler did with one request, and what the reconciler did with one tracked
 * payment, as one record for `onOutcome` (logging, metrics: `paybridge/opentelemetry` counts them).
 * Nothing secret: no body, no headers, no error message; every string goes through `redact`.
 */
import type { DeliveryResult, EventSource } from './delivery';
import { redact } from './redact';
import type { WebhookEvent, WebhookEventKind } from './types';

/** What became of a webhook request (or of a payment a reconciler looked up). */
export type WebhookOutcomeKind =
  /** `onEvent` ran and succeeded (200). */
  | 'processed'
  /** Processed before, as this event or as the same final status of the payment: `onEvent` not called (200). */
  | 'duplicate'
  /** Behind the payment's furthest status with `ordering: 'skip'`: acknowledged without `onEvent` (200). */
  | 'skipped'
  /** Another request is processing the event (503): the provider retries. */
  | 'in_flight'
  /**
   * Not accepted (4xx): not verified, an unreadable, too large or too slow body, no tenant for the
   * URL, or contradicted by the provider's API. `reason` says which.
   */
  | 'refused'
  /**
   * Not processed for a fault on this side (500, 503): `onEvent` threw, the store or the provider's
   * API could not be reached, a setting is wrong. The reconciler: a lookup or delivery failed.
   */
  | 'failed'
  /** The reconciler only: the payment is not final yet and is looked up again later. */
  | 'pending'
  /** The reconciler only: still not final after `giveUpAfterMs`, no longer tracked. */
  | 'abandoned';

/** One outcome, for `onOutcome` of `createWebhookHandler` and `createReconciler`. */
export interface WebhookOutcome {
  readonly outcome: WebhookOutcomeKind;
  /** `'webhook'` from the handler, `'reconciliation'` from the reconciler. */
  readonly source: EventSource;
  /** The adapter's name; undefined when no adapter was found for the request. */
  readonly provider: string | undefined;
  readonly tenant: string | undefined;
  /** The HTTP status the handler answered; undefined for the reconciler. */
  readonly status: number | undefined;
  /**
   * The handler's error code of a non-2xx answer (`verification_failed`, `in_flight`, …); the
   * reconciler's failure code (`lookup_failed`, `given_up`, or the delivery's code).
   */
  readonly code: string | undefined;
  /**
   * Why it was refused or failed: the verification's reason (`bad_signature`, `missing_signature`,
   * `timestamp_too_old`, …), the body's (`parsed_body`, `empty_body`, …), the API's disagreement
   * (`status_mismatch`, …), else the code. Undefined for the 2xx outcomes.
   */
  readonly reason: string | undefined;
  /**
   * The event was authenticated: its webhook verified (false for an event accepted with its
   * verification switched off), or (the reconciler) it came from the provider's API.
   */
  readonly verified: boolean;
  /** Handed over after confirming it with the provider's API; undefined when it was not handed over. */
  readonly confirmed: boolean | undefined;
  /** Handed over (or skipped) as behind the payment's furthest status; undefined when it was not. */
  readonly stale: boolean | undefined;
  readonly eventId: string | undefined;
  /** The provider's event type, verbatim. */
  readonly eventType: string | undefined;
  readonly eventKind: WebhookEventKind | undefined;
  /** The payment (or payout) the event is about. */
  readonly paymentId: string | undefined;
  /** From receiving the request (or starting the lookup) to the outcome, in milliseconds. */
  readonly durationMs: number;
}

/** `onOutcome`'s type. */
export type OutcomeHook = (outcome: WebhookOutcome) => unknown;

const clean = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : redact(value);

function eventFacts(event: WebhookEvent | undefined) {
  if (event === undefined || typeof event !== 'object' || event === null) {
    return { eventId: undefined, eventType: undefined, eventKind: undefined, paymentId: undefined };
  }
  const paymentId = event.kind === 'payment' || event.kind === 'payout' ? event.paymentId : undefined;
  return {
    eventId: clean(typeof event.id === 'string' ? event.id : undefined),
    eventType: clean(typeof event.type === 'string' ? event.type : undefined),
    eventKind: event.kind,
    paymentId: clean(typeof paymentId === 'string' ? paymentId : undefined),
  };
}

/** The handed-over facts of a delivery that reached `onEvent` (or was skipped as stale). */
function deliveredFacts<E extends WebhookEvent>(delivery: DeliveryResult<E> | undefined) {
  if (delivery?.result === 'processed' || delivery?.result === 'skipped_stale') {
    return { confirmed: delivery.event.confirmed, stale: delivery.event.stale };
  }
  return { confirmed: undefined, stale: undefined };
}

/** What the handler answered, as far as `onOutcome` needs it. */
export interface AnsweredRequest {
  status: number;
  body: { duplicate?: true; stale?: true } | { error: string; reason?: string };
  event?: WebhookEvent | undefined;
  tenant?: string | undefined;
}

/** The outcome of one webhook request, from the handler's answer and what it saw on the way. */
export function requestOutcome<E extends WebhookEvent>(
  answered: AnsweredRequest,
  seen: { provider: string | undefined; delivery: DeliveryResult<E> | undefined },
  durationMs: number,
): WebhookOutcome {
  const { status, body, event } = answered;
  let outcome: WebhookOutcomeKind;
  let code: string | undefined;
  let reason: string | undefined;
  if ('error' in body) {
    code = body.error;
    reason = body.reason ?? body.error;
    outcome = code === 'in_flight' ? 'in_flight' : status < 500 ? 'refused' : 'failed';
  } else {
    outcome = body.duplicate ? 'duplicate' : body.stale ? 'skipped' : 'processed';
  }
  return Object.freeze({
    outcome,
    source: 'webhook',
    provider: clean(seen.provider),
    tenant: clean(answered.tenant),
    status,
    code,
    reason: clean(reason),
    verified: event !== undefined && !unverified(event),
    ...deliveredFacts(seen.delivery),
    ...eventFacts(event),
    durationMs,
  });
}

/**
 * An event an adapter returned with its verification switched off (Money-Go's
 * `webhookVerification: 'none'`, Tap's `refundWebhookVerification: 'none'`): `signatureVerified: false`.
 */
function unverified(event: WebhookEvent): boolean {
  return (event as { signatureVerified?: unknown }).signatureVerified === false;
}

/** The outcome of one tracked payment a reconciler looked up. */
export function lookupOutcome<E extends WebhookEvent>(
  outcome: WebhookOutcomeKind,
  facts: {
    provider: string;
    tenant: string | undefined;
    paymentId: string;
    code?: string | undefined;
    delivery?: DeliveryResult<E> | undefined;
  },
  durationMs: number,
): WebhookOutcome {
  const delivery = facts.delivery;
  const failed = delivery?.result === 'failed' ? delivery : undefined;
  const code = facts.code ?? failed?.code;
  const event = delivery?.event;
  return Object.freeze({
    outcome,
    source: 'reconciliation',
    provider: clean(facts.provider),
    tenant: clean(facts.tenant),
    status: undefined,
    code,
    reason: code === undefined ? undefined : clean(failed?.reason ?? code),
    verified: event !== undefined,
    ...deliveredFacts(delivery),
    ...eventFacts(event),
    paymentId: clean(facts.paymentId),
    durationMs,
  });
}
