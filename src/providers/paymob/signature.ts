/**
 * Paymob's HMAC recipes. Paymob does not sign the body: it signs a few fields of it, concatenated,
 * and puts the result in the query string of the callback URL (`?hmac=<hex>`).
 *
 *   message = the values of a fixed list of fields, in that order, with no separator
 *   hmac    = lowercase hex(HMAC-SHA512(key = the HMAC secret as its UTF-8 bytes, message))
 *
 * The secret looks like hex but is used as text: the docs' test vector (TV-P1) verifies only that
 * way. Values are rendered as: booleans `true` / `false`, numbers in plain decimal, strings as they
 * are (`created_at` is never reformatted), and `null` or a missing field as `PAYMOB_HMAC_NULL`.
 */
import { hmacSha512Hex, hmacSha512HexNow, timingSafeEqual } from '../../core/crypto';
import { ownProperty as own } from '../../core/own';

/**
 * The transaction recipe's 20 fields, in order (processed POST callbacks and the browser's GET
 * redirect). `error_occured` is Paymob's spelling. In a POST they are read from `obj` (`order.id`
 * is `obj.order.id`, `source_data.pan` is `obj.source_data.pan`); in a GET redirect from the query,
 * `order.id` being the parameter `order` (see `paymobRedirectMessage`).
 */
export const PAYMOB_TRANSACTION_HMAC_FIELDS = Object.freeze([
  'amount_cents',
  'created_at',
  'currency',
  'error_occured',
  'has_parent_transaction',
  'id',
  'integration_id',
  'is_3d_secure',
  'is_auth',
  'is_capture',
  'is_refunded',
  'is_standalone_payment',
  'is_voided',
  'order.id',
  'owner',
  'pending',
  'source_data.pan',
  'source_data.sub_type',
  'source_data.type',
  'success',
] as const);

/** The card-token recipe's 8 fields (`type: TOKEN` callbacks), read from `obj`, in order. */
export const PAYMOB_CARD_TOKEN_HMAC_FIELDS = Object.freeze([
  'card_subtype',
  'created_at',
  'email',
  'id',
  'masked_pan',
  'merchant_id',
  'order_id',
  'token',
] as const);

/**
 * How `null` or a missing field is rendered: the empty string. Paymob does not document it
 * (fact sheet, Unconfirmed #3); its own PHP plugin concatenates PHP `null`, which is `""`.
 */
export const PAYMOB_HMAC_NULL = '';

/** A field that cannot be part of an HMAC message (an object or an array where a value belongs). */
export class UnsignableFieldError extends Error {
  readonly field: string;
  constructor(field: string) {
    super(`the signed field ${field} is not a string, number, boolean or null`);
    this.name = 'UnsignableFieldError';
    this.field = field;
  }
}

function render(value: unknown, field: string): string {
  if (value === null || value === undefined) return PAYMOB_HMAC_NULL;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new UnsignableFieldError(field);
}

/** `record.a.b` for `'a.b'`, own properties only (a body's `__proto__` key is data, never a path). */
function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The message of `fields` read from `record` by path, one field after another: the recipes as
 * listed, read generically. The transaction recipe is read by `paymobTransactionMessage` without
 * it (tests hold the two to the same answer); the card-token recipe is read through it.
 */
export function fieldsMessage(record: Record<string, unknown>, fields: readonly string[]): string {
  let message = '';
  for (const field of fields) message += render(valueAt(record, field), field);
  return message;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `record[outer][key]` (own properties of objects), else undefined: `valueAt` for two-level paths. */
const ownIn = (record: Record<string, unknown>, outer: string, key: string): unknown =>
  own(own(record, outer), key);

/**
 * The transaction message of a processed callback's `obj` (or of any transaction object).
 * Throws `UnsignableFieldError` when a signed field holds an object or array (the first such
 * field in the recipe's order). The 20 fields of `PAYMOB_TRANSACTION_HMAC_FIELDS` are read here
 * one by one, in that order (no path splitting per field: this runs on every callback).
 */
export function paymobTransactionMessage(obj: Record<string, unknown>): string {
  if (!isRecord(obj)) return fieldsMessage(obj, PAYMOB_TRANSACTION_HMAC_FIELDS);
  return (
    render(own(obj, 'amount_cents'), 'amount_cents') +
    render(own(obj, 'created_at'), 'created_at') +
    render(own(obj, 'currency'), 'currency') +
    render(own(obj, 'error_occured'), 'error_occured') +
    render(own(obj, 'has_parent_transaction'), 'has_parent_transaction') +
    render(own(obj, 'id'), 'id') +
    render(own(obj, 'integration_id'), 'integration_id') +
    render(own(obj, 'is_3d_secure'), 'is_3d_secure') +
    render(own(obj, 'is_auth'), 'is_auth') +
    render(own(obj, 'is_capture'), 'is_capture') +
    render(own(obj, 'is_refunded'), 'is_refunded') +
    render(own(obj, 'is_standalone_payment'), 'is_standalone_payment') +
    render(own(obj, 'is_voided'), 'is_voided') +
    render(ownIn(obj, 'order', 'id'), 'order.id') +
    render(own(obj, 'owner'), 'owner') +
    render(own(obj, 'pending'), 'pending') +
    render(ownIn(obj, 'source_data', 'pan'), 'source_data.pan') +
    render(ownIn(obj, 'source_data', 'sub_type'), 'source_data.sub_type') +
    render(ownIn(obj, 'source_data', 'type'), 'source_data.type') +
    render(own(obj, 'success'), 'success')
  );
}

/**
 * The transaction message of a browser redirect (GET) from its query: the parameters of the same
 * names, URL-decoded (`created_at=2024-06-25T15%3A16%3A25…` is read as `15:16:25`: the docs' worked
 * example shows `113A253A08`, most likely a rendering bug; Unconfirmed #2), the dotted names
 * `source_data.pan` etc. read literally, and `order.id` from the parameter `order`, or `order_id`
 * when there is no `order` (the docs' sample URL, Paymob's plugin and Odoo use `order`; one docs
 * page says `order_id`: Unconfirmed #1).
 */
export function paymobRedirectMessage(query: URLSearchParams): string {
  return PAYMOB_TRANSACTION_HMAC_FIELDS.map((field) => {
    if (field === 'order.id') return query.get('order') ?? query.get('order_id') ?? PAYMOB_HMAC_NULL;
    return query.get(field) ?? PAYMOB_HMAC_NULL;
  }).join('');
}

/** The card-token message of a `TOKEN` callback's `obj`. Throws `UnsignableFieldError` like the others. */
export function paymobCardTokenMessage(obj: Record<string, unknown>): string {
  return fieldsMessage(obj, PAYMOB_CARD_TOKEN_HMAC_FIELDS);
}

/** The lowercase hex HMAC-SHA512 of `message` with the HMAC secret (as UTF-8 text). */
export function computePaymobHmac(secret: string, message: string): Promise<string> {
  return hmacSha512Hex(secret, message);
}

/** 128 hex digits: the shape of an HMAC-SHA512 in hex. */
export const PAYMOB_HMAC_PATTERN = /^[0-9a-fA-F]{128}$/;

/**
 * Whether `received` is the HMAC of `message` under any of `secrets` (several while one is being
 * rotated). Every secret is tried, so the time taken does not depend on which one matched.
 */
export async function matchesAnySecret(
  secrets: readonly string[],
  message: string,
  received: string,
): Promise<boolean> {
  return matchesAnySecretNow(secrets, message, received);
}

/**
 * `matchesAnySecret`, answered synchronously when the crypto backend computes HMACs synchronously
 * (node:crypto, the default on Node, Bun and Deno), else as a promise. The same HMACs and the same
 * constant-time comparisons either way.
 */
export function matchesAnySecretNow(
  secrets: readonly string[],
  message: string,
  received: string,
): boolean | Promise<boolean> {
  const expected = received.toLowerCase();
  let matched = false;
  for (let i = 0; i < secrets.length; i++) {
    const hmac = hmacSha512HexNow(secrets[i]!, message);
    if (typeof hmac !== 'string') return matchesLater(secrets, message, expected, i, hmac, matched);
    matched = timingSafeEqual(hmac, expected) || matched;
  }
  return matched;
}

/** The rest of `matchesAnySecretNow` once an HMAC came as a promise: secret `i` onwards. */
async function matchesLater(
  secrets: readonly string[],
  message: string,
  expected: string,
  i: number,
  pending: Promise<string>,
  matchedSoFar: boolean,
): Promise<boolean> {
  let matched = timingSafeEqual(await pending, expected) || matchedSoFar;
  for (let j = i + 1; j < secrets.length; j++) {
    matched = timingSafeEqual(await hmacSha512HexNow(secrets[j]!, message), expected) || matched;
  }
  return matched;
}
