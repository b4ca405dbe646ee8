/**
 * MoneyHash webhook bodies (verified and parsed) → typed events, one builder per family: intent,
 * transaction (payments and payouts), historical transaction, card token, customer, payment
 * method, subscription, bulk payout and bulk payout item. Which family a type belongs to is the
 * table in status.ts; an unknown type is `kind: 'unknown'`, never an error.
 */
import { FULL_COVERAGE } from '../../core/coverage';
import { WebhookParseError } from '../../core/errors';
import type { PaymentOperation } from '../../core/types';
import { dottedPath } from '../../core/webhook-shape';
import type * as z from '../../core/zod';
import type { MoneyHashWebhookOperation, MoneyHashWebhookSchemas } from './api';
import {
  balancesOf,
  currencyOf,
  lastPart,
  minor,
  parseDate,
  referenceOf,
  summarizeIntent,
  text,
} from './payments';
import {
  eventFamily,
  type MoneyHashFlow,
  mapHistoricalStatus,
  mapOperationStatus,
  PAYMENT_OPERATIONS,
  type RefundExtent,
  refundExtent,
} from './status';
import type {
  MoneyHashBulkPayoutEvent,
  MoneyHashCardTokenEvent,
  MoneyHashCustomerEvent,
  MoneyHashPaymentEvent,
  MoneyHashPaymentMethodEvent,
  MoneyHashPayoutEvent,
  MoneyHashSubscriptionEvent,
  MoneyHashWebhookEvent,
} from './types';

const PROVIDER = 'moneyhash' as const;

/**
 * Turns a verified, parsed MoneyHash body into an event. `id` is the dedupe key (normally
 * `bodyDigestId` of the raw bytes). A known family with an unreadable shape throws
 * `WebhookParseError('invalid_shape')`; an unknown type never throws.
 */
export function toMoneyHashEvent(
  s: MoneyHashWebhookSchemas,
  body: Record<string, unknown>,
  id: string,
): MoneyHashWebhookEvent {
  const type = body['type'];
  if (type === undefined && typeof body['intent'] === 'string' && typeof body['status'] === 'string') {
    return historicalEvent(s, body, id);
  }
  if (typeof type !== 'string') return { kind: 'unknown', provider: PROVIDER, id, type: '', raw: body };
  const family = eventFamily(type);
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
      .map((issue) => `${dottedPath(issue.path) || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new WebhookParseError(
      'invalid_shape',
      `MoneyHash ${type || 'webhook'} has an unexpected shape: ${where}.`,
      { provider: PROVIDER, path: dottedPath(result.error.issues[0]?.path ?? []) },
    );
  }
  return result.data;
}

const CAPTURING = new Set(['purchase', 'capture', 'increase_purchase']);

/** Balances from a transaction's operations, where the event carries no `payment_status`. */
function balancesFromOperations(
  operations: readonly MoneyHashWebhookOperation[],
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
  operations: readonly MoneyHashWebhookOperation[],
  type: string,
  operationId: string | null | undefined,
  statusId: string | null | undefined,
): MoneyHashWebhookOperation | undefined {
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
  s: MoneyHashWebhookSchemas,
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
  // Built in one literal (no spread into a second object): `kind` first, as before.
  return {
    kind: flow === 'payout' ? 'payout' : 'payment',
    provider: PROVIDER,
    coverage: FULL_COVERAGE,
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
}

function intentEvent(
  s: MoneyHashWebhookSchemas,
  body: Record<string, unknown>,
  id: string,
  type: string,
): MoneyHashPaymentEvent | MoneyHashPayoutEvent {
  const event = read(s.intentWebhook, body, type);
  const intent = event.data.intent;
  const summary = summarizeIntent(intent);
  return {
    kind: event.intent_type?.toUpperCase() === 'PAYOUT' ? 'payout' : 'payment',
    provider: PROVIDER,
    coverage: FULL_COVERAGE,
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
}

function historicalEvent(
  s: MoneyHashWebhookSchemas,
  body: Record<string, unknown>,
  id: string,
): MoneyHashPaymentEvent {
  const event = read(s.historicalWebhook, body, 'historical transaction');
  return {
    kind: 'payment',
    provider: PROVIDER,
    coverage: FULL_COVERAGE,
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
  s: MoneyHashWebhookSchemas,
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
  s: MoneyHashWebhookSchemas,
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
  s: MoneyHashWebhookSchemas,
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
  s: MoneyHashWebhookSchemas,
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
  s: MoneyHashWebhookSchemas,
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
  s: MoneyHashWebhookSchemas,
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
