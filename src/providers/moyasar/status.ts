/**
 * Moyasar → unified status. Every mapping of this adapter is in this file, as tables:
 *
 * - `MOYASAR_INVOICE_STATUS`: an invoice's `status` (what `getPayment(invoiceId)` starts from);
 * - `MOYASAR_PAYMENT_STATUS`: a payment's `status` (a payment is one attempt to pay an invoice);
 * - `INVOICE_REFINED_BY_PAYMENT`: which statuses of an invoice's decisive payment override the
 *   invoice's own status (a `paid` invoice whose payment was refunded in part is `partially_refunded`);
 * - `DECISIVE_PAYMENT_RANK`: which of an invoice's payments is the decisive one;
 * - `MOYASAR_EVENT_TYPES`: webhook event types → kind, status, operation.
 *
 * Mapping rule: `succeeded` only where money moved; when in doubt, the less final status.
 * Values not in a table (Moyasar adds them without notice) map to `pending`, the least final status,
 * with the provider's value kept verbatim in `providerStatus`.
 */

import type { PaymentStatus } from '../../core/status';
import type { OperationOutcome, PaymentOperation } from '../../core/types';

/** Invoice statuses Moyasar documents. */
export type MoyasarInvoiceStatus =
  | 'initiated'
  | 'paid'
  | 'failed'
  | 'refunded'
  | 'canceled'
  | 'on_hold'
  | 'expired'
  | 'voided';

/** Payment statuses Moyasar documents (`expired` for some payment methods). */
export type MoyasarPaymentStatus =
  | 'initiated'
  | 'paid'
  | 'failed'
  | 'authorized'
  | 'captured'
  | 'refunded'
  | 'voided'
  | 'verified'
  | 'expired';

/** An invoice's status → the unified status. */
export const MOYASAR_INVOICE_STATUS: Readonly<Record<MoyasarInvoiceStatus, PaymentStatus>> = Object.freeze({
  /** Created, open for payment. */
  initiated: 'pending',
  /** Paid: money captured. */
  paid: 'succeeded',
  failed: 'failed',
  /** Refunded; refined to `partially_refunded` from the payment's `refunded` total. */
  refunded: 'refunded',
  canceled: 'canceled',
  /**
   * [UNCONFIRMED] Moyasar lists `on_hold` without defining it. Read as "a payment is held, not
   * captured"; mapped to the less final `pending`, and refined to `authorized` when the invoice's
   * payment says `authorized`.
   */
  on_hold: 'pending',
  expired: 'expired',
  /** Voided before the money settled: nothing kept. */
  voided: 'canceled',
});

/** A payment's status → the unified status. */
export const MOYASAR_PAYMENT_STATUS: Readonly<Record<MoyasarPaymentStatus, PaymentStatus>> = Object.freeze({
  /** Created, the cardholder has not paid yet (typically in 3-D Secure). */
  initiated: 'requires_action',
  paid: 'succeeded',
  failed: 'failed',
  /** Funds held for a later capture. */
  authorized: 'authorized',
  /** An authorized payment, captured: money moved. */
  captured: 'succeeded',
  /** Refunded; refined to `partially_refunded` when `refunded` < the captured amount. */
  refunded: 'refunded',
  /** Cancelled before settlement: no money kept. */
  voided: 'canceled',
  /** The card was verified (tokenization); no money moved and no purchase was decided. */
  verified: 'pending',
  expired: 'expired',
});

/**
 * For each invoice status, the unified statuses of its decisive payment that replace the
 * invoice's own mapping. Anything else keeps the invoice's status, which is the authority.
 */
export const INVOICE_REFINED_BY_PAYMENT: Readonly<Record<MoyasarInvoiceStatus, readonly PaymentStatus[]>> =
  Object.freeze({
    initiated: ['authorized'],
    paid: ['refunded', 'partially_refunded', 'canceled'],
    failed: [],
    refunded: ['partially_refunded'],
    canceled: [],
    on_hold: ['authorized'],
    expired: [],
    voided: [],
  });

/**
 * Which payment of an invoice decides its refined status: the highest rank wins, then the most
 * recent. Payments that moved or held money outrank attempts that did not.
 */
export const DECISIVE_PAYMENT_RANK: Readonly<Record<MoyasarPaymentStatus, number>> = Object.freeze({
  refunded: 5,
  paid: 4,
  captured: 4,
  voided: 3,
  authorized: 2,
  verified: 1,
  initiated: 0,
  failed: 0,
  expired: 0,
});

/** A frozen event-type table whose keys stay literals (`MoyasarEventType` is derived from them). */
function eventTypeTable<K extends string>(
  table: Record<K, MoyasarEventMapping>,
): Readonly<Record<K, MoyasarEventMapping>> {
  return Object.freeze(table);
}

/** What one webhook event type means. */
export type MoyasarEventMapping =
  | {
      kind: 'payment';
      /** The payment's status after the event (`refunded` is refined from the amounts). */
      status: PaymentStatus;
      operation?: PaymentOperation;
      operationOutcome?: OperationOutcome;
    }
  | { kind: 'card_authentication'; outcome: 'authenticated' | 'failed' }
  | { kind: 'settlement' };

/**
 * Webhook event types. `payment_faild` is how Moyasar's own documentation spells the failure event;
 * `payment_failed` is what its API lists: both are accepted. Any other type is `kind: 'unknown'`.
 *
 * A `payment_*` event describes one payment (one attempt). For an invoice, a failed, abandoned or
 * expired attempt does not close the invoice: the payer may try again on the same page. Confirm
 * with `getPayment(invoiceId)` before acting on anything but success.
 */
export const MOYASAR_EVENT_TYPES = /* @__PURE__ */ eventTypeTable({
  payment_paid: {
    kind: 'payment',
    status: 'succeeded',
    operation: 'purchase',
    operationOutcome: 'succeeded',
  },
  payment_failed: { kind: 'payment', status: 'failed', operation: 'purchase', operationOutcome: 'failed' },
  payment_faild: { kind: 'payment', status: 'failed', operation: 'purchase', operationOutcome: 'failed' },
  payment_refunded: {
    kind: 'payment',
    status: 'refunded',
    operation: 'refund',
    operationOutcome: 'succeeded',
  },
  payment_voided: { kind: 'payment', status: 'canceled', operation: 'void', operationOutcome: 'succeeded' },
  payment_authorized: {
    kind: 'payment',
    status: 'authorized',
    operation: 'authorize',
    operationOutcome: 'succeeded',
  },
  payment_captured: {
    kind: 'payment',
    status: 'succeeded',
    operation: 'capture',
    operationOutcome: 'succeeded',
  },
  /** The card was verified (tokenization): no money moved, nothing decided for a purchase. */
  payment_verified: { kind: 'payment', status: 'pending' },
  /** The payer left without finishing: closed before money moved. */
  payment_abandoned: {
    kind: 'payment',
    status: 'canceled',
    operation: 'purchase',
    operationOutcome: 'failed',
  },
  payment_expired: { kind: 'payment', status: 'expired', operation: 'purchase', operationOutcome: 'failed' },
  card_auth_authenticated: { kind: 'card_authentication', outcome: 'authenticated' },
  card_auth_failed: { kind: 'card_authentication', outcome: 'failed' },
  /** Money moved from Moyasar to the merchant's bank: `data` is a transfer, not a payment. */
  balance_transferred: { kind: 'settlement' },
});

/**
 * The webhook event types this version knows: the keys of `MOYASAR_EVENT_TYPES`, so the table and
 * the type cannot drift. Any other type arrives as `kind: 'unknown'`; an event's `type` is
 * `OpenEventType<MoyasarEventType>`: `isEventType(event, 'payment_paid')` narrows it.
 */
export type MoyasarEventType = keyof typeof MOYASAR_EVENT_TYPES;

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> =>
  Object.hasOwn(table, key);

/** The mapping of a webhook event type, or undefined for a type this version does not know. */
export function eventMapping(type: string): MoyasarEventMapping | undefined {
  return has(MOYASAR_EVENT_TYPES, type) ? MOYASAR_EVENT_TYPES[type] : undefined;
}

/** An invoice status → unified status (`pending` for a value not in the table). */
export function mapInvoiceStatus(status: string): PaymentStatus {
  return has(MOYASAR_INVOICE_STATUS, status) ? MOYASAR_INVOICE_STATUS[status] : 'pending';
}

/** A payment status → unified status (`pending` for a value not in the table). */
export function mapPaymentStatus(status: string): PaymentStatus {
  return has(MOYASAR_PAYMENT_STATUS, status) ? MOYASAR_PAYMENT_STATUS[status] : 'pending';
}

/** The rank of a payment status in `DECISIVE_PAYMENT_RANK` (-1 for a value not in the table). */
export function decisiveRank(status: string): number {
  return has(DECISIVE_PAYMENT_RANK, status) ? DECISIVE_PAYMENT_RANK[status] : -1;
}

/** Whether the decisive payment's unified status replaces the invoice's (see `INVOICE_REFINED_BY_PAYMENT`). */
export function refinesInvoice(invoiceStatus: string, paymentStatus: PaymentStatus): boolean {
  return has(INVOICE_REFINED_BY_PAYMENT, invoiceStatus)
    ? INVOICE_REFINED_BY_PAYMENT[invoiceStatus].includes(paymentStatus)
    : false;
}

/**
 * `refunded` or `partially_refunded`, from the refunded total against what was captured
 * (`captured` when the payment was captured in part, else `amount`). A refund of nothing is not a refund.
 */
export function refundStatus(refunded: number, captured: number | undefined, amount: number): PaymentStatus {
  const base = captured !== undefined && captured > 0 ? captured : amount;
  return refunded >= base ? 'refunded' : 'partially_refunded';
}

/**
 * The one refund refinement, shared by webhooks and `getPayment`: a payment that is `succeeded` or
 * `refunded` and whose `refunded` total is above zero is `refunded` or `partially_refunded`
 * (see `refundStatus`); any other status stays as it is.
 */
export function refineByRefunds(
  status: PaymentStatus,
  payment: { amount: number; refunded?: number | undefined; captured?: number | undefined },
): PaymentStatus {
  const refunded = payment.refunded ?? 0;
  if ((status === 'succeeded' || status === 'refunded') && refunded > 0) {
    return refundStatus(refunded, payment.captured, payment.amount);
  }
  return status;
}

/** A payment's unified status from its `status` and amounts (`MOYASAR_PAYMENT_STATUS`, then `refineByRefunds`). */
export function paymentStatusOf(payment: {
  status: string;
  amount: number;
  refunded?: number | undefined;
  captured?: number | undefined;
}): PaymentStatus {
  return refineByRefunds(mapPaymentStatus(payment.status), payment);
}

/** The payment that decides an invoice's refined status: highest `DECISIVE_PAYMENT_RANK`, then the latest. */
export function decisivePayment<T extends { status: string; created_at?: string | null | undefined }>(
  payments: readonly T[] | null | undefined,
): T | undefined {
  let best: T | undefined;
  for (const payment of payments ?? []) {
    if (best === undefined) {
      best = payment;
      continue;
    }
    const byRank = decisiveRank(payment.status) - decisiveRank(best.status);
    const later = (payment.created_at ?? '') >= (best.created_at ?? '');
    if (byRank > 0 || (byRank === 0 && later)) best = payment;
  }
  return best;
}

/**
 * An invoice's unified status: `MOYASAR_INVOICE_STATUS`, replaced by its decisive payment's status
 * where `INVOICE_REFINED_BY_PAYMENT` allows it.
 */
export function invoiceStatusOf(
  invoiceStatus: string,
  decisive:
    | { status: string; amount: number; refunded?: number | undefined; captured?: number | undefined }
    | undefined,
): PaymentStatus {
  const own = mapInvoiceStatus(invoiceStatus);
  if (decisive === undefined) {
    return own;
  }
  const fromPayment = paymentStatusOf(decisive);
  return refinesInvoice(invoiceStatus, fromPayment) ? fromPayment : own;
}

/**
 * Minor units captured so far. Moyasar's `captured` counts only captures of authorized payments;
 * a one-step purchase (`paid`) reports `captured: 0` although its whole amount moved.
 */
export function capturedAmountOf(payment: {
  status: string;
  amount: number;
  captured?: number | undefined;
}): number {
  if (payment.captured !== undefined && payment.captured > 0) return payment.captured;
  return payment.status === 'paid' || payment.status === 'refunded' ? payment.amount : 0;
}
