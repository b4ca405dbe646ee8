/**
 * The order in which a payment's unified status moves: one table, the only place that says
 * whether an event would move a payment forwards or backwards. The webhook handler's `ordering`
 * option and the stores' "furthest status reached" record both read it.
 *
 * | rank | statuses                          | why here                                                   |
 * |------|-----------------------------------|------------------------------------------------------------|
 * | 0    | `pending`                         | created, nothing happened yet                              |
 * | 1    | `requires_action`                 | the payer was asked for something (3-D Secure, a wallet)   |
 * | 2    | `authorized`                      | funds held                                                 |
 * | 3    | `failed`, `canceled`, `expired`   | ended without money moving                                 |
 * | 4    | `succeeded`                       | money moved: after a failure, a new attempt may succeed    |
 * | 5    | `partially_refunded`              | part of the money went back                                |
 * | 6    | `refunded`                        | all of it went back                                        |
 *
 * An event is backwards when its status ranks below the furthest status recorded for its
 * payment. Equal ranks are not backwards: `failed` after `canceled` says nothing new, and a second
 * partial refund is `partially_refunded` again. `succeeded` outranks the three unsuccessful
 * statuses because a link can be paid after a declined attempt, while a late `failed` after a
 * `succeeded` is the echo of that earlier attempt.
 */
import type { PaymentStatus } from './status';

export const STATUS_RANK: Readonly<Record<PaymentStatus, number>> = Object.freeze({
  pending: 0,
  requires_action: 1,
  authorized: 2,
  failed: 3,
  canceled: 3,
  expired: 3,
  succeeded: 4,
  partially_refunded: 5,
  refunded: 6,
});

/** True when a payment that reached `furthest` would move backwards to `next`. */
export function isBackwards(furthest: PaymentStatus, next: PaymentStatus): boolean {
  return STATUS_RANK[next] < STATUS_RANK[furthest];
}

/** The further of two statuses (the first on equal rank). */
export function furthestStatus(a: PaymentStatus, b: PaymentStatus): PaymentStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}
