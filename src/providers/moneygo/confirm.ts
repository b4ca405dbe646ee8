/**
 * Confirming a Money-Go webhook with the API. Its signature covers neither the status nor the
 * transaction id (webhooks.ts), so before an order is fulfilled every field that matters is
 * compared with what `GET /api/transaction/show` says: status, amount, currency, both wallets, the
 * transaction id, and the merchant's own wallet.
 */
import { MoneyGoConfirmationError, type MoneyGoMismatch } from './errors';
import type { MoneyGoPayment } from './types';
import { sameWallet } from './wallets';
import type { MoneyGoWebhookEvent } from './webhooks';

/** Throws `MoneyGoConfirmationError` listing every field where the webhook and the API disagree. */
export function confirmAgainst(
  event: MoneyGoWebhookEvent,
  payment: MoneyGoPayment,
  merchantWallet: string | undefined,
): MoneyGoPayment {
  const mismatches: MoneyGoMismatch[] = [];
  const check = (
    field: MoneyGoMismatch['field'],
    seen: string | number | undefined,
    expected: string | number | undefined,
    same: (a: string | number, b: string | number) => boolean = (a, b) => a === b,
  ) => {
    if (expected === undefined) return;
    if (seen === undefined || !same(seen, expected)) mismatches.push({ field, event: seen, expected });
  };
  const walletEq = (a: string | number, b: string | number) => sameWallet(String(a), String(b));
  check('status', event.status, payment.status);
  check('currency', event.currency, payment.currency);
  check('amount', event.amount, payment.checkoutAmount ?? payment.amount);
  check('walletTo', event.walletTo, payment.walletTo, walletEq);
  check('walletFrom', event.walletFrom, payment.walletFrom, walletEq);
  // Not signed: a re-posted webhook with another transaction_id is refused here (its event id is
  // the same as the genuine one's, so it is deduplicated either way).
  check('transactionId', event.transactionId, payment.checkoutTransactionId ?? payment.transactionId);
  if (merchantWallet !== undefined) check('merchantWallet', event.walletTo, merchantWallet.trim(), walletEq);
  if (mismatches.length > 0) throw new MoneyGoConfirmationError(event.id, mismatches, payment);
  return payment;
}
