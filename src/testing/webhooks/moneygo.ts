/**
 * Signed Money-Go webhooks for tests: the body Money-Go POSTs to `status_url`, with the checkout
 * signature (which proves the order, not its status).
 */
import { formatMinorUnits, normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import { MONEYGO_WALLET_PREFIXES } from '../../providers/moneygo/amount';
import { signCheckout } from '../../providers/moneygo/signature';
import type { MoneyGoStatus } from '../../providers/moneygo/status';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId } from '../ids';
import { checkAmount, JSON_HEADERS, majorUnitsNumber, pickType, type SignedWebhook } from './common';

/** The Money-Go webhook `status` each unified status is built from (Money-Go reports only these four). */
export const MONEYGO_STATUS_FOR_STATUS: Readonly<Partial<Record<PaymentStatus, MoneyGoStatus>>> =
  Object.freeze({
    pending: 'PENDING',
    succeeded: 'SUCCESS',
    failed: 'FAIL',
    canceled: 'CANCEL',
  });

export interface MoneyGoWebhookOptions {
  /** Build the webhook for this unified status (default `'succeeded'`). */
  status?: PaymentStatus;
  /** Money-Go's own status, verbatim. Wins over `status`. */
  providerStatus?: MoneyGoStatus | (string & {});
  /** The form secret the checkout was signed with (default: the simulator's test secret). */
  formSecret?: string;
  /** The merchant's payment id (= the reference given to `createPaymentLink`). */
  paymentId?: string;
  /** Alias of `paymentId`: on Money-Go the reference is the payment id. */
  reference?: string;
  transactionId?: number;
  walletFrom?: string;
  walletTo?: string;
  /** Minor units (default 1 000 = 10.00 USD). */
  amount?: number;
  /** Default: the currency of `walletTo`'s prefix, else USD. */
  currency?: string;
  /** The amount string exactly as sent in the checkout and signed (default: the minimal decimal, `"10"`). */
  amountText?: string;
  /** Minor units of commission (default 0). */
  commission?: number;
  /** The `cancel` flag (default: true for `CANCEL`). */
  cancel?: boolean;
}

/** A Money-Go webhook as POSTed to `status_url`; `signature` is the checkout signature echoed back. */
export async function moneyGoWebhookPayload(
  options: MoneyGoWebhookOptions = {},
): Promise<Record<string, unknown>> {
  const status =
    options.providerStatus ??
    (options.status === undefined
      ? 'SUCCESS'
      : pickType('moneygo', MONEYGO_STATUS_FOR_STATUS, undefined, options.status, 'SUCCESS'));
  const walletTo = options.walletTo ?? TEST_CREDENTIALS.moneygo.walletTo;
  const walletFrom = options.walletFrom ?? TEST_CREDENTIALS.moneygo.walletFrom;
  const currency = normalizeCurrencyCode(
    options.currency ?? MONEYGO_WALLET_PREFIXES[walletTo.charAt(0).toUpperCase()] ?? 'USD',
  );
  const amount = checkAmount(options.amount ?? 1_000, 'amount');
  const amountText = options.amountText ?? formatMinorUnits(amount, currency, { minimal: true });
  const paymentId = options.paymentId ?? options.reference ?? `order-${shortId()}`;
  const signature = await signCheckout(
    { walletTo, walletFrom, amount: amountText, id: paymentId },
    options.formSecret ?? TEST_CREDENTIALS.moneygo.formSecret,
  );
  return {
    payment_id: paymentId,
    signature,
    transaction_id:
      options.transactionId ?? 1000 + (globalThis.crypto.getRandomValues(new Uint16Array(1))[0] ?? 0),
    wallet_from: walletFrom,
    wallet_to: walletTo,
    currency_to: currency,
    currency_from: currency,
    amount: majorUnitsNumber(amount, currency),
    commission: majorUnitsNumber(checkAmount(options.commission ?? 0, 'commission'), currency),
    status,
    cancel: options.cancel ?? status === 'CANCEL',
  };
}

/** A Money-Go webhook. Its `signature` proves the order is genuine, not its status: confirm with `getPayment`. */
export async function moneyGoWebhook(options: MoneyGoWebhookOptions = {}): Promise<SignedWebhook> {
  return { body: JSON.stringify(await moneyGoWebhookPayload(options)), headers: { ...JSON_HEADERS } };
}
