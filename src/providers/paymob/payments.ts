/**
 * Paymob's transactions in unified terms. A transaction reaches paybridge three ways: a callback's
 * `obj` (JSON), a browser redirect's query (every value a string) and the API's answers; each is
 * read through `viewTransaction` into one shape, so one status table (status.ts) and one set of
 * amount rules serve all three. Amounts are integers in minor units (`amount_cents`), read exactly.
 */
import { InvalidRequestError } from '../../core/errors';
import { normalizeCurrencyCode, parseProviderAmount } from '../../core/money';
import { ownProperty as own } from '../../core/own';
import { readAnswer } from '../../core/response';
import type { PaymentStatus } from '../../core/status';
import type { PaymobIntention, PaymobOrderObject } from './api';
import { PAYMOB_FLAGS, type PaymobDecision, type PaymobFlag, paymobDecision, paymobFlagBits } from './status';
import type { PaymobPayment, PaymobPaymentLink, PaymobTransaction } from './types';

const PROVIDER = 'paymob';

/** Where a transaction's fields are read from: `value('order.id')`, `value('source_data.pan')`, … */
export interface TransactionSource {
  value(path: string): unknown;
  /** The merchant reference (`order.merchant_order_id` in a POST, `merchant_order_id` in a GET). */
  reference(): unknown;
  /** The parent transaction's id, for a child transaction. */
  parent(): unknown;
}

/** A transaction, read. */
export interface TransactionView {
  id: string;
  orderId: string | undefined;
  /** `amount_cents`, minor units. */
  amount: number;
  currency: string;
  flags: Record<PaymobFlag, boolean>;
  /** The same flags as a mask: bit i is `flags[PAYMOB_FLAGS[i]]`. */
  flagBits: number;
  /** `refunded_amount_cents` (unsigned; undefined when absent or unreadable). */
  refundedAmount: number | undefined;
  /** `captured_amount` (unsigned; undefined when absent or unreadable). */
  capturedAmount: number | undefined;
  reference: string | undefined;
  message: string | undefined;
  parentTransactionId: string | undefined;
  live: boolean | undefined;
  createdAt: Date | undefined;
}

/** The fields of a transaction object (a callback's `obj`, an API answer). */
export function objectSource(obj: Record<string, unknown>): TransactionSource {
  return {
    value: (path) => {
      // `a.b.c` as own properties, walked without splitting the path (this runs per field read).
      let current: unknown = obj;
      let start = 0;
      for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', start)) {
        current = own(current, path.slice(start, dot));
        start = dot + 1;
      }
      return own(current, start === 0 ? path : path.slice(start));
    },
    reference: () => own(own(obj, 'order'), 'merchant_order_id'),
    parent: () => {
      const parent = own(obj, 'parent_transaction');
      return typeof parent === 'object' && parent !== null ? own(parent, 'id') : parent;
    },
  };
}

/** The fields of a browser redirect's query (`order.id` is `order`, or `order_id`). */
export function querySource(query: URLSearchParams): TransactionSource {
  return {
    value: (path) =>
      path === 'order.id'
        ? (query.get('order') ?? query.get('order_id') ?? undefined)
        : (query.get(path) ?? undefined),
    reference: () => query.get('merchant_order_id') ?? undefined,
    parent: () => query.get('parent_transaction') ?? undefined,
  };
}

/** Only `true` (or the text `"true"` of a query) is true: a missing or odd flag is false. */
const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** An id as text: a non-empty string, or an integer. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Minor units of a signed amount (a number or digit string); throws the core's error otherwise. */
export function minorUnits(value: unknown, currency: string, field: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new InvalidRequestError(`${field} is missing.`, { code: 'invalid_amount', field });
  }
  return parseProviderAmount(value, currency, { unit: 'minor', field }).amount;
}

/** An unsigned amount: read when it can be, else undefined (a wrong one never fails the event). */
export function looseMinorUnits(value: unknown, currency: string): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseProviderAmount(value, currency, { unit: 'minor' }).amount;
  } catch {
    return undefined;
  }
}

/** A timestamp with an explicit offset (`…Z`, `…+04:00`); Paymob's Egypt timestamps have none and are left out. */
function timestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads a transaction. Throws the core's `InvalidRequestError` when its id, currency or
 * `amount_cents` cannot be read; callers turn it into the error of their context.
 */
export function viewTransaction(source: TransactionSource): TransactionView {
  const id = idText(source.value('id'));
  if (id === undefined)
    throw new InvalidRequestError('the transaction has no id.', { code: 'invalid_id', field: 'id' });
  const currency = normalizeCurrencyCode(source.value('currency'));
  // In PAYMOB_FLAGS' order (a literal: no intermediate entries).
  const flags: Record<PaymobFlag, boolean> = {
    success: isTrue(source.value('success')),
    pending: isTrue(source.value('pending')),
    is_auth: isTrue(source.value('is_auth')),
    is_capture: isTrue(source.value('is_capture')),
    is_captured: isTrue(source.value('is_captured')),
    is_voided: isTrue(source.value('is_voided')),
    is_refunded: isTrue(source.value('is_refunded')),
    is_void: isTrue(source.value('is_void')),
    is_refund: isTrue(source.value('is_refund')),
    has_parent_transaction: isTrue(source.value('has_parent_transaction')),
    error_occured: isTrue(source.value('error_occured')),
  };
  const live = source.value('is_live');
  const reference = source.reference();
  return {
    id,
    orderId: idText(source.value('order.id')),
    amount: minorUnits(source.value('amount_cents'), currency, 'amount_cents'),
    currency,
    flags,
    flagBits: paymobFlagBits(flags, true),
    refundedAmount: looseMinorUnits(source.value('refunded_amount_cents'), currency),
    capturedAmount: looseMinorUnits(source.value('captured_amount'), currency),
    reference: typeof reference === 'number' ? String(reference) : optionalText(reference),
    message: optionalText(source.value('data.message')),
    parentTransactionId: idText(source.parent()),
    live: live === true || live === 'true' ? true : live === false || live === 'false' ? false : undefined,
    createdAt: timestamp(source.value('created_at')),
  };
}

/**
 * `viewTransaction(objectSource(obj))`, read field by field without a source, path walks or
 * intermediate objects (this runs on every callback). The same reads, checks and errors in the
 * same order; tests hold the two to the same answer.
 */
export function viewTransactionObject(obj: Record<string, unknown>): TransactionView {
  const id = idText(own(obj, 'id'));
  if (id === undefined)
    throw new InvalidRequestError('the transaction has no id.', { code: 'invalid_id', field: 'id' });
  const currency = normalizeCurrencyCode(own(obj, 'currency'));
  const success = isTrue(own(obj, 'success'));
  const pending = isTrue(own(obj, 'pending'));
  const isAuth = isTrue(own(obj, 'is_auth'));
  const isCapture = isTrue(own(obj, 'is_capture'));
  const isCaptured = isTrue(own(obj, 'is_captured'));
  const isVoided = isTrue(own(obj, 'is_voided'));
  const isRefunded = isTrue(own(obj, 'is_refunded'));
  const isVoid = isTrue(own(obj, 'is_void'));
  const isRefund = isTrue(own(obj, 'is_refund'));
  const hasParent = isTrue(own(obj, 'has_parent_transaction'));
  const errorOccured = isTrue(own(obj, 'error_occured'));
  const flags: Record<PaymobFlag, boolean> = {
    success,
    pending,
    is_auth: isAuth,
    is_capture: isCapture,
    is_captured: isCaptured,
    is_voided: isVoided,
    is_refunded: isRefunded,
    is_void: isVoid,
    is_refund: isRefund,
    has_parent_transaction: hasParent,
    error_occured: errorOccured,
  };
  // Bit i is PAYMOB_FLAGS[i] (that list's order).
  const flagBits =
    (success ? 1 : 0) |
    (pending ? 2 : 0) |
    (isAuth ? 4 : 0) |
    (isCapture ? 8 : 0) |
    (isCaptured ? 16 : 0) |
    (isVoided ? 32 : 0) |
    (isRefunded ? 64 : 0) |
    (isVoid ? 128 : 0) |
    (isRefund ? 256 : 0) |
    (hasParent ? 512 : 0) |
    (errorOccured ? 1024 : 0);
  const live = own(obj, 'is_live');
  const order = own(obj, 'order');
  const reference = own(order, 'merchant_order_id');
  const parent = own(obj, 'parent_transaction');
  return {
    id,
    orderId: idText(own(order, 'id')),
    amount: minorUnits(own(obj, 'amount_cents'), currency, 'amount_cents'),
    currency,
    flags,
    flagBits,
    refundedAmount: looseMinorUnits(own(obj, 'refunded_amount_cents'), currency),
    capturedAmount: looseMinorUnits(own(obj, 'captured_amount'), currency),
    reference: typeof reference === 'number' ? String(reference) : optionalText(reference),
    message: optionalText(own(own(obj, 'data'), 'message')),
    parentTransactionId: idText(typeof parent === 'object' && parent !== null ? own(parent, 'id') : parent),
    live: live === true || live === 'true' ? true : live === false || live === 'false' ? false : undefined,
    createdAt: timestamp(own(obj, 'created_at')),
  };
}

/**
 * What stands in for a provider status (Paymob has none): the flags that are true, joined with
 * `+` (`success`, `success+is_refunded`), or `none`.
 */
export function flagsText(view: TransactionView): string {
  const bits = view.flagBits;
  if (bits === 0) return 'none';
  let text = '';
  for (let i = 0; i < PAYMOB_FLAGS.length; i++) {
    if ((bits & (1 << i)) !== 0) text = text === '' ? PAYMOB_FLAGS[i]! : `${text}+${PAYMOB_FLAGS[i]!}`;
  }
  return text;
}

/** The status table's answer for a transaction. */
export const outcomeOf = (view: TransactionView): PaymobDecision =>
  // A view's flags are booleans: every flag not set is `false`.
  paymobDecision(view.flagBits, ~view.flagBits, view, view.flags.is_auth);

/** Whether a transaction is a refund, void or capture of another (a child). */
export const isChild = (view: TransactionView): boolean =>
  view.flags.has_parent_transaction || view.flags.is_refund || view.flags.is_void;

/** Runs the reading of a 2xx body; what cannot be read becomes `InvalidResponseError`. */
export const fromResponse = <T>(what: string, read: () => T): T => readAnswer(PROVIDER, 'Paymob', what, read);

/** An API transaction object, read (`InvalidResponseError` when it cannot be). */
export const viewResponse = (obj: Record<string, unknown>): TransactionView =>
  fromResponse('a transaction', () => viewTransactionObject(obj));

/** Minor units captured so far: a capture's total, else the whole amount of a paid purchase. */
function capturedOf(view: TransactionView, status: PaymentStatus): number {
  if (view.capturedAmount !== undefined && view.capturedAmount > 0) return view.capturedAmount;
  if (view.flags.is_auth) return status === 'succeeded' ? view.amount : 0;
  return ['succeeded', 'refunded', 'partially_refunded'].includes(status) ? view.amount : 0;
}

/** A transaction as `getTransaction`, `refund`, `void` and `capture` return it. */
export function toTransaction(view: TransactionView, raw: unknown): PaymobTransaction {
  const outcome = outcomeOf(view);
  return {
    provider: PROVIDER,
    id: view.id,
    orderId: view.orderId,
    parentTransactionId: view.parentTransactionId,
    status: outcome.status,
    providerStatus: flagsText(view),
    amount: view.amount,
    currency: view.currency,
    reference: view.reference,
    capturedAmount: capturedOf(view, outcome.status),
    refundedAmount: view.refundedAmount ?? 0,
    operation: outcome.operation,
    operationOutcome: outcome.operationOutcome,
    message: view.message,
    raw,
  };
}

/** An order's state from its (parent) transaction: what `getPayment` returns. */
export function toPayment(orderId: string, view: TransactionView, raw: unknown): PaymobPayment {
  const outcome = outcomeOf(view);
  return {
    provider: PROVIDER,
    id: orderId,
    status: outcome.status,
    providerStatus: flagsText(view),
    amount: view.amount,
    currency: view.currency,
    reference: view.reference,
    capturedAmount: capturedOf(view, outcome.status),
    refundedAmount: view.refundedAmount ?? 0,
    transactionId: view.id,
    message: view.message,
    raw,
  };
}

/** An order without a transaction yet (the payer has not paid): `pending`. */
export function toPendingPayment(orderId: string, order: PaymobOrderObject): PaymobPayment {
  return fromResponse('an order', () => {
    const currency = normalizeCurrencyCode(order.currency);
    const reference = order.merchant_order_id;
    return {
      provider: PROVIDER,
      id: orderId,
      status: 'pending',
      providerStatus: 'no_transaction',
      amount: minorUnits(order.amount_cents, currency, 'amount_cents'),
      currency,
      reference: typeof reference === 'number' ? String(reference) : optionalText(reference),
      capturedAmount: 0,
      refundedAmount: 0,
      transactionId: undefined,
      message: undefined,
      raw: order,
    };
  });
}

/** The Unified Checkout URL of an intention. */
export function checkoutUrl(baseUrl: string, publicKey: string, clientSecret: string): string {
  const query = new URLSearchParams({ publicKey, clientSecret });
  return `${baseUrl}/unifiedcheckout/?${query}`;
}

/** An intention as a link: `id` is the Paymob order id. */
export function toLink(
  intention: PaymobIntention,
  asked: { amount: number; currency: string; reference: string; expiresAt: Date | undefined },
  url: string,
): PaymobPaymentLink {
  return fromResponse('an intention', () => {
    const orderId = idText(intention.intention_order_id);
    if (orderId === undefined)
      throw new InvalidRequestError('intention_order_id is missing.', { code: 'invalid_id' });
    const detail = intention.intention_detail;
    const currency = detail?.currency ? normalizeCurrencyCode(detail.currency) : asked.currency;
    const amount =
      detail?.amount === null || detail?.amount === undefined
        ? asked.amount
        : minorUnits(detail.amount, currency, 'amount');
    if (currency !== asked.currency || amount !== asked.amount) {
      throw new InvalidRequestError(
        `the intention is for ${amount} ${currency} minor units, ${asked.amount} ${asked.currency} were asked for.`,
        { code: 'amount_mismatch' },
      );
    }
    return {
      provider: PROVIDER,
      id: orderId,
      url,
      status: 'pending',
      amount,
      currency,
      reference: optionalText(intention.special_reference) ?? asked.reference,
      expiresAt: asked.expiresAt,
      intentionId: intention.id,
      clientSecret: intention.client_secret,
      raw: intention,
    };
  });
}
