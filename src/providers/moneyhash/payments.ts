/**
 * MoneyHash intents and operations in unified terms, shared by `getPayment` and the webhook events:
 * amounts (MoneyHash writes major units as numbers, decimal strings or `{ value, currency }`) read
 * exactly into minor units, balances, the merchant reference, and an intent's unified status
 * through the status table.
 */
import { InvalidResponseError, type PaybridgeError, WebhookParseError } from '../../core/errors';
import { parseProviderAmount } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import type {
  MoneyHashAmount,
  MoneyHashIntent,
  MoneyHashOperationObject,
  MoneyHashOperationResponse,
  MoneyHashWebhookIntent,
} from './api';
import { mapIntentStatus, mapOperationStatus, refundExtent } from './status';
import type { MoneyHashOperationResult, MoneyHashPayment } from './types';

const PROVIDER = 'moneyhash';

export const lastPart = (type: string): string => type.slice(type.lastIndexOf('.') + 1);
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** MoneyHash timestamps: `2022-12-08 13:51:01.900745+00:00` or ISO 8601. */
export function parseDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function currencyOf(amount: MoneyHashAmount | null | undefined, fallback: string | null | undefined) {
  if (typeof amount === 'object' && amount !== null && typeof amount.currency === 'string')
    return amount.currency;
  return fallback ?? undefined;
}

/** Builds the error thrown for an unreadable amount (webhooks: WebhookParseError; API answers: InvalidResponseError). */
export type AmountFailure = (message: string) => PaybridgeError;

export const webhookFailure: AmountFailure = (message) =>
  new WebhookParseError('invalid_shape', `MoneyHash webhook ${message}`, { provider: PROVIDER });

/** Minor units of a MoneyHash amount (major units), or undefined when absent or without a currency. */
export function minor(
  amount: MoneyHashAmount | null | undefined,
  currency: string | undefined,
  field: string,
  fail: AmountFailure = webhookFailure,
): number | undefined {
  if (amount === null || amount === undefined) return undefined;
  if (currencyOf(amount, currency) === undefined) return undefined;
  try {
    return parseProviderAmount(amount, currency, { unit: 'major', field }).amount;
  } catch (error) {
    const why = error instanceof Error ? error.message : 'unreadable amount';
    throw fail(`${field}: ${why}`);
  }
}

export function referenceOf(
  ...sources: Array<{
    custom?: Record<string, unknown> | null | undefined;
    merchant?: string | null | undefined;
  }>
): string | undefined {
  for (const { custom, merchant } of sources) {
    const ref = text(custom?.['reference']) ?? text(merchant);
    if (ref !== undefined) return ref;
  }
  return undefined;
}

export function balancesOf(
  paymentStatus: MoneyHashWebhookIntent['payment_status'],
  currency: string | undefined,
  fail: AmountFailure = webhookFailure,
): { captured?: number | undefined; refunded?: number | undefined } | undefined {
  const balances = paymentStatus?.balances;
  if (!balances) return undefined;
  return {
    captured: minor(balances.total_captured, currency, 'payment_status.balances.total_captured', fail),
    refunded: minor(balances.total_refunded, currency, 'payment_status.balances.total_refunded', fail),
  };
}

/** An intent object read into the unified terms (intent webhooks and getPayment share it). */

export interface IntentSummary {
  status: PaymentStatus;
  amount: number | undefined;
  currency: string | undefined;
  reference: string | undefined;
  transactionId: string | undefined;
  transactionStatus: string | undefined;
  paymentStatus: string | undefined;
  capturedAmount: number | undefined;
  refundedAmount: number | undefined;
}

/**
 * Reads status (through the table), amounts, balances and reference of an intent object: the
 * fields an intent webhook's schema reads (an API answer's intent has them too).
 */
export function summarizeIntent(
  intent: MoneyHashWebhookIntent,
  fail: AmountFailure = webhookFailure,
): IntentSummary {
  const tx = intent.active_transaction ?? undefined;
  const currency = currencyOf(intent.amount, intent.amount_currency);
  const balances = balancesOf(intent.payment_status, currency, fail);
  const paymentStatus = intent.payment_status?.status ?? undefined;
  const transactionStatus = tx?.status ?? undefined;
  return {
    status: mapIntentStatus({
      intentStatus: intent.status,
      paymentStatus,
      transactionStatus,
      refund: refundExtent(balances ?? {}),
    }),
    amount: minor(intent.amount, currency, 'intent.amount', fail),
    currency: currency?.toUpperCase(),
    reference: referenceOf(
      { custom: intent.custom_fields, merchant: intent.merchant_reference },
      { custom: tx?.custom_fields, merchant: tx?.merchant_reference },
    ),
    transactionId: tx?.id,
    transactionStatus,
    paymentStatus,
    capturedAmount: balances?.captured,
    refundedAmount: balances?.refunded,
  };
}

/** `GET …/intent/{id}/` → the unified payment. */
export function toMoneyHashPayment(intent: MoneyHashIntent, raw: unknown): MoneyHashPayment {
  const fail = (message: string) =>
    new InvalidResponseError(`MoneyHash answered GET intent with an unreadable ${message}`, {
      provider: PROVIDER,
    });
  const summary = summarizeIntent(intent, fail);
  if (summary.amount === undefined || summary.currency === undefined) {
    throw new InvalidResponseError('MoneyHash answered GET intent without amount and currency.', {
      provider: PROVIDER,
      path: 'data.intent.amount',
    });
  }
  return {
    provider: PROVIDER,
    id: intent.id,
    status: summary.status,
    providerStatus: intent.status,
    amount: summary.amount,
    currency: summary.currency,
    reference: summary.reference,
    capturedAmount: summary.capturedAmount,
    refundedAmount: summary.refundedAmount,
    intentStatus: intent.status,
    paymentStatus: summary.paymentStatus,
    transactionId: summary.transactionId,
    transactionStatus: summary.transactionStatus,
    raw,
  };
}

/** The answer to capture, void or refund → the operation's result, as far as the answer tells. */
export function toOperationResult(
  operation: MoneyHashOperationResult['operation'],
  transactionId: string,
  raw: MoneyHashOperationResponse,
): MoneyHashOperationResult {
  const data = raw.data ?? undefined;
  const operations = data?.transaction?.operations ?? data?.operations ?? [];
  const latest: MoneyHashOperationObject | undefined = operations.findLast((o) => o.type === operation);
  const operationStatus = (latest?.status ?? latest?.latest_status?.value ?? undefined)?.toLowerCase();
  const intent = data?.intent;
  return {
    provider: PROVIDER,
    operation,
    transactionId: data?.transaction?.id ?? transactionId,
    intentId: (typeof intent === 'string' ? intent : intent?.id) ?? data?.intent_id ?? undefined,
    operationStatus,
    outcome:
      operationStatus === undefined
        ? undefined
        : mapOperationStatus({ flow: 'payin', operation, operationStatus, refund: 'unknown' }).outcome,
    raw,
  };
}
