/**
 * MoneyHash status → unified `PaymentStatus`: the whole mapping is the one table below.
 *
 * Rows are read top to bottom and the first row whose every given field matches wins; a field a
 * row leaves out matches anything. Three scopes:
 *
 * - `operation`: transaction webhooks `transaction.{operation}.{status}` (payments and payouts).
 *   Gives the payment's status after the event and the operation's own outcome.
 * - `intent`: intent webhooks and `getPayment`, from the intent status, `payment_status.status`,
 *   the active transaction's status and the refund extent read from the balances.
 * - `historical`: the historical-transaction webhook (`{ intent, status, message }`).
 *
 * House rule: `succeeded` only where money moved; when in doubt, the less final status.
 */
import type { PaymentStatus } from '../../core/status';
import type { OperationOutcome, PaymentOperation } from '../../core/types';

/** Whether the intent collects money (`payin`) or pays it out (`payout`, `transaction.type: "payout"`). */
export type MoneyHashFlow = 'payin' | 'payout';

/**
 * How much of the captured money was refunded, from `payment_status.balances` (or, in transaction
 * webhooks without balances, from the transaction's operations). `unknown`: amounts unreadable.
 */
export type RefundExtent = 'none' | 'partial' | 'full' | 'unknown';

export interface OperationRow {
  on: 'operation';
  flow?: MoneyHashFlow;
  /** `purchase`, `authorize`, `capture`, `void`, `refund`, `increase_purchase`, `disburse`. */
  operation?: string;
  /** The operation status of the event type, lower case (`successful`, `pending_authentication`, …). */
  operationStatus?: string;
  refund?: RefundExtent;
  status: PaymentStatus;
  outcome: OperationOutcome;
}

export interface IntentRow {
  on: 'intent';
  /** `UNPROCESSED`, `PROCESSED`, `CLOSED`, `TIME_EXPIRED`. */
  intentStatus?: string;
  /** `intent.payment_status.status`: `NO_AUTHORIZE_ATTEMPTS`, `AUTHORIZED`, `CAPTURED`, … */
  paymentStatus?: string;
  /** The active transaction's status: `SUCCESSFUL`, `FAILED`, `VOIDED`, `FULLY_REFUNDED`, … */
  transactionStatus?: string;
  refund?: RefundExtent;
  status: PaymentStatus;
}

export interface HistoricalRow {
  on: 'historical';
  transactionStatus?: string;
  status: PaymentStatus;
}

export type StatusRow = OperationRow | IntentRow | HistoricalRow;

const op = (
  flow: MoneyHashFlow,
  operation: string,
  operationStatus: string,
  status: PaymentStatus,
  outcome: OperationOutcome,
  refund?: RefundExtent,
): OperationRow => ({
  on: 'operation',
  flow,
  operation,
  operationStatus,
  ...(refund ? { refund } : {}),
  status,
  outcome,
});

/** The mapping. Every row has a test (test/providers/moneyhash/status.test.ts). */
export const MONEYHASH_STATUS_TABLE: readonly StatusRow[] = Object.freeze([
  // ---- transaction.purchase.* : one-step payment -----------------------------------------------
  op('payin', 'purchase', 'pending', 'pending', 'pending'),
  op('payin', 'purchase', 'pending_authentication', 'requires_action', 'requires_action'),
  op('payin', 'purchase', 'pending_external_action', 'requires_action', 'requires_action'),
  op('payin', 'purchase', 'pending_online_external_action', 'requires_action', 'requires_action'),
  op('payin', 'purchase', 'successful', 'succeeded', 'succeeded'),
  // The intent stays open for another attempt, but this attempt is over.
  op('payin', 'purchase', 'failed', 'failed', 'failed'),
  // ---- transaction.increase_purchase.* : more money on a purchased transaction -------------------
  op('payin', 'increase_purchase', 'successful', 'succeeded', 'succeeded'),
  // ---- transaction.authorize.* : funds held, not captured --------------------------------------
  op('payin', 'authorize', 'pending', 'pending', 'pending'),
  op('payin', 'authorize', 'pending_authentication', 'requires_action', 'requires_action'),
  op('payin', 'authorize', 'successful', 'authorized', 'succeeded'),
  op('payin', 'authorize', 'failed', 'failed', 'failed'),
  // ---- transaction.capture.* : the hold stays until a capture succeeds --------------------------
  op('payin', 'capture', 'pending', 'authorized', 'pending'),
  op('payin', 'capture', 'successful', 'succeeded', 'succeeded'),
  op('payin', 'capture', 'failed', 'authorized', 'failed'),
  // ---- transaction.void.* (payments): releases the hold -----------------------------------------
  op('payin', 'void', 'pending', 'authorized', 'pending'),
  op('payin', 'void', 'successful', 'canceled', 'succeeded'),
  op('payin', 'void', 'failed', 'authorized', 'failed'),
  // ---- transaction.refund.* : partial or full from the balances ---------------------------------
  op('payin', 'refund', 'successful', 'partially_refunded', 'succeeded', 'partial'),
  // Full, or amounts unreadable: do not claim that money was kept.
  op('payin', 'refund', 'successful', 'refunded', 'succeeded'),
  op('payin', 'refund', 'pending', 'partially_refunded', 'pending', 'partial'),
  op('payin', 'refund', 'pending', 'refunded', 'pending', 'full'),
  op('payin', 'refund', 'pending', 'succeeded', 'pending'),
  op('payin', 'refund', 'failed', 'partially_refunded', 'failed', 'partial'),
  op('payin', 'refund', 'failed', 'refunded', 'failed', 'full'),
  op('payin', 'refund', 'failed', 'succeeded', 'failed'),
  // ---- payouts: transaction.disburse.* and transaction.void.* on a payout intent -----------------
  op('payout', 'disburse', 'pending', 'pending', 'pending'),
  op('payout', 'disburse', 'pending_approval', 'pending', 'pending'),
  op('payout', 'disburse', 'successful', 'succeeded', 'succeeded'),
  op('payout', 'disburse', 'failed', 'failed', 'failed'),
  op('payout', 'void', 'pending', 'pending', 'pending'),
  op('payout', 'void', 'successful', 'canceled', 'succeeded'),
  // "The void attempt failed. The disburse operation continues."
  op('payout', 'void', 'failed', 'pending', 'failed'),
  // ---- any other operation status: nothing decided ---------------------------------------------
  { on: 'operation', status: 'pending', outcome: 'pending' },

  // ---- intent (intent.* webhooks and getPayment) ------------------------------------------------
  { on: 'intent', intentStatus: 'TIME_EXPIRED', status: 'expired' },
  { on: 'intent', intentStatus: 'CLOSED', status: 'canceled' },
  // payment_status, where sent, is the most precise account of the money.
  { on: 'intent', paymentStatus: 'EXPIRED', status: 'expired' },
  { on: 'intent', paymentStatus: 'CAPTURED', refund: 'full', status: 'refunded' },
  { on: 'intent', paymentStatus: 'CAPTURED', refund: 'partial', status: 'partially_refunded' },
  { on: 'intent', paymentStatus: 'CAPTURED', status: 'succeeded' },
  { on: 'intent', paymentStatus: 'AUTHORIZED', transactionStatus: 'VOIDED', status: 'canceled' },
  { on: 'intent', paymentStatus: 'AUTHORIZED', status: 'authorized' },
  { on: 'intent', paymentStatus: 'AUTHORIZE_ATTEMPT_FAILED', status: 'failed' },
  // NO_AUTHORIZE_ATTEMPTS, AUTHORIZE_ATTEMPT_PENDING or no payment_status: the transaction decides.
  { on: 'intent', transactionStatus: 'FULLY_REFUNDED', status: 'refunded' },
  { on: 'intent', transactionStatus: 'PARTIALLY_REFUNDED', status: 'partially_refunded' },
  { on: 'intent', transactionStatus: 'VOIDED', status: 'canceled' },
  { on: 'intent', transactionStatus: 'PENDING_AUTHENTICATION', status: 'requires_action' },
  { on: 'intent', transactionStatus: 'PENDING_EXTERNAL_ACTION', status: 'requires_action' },
  { on: 'intent', transactionStatus: 'PENDING_ONLINE_EXTERNAL_ACTION', status: 'requires_action' },
  { on: 'intent', transactionStatus: 'FAILED', status: 'failed' },
  // PROCESSED = "achieved after a successful payment attempt" (MoneyHash docs; its Magento plugin
  // treats it as paid). Without payment_status an authorize-only intent cannot be told apart: see README.
  { on: 'intent', intentStatus: 'PROCESSED', transactionStatus: 'SUCCESSFUL', status: 'succeeded' },
  // Processed, but no readable successful transaction: at least authorized, and no more is claimed.
  { on: 'intent', intentStatus: 'PROCESSED', status: 'authorized' },
  { on: 'intent', intentStatus: 'UNPROCESSED', status: 'pending' },
  { on: 'intent', status: 'pending' },

  // ---- historical transaction webhook ---------------------------------------------------------
  { on: 'historical', transactionStatus: 'SUCCESSFUL', status: 'succeeded' },
  { on: 'historical', transactionStatus: 'FAILED', status: 'failed' },
  { on: 'historical', status: 'pending' },
] satisfies StatusRow[]);

export interface OperationQuery {
  on: 'operation';
  flow: MoneyHashFlow;
  operation: string;
  operationStatus: string;
  refund: RefundExtent;
}

export interface IntentQuery {
  on: 'intent';
  intentStatus: string;
  paymentStatus?: string | undefined;
  transactionStatus?: string | undefined;
  refund: RefundExtent;
}

export interface HistoricalQuery {
  on: 'historical';
  transactionStatus: string;
}

export type StatusQuery = OperationQuery | IntentQuery | HistoricalQuery;

const MATCH_KEYS = [
  'flow',
  'operation',
  'operationStatus',
  'refund',
  'intentStatus',
  'paymentStatus',
  'transactionStatus',
] as const;
const LOWER_KEYS: ReadonlySet<string> = new Set(['operation', 'operationStatus']);

function normalise(query: StatusQuery): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { on: query.on };
  for (const key of MATCH_KEYS) {
    const value = (query as unknown as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    out[key] =
      LOWER_KEYS.has(key) || key === 'flow' || key === 'refund' ? value.toLowerCase() : value.toUpperCase();
  }
  return out;
}

/** The first row of the table that matches (every scope ends with a catch-all row, so there always is one). */
export function findStatusRow(query: OperationQuery): OperationRow;
export function findStatusRow(query: IntentQuery): IntentRow;
export function findStatusRow(query: HistoricalQuery): HistoricalRow;
export function findStatusRow(query: StatusQuery): StatusRow;
export function findStatusRow(query: StatusQuery): StatusRow {
  const q = normalise(query);
  for (const { row, checks } of matchersOf(query.on)) {
    let matches = true;
    for (const [key, value] of checks) {
      if (q[key] !== value) {
        matches = false;
        break;
      }
    }
    if (matches) return row;
  }
  // Unreachable: each scope ends with a catch-all row. Kept total for the type checker.
  return { on: 'intent', status: 'pending' };
}

interface RowMatcher {
  row: StatusRow;
  /** The keys the row constrains, with their values (a key the row leaves out matches anything). */
  checks: ReadonlyArray<readonly [(typeof MATCH_KEYS)[number], unknown]>;
}

let matchers: Map<StatusRow['on'], RowMatcher[]> | undefined;

/** The table's rows of one scope, in order, each with the keys it constrains: built once, on first use. */
function matchersOf(on: StatusRow['on']): readonly RowMatcher[] {
  if (matchers === undefined) {
    matchers = new Map();
    for (const row of MONEYHASH_STATUS_TABLE) {
      const r = row as unknown as Record<string, unknown>;
      const checks = MATCH_KEYS.filter((key) => r[key] !== undefined).map((key) => [key, r[key]] as const);
      const scope = matchers.get(row.on) ?? [];
      scope.push({ row, checks });
      matchers.set(row.on, scope);
    }
  }
  return matchers.get(on) ?? [];
}

/** Status after a `transaction.{operation}.{status}` webhook, and that operation's own outcome. */
export function mapOperationStatus(query: Omit<OperationQuery, 'on'>): {
  status: PaymentStatus;
  outcome: OperationOutcome;
} {
  const row = findStatusRow({ on: 'operation', ...query });
  return { status: row.status, outcome: row.outcome };
}

/** Status of an intent (intent webhooks, getPayment). */
export function mapIntentStatus(query: Omit<IntentQuery, 'on'>): PaymentStatus {
  return findStatusRow({ on: 'intent', ...query }).status;
}

/** Status of a historical-transaction webhook. */
export function mapHistoricalStatus(transactionStatus: string): PaymentStatus {
  return findStatusRow({ on: 'historical', transactionStatus }).status;
}

/**
 * Refund extent from integer minor-unit balances: nothing refunded → `none`; captured total
 * unknown → `unknown`; refunded ≥ captured → `full`; else `partial`. Integer comparisons only.
 */
export function refundExtent(balances: {
  captured?: number | undefined;
  refunded?: number | undefined;
}): RefundExtent {
  const { captured, refunded } = balances;
  if (refunded === undefined) return 'unknown';
  if (refunded <= 0) return 'none';
  if (captured === undefined || captured <= 0) return 'unknown';
  return refunded >= captured ? 'full' : 'partial';
}

// Event-type routing: which family of webhook an event `type` belongs to.

/** The operations of `transaction.{operation}.{status}` events that are payment operations. */
export const PAYMENT_OPERATIONS: ReadonlySet<string> = new Set<PaymentOperation>([
  'purchase',
  'authorize',
  'capture',
  'void',
  'refund',
  'increase_purchase',
  'disburse',
]);

/** The families of MoneyHash webhooks paybridge reads (event-type routing). */
export type MoneyHashEventFamily =
  | 'intent'
  | 'transaction'
  | 'card_token'
  | 'customer'
  | 'payment_method'
  | 'subscription'
  | 'bulk'
  | 'bulk_item';

/** Event type → family. Anything else is returned as `kind: 'unknown'`. */
export const MONEYHASH_EVENT_FAMILIES: ReadonlyArray<readonly [RegExp, MoneyHashEventFamily]> = [
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

/** A frozen type → family table whose keys stay literals (`MoneyHashEventType` is derived from them). */
function familyTable<K extends string>(
  table: Record<K, MoneyHashEventFamily>,
): Readonly<Record<K, MoneyHashEventFamily>> {
  return Object.freeze(table);
}

/**
 * Every webhook event type MoneyHash documents, with its family. `eventFamily` reads this table
 * first, then the patterns of `MONEYHASH_EVENT_FAMILIES`, which also route a type MoneyHash adds
 * to a known family without notice (`intent.<new status>`).
 */
export const MONEYHASH_EVENT_TYPES = /* @__PURE__ */ familyTable({
  'intent.processed': 'intent',
  'intent.time_expired': 'intent',
  'intent.closed': 'intent',
  'transaction.purchase.pending': 'transaction',
  'transaction.purchase.successful': 'transaction',
  'transaction.purchase.failed': 'transaction',
  'transaction.purchase.pending_authentication': 'transaction',
  'transaction.purchase.pending_external_action': 'transaction',
  'transaction.purchase.pending_online_external_action': 'transaction',
  'transaction.increase_purchase.successful': 'transaction',
  'transaction.authorize.pending': 'transaction',
  'transaction.authorize.successful': 'transaction',
  'transaction.authorize.failed': 'transaction',
  'transaction.authorize.pending_authentication': 'transaction',
  'transaction.capture.pending': 'transaction',
  'transaction.capture.successful': 'transaction',
  'transaction.capture.failed': 'transaction',
  /** On a payment intent, and (`successful`, `failed`) on a payout intent. */
  'transaction.void.pending': 'transaction',
  'transaction.void.successful': 'transaction',
  'transaction.void.failed': 'transaction',
  'transaction.refund.pending': 'transaction',
  'transaction.refund.successful': 'transaction',
  'transaction.refund.failed': 'transaction',
  'transaction.disburse.pending_approval': 'transaction',
  'transaction.disburse.successful': 'transaction',
  'transaction.disburse.failed': 'transaction',
  'card_token.created': 'card_token',
  'card_token.updated': 'card_token',
  'card_token.deleted': 'card_token',
  'customer.created': 'customer',
  'account.method.active': 'payment_method',
  'account.method.inactive': 'payment_method',
  /** The bare word: the subscription's status is in `current_status.value`. */
  subscription: 'subscription',
  'payout.bulk.active': 'bulk',
  'payout.bulk.cancelled': 'bulk',
  'payout.bulk.batch_completed': 'bulk',
  'payout.item.validation_pending': 'bulk_item',
  'payout.item.scheduled': 'bulk_item',
  'payout.item.validation_failed': 'bulk_item',
  'payout.item.intent_created': 'bulk_item',
  'payout.item.intent_creation_failed': 'bulk_item',
});

/**
 * The event types this version knows: the keys of `MONEYHASH_EVENT_TYPES` (so the table and the
 * type cannot drift), and `''`, the `type` of the historical-transaction webhook, which has none.
 * An event's `type` is `OpenEventType<MoneyHashEventType>`: a type outside it still type-checks.
 */
export type MoneyHashEventType = keyof typeof MONEYHASH_EVENT_TYPES | '';

/** The family of an event type, or undefined (the event is returned as `kind: 'unknown'`). */
export function eventFamily(type: string): MoneyHashEventFamily | undefined {
  if (Object.hasOwn(MONEYHASH_EVENT_TYPES, type))
    return MONEYHASH_EVENT_TYPES[type as keyof typeof MONEYHASH_EVENT_TYPES];
  return MONEYHASH_EVENT_FAMILIES.find(([pattern]) => pattern.test(type))?.[1];
}
