/**
 * Money-Go transaction status → unified `PaymentStatus`. The whole mapping is the table below;
 * both the webhook (`status`, `cancel`) and `GET /api/transaction/show` (`data.status`,
 * `data.processing_pay.cancel`) go through `toPaymentStatus`.
 *
 * | Money-Go                         | unified     | why                                              |
 * |----------------------------------|-------------|--------------------------------------------------|
 * | `SUCCESS`                        | `succeeded` | the transfer between the wallets was carried out |
 * | `PENDING`                        | `pending`   | created or in progress                           |
 * | `FAIL`                           | `failed`    |                                                  |
 * | `CANCEL`                         | `canceled`  | the payer cancelled; no money moved              |
 * | `cancel: true` (or 1, any status) | `canceled`  | the flag wins: `succeeded` only where money surely moved |
 * | anything else                    | `pending`   | when in doubt, the less final status; `providerStatus` keeps the value |
 *
 * Values are matched case-insensitively (Money-Go documents them in upper case).
 */
import type { PaymentStatus } from '../../core/status';

/** The statuses Money-Go documents, as it writes them. */
export type MoneyGoStatus = 'SUCCESS' | 'PENDING' | 'FAIL' | 'CANCEL';

export const MONEYGO_STATUS_TABLE: Readonly<Record<MoneyGoStatus, PaymentStatus>> = Object.freeze({
  SUCCESS: 'succeeded',
  PENDING: 'pending',
  FAIL: 'failed',
  CANCEL: 'canceled',
});

/** The status of a transaction whose `cancel` flag is `true`, whatever its `status` says. */
export const MONEYGO_CANCEL_FLAG_STATUS: PaymentStatus = 'canceled';

/** The status of a value Money-Go does not document (the less final one). */
export const MONEYGO_UNKNOWN_STATUS: PaymentStatus = 'pending';

/** True for a `cancel` flag that says the transaction was cancelled: `true` (documented), `1`, `"1"`, `"true"`. */
export function isCancelled(flag: unknown): boolean {
  return flag === true || flag === 1 || flag === '1' || flag === 'true';
}

/** Maps Money-Go's `status` (and its `cancel` flag, where sent) to the unified status. */
export function toPaymentStatus(status: unknown, cancel?: unknown): PaymentStatus {
  if (isCancelled(cancel)) return MONEYGO_CANCEL_FLAG_STATUS;
  const key = typeof status === 'string' ? status.trim().toUpperCase() : '';
  return Object.hasOwn(MONEYGO_STATUS_TABLE, key)
    ? MONEYGO_STATUS_TABLE[key as MoneyGoStatus]
    : MONEYGO_UNKNOWN_STATUS;
}
