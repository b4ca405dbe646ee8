/**
 * Tap → unified status: ONE table (`TAP_STATUS_TABLE`), by object (charge, authorize, refund,
 * invoice) and Tap status, giving the payment's unified status after it, the operation and that
 * operation's outcome. `getPayment` and `parseWebhook` both read it; every row is a test.
 *
 * Mapping rule: `succeeded` only where money moved; when in doubt, the less final status. A status
 * not in the table (Tap adds them without notice) maps to the object's fallback row (`pending`),
 * with Tap's value kept verbatim in `providerStatus`.
 */
import type { PaymentStatus } from '../../core/status';
import type { OperationOutcome, PaymentOperation } from '../../core/types';

/**
 * The Tap objects paybridge reads: what `getPayment` fetches and webhooks carry. A webhook's
 * `object` is also its event `type`.
 */
export const TAP_OBJECT_KINDS = /* @__PURE__ */ Object.freeze([
  'charge',
  'authorize',
  'refund',
  'invoice',
] as const);

/** One of `TAP_OBJECT_KINDS` (derived from it, so the list and the type cannot drift). */
export type TapObjectKind = (typeof TAP_OBJECT_KINDS)[number];

/**
 * The event types this version knows: a webhook's `type` is its `object` (one of
 * `TAP_OBJECT_KINDS`), or `''` when the body has none. An event's `type` is
 * `OpenEventType<TapEventType>`: an object paybridge does not know still type-checks.
 */
export type TapEventType = TapObjectKind | '';

/** What one Tap status means. */
export interface TapStatusRow {
  /** The payment's unified status after it. */
  readonly status: PaymentStatus;
  /** The operation the object is. */
  readonly operation: PaymentOperation;
  /** That operation's own outcome. */
  readonly outcome: OperationOutcome;
}

const row = (status: PaymentStatus, operation: PaymentOperation, outcome: OperationOutcome): TapStatusRow =>
  Object.freeze({ status, operation, outcome });

/** Rows shared by charges and authorizations, for one operation. */
function chargeLike(operation: 'purchase' | 'authorize'): Record<string, TapStatusRow> {
  const waiting = row('pending', operation, 'pending');
  const closed = row('canceled', operation, 'failed');
  const failed = row('failed', operation, 'failed');
  return {
    /**
     * Created; the payer has the hosted page (`transaction.url`). `pending`, not
     * `requires_action`: nothing is asked of anyone until the payer opens the link.
     */
    INITIATED: waiting,
    /** [UNCONFIRMED] Tap's card docs say a new charge is `PENDING` where the API reference says `INITIATED`. */
    PENDING: waiting,
    /** Fawry and other asynchronous methods (response code 200). */
    'IN PROGRESS': waiting,
    IN_PROGRESS: waiting,
    /** Undecided at Tap: fetch again. */
    UNKNOWN: waiting,
    /** Cancelled before money moved. */
    CANCELLED: closed,
    /** The payer left the hosted page. */
    ABANDONED: closed,
    FAILED: failed,
    DECLINED: failed,
    RESTRICTED: failed,
    TIMEDOUT: row('expired', operation, 'failed'),
    /** Voided (an authorization released, a charge reversed before settlement): no money kept. */
    VOID: row('canceled', 'void', 'succeeded'),
  };
}

/**
 * A refund's row says what the refund did, and the payment's status after it. A refund object does
 * not carry the charge's amount, so a `REFUNDED` refund cannot tell a full refund from a partial
 * one: it maps to the less final `partially_refunded`. A refund that is pending or failed leaves
 * the payment as it was: captured (`succeeded`).
 */
const refundRows = (): Record<string, TapStatusRow> => {
  const waiting = row('succeeded', 'refund', 'pending');
  const failed = row('succeeded', 'refund', 'failed');
  return {
    REFUNDED: row('partially_refunded', 'refund', 'succeeded'),
    /** "Tap will process the refund manually … within 24 hours." */
    PENDING: waiting,
    IN_PROGRESS: waiting,
    /** [UNCONFIRMED] Listed by Tap's "Refund Logic V2" without a definition. */
    ACCEPTED: waiting,
    UNKNOWN: waiting,
    CANCELLED: failed,
    FAILED: failed,
    DECLINED: failed,
    RESTRICTED: failed,
    /** Spelled so in Tap's refund documentation. */
    RESTRICRTED: failed,
    TIMEDOUT: failed,
  };
};

/** The table's rows, built once (in a function, so that bundles that use none of it drop it). */
function buildTable(): Readonly<Record<TapObjectKind, Readonly<Record<string, TapStatusRow>>>> {
  return Object.freeze({
    charge: Object.freeze({
      ...chargeLike('purchase'),
      /** Paid: money captured. */
      CAPTURED: row('succeeded', 'purchase', 'succeeded'),
    }),
    authorize: Object.freeze({
      ...chargeLike('authorize'),
      /** Funds held for a later capture. */
      AUTHORIZED: row('authorized', 'authorize', 'succeeded'),
      /** The authorization was captured (by a charge whose source is this `auth_…` id). */
      CAPTURED: row('succeeded', 'capture', 'succeeded'),
    }),
    refund: Object.freeze(refundRows()),
    invoice: Object.freeze({
      /** A draft. */
      SAVED: row('pending', 'purchase', 'pending'),
      /** Issued, open for payment. */
      CREATED: row('pending', 'purchase', 'pending'),
      PAID: row('succeeded', 'purchase', 'succeeded'),
      CANCELLED: row('canceled', 'purchase', 'failed'),
      EXPIRED: row('expired', 'purchase', 'failed'),
    }),
  });
}

/** The one status table: object → Tap status → unified status, operation and outcome. */
export const TAP_STATUS_TABLE: Readonly<Record<TapObjectKind, Readonly<Record<string, TapStatusRow>>>> =
  /* @__PURE__ */ buildTable();

/** The row of a status the table does not have: the least final reading for the object. */
export const TAP_FALLBACK_ROWS: Readonly<Record<TapObjectKind, TapStatusRow>> = /* @__PURE__ */ Object.freeze(
  {
    charge: /* @__PURE__ */ row('pending', 'purchase', 'pending'),
    authorize: /* @__PURE__ */ row('pending', 'authorize', 'pending'),
    refund: /* @__PURE__ */ row('succeeded', 'refund', 'pending'),
    invoice: /* @__PURE__ */ row('pending', 'purchase', 'pending'),
  },
);

/** The row for `status` of a `kind` object (upper-cased, trimmed); the fallback row when unknown. */
export function statusRow(kind: TapObjectKind, status: string): TapStatusRow {
  const table = TAP_STATUS_TABLE[kind];
  const key = status.trim().toUpperCase();
  return Object.hasOwn(table, key) ? (table[key] as TapStatusRow) : TAP_FALLBACK_ROWS[kind];
}

/** Tap's id prefixes: an id says which object it names (`chg_…`, `auth_…`, `re_…`, `inv_…`). */
export const TAP_ID_PREFIXES: Readonly<Record<string, TapObjectKind>> = Object.freeze({
  chg_: 'charge',
  auth_: 'authorize',
  re_: 'refund',
  inv_: 'invoice',
});

/** The object an id names, from its prefix; undefined for an id without a known prefix. */
export function kindOfId(id: string): TapObjectKind | undefined {
  for (const [prefix, kind] of Object.entries(TAP_ID_PREFIXES)) if (id.startsWith(prefix)) return kind;
  return undefined;
}

/** `object` as Tap names it, when it is one of the four paybridge reads (`TAP_OBJECT_KINDS`). */
export function kindOfObject(object: unknown): TapObjectKind | undefined {
  return TAP_OBJECT_KINDS.find((kind) => kind === object);
}
