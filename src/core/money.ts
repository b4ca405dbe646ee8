/**
 * Money is an integer count of minor units plus an ISO 4217 code. Every conversion here is
 * integer and string work (BigInt for the intermediate products); no amount is ever computed
 * with floating-point arithmetic.
 */
import { InvalidRequestError } from './errors';

/** An amount of money: integer minor units (cents, halalas, fils) and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

// Active ISO 4217 codes grouped by their number of decimal places (minor-unit exponent).
// Funds codes (BOV, CHE, CHW, COU, MXV, USN, UYI) are included; precious metals and testing
// codes (XAU, XTS, XXX, …) have no minor unit and are left out.
const BY_EXPONENT: Record<number, string> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
    'GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL ' +
    'MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK ' +
    'PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS ' +
    'TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

/** The ISO 4217 exponent of every active currency code, as published. */
export const ISO_4217_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(BY_EXPONENT).flatMap(([exp, codes]) => codes.split(/\s+/).map((c) => [c, Number(exp)])),
  ),
);

const MAX_EXPONENT = 8;
let globalOverrides: Record<string, number> = {};

/** Per-call options of the money helpers. */
export interface CurrencyOptions {
  /** Exponents that take precedence over the global table for this call (`{ IQD: 0 }`). */
  exponents?: Readonly<Record<string, number>> | undefined;
}

function checkExponent(code: string, exp: unknown): number {
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp < 0 || exp > MAX_EXPONENT) {
    throw new InvalidRequestError(
      `The exponent given for ${code} must be an integer from 0 to ${MAX_EXPONENT}, got ${String(exp)}.`,
      { code: 'invalid_exponent' },
    );
  }
  return exp;
}

/**
 * Adds or replaces currency exponents for the whole process (e.g. `{ IQD: 0 }` where a provider
 * treats the Iraqi dinar as having no minor unit). Pass `{}` to `resetCurrencyExponents` to undo.
 */
export function setCurrencyExponents(overrides: Readonly<Record<string, number>>): void {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new InvalidRequestError('setCurrencyExponents expects an object such as { IQD: 0 }.', {
      code: 'invalid_input',
    });
  }
  const next = { ...globalOverrides };
  for (const [code, exp] of Object.entries(overrides))
    next[normalizeCurrencyCode(code)] = checkExponent(code, exp);
  globalOverrides = next;
}

/** Drops every exponent set with `setCurrencyExponents`. */
export function resetCurrencyExponents(): void {
  globalOverrides = {};
}

const isCapital = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isUpper = (code: string): boolean =>
  isCapital(code.charCodeAt(0)) && isCapital(code.charCodeAt(1)) && isCapital(code.charCodeAt(2));

/** Upper-cases and checks the shape of a currency code (three letters). */
export function normalizeCurrencyCode(currency: unknown, field = 'currency'): string {
  // Already three capital letters (every provider's usual spelling): as it is, without a regex.
  if (typeof currency === 'string' && currency.length === 3 && isUpper(currency)) return currency;
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    throw new InvalidRequestError(
      `${field} must be a three-letter ISO 4217 code such as "SAR" or "USD", got ${describe(currency)}.`,
      { code: 'invalid_currency', field },
    );
  }
  return currency.toUpperCase();
}

/** The number of decimal places of `currency`: per-call override, then global override, then ISO 4217. */
export function getCurrencyExponent(currency: string, options: CurrencyOptions = {}): number {
  options = options ?? {};
  const code = normalizeCurrencyCode(currency);
  const fromCall = options.exponents ? lookupCall(options.exponents, code) : undefined;
  if (fromCall !== undefined) return checkExponent(code, fromCall);
  const exp = lookup(globalOverrides, code) ?? lookup(ISO_4217_EXPONENTS, code);
  if (exp === undefined) {
    throw new InvalidRequestError(
      `Unknown currency "${code}": it is not an active ISO 4217 code with a minor unit. ` +
        `If it is valid for your provider, add it with setCurrencyExponents({ ${code}: <decimals> }).`,
      { code: 'unknown_currency', field: 'currency' },
    );
  }
  return exp;
}

/** True when `currency` is known to the table (with overrides). */
export function isKnownCurrency(currency: string, options: CurrencyOptions = {}): boolean {
  options = options ?? {};
  try {
    getCurrencyExponent(currency, options);
    return true;
  } catch {
    return false;
  }
}

function lookup(table: Readonly<Record<string, number>>, code: string): number | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}

/** Per-call tables are matched case-insensitively, like `setCurrencyExponents` keys (`{ iqd: 0 }`). */
function lookupCall(table: Readonly<Record<string, number>>, code: string): number | undefined {
  const exact = lookup(table, code);
  if (exact !== undefined) return exact;
  const key = Object.keys(table).find((k) => k.toUpperCase() === code);
  return key === undefined ? undefined : table[key];
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value === null) return 'null';
  return typeof value;
}

export interface MinorAmountOptions {
  /** Accept 0 (default false: a payment of nothing is almost always a bug). */
  allowZero?: boolean;
  /** Accept negative amounts (default false). */
  allowNegative?: boolean;
  /** The input field named in errors (default `'amount'`). */
  field?: string;
}

/** Throws `InvalidRequestError` unless `amount` is a safe integer count of minor units in the allowed range. */
export function assertMinorUnits(
  amount: unknown,
  options: MinorAmountOptions = {},
): asserts amount is number {
  options = options ?? {};
  const field = options.field ?? 'amount';
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    throw new InvalidRequestError(
      `${field} must be an integer count of minor units (1050 for 10.50 SAR), got ${describe(amount)}. ` +
        'Convert decimal strings with toMinorUnits("10.50", "SAR").',
      { code: 'invalid_amount', field },
    );
  }
  if (!Number.isSafeInteger(amount)) {
    throw new InvalidRequestError(
      `${field} ${amount} is beyond Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}) and cannot be represented exactly.`,
      { code: 'amount_too_large', field },
    );
  }
  if (amount < 0 && !options.allowNegative) {
    throw new InvalidRequestError(`${field} must not be negative, got ${amount}.`, {
      code: 'negative_amount',
      field,
    });
  }
  if (amount === 0 && !options.allowZero) {
    throw new InvalidRequestError(`${field} must be greater than zero.`, { code: 'zero_amount', field });
  }
}

export interface FormatOptions extends CurrencyOptions {
  /** Drop trailing fraction zeros and a bare dot: `1050 SAR` → `"10.5"`, `1000 SAR` → `"10"`. */
  minimal?: boolean;
  /**
   * Write exactly this many fraction digits instead of the currency's exponent (a provider that
   * always wants two decimals). Digits dropped this way must be zeros; otherwise the amount is not
   * representable and `InvalidRequestError` (`amount_not_representable`) is thrown.
   */
  fractionDigits?: number;
  /** Accept negative amounts (default false). Zero is always accepted. */
  allowNegative?: boolean;
  field?: string;
}

/**
 * Formats integer minor units as the decimal string of the major unit:
 * `formatMinorUnits(1050, 'SAR')` → `"10.50"`, `formatMinorUnits(1500, 'KWD')` → `"1.500"`.
 */
export function formatMinorUnits(amount: number, currency: string, options: FormatOptions = {}): string {
  options = options ?? {};
  assertMinorUnits(amount, {
    allowZero: true,
    allowNegative: options.allowNegative ?? false,
    field: options.field,
  });
  const exp = getCurrencyExponent(currency, options);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  let fraction = digits.slice(digits.length - exp);
  const wanted = options.fractionDigits;
  if (wanted !== undefined) {
    if (!Number.isInteger(wanted) || wanted < 0 || wanted > MAX_EXPONENT) {
      throw new InvalidRequestError(`fractionDigits must be an integer from 0 to ${MAX_EXPONENT}.`, {
        code: 'invalid_fraction_digits',
      });
    }
    if (wanted < exp) {
      if (!/^0*$/.test(fraction.slice(wanted))) {
        throw new InvalidRequestError(
          `${amount} minor units of ${normalizeCurrencyCode(currency)} need ${exp} decimals, but only ${wanted} can be sent: ` +
            `use an amount that is a multiple of ${10 ** (exp - wanted)}.`,
          { code: 'amount_not_representable', field: options.field ?? 'amount' },
        );
      }
      fraction = fraction.slice(0, wanted);
    } else {
      fraction = fraction.padEnd(wanted, '0');
    }
  }
  if (options.minimal) fraction = fraction.replace(/0+$/, '');
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}

export interface ParseDecimalOptions extends CurrencyOptions {
  /** Accept a leading minus sign (default false). */
  allowNegative?: boolean;
  /**
   * Accept more fraction digits than the currency has when the extra ones are zeros
   * (`"1000.00"` JPY → 1000). Default false for user input; provider parsing turns it on.
   */
  allowExtraZeroDecimals?: boolean;
  field?: string;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal string of the major unit to integer minor units:
 * `toMinorUnits("10.50", "SAR")` → `1050`, `toMinorUnits("1.5", "KWD")` → `1500`.
 * Rejects exponent notation, signs other than a leading minus, spaces, separators, more decimals
 * than the currency has, and results beyond `Number.MAX_SAFE_INTEGER`.
 */
export function toMinorUnits(decimal: string, currency: string, options: ParseDecimalOptions = {}): number {
  options = options ?? {};
  const field = options.field ?? 'amount';
  const exp = getCurrencyExponent(currency, options);
  const code = normalizeCurrencyCode(currency);
  if (typeof decimal !== 'string') {
    throw new InvalidRequestError(
      `${field} must be a decimal string such as "10.50", got ${describe(decimal)}.`,
      {
        code: 'invalid_amount',
        field,
      },
    );
  }
  const match = DECIMAL.exec(decimal);
  if (!match) {
    const hint = /^[-+]?(\d+\.?\d*|\.\d+)e[-+]?\d+$/i.test(decimal.trim())
      ? ' Exponent notation is not accepted: write the digits out.'
      : ' Use digits with an optional "." and no signs, spaces or thousands separators.';
    throw new InvalidRequestError(`${field} ${describe(decimal)} is not a plain decimal number.${hint}`, {
      code: 'invalid_amount',
      field,
    });
  }
  const [, minus, whole = '0', rawFraction = ''] = match;
  if (minus && !options.allowNegative) {
    throw new InvalidRequestError(`${field} must not be negative, got ${describe(decimal)}.`, {
      code: 'negative_amount',
      field,
    });
  }
  let fraction = rawFraction;
  if (fraction.length > exp) {
    const extra = fraction.slice(exp);
    if (!options.allowExtraZeroDecimals || !/^0+$/.test(extra)) {
      throw new InvalidRequestError(
        `${field} ${describe(decimal)} has ${fraction.length} decimals, but ${code} has ${exp}.`,
        { code: 'too_many_decimals', field },
      );
    }
    fraction = fraction.slice(0, exp);
  }
  const digits = whole + fraction.padEnd(exp, '0');
  // Up to 15 digits a Number holds the integer exactly (2^53 has 16): no BigInt needed.
  let value: number;
  if (digits.length <= 15) {
    value = Number(digits);
  } else {
    const minor = BigInt(digits);
    if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidRequestError(
        `${field} ${describe(decimal)} ${code} is more than ${Number.MAX_SAFE_INTEGER} minor units and cannot be represented exactly.`,
        { code: 'amount_too_large', field },
      );
    }
    value = Number(minor);
  }
  return minus && value !== 0 ? -value : value;
}

/** How a provider writes an amount: in major units (`10.5` = 10.50) or minor units (`1050`). */
export type AmountUnit = 'major' | 'minor';

export interface ProviderAmountOptions extends CurrencyOptions {
  /** The unit the provider uses (default `'major'`). */
  unit?: AmountUnit;
  allowNegative?: boolean;
  field?: string;
}

/** An amount as providers send it: a JSON number, a decimal string, or an object such as `{ value: "50.00", currency: "EGP" }`. */
export type ProviderAmount =
  | number
  | string
  | { value: number | string; currency?: string | null | undefined };

/** Most significant digits a decimal may have and still be exactly what a JSON number parse produced. */
const FLOAT_SAFE_DIGITS = 15;

/**
 * A JSON number in major units read as this many minor units or more may have had 16+ significant
 * digits before `JSON.parse` rounded it to a shorter neighbour (`86611523044979.29` parses to
 * `86611523044979.3`), which no check on the parsed value can see: such amounts are refused.
 */
const MAX_EXACT_NUMBER_MINOR = 10 ** FLOAT_SAFE_DIGITS;

/**
 * Reads an amount from a provider payload into integer minor units.
 * Numbers are read through their exact shortest decimal form (`String(n)`), never multiplied.
 * A fractional number with more than 15 significant digits, a number in major units worth 10^15
 * minor units or more, or any number beyond the safe integer range, may already have been rounded
 * by `JSON.parse` and is refused.
 */
export function parseProviderAmount(
  value: ProviderAmount,
  currency: string | undefined,
  options: ProviderAmountOptions = {},
): Money {
  options = options ?? {};
  const field = options.field ?? 'amount';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value) {
    const inner = value.currency ?? undefined;
    if (
      inner !== undefined &&
      currency !== undefined &&
      normalizeCurrencyCode(inner) !== normalizeCurrencyCode(currency)
    ) {
      throw new InvalidRequestError(`${field} is in ${inner}, but ${currency} was expected.`, {
        code: 'currency_mismatch',
        field,
      });
    }
    if (typeof value.value === 'object') {
      throw new InvalidRequestError(`${field}.value must be a number or a decimal string.`, {
        code: 'invalid_amount',
        field,
      });
    }
    return parseProviderAmount(value.value, inner ?? currency, options);
  }
  if (currency === undefined) {
    throw new InvalidRequestError(`${field} has no currency.`, {
      code: 'invalid_currency',
      field: 'currency',
    });
  }
  const code = normalizeCurrencyCode(currency);
  // Also for unit 'minor', which reads with exponent 0: an unknown currency is refused either way.
  getCurrencyExponent(code, options);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InvalidRequestError(`${field} must be a finite number, got ${String(value)}.`, {
        code: 'invalid_amount',
        field,
      });
    }
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new InvalidRequestError(
        `${field} ${String(value)} is beyond the safe integer range and may have been rounded.`,
        {
          code: 'amount_too_large',
          field,
        },
      );
    }
    text = String(value);
    if (
      !Number.isInteger(value) &&
      text.replace(/^-?0*\.?0*/, '').replace('.', '').length > FLOAT_SAFE_DIGITS
    ) {
      throw new InvalidRequestError(
        `${field} ${text} has more significant digits than a JSON number carries exactly; it may have been rounded.`,
        { code: 'amount_too_precise', field },
      );
    }
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new InvalidRequestError(
      `${field} must be a number, a decimal string or { value, currency }, got ${describe(value)}.`,
      {
        code: 'invalid_amount',
        field,
      },
    );
  }
  if (options.unit === 'minor') {
    // The usual case, a JSON number that is a safe integer ≥ 0, is that many minor units as it is
    // (-0 as 0, as its text "0" reads): no text round trip. The rest goes through the text.
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
      return { amount: value === 0 ? 0 : value, currency: code };
    if (!/^-?\d+$/.test(text)) {
      throw new InvalidRequestError(
        `${field} must be an integer count of minor units, got ${describe(value)}.`,
        {
          code: 'invalid_amount',
          field,
        },
      );
    }
    const amount = toMinorUnits(text, code, {
      exponents: { [code]: 0 },
      allowNegative: options.allowNegative,
      field,
    });
    return { amount, currency: code };
  }
  const amount = toMinorUnits(text, code, {
    exponents: options.exponents,
    allowNegative: options.allowNegative,
    allowExtraZeroDecimals: true,
    field,
  });
  if (typeof value === 'number' && (amount >= MAX_EXACT_NUMBER_MINOR || -amount >= MAX_EXACT_NUMBER_MINOR)) {
    throw new InvalidRequestError(
      `${field} ${text} ${code} came as a JSON number of ${FLOAT_SAFE_DIGITS + 1} or more digits, which JSON.parse may have rounded; ` +
        'it cannot be read exactly.',
      { code: 'amount_too_precise', field },
    );
  }
  return { amount, currency: code };
}
