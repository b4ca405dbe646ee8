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

/** A flag's bit in flag masks (`TransactionView.flagBits`, `paymobDecision`): its index in PAYMOB_FLAGS. */
const flagBit = (flag: PaymobFlag): number => 1 << PAYMOB_FLAGS.indexOf(flag);

/** The bits of the unsigned flags: a decision that read one of them is not covered by the HMAC. */
const UNSIGNED_BITS = /* @__PURE__ */ PAYMOB_FLAGS.reduce(
  (bits, flag) => (PAYMOB_SIGNED_FLAGS.has(flag) ? bits : bits | flagBit(flag)),
  0,
);

const IS_AUTH_BIT = /* @__PURE__ */ flagBit('is_auth');

/** A row of the table with its conditions as bits (built once, from the frozen table). */
interface CompiledRow {
  readonly row: PaymobStatusRow;
  readonly fields: readonly PaymobFlag[];
  readonly bits: readonly number[];
  readonly values: readonly boolean[];
}

const COMPILED_TABLE: readonly CompiledRow[] = /* @__PURE__ */ PAYMOB_STATUS_TABLE.map((candidate) => ({
  row: candidate,
  fields: candidate.when.map(([field]) => field),
  bits: candidate.when.map(([field]) => flagBit(field)),
  values: candidate.when.map(([, value]) => value),
}));

/** The mask of the flags that are exactly `value` (`true` or `false`) in `flags`. */
export function paymobFlagBits(flags: Readonly<Record<PaymobFlag, unknown>>, value: boolean): number {
  let bits = 0;
  for (let i = 0; i < PAYMOB_FLAGS.length; i++) if (flags[PAYMOB_FLAGS[i]!] === value) bits |= 1 << i;
  return bits;
}

/** What the table says about one transaction: `PaymobOutcome` without the list of fields read. */
export type PaymobDecision = Omit<PaymobOutcome, 'read'>;

/**
 * Runs the table on flags given as masks: `isTrue` (the flags that are `true`) and `isFalse` (those
 * that are `false`; a flag in neither matches no condition, as with `===`). Rows are checked in
 * order, condition by condition, stopping at the first that fails; the fields read are pushed to
 * `read` (once each, in the order read) when it is given. `authorize` is what `by_is_auth` rows
 * read from `is_auth`.
 */
export function paymobDecision(
  isTrue: number,
  isFalse: number,
  amounts: { amount: number; refundedAmount: number | undefined },
  authorize: boolean,
  read?: PaymobStatusField[],
): PaymobDecision {
  let seen = 0;
  rows: for (const { row: candidate, fields, bits, values } of COMPILED_TABLE) {
    for (let c = 0; c < bits.length; c++) {
      const bit = bits[c]!;
      if ((seen & bit) === 0) {
        seen |= bit;
        read?.push(fields[c]!);
      }
      if (((values[c] ? isTrue : isFalse) & bit) === 0) continue rows;
    }
    let status: PaymentStatus;
    if (candidate.status === 'by_refunded_amount') {
      read?.push('refunded_amount_cents');
      const refunded = amounts.refundedAmount;
      status =
        refunded !== undefined && refunded > 0 && refunded < amounts.amount
          ? 'partially_refunded'
          : 'refunded';
    } else {
      status = candidate.status;
    }
    let operation = candidate.operation;
    if (operation === 'by_is_auth') {
      if ((seen & IS_AUTH_BIT) === 0) {
        seen |= IS_AUTH_BIT;
        read?.push('is_auth');
      }
      operation = authorize ? 'authorize' : 'purchase';
    }
    // `refunded_amount_cents` is unsigned, like the flags of UNSIGNED_BITS.
    const signedOnly = (seen & UNSIGNED_BITS) === 0 && candidate.status !== 'by_refunded_amount';
    return { status, operation, operationOutcome: candidate.outcome, row: candidate.name, signedOnly };
  }
  // Unreachable: the last row matches every successful transaction and `failed` every other one.
  return {
    status: 'pending',
    operation: undefined,
    operationOutcome: undefined,
    row: 'none',
    signedOnly: false,
  };
}

/** Runs the table on a transaction. */
export function paymobOutcome(input: PaymobStatusInput): PaymobOutcome {
  const flags = input.flags;
  const read: PaymobStatusField[] = [];
  const decision = paymobDecision(
    paymobFlagBits(flags, true),
    paymobFlagBits(flags, false),
    input,
    Boolean(flags.is_auth),
    read,
  );
  return {
    status: decision.status,
    operation: decision.operation,
    operationOutcome: decision.operationOutcome,
    row: decision.row,
    read,
    signedOnly: decision.signedOnly,
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
  // The table's two keys compared directly (what `Object.hasOwn` on the frozen table answers, without
  // a property lookup per callback); fast-paths.test.ts holds it to that lookup.
  if (type === 'TRANSACTION') return PAYMOB_EVENT_TYPES.TRANSACTION;
  if (type === 'TOKEN') return PAYMOB_EVENT_TYPES.TOKEN;
  return undefined;
}
