/**
 * Tap amounts are decimals in major units, and the webhook signature covers the amount "rounded
 * with the standard decimal value" of its currency (`1.0` SAR is signed as `1.00`, `100.0` BHD as
 * `100.000`). Everything here is string and BigInt work: no amount ever passes through a float.
 *
 * - Requests: integer minor units → the exact decimal text, written into the JSON body as a number
 *   (`jsonWithNumber`), so `1000 KWD` is sent as `1.000` and no 16-digit amount is rounded.
 * - Webhooks: the amount's exact source text is taken from the raw body (`topLevelValueText`, a
 *   small scanner that runs on every runtime; `JSON.parse`'s reviver `context.source` is not
 *   everywhere) and rendered to the currency's decimals (`renderDecimal`).
 */
import { ConfigurationError } from '../../core/errors';
import { type CurrencyOptions, formatMinorUnits } from '../../core/money';

/**
 * The decimals Tap uses per currency: its webhook documentation's table (AED 2, BHD 3, EGP 2,
 * EUR 2, GBP 2, KWD 3, OMR 3, QAR 2, SAR 2, USD 2), plus JOD 3. [UNCONFIRMED] JOD is not in
 * Tap's table; paybridge uses its ISO 4217 exponent, 3 (Tap's WooCommerce plugin also treats JOD
 * as 3-decimal). Override with the `currencyExponents` setting (`{ JOD: 2 }`). Currencies not
 * listed use the global table (ISO 4217, `setCurrencyExponents`).
 */
export const TAP_CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  BHD: 3,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  QAR: 2,
  SAR: 2,
  USD: 2,
});

/**
 * How a webhook amount with more decimals than its currency has is brought to them before it is
 * hashed. Tap's documentation says only that the amount is "rounded with the standard decimal
 * value" [UNCONFIRMED which rounding]:
 * - `'half-up'` (default): half away from zero, as PHP's `round()` / `number_format()` (the
 *   documentation's own example language) and Java's `RoundingMode.HALF_UP` do: `1.005` → `1.01`.
 * - `'refuse'`: such a webhook is refused (`WebhookParseError`, `invalid_shape`).
 */
export type TapAmountRounding = 'half-up' | 'refuse';

/** The per-call exponent table for Tap: `TAP_CURRENCY_EXPONENTS` with the adapter's overrides. */
export function tapExponents(overrides: unknown, provider = 'tap'): CurrencyOptions {
  if (overrides === undefined) return { exponents: TAP_CURRENCY_EXPONENTS };
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigurationError(`${provider}: \`currencyExponents\` must be an object such as { JOD: 3 }.`, {
      provider,
      code: 'invalid_setting',
    });
  }
  const table: Record<string, number> = { ...TAP_CURRENCY_EXPONENTS };
  for (const [code, exponent] of Object.entries(overrides)) {
    if (!/^[A-Za-z]{3}$/.test(code) || !Number.isInteger(exponent) || exponent < 0 || exponent > 8) {
      throw new ConfigurationError(
        `${provider}: \`currencyExponents\` maps three-letter codes to a whole number of decimals (0 to 8).`,
        { provider, code: 'invalid_setting' },
      );
    }
    table[code.toUpperCase()] = exponent as number;
  }
  return { exponents: Object.freeze(table) };
}

/** Integer minor units → Tap's decimal text with the currency's decimals: `1000 KWD` → `"1.000"`. */
export function formatTapAmount(amount: number, currency: string, options: CurrencyOptions): string {
  return formatMinorUnits(amount, currency, options);
}

/**
 * A JSON object's text with `key` first, its value written as the decimal text `number` (already a
 * valid JSON number), then every member of `rest`: `{"amount":1.000,"currency":"KWD",…}`.
 */
export function jsonWithNumber(key: string, number: string, rest: Record<string, unknown>): string {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(number)) throw new TypeError(`not a JSON decimal: ${number}`);
  const others = JSON.stringify(rest);
  const head = `{${JSON.stringify(key)}:${number}`;
  return others === '{}' ? `${head}}` : `${head},${others.slice(1)}`;
}

const JSON_NUMBER = /^(-)?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** More digits than any amount has: refused before any BigInt work (the body is not verified yet). */
const MAX_DIGITS = 40;
const MAX_EXPONENT_MAGNITUDE = 40;

/**
 * A JSON number's text (`1.0`, `100`, `0.5`, `1.5e2`), or a plain decimal string, rendered with
 * exactly `decimals` fraction digits: `("1.0", 2)` → `"1.00"`, `("100.0", 3)` → `"100.000"`. Digits
 * beyond `decimals` are rounded half-up (away from zero) or, with `'refuse'`, make the result
 * `undefined`; so does text that is not a number, or one with absurdly many digits.
 */
export function renderDecimal(
  text: string,
  decimals: number,
  rounding: TapAmountRounding = 'half-up',
): string | undefined {
  const match = JSON_NUMBER.exec(text);
  if (!match) return undefined;
  const [, minus, whole = '0', fraction = '', exp = '0'] = match;
  const exponent = Number(exp);
  if (whole.length + fraction.length > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT_MAGNITUDE)
    return undefined;
  // value = digits × 10^(−scale)
  let digits = BigInt(whole + fraction);
  const scale = fraction.length - exponent;
  if (scale <= decimals) {
    digits *= 10n ** BigInt(decimals - scale);
  } else {
    const divisor = 10n ** BigInt(scale - decimals);
    const remainder = digits % divisor;
    digits /= divisor;
    if (remainder !== 0n) {
      if (rounding === 'refuse') return undefined;
      if (remainder * 2n >= divisor) digits += 1n;
    }
  }
  const padded = digits.toString().padStart(decimals + 1, '0');
  const rendered =
    decimals === 0
      ? padded
      : `${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`;
  return minus && digits !== 0n ? `-${rendered}` : rendered;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The index just past the string literal that starts at `i` (a `"`). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j += 2;
    else if (c === 0x22) return j + 1;
    else j++;
  }
  return j;
}

/** The index just past the JSON value that starts at `i`. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === 0x22) return skipString(text, i);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        j = skipString(text, j);
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return j;
  }
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break;
    j++;
  }
  return j;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  return j;
}

/**
 * The exact source text of the value of the top-level member `key` of a JSON object, or undefined
 * when it has none. Of duplicate keys the last counts, as with `JSON.parse`; escaped keys
 * (`"\u0061mount"`) are matched by what they decode to. `json` must be text `JSON.parse` accepted
 * as an object: the scanner walks it, it does not validate it.
 */
export function topLevelValueText(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(json, i + 1);
  let found: string | undefined;
  while (i < json.length && json.charCodeAt(i) === 0x22) {
    const keyEnd = skipString(json, i);
    const literal = json.slice(i, keyEnd);
    const name = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
    i = skipSpace(json, keyEnd);
    if (json.charCodeAt(i) !== 0x3a) return undefined;
    i = skipSpace(json, i + 1);
    const valueEnd = skipValue(json, i);
    if (name === key) found = json.slice(i, valueEnd);
    i = skipSpace(json, valueEnd);
    if (json.charCodeAt(i) !== 0x2c) break;
    i = skipSpace(json, i + 1);
  }
  return found;
}
