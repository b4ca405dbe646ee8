/**
 * Signed MoneyHash webhooks for tests: the v3 `MoneyHash-Signature` over the exact body, bodies
 * shaped like MoneyHash's documented samples (transaction events without a `data` wrapper, intent
 * events with one).
 */
import { formatMinorUnits, normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import { signMoneyHashWebhook } from '../../providers/moneyhash/signature';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId, uuid } from '../ids';
import {
  checkAmount,
  halfOf,
  JSON_HEADERS,
  majorUnitsNumber,
  pickType,
  type SignedWebhook,
  unixSeconds,
} from './common';

/** The MoneyHash event each unified status is built from by default. */
export const MONEYHASH_EVENT_FOR_STATUS: Readonly<Record<PaymentStatus, string>> = Object.freeze({
  pending: 'transaction.purchase.pending',
  requires_action: 'transaction.purchase.pending_authentication',
  authorized: 'transaction.authorize.successful',
  succeeded: 'transaction.purchase.successful',
  failed: 'transaction.purchase.failed',
  canceled: 'intent.closed',
  expired: 'intent.time_expired',
  refunded: 'transaction.refund.successful',
  partially_refunded: 'transaction.refund.successful',
});

const MONEYHASH_INTENT_STATUS: Readonly<Record<string, string>> = {
  'intent.processed': 'PROCESSED',
  'intent.closed': 'CLOSED',
  'intent.time_expired': 'TIME_EXPIRED',
};

export interface MoneyHashWebhookOptions {
  /** The event type, verbatim (`'intent.processed'`, `'transaction.purchase.failed'`, …). Wins over `status`. */
  type?: string;
  /** Build the event that reports this unified status (see `MONEYHASH_EVENT_FOR_STATUS`). Default `'succeeded'`. */
  status?: PaymentStatus;
  /** The webhook signature secret (default: the simulator's test secret). */
  secret?: string;
  /** The signature's `t` (Unix seconds or a Date; default now). */
  timestamp?: number | Date;
  intentId?: string;
  transactionId?: string;
  /** Minor units (default 10 000 = 100.00 USD). */
  amount?: number;
  currency?: string;
  /** Refund events: minor units refunded (default: all of `amount`; half of it for `partially_refunded`). */
  refundAmount?: number;
  /** The merchant reference: sent as `custom_fields.reference` and `transaction.merchant_reference`. */
  reference?: string;
  /** The intent's `custom_fields` (merged with `reference`); `null` sends `null`. */
  customFields?: Record<string, unknown> | null;
  /** A failure or status message (transaction events). */
  message?: string;
  /** When the intent was created (default now). */
  createdAt?: Date;
  /** `is_live` of the intent (default false). */
  live?: boolean;
}

/** Signs a MoneyHash body you built yourself. */
export async function signMoneyHashBody(
  body: string,
  options: { secret?: string; timestamp?: number | Date } = {},
): Promise<SignedWebhook> {
  const secret = options.secret ?? TEST_CREDENTIALS.moneyhash.webhookSecret;
  return {
    body,
    headers: {
      ...JSON_HEADERS,
      'MoneyHash-Signature': await signMoneyHashWebhook(
        secret,
        body,
        unixSeconds(options.timestamp ?? Math.floor(Date.now() / 1000)),
      ),
    },
  };
}

function moneyHashTime(date: Date): string {
  // MoneyHash writes `2022-12-08 13:50:48.298834+00:00` in transaction events.
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000+00:00`;
}

/** The JSON value of a MoneyHash webhook (not yet serialised or signed). */
export function moneyHashWebhookPayload(options: MoneyHashWebhookOptions = {}): Record<string, unknown> {
  const type = pickType(
    'moneyhash',
    MONEYHASH_EVENT_FOR_STATUS,
    options.type,
    options.status,
    'transaction.purchase.successful',
  );
  const currency = normalizeCurrencyCode(options.currency ?? 'USD');
  const amount = checkAmount(options.amount ?? 10_000, 'amount');
  const intentId = options.intentId ?? shortId();
  const transactionId = options.transactionId ?? uuid();
  const created = options.createdAt ?? new Date();
  const customFields =
    options.customFields === null && options.reference === undefined
      ? null
      : {
          ...(options.customFields ?? {}),
          ...(options.reference !== undefined ? { reference: options.reference } : {}),
        };
  const intentStatus = MONEYHASH_INTENT_STATUS[type];
  if (intentStatus !== undefined) {
    const paid = intentStatus === 'PROCESSED';
    const transaction = paid
      ? {
          id: transactionId,
          custom_fields: null,
          created: created.toISOString(),
          status: 'SUCCESSFUL',
          amount: formatMinorUnits(amount, currency),
          amount_currency: currency,
          billing_data: null,
          external_action_message: [],
          payment_method: 'CARD',
          payment_method_name: 'Card',
          custom_form_answers: null,
          custom_message: '',
          service_provider: 'simSP01',
          account: 'simAcct',
          provider_transaction_fields: {},
          provider_signature_match: false,
          ...(options.reference !== undefined ? { merchant_reference: options.reference } : {}),
        }
      : null;
    return {
      type,
      intent_type: 'PAYMENT',
      data: {
        intent_id: intentId,
        intent: {
          id: intentId,
          status: intentStatus,
          amount: majorUnitsNumber(amount, currency),
          amount_currency: currency,
          type: 'Payin',
          account: 'simAcct',
          custom_fields: customFields,
          billing_data: { first_name: '', last_name: '', email: '', phone_number: '' },
          active_transaction: transaction,
          transactions_history: transaction ? [transaction] : [],
          flow: null,
          is_live: options.live ?? false,
          created: created.toISOString(),
        },
      },
      api_version: '1.1',
    };
  }
  const match = /^transaction\.([a-z_]+)\.([a-z_]+)$/.exec(type);
  const operation = match?.[1] ?? 'purchase';
  const outcome = match?.[2] ?? 'successful';
  const refundAmount = checkAmount(
    options.refundAmount ?? (options.status === 'partially_refunded' ? halfOf(amount) : amount),
    'refundAmount',
  );
  const money = (minor: number) => ({ value: majorUnitsNumber(minor, currency), currency });
  const statusId = shortId();
  const now = moneyHashTime(new Date());
  const op = (opType: string, status: string, minor: number, latestStatusId = shortId()) => ({
    id: shortId(),
    type: opType,
    status,
    amount: money(minor),
    statuses: [{ id: latestStatusId, value: status, created: now }],
  });
  // Capture, void and refund follow an earlier successful operation; list it first, as MoneyHash does.
  const earlier: Record<string, string> = { capture: 'authorize', void: 'authorize', refund: 'purchase' };
  const operations = [
    ...(earlier[operation] ? [op(earlier[operation]!, 'successful', amount)] : []),
    {
      ...op(operation, outcome, operation === 'refund' ? refundAmount : amount, statusId),
      ...(options.message !== undefined ? { message: options.message } : {}),
    },
  ];
  return {
    type,
    status_id: statusId,
    intent: {
      id: intentId,
      created: moneyHashTime(created),
      custom_fields: customFields,
      custom_form_answers: null,
      amount: money(amount),
    },
    account: { id: 'simAcct' },
    transaction: {
      type: 'payment',
      id: transactionId,
      created: now,
      status: `${operation}.${outcome}`,
      ...(options.reference !== undefined ? { merchant_reference: options.reference } : {}),
      billing_data: {
        first_name: 'Test',
        last_name: 'Payer',
        email: 'payer@example.com',
        phone_number: null,
      },
      external_action_message: [],
      operations,
      custom_message: options.message ?? '',
      method: { id: 'simCard', display_name: 'Simulator - Card', service_provider: { id: 'simSP01' } },
    },
    api_version: '1.1',
  };
}

/** Half of an amount, rounded down, in integer (BigInt) arithmetic: the default partial refund. */

/** A signed MoneyHash webhook (`MoneyHash-Signature: t=…,v3=…`). */
export async function moneyHashWebhook(options: MoneyHashWebhookOptions = {}): Promise<SignedWebhook> {
  return signMoneyHashBody(JSON.stringify(moneyHashWebhookPayload(options)), options);
}
