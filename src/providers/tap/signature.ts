/**
 * Tap's webhook signature, the `hashstring` header (Tap's webhook documentation, "Validate the
 * webhook (hashstring)"):
 *
 *   charge, authorize (and void), refund:
 *     "x_id" + id + "x_amount" + amount + "x_currency" + currency
 *     + "x_gateway_reference" + reference.gateway + "x_payment_reference" + reference.payment
 *     + "x_status" + status + "x_created" + created
 *   invoice:
 *     "x_id" + id + "x_amount" + amount + "x_currency" + currency
 *     + "x_updated" + updated + "x_status" + status + "x_created" + created
 *
 *   hashstring = lowercase hex(HMAC-SHA256(key = the secret API key, message))
 *
 * `amount` is the body's amount rendered with the currency's decimals (`1.0` SAR → `1.00`; see
 * amount.ts), `created` is `transaction.created` for charges and authorizations (epoch ms) and the
 * top-level `created` for refunds and invoices. A reference that is missing is the empty string
 * [DERIVED: the documentation is silent]. [UNCONFIRMED] For refunds the documentation's code uses
 * `reference.gateway` / `reference.payment` of the refund (which refund objects do not seem to
 * carry: empty strings then) and the refund's top-level `created`.
 *
 * Nothing else of the body is signed: not `reference.order` / `reference.transaction` (your
 * reference), not `metadata`, `customer`, `object`, `charge_id` of a refund, nor `post.attempt`.
 */
import { hmacSha256Hex } from '../../core/crypto';
import { WebhookParseError } from '../../core/errors';
import { type CurrencyOptions, getCurrencyExponent } from '../../core/money';
import { renderDecimal, type TapAmountRounding, topLevelValueText } from './amount';
import { kindOfId, kindOfObject, type TapObjectKind } from './status';

const PROVIDER = 'tap';

/** The signed fields of a charge, authorization or refund, as the strings that are hashed. */
export interface TapChargeHashFields {
  id: string;
  /** Rendered with the currency's decimals (`"1.00"`). */
  amount: string;
  currency: string;
  gatewayReference: string;
  paymentReference: string;
  status: string;
  created: string;
}

/** The signed fields of an invoice. */
export interface TapInvoiceHashFields {
  id: string;
  amount: string;
  currency: string;
  updated: string;
  status: string;
  created: string;
}

/** The message Tap signs for a charge, an authorization or a refund. */
export function chargeHashMessage(f: TapChargeHashFields): string {
  return (
    `x_id${f.id}x_amount${f.amount}x_currency${f.currency}x_gateway_reference${f.gatewayReference}` +
    `x_payment_reference${f.paymentReference}x_status${f.status}x_created${f.created}`
  );
}

/** The message Tap signs for an invoice. */
export function invoiceHashMessage(f: TapInvoiceHashFields): string {
  return `x_id${f.id}x_amount${f.amount}x_currency${f.currency}x_updated${f.updated}x_status${f.status}x_created${f.created}`;
}

/** `hashstring` for a message: lowercase hex HMAC-SHA256 keyed with the secret API key. */
export function tapHashstring(secretKey: string, message: string): Promise<string> {
  return hmacSha256Hex(secretKey, message);
}

/** How `signTapWebhook` renders the amount it signs: the currency exponents and the rounding. */
export interface TapSignOptions extends CurrencyOptions {
  /** How an amount with too many decimals is rounded (default `'half-up'`). */
  amountRounding?: TapAmountRounding | undefined;
}

/** What the recipe read from a body: which recipe, the message, and the signed values. */
export interface SignedFields {
  /** The object the signed id names (its prefix), else the body's `object`; undefined: unknown. */
  kind: TapObjectKind | undefined;
  message: string;
  id: string;
  status: string;
  currency: string;
  /** The amount as signed (`"1.00"`); `''` when an unknown object has none. */
  amount: string;
  /** `created` as signed (`''` when missing). */
  created: string;
  /** `updated` as signed (invoices only). */
  updated: string;
}

function shapeError(message: string): WebhookParseError {
  return new WebhookParseError('invalid_shape', `Tap webhook: ${message}`, { provider: PROVIDER });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A signed field as hashed: text as is, a whole number as its digits, missing as `''`. */
function signedText(value: unknown, field: string, required: boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (value === undefined || value === null) {
    if (required) throw shapeError(`the body has no \`${field}\`, which the signature covers.`);
    return '';
  }
  throw shapeError(`\`${field}\` is neither text nor a whole number; it cannot be hashed.`);
}

const member = (value: unknown, key: string): unknown =>
  isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;

/** The amount as signed: the body's exact amount text, rendered with the currency's decimals. */
function signedAmount(
  body: Record<string, unknown>,
  text: string,
  currency: string,
  options: TapSignOptions,
  required: boolean,
): string {
  const source = amountSource(body, text, currency, options);
  if (source === undefined || source === 'null') {
    if (required) throw shapeError('the body has no `amount`, which the signature covers.');
    return '';
  }
  const number = source.startsWith('"') ? (JSON.parse(source) as string).trim() : source;
  let decimals: number;
  try {
    decimals = getCurrencyExponent(currency, options);
  } catch {
    if (required) {
      throw shapeError(
        `the currency ${JSON.stringify(currency.slice(0, 8))} has no known number of decimals, so the signed amount ` +
          'cannot be rendered (add it with the currencyExponents setting).',
      );
    }
    return number;
  }
  const rendered = renderDecimal(number, decimals, options.amountRounding ?? 'half-up');
  if (rendered === undefined) {
    throw shapeError(
      `the amount ${source.slice(0, 40)} cannot be rendered with ${currency}'s ${decimals} decimals` +
        `${options.amountRounding === 'refuse' ? ' without rounding (amountRounding: "refuse")' : ''}.`,
    );
  }
  return rendered;
}

/**
 * The exact source text of the body's top-level `amount` for rendering, without scanning the body
 * where its parsed value already decides the result:
 * - a string: its value is its exact text (what the scanner's text would decode to);
 * - a number whose shortest form `String(n)` has no more decimals than the currency and whose
 *   magnitude keeps a unit in the last place of the double below half a unit of the currency's last
 *   decimal (|n| · 10^decimals < 2^50): the exact text differs from `String(n)` by less than one unit
 *   in the last place (both round to `n`), so half-up rendering gives the same digits from either.
 * Anything else (more decimals, `'refuse'` rounding, an unknown currency, not a number) is read from
 * the text by the scanner (`topLevelValueText`), as before.
 */
function amountSource(
  body: Record<string, unknown>,
  text: string,
  currency: string,
  options: TapSignOptions,
): string | undefined {
  const value = Object.hasOwn(body, 'amount') ? body['amount'] : undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && options.amountRounding !== 'refuse') {
    let decimals: number | undefined;
    try {
      decimals = getCurrencyExponent(currency, options);
    } catch {
      decimals = undefined;
    }
    // Not for 0: a text that underflows to it (`1e-400`) must meet the scanner, which refuses
    // exponents, as a plain `0` does not need the shortcut.
    if (decimals !== undefined && value !== 0 && Math.abs(value) * 10 ** decimals < 2 ** 50) {
      const shortest = String(value);
      const dot = shortest.indexOf('.');
      if (!shortest.includes('e') && (dot < 0 || shortest.length - dot - 1 <= decimals)) return shortest;
    }
  }
  return topLevelValueText(text, 'amount');
}

/**
 * Reads the fields Tap signs from a parsed body and its exact text, and builds the message. Which
 * recipe applies is decided by the signed id's prefix (`chg_`, `auth_`, `re_`, `inv_`), not by the
 * unsigned `object` field, which is used only for an id without a known prefix. An object paybridge
 * does not know is read with the charge recipe, missing fields as `''`.
 */
export function signedFields(
  body: Record<string, unknown>,
  text: string,
  options: TapSignOptions,
): SignedFields {
  const id = signedText(body['id'], 'id', true);
  const kind = kindOfId(id) ?? kindOfObject(body['object']);
  const known = kind !== undefined;
  const status = signedText(body['status'], 'status', known);
  const currency = signedText(body['currency'], 'currency', known);
  const amount = signedAmount(body, text, currency, options, known);
  if (kind === 'invoice') {
    const created = signedText(body['created'], 'created', false);
    const updated = signedText(body['updated'], 'updated', false);
    const message = invoiceHashMessage({ id, amount, currency, updated, status, created });
    return { kind, message, id, status, currency, amount, created, updated };
  }
  const reference = body['reference'];
  const createdSource =
    kind === 'refund'
      ? body['created']
      : kind === undefined
        ? (member(body['transaction'], 'created') ?? body['created'])
        : member(body['transaction'], 'created');
  const created = signedText(createdSource, kind === 'refund' ? 'created' : 'transaction.created', false);
  const message = chargeHashMessage({
    id,
    amount,
    currency,
    gatewayReference: signedText(member(reference, 'gateway'), 'reference.gateway', false),
    paymentReference: signedText(member(reference, 'payment'), 'reference.payment', false),
    status,
    created,
  });
  return { kind, message, id, status, currency, amount, created, updated: '' };
}

/**
 * The `hashstring` header Tap would send with `body` (tests, simulators): the recipe above with
 * `secretKey`. The body must be the exact JSON text that is sent.
 */
export async function signTapWebhook(
  secretKey: string,
  body: string,
  options: TapSignOptions = {},
): Promise<string> {
  const parsed: unknown = JSON.parse(body);
  if (!isRecord(parsed)) throw shapeError('the body must be a JSON object.');
  return tapHashstring(secretKey, signedFields(parsed, body, options).message);
}
