/**
 * Signed webhook builders for tests: each returns `{ body, headers }`, ready for an adapter's
 * `parseWebhook` or for an HTTP POST to your own handler. Bodies follow the providers' documented
 * samples; amounts are given in integer minor units and written the way each provider writes them.
 *
 * Pick an event by the unified status it should produce (`status: 'failed'`) or by the provider's
 * own event type (`type: 'transaction.purchase.failed'`); everything else has a default and can be
 * overridden (amount, currency, ids, reference, custom fields or metadata, timestamp).
 */
import { InvalidRequestError } from '../core/errors';
import { assertMinorUnits, formatMinorUnits, normalizeCurrencyCode } from '../core/money';
import type { PaymentStatus } from '../core/status';
import { MONEYGO_WALLET_PREFIXES } from '../providers/moneygo/amount';
import { signCheckout } from '../providers/moneygo/signature';
import { computeV3Signature } from '../providers/moneyhash/signature';
import { TEST_CREDENTIALS } from './defaults';
import { shortId, uuid } from './ids';

/** A webhook as a provider would send it: the exact body text and the headers that go with it. */
export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * The JSON number a provider writes for a major-unit amount (`1050 USD` → `10.5`). Obtained by
 * parsing the exact decimal string, as `JSON.parse` would; no arithmetic touches the amount.
 */
export function majorUnitsNumber(amount: number, currency: string): number {
  return Number(formatMinorUnits(amount, currency));
}

function checkAmount(amount: number, field: string): number {
  assertMinorUnits(amount, { field, allowZero: true });
  return amount;
}

function unixSeconds(value: number | Date | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidRequestError('timestamp must be whole Unix seconds or a Date.', {
      code: 'invalid_timestamp',
      field: 'timestamp',
    });
  }
  return value;
}

function pickType(
  provider: string,
  table: Readonly<Partial<Record<PaymentStatus, string>>>,
  type: string | undefined,
  status: PaymentStatus | undefined,
  fallback: string,
): string {
  if (type !== undefined) return type;
  if (status === undefined) return fallback;
  const picked = table[status];
  if (picked === undefined) {
    throw new InvalidRequestError(
      `${provider} sends no webhook that reports the status "${status}"; pass \`type\` to build a specific event.`,
      { code: 'unsupported_status', field: 'status', provider },
    );
  }
  return picked;
}

// ---------------------------------------------------------------------------------------------
// MoneyHash
// ---------------------------------------------------------------------------------------------

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

/** The `MoneyHash-Signature` header value for `body` at `timestamp`: `t=…,v3=…` (v1/v2 recipes are not public). */
export async function moneyHashSignatureHeader(
  body: string | Uint8Array,
  secret: string,
  timestamp: number | Date = Math.floor(Date.now() / 1000),
): Promise<string> {
  const t = unixSeconds(timestamp);
  return `t=${t},v3=${await computeV3Signature(secret, body, t)}`;
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
      'MoneyHash-Signature': await moneyHashSignatureHeader(body, secret, options.timestamp),
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
function halfOf(amount: number): number {
  return Number(BigInt(amount) / 2n) || 1;
}

/** A signed MoneyHash webhook (`MoneyHash-Signature: t=…,v3=…`). */
export async function moneyHashWebhook(options: MoneyHashWebhookOptions = {}): Promise<SignedWebhook> {
  return signMoneyHashBody(JSON.stringify(moneyHashWebhookPayload(options)), options);
}

// ---------------------------------------------------------------------------------------------
// Moyasar
// ---------------------------------------------------------------------------------------------

/** The Moyasar event each unified status is built from by default (Moyasar sends none for `pending` or `requires_action`). */
export const MOYASAR_EVENT_FOR_STATUS: Readonly<Partial<Record<PaymentStatus, string>>> = Object.freeze({
  authorized: 'payment_authorized',
  succeeded: 'payment_paid',
  failed: 'payment_failed',
  canceled: 'payment_voided',
  expired: 'payment_expired',
  refunded: 'payment_refunded',
  partially_refunded: 'payment_refunded',
});

/** The payment's `status` inside each event's `data`. */
export const MOYASAR_PAYMENT_STATUS_FOR_EVENT: Readonly<Record<string, string>> = Object.freeze({
  payment_paid: 'paid',
  payment_failed: 'failed',
  payment_faild: 'failed',
  payment_authorized: 'authorized',
  payment_captured: 'captured',
  payment_voided: 'voided',
  payment_refunded: 'refunded',
  payment_verified: 'verified',
  payment_expired: 'expired',
  payment_abandoned: 'initiated',
});

export interface MoyasarPaymentOptions {
  paymentId?: string;
  /** The invoice the payment belongs to (`null` for a payment made without an invoice). */
  invoiceId?: string | null;
  /** Moyasar's payment status (`'paid'`, `'failed'`, …; default `'paid'`). */
  paymentStatus?: string;
  /** Minor units (default 10 000 = 100.00 SAR). */
  amount?: number;
  currency?: string;
  /** Minor units refunded so far (default 0). */
  refunded?: number;
  /** Minor units captured so far (default: `amount` for captured payments, else 0). */
  captured?: number;
  description?: string;
  /** The merchant reference, sent as `metadata.paybridge_reference`. */
  reference?: string;
  metadata?: Record<string, string>;
  /** The source's message (`'APPROVED'`, `'Insufficient Funds'`). */
  message?: string;
  createdAt?: Date;
}

/** A Moyasar payment object (what `GET /v1/payments/{id}` answers and what `payment_*` events carry). */
export function moyasarPaymentObject(options: MoyasarPaymentOptions = {}): Record<string, unknown> {
  const currency = normalizeCurrencyCode(options.currency ?? 'SAR');
  const amount = checkAmount(options.amount ?? 10_000, 'amount');
  const status = options.paymentStatus ?? 'paid';
  const refunded = checkAmount(options.refunded ?? 0, 'refunded');
  const captured = checkAmount(
    options.captured ?? (['paid', 'captured', 'refunded'].includes(status) ? amount : 0),
    'captured',
  );
  const created = (options.createdAt ?? new Date()).toISOString();
  const fmt = (minor: number) => `${formatMinorUnits(minor, currency)} ${currency}`;
  const failed = status === 'failed';
  return {
    id: options.paymentId ?? uuid(),
    status,
    amount,
    fee: 0,
    currency,
    refunded,
    refunded_at: refunded > 0 ? created : null,
    captured,
    captured_at: captured > 0 ? created : null,
    voided_at: status === 'voided' ? created : null,
    description: options.description ?? 'Simulated payment',
    amount_format: fmt(amount),
    fee_format: fmt(0),
    refunded_format: fmt(refunded),
    captured_format: fmt(captured),
    invoice_id: options.invoiceId === undefined ? uuid() : options.invoiceId,
    ip: null,
    callback_url: null,
    created_at: created,
    updated_at: created,
    metadata: {
      ...(options.metadata ?? {}),
      ...(options.reference !== undefined ? { paybridge_reference: options.reference } : {}),
    },
    source: {
      type: 'creditcard',
      company: 'visa',
      name: 'Test Payer',
      number: '4111-11XX-XXXX-1111',
      gateway_id: `moyasar_cc_${shortId(12)}`,
      reference_number: null,
      token: null,
      message: options.message ?? (failed ? 'Insufficient Funds' : 'APPROVED'),
      transaction_url: null,
    },
  };
}

export interface MoyasarWebhookOptions extends Omit<MoyasarPaymentOptions, 'paymentStatus'> {
  /** The event type, verbatim (`'payment_paid'`, …). Wins over `status`. */
  type?: string;
  /** Build the event that reports this unified status (see `MOYASAR_EVENT_FOR_STATUS`). Default `'succeeded'`. */
  status?: PaymentStatus;
  /** The webhook's secret, echoed as `secret_token` (default: the simulator's test secret). */
  secretToken?: string;
  /** The event id (stays the same across Moyasar's retries). */
  eventId?: string;
  /** The payment's status inside `data` (default: the one that goes with the event type). */
  paymentStatus?: string;
  live?: boolean;
  accountName?: string;
  /** The event's `created_at` (default now). */
  eventCreatedAt?: Date;
  /** A complete `data` object to send instead of a built payment (e.g. a transfer for `balance_transferred`). */
  data?: Record<string, unknown>;
}

/** The JSON value of a Moyasar webhook envelope. */
export function moyasarWebhookPayload(options: MoyasarWebhookOptions = {}): Record<string, unknown> {
  const type = pickType('moyasar', MOYASAR_EVENT_FOR_STATUS, options.type, options.status, 'payment_paid');
  const amount = options.amount ?? 10_000;
  const refunded =
    options.refunded ??
    (options.status === 'partially_refunded'
      ? halfOf(amount)
      : type === 'payment_refunded'
        ? amount
        : undefined);
  const data =
    options.data ??
    moyasarPaymentObject({
      ...options,
      amount,
      refunded,
      paymentStatus: options.paymentStatus ?? MOYASAR_PAYMENT_STATUS_FOR_EVENT[type] ?? 'paid',
    });
  return {
    id: options.eventId ?? uuid(),
    type,
    created_at: (options.eventCreatedAt ?? new Date()).toISOString(),
    secret_token: options.secretToken ?? TEST_CREDENTIALS.moyasar.webhookSecret,
    account_name: options.accountName ?? 'Simulator Test Account',
    live: options.live ?? false,
    data,
  };
}

/** A Moyasar webhook: its authenticity is the `secret_token` in the body (Moyasar sends no signature header). */
export async function moyasarWebhook(options: MoyasarWebhookOptions = {}): Promise<SignedWebhook> {
  return { body: JSON.stringify(moyasarWebhookPayload(options)), headers: { ...JSON_HEADERS } };
}

// ---------------------------------------------------------------------------------------------
// Money-Go
// ---------------------------------------------------------------------------------------------

export type MoneyGoWebhookStatus = 'SUCCESS' | 'FAIL' | 'CANCEL' | 'PENDING';

/** The Money-Go webhook `status` each unified status is built from (Money-Go reports only these four). */
export const MONEYGO_STATUS_FOR_STATUS: Readonly<Partial<Record<PaymentStatus, MoneyGoWebhookStatus>>> =
  Object.freeze({
    pending: 'PENDING',
    succeeded: 'SUCCESS',
    failed: 'FAIL',
    canceled: 'CANCEL',
  });

/** The currency of a Money-Go wallet number, by its first letter: the adapter's own table. */
export const MONEYGO_WALLET_CURRENCIES: Readonly<Record<string, string>> = MONEYGO_WALLET_PREFIXES;

export interface MoneyGoWebhookOptions {
  /** Build the webhook for this unified status (default `'succeeded'`). */
  status?: PaymentStatus;
  /** Money-Go's own status, verbatim. Wins over `status`. */
  providerStatus?: MoneyGoWebhookStatus | (string & {});
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
    options.currency ?? MONEYGO_WALLET_CURRENCIES[walletTo.charAt(0).toUpperCase()] ?? 'USD',
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
