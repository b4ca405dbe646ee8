/**
 * The one status every provider's payments are mapped to.
 *
 * | status               | meaning                                                     | final | money kept |
 * |----------------------|-------------------------------------------------------------|-------|------------|
 * | `pending`            | created or in progress, nothing decided                     | no    | no         |
 * | `requires_action`    | waiting on the payer (3-D Secure, an external action)       | no    | no         |
 * | `authorized`         | funds held, not captured                                    | no    | no         |
 * | `succeeded`          | money captured / paid                                       | yes   | yes        |
 * | `failed`             | the attempt failed                                          | yes   | no         |
 * | `canceled`           | closed, voided or cancelled before money moved              | yes   | no         |
 * | `expired`            | the link or authorization expired                           | yes   | no         |
 * | `refunded`           | captured, then refunded in full                             | yes   | no         |
 * | `partially_refunded` | captured, then refunded in part                             | yes   | yes        |
 *
 * "Final" means the payer can no longer change the outcome; a merchant can still refund a
 * `succeeded` or `partially_refunded` payment. Mapping rule for adapters: `succeeded` only where
 * money moved; when in doubt, the less final status.
 */
export const PAYMENT_STATUSES = [
  'pending',
  'requires_action',
  'authorized',
  'succeeded',
  'failed',
  'canceled',
  'expired',
  'refunded',
  'partially_refunded',
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const FINAL: ReadonlySet<PaymentStatus> = new Set([
  'succeeded',
  'failed',
  'canceled',
  'expired',
  'refunded',
  'partially_refunded',
]);
const MONEY_KEPT: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded']);
const MONEY_CAPTURED: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded', 'refunded']);

/** True for any of the nine unified statuses. */
export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === 'string' && (PAYMENT_STATUSES as readonly string[]).includes(value);
}

/** The payer can no longer change the outcome (see the table above). */
export function isFinalStatus(status: PaymentStatus): boolean {
  return FINAL.has(status);
}

/** Nothing is decided yet: `pending`, `requires_action` or `authorized` (funds held, not captured). */
export function isOpenStatus(status: PaymentStatus): boolean {
  return !FINAL.has(status);
}

/** The merchant captured money and keeps at least part of it: `succeeded` or `partially_refunded`. Ship on this. */
export function isSuccessfulStatus(status: PaymentStatus): boolean {
  return MONEY_KEPT.has(status);
}

/** Money was captured at some point, even if later refunded in full. */
export function wasCaptured(status: PaymentStatus): boolean {
  return MONEY_CAPTURED.has(status);
}

/** The attempt ended without money moving: `failed`, `canceled` or `expired`. */
export function isUnsuccessfulStatus(status: PaymentStatus): boolean {
  return status === 'failed' || status === 'canceled' || status === 'expired';
}
