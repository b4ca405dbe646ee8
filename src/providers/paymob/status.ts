/**
 * Paymob → unified status. Paymob has no status field on a transaction: its state is a set of
 * booleans (`success`, `pending`, `is_auth`, `is_capture`, `is_voided`, `is_refunded`, the child
 * flags `is_void` / `is_refund`, `is_captured`, …). Every mapping of this adapter is the one table
 * below, `PAYMOB_STATUS_TABLE`, read top to bottom: the first row whose conditions all hold wins.
 *
 * Mapping rule: `succeeded` only where money moved; when in doubt, the less final status.
 *
 * Which fields are signed. The transaction HMAC covers 20 fields (signature.ts), among them
 * `success`, `pending`, `is_auth`, `is_capture`, `is_voided`, `is_refunded`,
 * `has_parent_transaction` and `error_occured`, but NOT `is_captured`, `is_void`, `is_refund` nor
 * `refunded_amount_cents`. A row's conditions are checked in the order written and evaluation stops
 * at the first one that fails, so the fields a decision actually read are known: `paymobOutcome`
 * returns them, and a webhook's `coverage.status` is true only when every one of them was signed.
 * The rows are ordered so that the common cases (a paid, failed or pending purchase) are decided by
 * signed fields alone.
 */
import type { PaymentStatus } from '../../core/status';
import type { OperationOutcome, PaymentOperation } from '../../core/types';

/** The boolean fields of a Paymob transaction the table reads. */
export type PaymobFlag =
  | 'success'
  | 'pending'
  | 'is_auth'
  | 'is_capture'
  | 'is_captured'
  | 'is_voided'
  | 'is_refunded'
  | 'is_void'
  | 'is_refund'
  | 'has_parent_transaction'
  | 'error_occured';

/** Every flag, in a fixed order. */
export const PAYMOB_FLAGS: readonly PaymobFlag[] = Object.freeze([
  'success',
  'pending',
  'is_auth',
  'is_capture',
  'is_captured',
  'is_voided',
  'is_refunded',
  'is_void',
  'is_refund',
  'has_parent_transaction',
  'error_occured',
]);

/** A field a decision can read: a flag, or the refunded total (for full vs partial refunds). */
export type PaymobStatusField = PaymobFlag | 'refunded_amount_cents';

/** The flags the transaction HMAC covers (the others, and `refunded_amount_cents`, are unsigned). */
export const PAYMOB_SIGNED_FLAGS: ReadonlySet<PaymobStatusField> = new Set<PaymobStatusField>([
  'success',
  'pending',
  'is_auth',
  'is_capture',
  'is_voided',
  'is_refunded',
  'has_parent_transaction',
  'error_occured',
]);

/** One row of the table. */
export interface PaymobStatusRow {
  /** A stable name (tests, docs, `PaymobOutcome.row`). */
  readonly name: string;
  /** Conditions, checked in this order; evaluation stops at the first that does not hold. */
  readonly when: readonly (readonly [PaymobFlag, boolean])[];
  /**
   * The payment's status after this transaction. `by_refunded_amount`: `refunded` when
   * `refunded_amount_cents` ≥ `amount_cents`, `partially_refunded` when it is above 0 and below,
   * and `refunded` when it is missing (the status that claims no money was kept).
   */
  readonly status: PaymentStatus | 'by_refunded_amount';
  /** The operation the transaction reports; `by_is_auth`: `authorize` when `is_auth`, else `purchase`. */
  readonly operation?: PaymentOperation | 'by_is_auth';
  /** That operation's own outcome. */
  readonly outcome?: OperationOutcome;
}

const row = (
  name: string,
  when: PaymobStatusRow['when'],
  status: PaymobStatusRow['status'],
  operation?: PaymobStatusRow['operation'],
  outcome?: OperationOutcome,
): PaymobStatusRow => Object.freeze({ name, when: Object.freeze(when), status, operation, outcome });

/**
 * The one mapping table (first match wins). Child transactions (`has_parent_transaction`) are a
 * refund, void or capture of an earlier transaction; whether Paymob reports an action as such a
 * child or as the parent re-sent with `is_refunded` / `is_voided` / `is_captured` set is not
 * documented (fact sheet, Unconfirmed #11), so both are mapped.
 */
export const PAYMOB_STATUS_TABLE: readonly PaymobStatusRow[] = Object.freeze([
  // A capture transaction (signed `is_capture`): the authorized payment is captured, or still authorized.
  row(
    'capture_succeeded',
    [
      ['is_capture', true],
      ['success', true],
    ],
    'succeeded',
    'capture',
    'succeeded',
  ),
  row(
    'capture_pending',
    [
      ['is_capture', true],
      ['pending', true],
    ],
    'authorized',
    'capture',
    'pending',
  ),
  row('capture_failed', [['is_capture', true]], 'authorized', 'capture', 'failed'),
  // Children told apart by the UNSIGNED `is_void` / `is_refund`.
  row(
    'void_child_succeeded',
    [
      ['has_parent_transaction', true],
      ['is_void', true],
      ['success', true],
    ],
    'canceled',
    'void',
    'succeeded',
  ),
  // The void did not go through: what the payment is now is not in a child transaction.
  row(
    'void_child_not_succeeded',
    [
      ['has_parent_transaction', true],
      ['is_void', true],
    ],
    'pending',
    'void',
    'failed',
  ),
  // A child carries its own amount, not the refunded total: full or partial is unknown, so
  // `refunded` (no claim that money was kept); getPayment reads the parent and tells.
  row(
    'refund_child_succeeded',
    [
      ['has_parent_transaction', true],
      ['is_refund', true],
      ['success', true],
    ],
    'refunded',
    'refund',
    'succeeded',
  ),
  row(
    'refund_child_not_succeeded',
    [
      ['has_parent_transaction', true],
      ['is_refund', true],
    ],
    'pending',
    'refund',
    'failed',
  ),
  row('child_unknown', [['has_parent_transaction', true]], 'pending'),
  // The payment itself.
  row(
    'pending',
    [
      ['success', false],
      ['pending', true],
    ],
    'pending',
    'by_is_auth',
    'pending',
  ),
  row('failed', [['success', false]], 'failed', 'by_is_auth', 'failed'),
  row(
    'success_but_pending',
    [
      ['success', true],
      ['pending', true],
    ],
    'pending',
    'by_is_auth',
    'pending',
  ),
  // Paymob's own plugin approves nothing with `error_occured`: not a success, nor a failure.
  row(
    'success_with_error',
    [
      ['success', true],
      ['error_occured', true],
    ],
    'pending',
    'by_is_auth',
    'pending',
  ),
  row(
    'voided',
    [
      ['success', true],
      ['is_voided', true],
    ],
    'canceled',
    'void',
    'succeeded',
  ),
  row(
    'refunded',
    [
      ['success', true],
      ['is_refunded', true],
    ],
    'by_refunded_amount',
    'refund',
    'succeeded',
  ),
  // An authorization: captured (UNSIGNED `is_captured`) or still held.
  row(
    'authorized_captured',
    [
      ['success', true],
      ['is_auth', true],
      ['is_captured', true],
    ],
    'succeeded',
    'capture',
    'succeeded',
  ),
  row(
    'authorized',
    [
      ['success', true],
      ['is_auth', true],
    ],
    'authorized',
    'authorize',
    'succeeded',
  ),
  row('paid', [['success', true]], 'succeeded', 'purchase', 'succeeded'),
]);

/** What the table says about one transaction, and which fields it read to say it. */
export interface PaymobOutcome {
  status: PaymentStatus;
  operation: PaymentOperation | undefined;
  operationOutcome: OperationOutcome | undefined;
  /** The name of the row that matched. */
  row: string;
  /** Every field read, in the order read (rows that did not match included, up to where they failed). */
  read: readonly PaymobStatusField[];
  /** True when every field read is covered by the transaction HMAC. */
  signedOnly: boolean;
}

/** A transaction as the table reads it: the flags (only `true` is true) and the amounts. */
export interface PaymobStatusInput {
  flags: Readonly<Record<PaymobFlag, boolean>>;
  /** `amount_cents` (minor units). */
  amount: number;
  /** `refunded_amount_cents`, where present and readable. */
  refundedAmount: number | undefined;
}

/** Runs the table on a transaction. */
export function paymobOutcome(input: PaymobStatusInput): PaymobOutcome {
  const read: PaymobStatusField[] = [];
  const look = (field: PaymobFlag): boolean => {
    if (!read.includes(field)) read.push(field);
    return input.flags[field];
  };
  for (const candidate of PAYMOB_STATUS_TABLE) {
    if (!candidate.when.every(([field, value]) => look(field) === value)) continue;
    let status: PaymentStatus;
    if (candidate.status === 'by_refunded_amount') {
      read.push('refunded_amount_cents');
      const refunded = input.refundedAmount;
      status =
        refunded !== undefined && refunded > 0 && refunded < input.amount ? 'partially_refunded' : 'refunded';
    } else {
      status = candidate.status;
    }
    const operation =
      candidate.operation === 'by_is_auth'
        ? look('is_auth')
          ? 'authorize'
          : 'purchase'
        : candidate.operation;
    return {
      status,
      operation,
      operationOutcome: candidate.outcome,
      row: candidate.name,
      read,
      signedOnly: read.every((field) => PAYMOB_SIGNED_FLAGS.has(field)),
    };
  }
  // Unreachable: the last row matches every successful transaction and `failed` every other one.
  return {
    status: 'pending',
    operation: undefined,
    operationOutcome: undefined,
    row: 'none',
    read,
    signedOnly: false,
  };
}

/**
 * The callback types Paymob documents, and the kind of event each becomes (event-type routing).
 * Any other `type` is verified with each recipe in turn and returned as `kind: 'unknown'`.
 */
export const PAYMOB_EVENT_TYPES = /* @__PURE__ */ Object.freeze({
  /** The transaction processed callback, POSTed to `notification_url`. */
  TRANSACTION: 'payment',
  /** The card token callback (a card saved for later payments). */
  TOKEN: 'card_token',
} as const);

/**
 * The event types this version knows: the keys of `PAYMOB_EVENT_TYPES` (so the table and the type
 * cannot drift), and `''`, the `type` of a browser redirect (`parseRedirect`), which has none. An
 * event's `type` is `OpenEventType<PaymobEventType>`: a type outside it still type-checks.
 */
export type PaymobEventType = keyof typeof PAYMOB_EVENT_TYPES | '';

/** The kind of event a callback `type` becomes, or undefined for a type this version does not know. */
export function paymobEventKind(
  type: string,
): (typeof PAYMOB_EVENT_TYPES)[keyof typeof PAYMOB_EVENT_TYPES] | undefined {
  return Object.hasOwn(PAYMOB_EVENT_TYPES, type)
    ? PAYMOB_EVENT_TYPES[type as keyof typeof PAYMOB_EVENT_TYPES]
    : undefined;
}
