/**
 * Money-Go's checkout signature: SHA-256 (lowercase hex) of the JSON text of
 * `{"wallet_to","wallet_from","amount","id","secret"}` in exactly that key order, every value a
 * string, byte-identical to PHP's `json_encode` with default flags (Money-Go's server and its
 * public integrations are PHP): `/` is written `\/`, every non-ASCII character `\uXXXX` with
 * lowercase hex (characters above U+FFFF as a surrogate pair), control characters as `\b \f \n \r \t`
 * or `\u00XX`. `JSON.stringify` differs on `/` and non-ASCII, so it is not used.
 */
import { sha256Hex } from '../../core/crypto';
import { InvalidRequestError } from '../../core/errors';

export interface CheckoutSignatureFields {
  walletTo: string;
  walletFrom: string;
  /** The amount string exactly as sent in the checkout body (`"10.5"`). */
  amount: string;
  /** The merchant's payment id (`reference`). */
  id: string;
}

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  47: '\\/',
  92: '\\\\',
};

/** A JSON string literal as PHP's `json_encode($string)` writes it with no flags. */
export function phpJsonString(value: string, field = 'value'): string {
  if (typeof value !== 'string') {
    throw new InvalidRequestError(`moneygo: ${field} must be a string to be signed, got a ${typeof value}.`, {
      code: 'invalid_field',
      field,
      provider: 'moneygo',
    });
  }
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) {
      out += short;
    } else if (c < 0x20 || c > 0x7e) {
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = value.charCodeAt(i + 1);
        if (!(next >= 0xdc00 && next <= 0xdfff)) throw loneSurrogate(field);
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        const prev = value.charCodeAt(i - 1);
        if (!(prev >= 0xd800 && prev <= 0xdbff)) throw loneSurrogate(field);
      }
      // PHP leaves DEL (0x7f) as it is.
      out += c === 0x7f ? '\u007f' : `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += value[i];
    }
  }
  return `${out}"`;
}

function loneSurrogate(field: string): InvalidRequestError {
  return new InvalidRequestError(
    `${field} contains a lone UTF-16 surrogate, which is not valid UTF-8: PHP's json_encode (and so Money-Go) cannot sign it.`,
    { code: 'invalid_text', field, provider: 'moneygo' },
  );
}

/** The exact text that is hashed for a checkout signature (exposed for debugging; it contains the secret). */
export function checkoutSignatureText(fields: CheckoutSignatureFields, formSecret: string): string {
  return (
    `{"wallet_to":${phpJsonString(fields.walletTo, 'walletTo')}` +
    `,"wallet_from":${phpJsonString(fields.walletFrom, 'walletFrom')}` +
    `,"amount":${phpJsonString(fields.amount, 'amount')}` +
    `,"id":${phpJsonString(fields.id, 'id')}` +
    `,"secret":${phpJsonString(formSecret, 'formSecret')}}`
  );
}

/** Money-Go's checkout signature for these fields with the form secret ("token for the form"). */
export async function signCheckout(fields: CheckoutSignatureFields, formSecret: string): Promise<string> {
  return sha256Hex(checkoutSignatureText(fields, formSecret));
}
