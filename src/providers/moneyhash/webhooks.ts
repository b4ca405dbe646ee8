/**
 * MoneyHash webhooks: verification of `MoneyHash-Signature` (v3) over the exact bytes received,
 * then parsing of every webhook family into a typed event. Pure: no I/O, no HTTP client.
 *
 * Event ids: MoneyHash sends no event id, so `id` is `bodyDigestId(bytes)` (`sha256:<hex of the
 * body>`). A redelivery of the same body gets the same id; the signature header is not part of it.
 * With `acceptCompactJsonSignature`, the id is the digest of the compact JSON text instead: that is
 * what was verified, so re-spaced copies of one delivery share it.
 */

import { timingSafeEqual } from '../../core/crypto';
import { PaybridgeError, WebhookParseError, WebhookVerificationError } from '../../core/errors';
import { parseProviderAmount } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import type {
  BulkPayoutEvent,
  CardTokenEvent,
  CustomerEvent,
  ParseWebhookOptions,
  PaymentEvent,
  PaymentMethodEvent,
  PaymentOperation,
  PayoutEvent,
  SubscriptionEvent,
  UnknownEvent,
  WebhookInput,
} from '../../core/types';
import {
  assertFreshTimestamp,
  bodyDigestId,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../core/webhook-input';
import type * as z from '../../core/zod';
import {
  type MoneyHashAmount,
  type MoneyHashIntent,
  type MoneyHashOperationObject,
  type MoneyHashPaymentStatus,
  type MoneyHashSchemas,
  SIGNATURE_HEADER,
  schemas,
} from './api';
import { computeV3Signature, parseSignatureHeader } from './signature';
import {
  type MoneyHashFlow,
  mapHistoricalStatus,
  mapIntentStatus,
  mapOperationStatus,
  type RefundExtent,
  refundExtent,
} from './status';

const PROVIDER = 'moneyhash' as const;
type P = typeof PROVIDER;

// ---------------------------------------------------------------------------------------------
// Event types
// ---------------------------------------------------------------------------------------------

/** What MoneyHash payment and payout events carry beyond the common fields. */
export interface MoneyHashPaymentDetails {
  /** The id of the operation the event reports (`transaction.operations[].id`). */
  operationId?: string | undefined;
  /** That operation's amount, in minor units of `currency` (a refund's or capture's own amount). */
  operationAmount?: number | undefined;
  /** The intent's status, verbatim, where the event carries it (intent webhooks). */
  intentStatus?: string | undefined;
  /** `intent.payment_status.status`, verbatim, where sent (`AUTHORIZED`, `CAPTURED`, …). */
  paymentStatus?: string | undefined;
  /** Balances in minor units, where the event carries them or they follow from its operations. */
  capturedAmount?: number | undefined;
  refundedAmount?: number | undefined;
  /** `api_version` of the payload (`"1.1"`, `"1.4"`). */
  apiVersion?: string | undefined;
}

/**
 * A payment changed. `paymentId` is the intent id; `amount`/`currency` are the intent's amount
 * (the payment's), `operationAmount` the amount of the operation this event reports.
 */
export interface MoneyHashPaymentEvent extends PaymentEvent<P>, MoneyHashPaymentDetails {}

/** A payout intent changed (`transaction.disburse.*`, `transaction.void.*` on a payout, payout intents). */
export interface MoneyHashPayoutEvent extends PayoutEvent<P>, MoneyHashPaymentDetails {}

export interface MoneyHashCardTokenEvent extends CardTokenEvent<P> {
  /** The intent the card was tokenised in, where sent. */
  intentId?: string | undefined;
  brand?: string | undefined;
  last4?: string | undefined;
}

export interface MoneyHashPaymentMethodEvent extends PaymentMethodEvent<P> {
  methodId?: string | undefined;
  accountId?: string | undefined;
  /** The service provider's code (`NETWORK_INTERNATIONAL`). */
  serviceProvider?: string | undefined;
}

export interface MoneyHashBulkPayoutEvent extends BulkPayoutEvent<P> {
  /** The payout intent an item created (`payout.item.intent_created`). */
  linkedIntentId?: string | undefined;
  merchantReference?: string | undefined;
}

export type MoneyHashCustomerEvent = CustomerEvent<P>;
export type MoneyHashSubscriptionEvent = SubscriptionEvent<P>;
export type MoneyHashUnknownEvent = UnknownEvent<P>;

/** Every event `parseWebhook` returns for MoneyHash: a discriminated union on `kind`. */
export type MoneyHashWebhookEvent =
  | MoneyHashPaymentEvent
  | MoneyHashPayoutEvent
  | MoneyHashCardTokenEvent
  | MoneyHashCustomerEvent
  | MoneyHashPaymentMethodEvent
  | MoneyHashSubscriptionEvent
  | MoneyHashBulkPayoutEvent
  | MoneyHashUnknownEvent;

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

export interface MoneyHashVerifyOptions {
  now?: Date | undefined;
  /** Accepted age of the signature timestamp, both ways, in seconds (default 300); `false` disables. */
  toleranceSeconds?: number | false | undefined;
  /**
   * Also accept a v3 signature computed over the compact re-serialisation of the JSON body
   * (`JSON.stringify(JSON.parse(body))`), as Lago's integration signs. Off by default: MoneyHash's
   * own module signs the raw bytes, and a signature over a re-serialisation does not cover the
   * exact bytes received (whitespace, key order, number spelling).
   */
  acceptCompactJsonSignature?: boolean | undefined;
}

export interface MoneyHashVerification {
  /** The `t=` of the header (Unix seconds). */
  timestamp: number;
  /** Which bytes the valid signature covers. */
  signedForm: 'raw' | 'compact_json';
  /**
   * The exact text that was verified, in the compact-JSON mode: `JSON.stringify(JSON.parse(body))`.
   * Undefined when only the raw bytes were considered.
   */
  compact?: string | undefined;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const decoder = new TextDecoder('utf-8');

/**
 * Verifies `MoneyHash-Signature: t=…,v1=…,v2=…,v3=…` for `bytes` with the v3 recipe, constant-time,
 * then checks the timestamp. Throws `WebhookVerificationError` with a distinct `reason`.
 */
export async function verifyMoneyHashSignature(
  bytes: Uint8Array,
  header: string | undefined,
  secret: string | undefined,
  options: MoneyHashVerifyOptions = {},
): Promise<MoneyHashVerification> {
  if (secret === undefined || secret === '') {
    throw new WebhookVerificationError(
      'missing_secret',
      'MoneyHash: no webhook secret. Pass `webhookSecret` in the settings or set MONEYHASH_WEBHOOK_SECRET ' +
        '(the organisation webhook signature secret, not the API key; fetchWebhookSecret() retrieves it).',
      { provider: PROVIDER },
    );
  }
  if (header === undefined || header.trim() === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header is missing. Pass the request headers along with the raw body.`,
      { provider: PROVIDER },
    );
  }
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header has no valid t=<unix seconds> part.`,
      { provider: PROVIDER },
    );
  }
  const received = parsed.signatures['v3'];
  if (received === undefined) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header has no v3 signature (only v3 is verifiable).`,
      { provider: PROVIDER },
    );
  }
  if (!HEX64.test(received)) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the v3 signature of the ${SIGNATURE_HEADER} header is not 64 hex digits.`,
      { provider: PROVIDER },
    );
  }
  const v3 = received.toLowerCase();
  let signedForm: MoneyHashVerification['signedForm'] | undefined;
  const compact = options.acceptCompactJsonSignature ? compactJson(bytes) : undefined;
  if (timingSafeEqual(await computeV3Signature(secret, bytes, parsed.t), v3)) {
    signedForm = 'raw';
  } else if (
    compact !== undefined &&
    timingSafeEqual(await computeV3Signature(secret, compact, parsed.t), v3)
  ) {
    signedForm = 'compact_json';
  }
  if (!signedForm) {
    throw new WebhookVerificationError(
      'bad_signature',
      'MoneyHash: the v3 signature does not match the body. Check that you pass the raw request body ' +
        '(not a parsed or re-serialised object) and the organisation webhook signature secret (not the API key).',
      { provider: PROVIDER },
    );
  }
  assertFreshTimestamp(parsed.t, {
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
    provider: PROVIDER,
  });
  return { timestamp: parsed.t, signedForm, compact };
}

/** `JSON.stringify(JSON.parse(body))`, or undefined when the body is not JSON. */
function compactJson(bytes: Uint8Array): string | undefined {
  try {
    return JSON.stringify(JSON.parse(decoder.decode(bytes)));
  } catch {
    return undefined;
  }
}

/** The `MoneyHash-Signature` value for `body` at `timestamp` (tests, simulators): `t=…,v3=…`. */
export async function signMoneyHashWebhook(
  secret: string,
  body: Uint8Array | string,
  timestamp: number,
): Promise<string> {
  return `t=${timestamp},v3=${await computeV3Signature(secret, body, timestamp)}`;
}

export interface MoneyHashParseOptions extends ParseWebhookOptions, MoneyHashVerifyOptions {
  /** The organisation webhook signature secret. */
  secret: string | undefined;
}

/** Verifies, then parses a MoneyHash webhook. Pure: no I/O. Rejects only with `PaybridgeError`s. */
export async function parseMoneyHashWebhook(
  input: WebhookInput,
  options: MoneyHashParseOptions,
): Promise<MoneyHashWebhookEvent> {
  const webhook = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  const verified = await verifyMoneyHashSignature(
    webhook.bytes,
    webhook.header(SIGNATURE_HEADER),
    options.secret,
    options,
  );
  const body = parseWebhookJson(webhook.text, PROVIDER);
  // The first parse loads zod; later ones do not wait.
  const s = schemas.ready() ?? (await schemas.load());
  // The id comes from what was verified: in the compact-JSON mode every whitespace or number-spelling
  // variant of one delivery verifies, so they must all get one id (the digest of the compact text).
  const id = await bodyDigestId(verified.compact ?? webhook.bytes);
  return toMoneyHashEvent(s, body, id);
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const PAYMENT_OPERATIONS: ReadonlySet<string> = new Set<PaymentOperation>([
  'purchase',
  'authorize',
  'capture',
  'void',
  'refund',
  'increase_purchase',
  'disburse',
]);

type Family =
  | 'intent'
  | 'transaction'
  | 'card_token'
  | 'customer'
  | 'payment_method'
  | 'subscription'
  | 'bulk'
  | 'bulk_item';

/** Event type → family. Anything else is returned as `kind: 'unknown'`. */
const FAMILIES: ReadonlyArray<readonly [RegExp, Family]> = [
  [/^intent\.[a-z_]+$/, 'intent'],
  [
    /^transaction\.(purchase|authorize|capture|void|refund|increase_purchase|disburse)\.[a-z_]+$/,
    'transaction',
  ],
  [/^card_token\.(created|updated|deleted)$/, 'card_token'],
  [/^customer\.(created|updated|deleted)$/, 'customer'],
  [/^account\.method\.(active|inactive)$/, 'payment_method'],
  [/^subscription(\.[a-z_]+)?$/, 'subscription'],
  [/^payout\.bulk\.[a-z_]+$/, 'bulk'],
  [/^payout\.item\.[a-z_]+$/, 'bulk_item'],
];

/**
 * Turns a verified, parsed MoneyHash body into an event. `id` is the dedupe key (normally
 * `bodyDigestId` of the raw bytes). A known family with an unreadable shape throws
 * `WebhookParseError('invalid_shape')`; an unknown type never throws.
 */
export function toMoneyHashEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
): MoneyHashWebhookEvent {
  const type = body['type'];
  if (type === undefined && typeof body['intent'] === 'string' && typeof body['status'] === 'string') {
    return historicalEvent(s, body, id);
  }
  if (typeof type !== 'string') return { kind: 'unknown', provider: PROVIDER, id, type: '', raw: body };
  const family = FAMILIES.find(([pattern]) => pattern.test(type))?.[1];
  switch (family) {
    case 'intent':
      return intentEvent(s, body, id, type);
    case 'transaction':
      return transactionEvent(s, body, id, type);
    case 'card_token':
      return cardTokenEvent(s, body, id, type);
    case 'customer':
      return customerEvent(s, body, id, type);
    case 'payment_method':
      return methodEvent(s, body, id, type);
    case 'subscription':
      return subscriptionEvent(s, body, id, type);
    case 'bulk':
      return bulkEvent(s, body, id, type);
    case 'bulk_item':
      return bulkItemEvent(s, body, id, type);
    default:
      return { kind: 'unknown', provider: PROVIDER, id, type, raw: body };
  }
}

function read<S extends z.ZodMiniType>(schema: S, body: unknown, type: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const where = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new WebhookParseError(
      'invalid_shape',
      `MoneyHash ${type || 'webhook'} has an unexpected shape: ${where}.`,
      {
        provider: PROVIDER,
      },
    );
  }
  return result.data;
}

const lastPart = (type: string): string => type.slice(type.lastIndexOf('.') + 1);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** MoneyHash timestamps: `2022-12-08 13:51:01.900745+00:00` or ISO 8601. */
function parseDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function currencyOf(amount: MoneyHashAmount | null | undefined, fallback: string | null | undefined) {
  if (typeof amount === 'object' && amount !== null && typeof amount.currency === 'string')
    return amount.currency;
  return fallback ?? undefined;
}

/** Builds the error thrown for an unreadable amount (webhooks: WebhookParseError; API answers: InvalidResponseError). */
export type AmountFailure = (message: string) => PaybridgeError;

const webhookFailure: AmountFailure = (message) =>
  new WebhookParseError('invalid_shape', `MoneyHash webhook ${message}`, { provider: PROVIDER });

/** Minor units of a MoneyHash amount (major units), or undefined when absent or without a currency. */
function minor(
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
    const why = PaybridgeError.isInstance(error) ? error.message : 'unreadable amount';
    throw fail(`${field}: ${why}`);
  }
}

function referenceOf(
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

function balancesOf(
  paymentStatus: MoneyHashPaymentStatus | null | undefined,
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

/** Reads status (through the table), amounts, balances and reference of an intent object. */
export function summarizeIntent(
  intent: MoneyHashIntent,
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

const CAPTURING = new Set(['purchase', 'capture', 'increase_purchase']);

/** Balances from a transaction's operations, where the event carries no `payment_status`. */
function balancesFromOperations(
  operations: readonly MoneyHashOperationObject[],
  currency: string | undefined,
): { captured?: number | undefined; refunded?: number | undefined } {
  let captured: number | undefined;
  let refunded: number | undefined;
  for (const [index, operation] of operations.entries()) {
    if (operation.status?.toLowerCase() !== 'successful' || !operation.type) continue;
    const amount = minor(operation.amount, currency, `transaction.operations.${index}.amount`);
    if (amount === undefined) continue;
    if (CAPTURING.has(operation.type)) captured = (captured ?? 0) + amount;
    else if (operation.type === 'refund') refunded = (refunded ?? 0) + amount;
  }
  return { captured, refunded: refunded ?? 0 };
}

function findOperation(
  operations: readonly MoneyHashOperationObject[],
  type: string,
  operationId: string | null | undefined,
  statusId: string | null | undefined,
): MoneyHashOperationObject | undefined {
  if (operationId) {
    const byId = operations.find((o) => o.id === operationId);
    if (byId) return byId;
  }
  if (statusId) {
    const byStatus = operations.find(
      (o) => o.latest_status?.id === statusId || o.statuses?.some((s) => s.id === statusId),
    );
    if (byStatus) return byStatus;
  }
  return operations.findLast((o) => o.type === type);
}

function transactionEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashPaymentEvent | MoneyHashPayoutEvent {
  const [, operation = '', operationStatus = ''] = type.split('.');
  const event = read(s.transactionWebhook, body, type);
  const { intent, transaction } = event;
  const operations = transaction.operations ?? [];
  const found = findOperation(operations, operation, event.operation_id, event.status_id);
  const currency =
    currencyOf(intent.amount, intent.amount_currency) ?? currencyOf(found?.amount, undefined) ?? undefined;
  const amount = minor(intent.amount, currency, 'intent.amount');
  const operationAmount = minor(found?.amount, currency, 'operation.amount');
  const balances =
    balancesOf(intent.payment_status, currency) ?? balancesFromOperations(operations, currency);
  // Without a captured total, a refund is measured against the intent's amount.
  const capturedOrIntent = balances.captured ?? (operation === 'refund' ? amount : undefined);
  const flow: MoneyHashFlow = transaction.type === 'payout' || operation === 'disburse' ? 'payout' : 'payin';
  const extent: RefundExtent = refundExtent({ captured: capturedOrIntent, refunded: balances.refunded });
  const { status, outcome } = mapOperationStatus({ flow, operation, operationStatus, refund: extent });
  // The status entry this event reports: by status_id, else the latest one.
  const statusEntry =
    found?.statuses?.find((entry) => entry.id === (event.status_id ?? found.latest_status?.id)) ??
    found?.statuses?.at(-1);
  const fields = {
    provider: PROVIDER,
    id,
    type,
    createdAt:
      parseDate(found?.latest_status?.created) ??
      parseDate(statusEntry?.created) ??
      parseDate(transaction.created),
    live: intent.is_live ?? undefined,
    raw: body,
    status,
    providerStatus: transaction.status ?? `${operation}.${operationStatus}`,
    paymentId: intent.id,
    reference: referenceOf(
      { custom: intent.custom_fields, merchant: intent.merchant_reference },
      { custom: transaction.custom_fields, merchant: transaction.merchant_reference },
    ),
    amount,
    currency: currency?.toUpperCase(),
    transactionId: transaction.id,
    operation: PAYMENT_OPERATIONS.has(operation) ? (operation as PaymentOperation) : undefined,
    operationOutcome: outcome,
    message: text(found?.latest_status?.message) ?? text(transaction.custom_message),
    operationId: found?.id ?? event.operation_id ?? undefined,
    operationAmount,
    paymentStatus: intent.payment_status?.status ?? undefined,
    capturedAmount: balances.captured,
    refundedAmount: balances.refunded,
    apiVersion: event.api_version ?? undefined,
  };
  return flow === 'payout' ? { kind: 'payout', ...fields } : { kind: 'payment', ...fields };
}

function intentEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashPaymentEvent | MoneyHashPayoutEvent {
  const event = read(s.intentWebhook, body, type);
  const intent = event.data.intent;
  const summary = summarizeIntent(intent);
  const fields = {
    provider: PROVIDER,
    id,
    type,
    live: intent.is_live ?? undefined,
    raw: body,
    status: summary.status,
    providerStatus: intent.status,
    paymentId: event.data.intent_id ?? intent.id,
    reference: summary.reference,
    amount: summary.amount,
    currency: summary.currency,
    transactionId: summary.transactionId,
    message: text(intent.active_transaction?.custom_message),
    intentStatus: intent.status,
    paymentStatus: summary.paymentStatus,
    capturedAmount: summary.capturedAmount,
    refundedAmount: summary.refundedAmount,
    apiVersion: event.api_version ?? undefined,
  };
  return event.intent_type?.toUpperCase() === 'PAYOUT'
    ? { kind: 'payout', ...fields }
    : { kind: 'payment', ...fields };
}

function historicalEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
): MoneyHashPaymentEvent {
  const event = read(s.historicalWebhook, body, 'historical transaction');
  return {
    kind: 'payment',
    provider: PROVIDER,
    id,
    type: '',
    raw: body,
    status: mapHistoricalStatus(event.status),
    providerStatus: event.status,
    paymentId: event.intent,
    message: text(event.message),
  };
}

function cardTokenEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashCardTokenEvent {
  const { data } = read(s.cardTokenWebhook, body, type);
  return {
    kind: 'card_token',
    provider: PROVIDER,
    id,
    type,
    raw: body,
    action: lastPart(type) as MoneyHashCardTokenEvent['action'],
    tokenId: data.card_token.id,
    customerId: text(data.customer_id) ?? text(data.card_token.customer),
    intentId: text(data.intent_id),
    brand: text(data.card_token.brand),
    last4: text(data.card_token.last_4),
  };
}

function customerEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashCustomerEvent {
  const { data } = read(s.customerWebhook, body, type);
  const customerId = text(data.customer_id) ?? text(data.customer?.id);
  if (customerId === undefined) {
    throw new WebhookParseError('invalid_shape', `MoneyHash ${type} has no customer id.`, {
      provider: PROVIDER,
    });
  }
  return {
    kind: 'customer',
    provider: PROVIDER,
    id,
    type,
    live: data.customer?.is_live ?? undefined,
    raw: body,
    action: lastPart(type) as MoneyHashCustomerEvent['action'],
    customerId,
  };
}

function methodEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashPaymentMethodEvent {
  const event = read(s.methodWebhook, body, type);
  return {
    kind: 'payment_method',
    provider: PROVIDER,
    id,
    type,
    raw: body,
    method: text(event.method.code) ?? text(event.method.id) ?? '',
    active: lastPart(type) === 'active',
    methodId: text(event.method.id),
    accountId: text(event.account?.id),
    serviceProvider: text(event.service_provider?.code),
  };
}

function subscriptionEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashSubscriptionEvent {
  const event = read(s.subscriptionWebhook, body, type);
  return {
    kind: 'subscription',
    provider: PROVIDER,
    id,
    type,
    createdAt: parseDate(event.current_status.created),
    live: event.is_live ?? undefined,
    raw: body,
    subscriptionId: event.id,
    subscriptionStatus: event.current_status.value,
  };
}

function bulkEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashBulkPayoutEvent {
  const { data } = read(s.bulkWebhook, body, type);
  return {
    kind: 'bulk_payout',
    provider: PROVIDER,
    id,
    type,
    raw: body,
    bulkId: data.id,
    bulkStatus: text(data.status) ?? lastPart(type),
  };
}

function bulkItemEvent(
  s: MoneyHashSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashBulkPayoutEvent {
  const { data } = read(s.bulkItemWebhook, body, type);
  return {
    kind: 'bulk_payout',
    provider: PROVIDER,
    id,
    type,
    raw: body,
    bulkId: data.bulk_payout_request_id,
    itemId: data.id,
    bulkStatus: text(data.status) ?? lastPart(type),
    linkedIntentId: text(data.linked_intent_id),
    merchantReference: text(data.merchant_reference),
  };
}
