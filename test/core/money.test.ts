import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors';
import {
  assertMinorUnits,
  formatMinorUnits,
  getCurrencyExponent,
  ISO_4217_EXPONENTS,
  isKnownCurrency,
  normalizeCurrencyCode,
  parseProviderAmount,
  resetCurrencyExponents,
  setCurrencyExponents,
  toMinorUnits,
} from '../../src/core/money';

/** Runs `fn` and returns the InvalidRequestError it throws (fails the test otherwise). */
function invalid(fn: () => unknown): InvalidRequestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError, nothing was thrown');
}

const CURRENCIES = Object.keys(ISO_4217_EXPONENTS);
const MAX = Number.MAX_SAFE_INTEGER;

afterEach(() => resetCurrencyExponents());

describe('the ISO 4217 exponent table', () => {
  it.each([
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['IQD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['VND', 0],
    ['CLF', 4],
    ['UYW', 4],
    ['SAR', 2],
    ['EGP', 2],
    ['AED', 2],
    ['USD', 2],
    ['EUR', 2],
    ['QAR', 2],
  ])('%s has %i decimals', (code, exp) => {
    expect(ISO_4217_EXPONENTS[code]).toBe(exp);
    expect(getCurrencyExponent(code)).toBe(exp);
    expect(getCurrencyExponent(code.toLowerCase())).toBe(exp);
  });

  it('holds only three-letter codes with exponents from 0 to 4, and is frozen', () => {
    expect(CURRENCIES.length).toBeGreaterThan(150);
    for (const code of CURRENCIES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(ISO_4217_EXPONENTS[code]);
    }
    expect(Object.isFrozen(ISO_4217_EXPONENTS)).toBe(true);
  });

  it('leaves out precious metals and testing codes, which have no minor unit', () => {
    for (const code of ['XAU', 'XAG', 'XTS', 'XXX', 'XDR']) expect(isKnownCurrency(code)).toBe(false);
    expect(isKnownCurrency('SAR')).toBe(true);
  });

  it('refuses an unknown code and says how to add it', () => {
    const error = invalid(() => getCurrencyExponent('ZZZ'));
    expect(error.code).toBe('unknown_currency');
    expect(error.field).toBe('currency');
    expect(error.message).toContain('ZZZ');
    expect(error.message).toContain('setCurrencyExponents({ ZZZ: <decimals> })');
  });

  it.each([['SA'], ['SARR'], ['S4R'], [''], [' SAR'], [42], [null], [undefined]])(
    'refuses the malformed code %j',
    (code) => {
      const error = invalid(() => normalizeCurrencyCode(code));
      expect(error.code).toBe('invalid_currency');
      expect(error.message).toMatch(/three-letter ISO 4217 code/);
    },
  );

  it('normalizes a code to upper case', () => {
    expect(normalizeCurrencyCode('sar')).toBe('SAR');
    expect(normalizeCurrencyCode('Egp')).toBe('EGP');
  });
});

describe('exponent overrides', () => {
  it('applies a per-call override before the global table', () => {
    expect(getCurrencyExponent('IQD', { exponents: { IQD: 0 } })).toBe(0);
    expect(toMinorUnits('1000', 'IQD', { exponents: { IQD: 0 } })).toBe(1000);
    expect(formatMinorUnits(1000, 'IQD', { exponents: { IQD: 0 } })).toBe('1000');
    expect(getCurrencyExponent('IQD')).toBe(3);
  });

  it('matches per-call override keys case-insensitively, like the global ones', () => {
    expect(getCurrencyExponent('IQD', { exponents: { iqd: 0 } })).toBe(0);
    expect(getCurrencyExponent('iqd', { exponents: { Iqd: 0 } })).toBe(0);
  });

  it('lets a per-call override add a currency the table lacks', () => {
    expect(toMinorUnits('1.5', 'XTS', { exponents: { XTS: 2 } })).toBe(150);
  });

  it('applies global overrides until they are reset', () => {
    setCurrencyExponents({ iqd: 0, XTS: 1 });
    expect(getCurrencyExponent('IQD')).toBe(0);
    expect(getCurrencyExponent('xts')).toBe(1);
    expect(getCurrencyExponent('IQD', { exponents: { IQD: 2 } })).toBe(2);
    resetCurrencyExponents();
    expect(getCurrencyExponent('IQD')).toBe(3);
    expect(isKnownCurrency('XTS')).toBe(false);
  });

  it('merges successive global overrides', () => {
    setCurrencyExponents({ IQD: 0 });
    setCurrencyExponents({ XTS: 2 });
    expect(getCurrencyExponent('IQD')).toBe(0);
    expect(getCurrencyExponent('XTS')).toBe(2);
  });

  it.each([[-1], [9], [1.5], [Number.NaN], ['2']])(
    'refuses the exponent %j, globally and per call',
    (exp) => {
      const global = invalid(() => setCurrencyExponents({ IQD: exp as number }));
      expect(global.code).toBe('invalid_exponent');
      expect(global.message).toMatch(/integer from 0 to 8/);
      const perCall = invalid(() => getCurrencyExponent('IQD', { exponents: { IQD: exp as number } }));
      expect(perCall.code).toBe('invalid_exponent');
    },
  );

  it('applies nothing from a global override that has one bad entry', () => {
    invalid(() => setCurrencyExponents({ IQD: 0, KWD: -1 }));
    expect(getCurrencyExponent('IQD')).toBe(3);
  });

  it('refuses a malformed code in a global override', () => {
    expect(invalid(() => setCurrencyExponents({ IQ: 0 })).code).toBe('invalid_currency');
  });

  it('never reads an exponent from Object.prototype', () => {
    expect(isKnownCurrency('constructor'.slice(0, 3))).toBe(false);
    expect(getCurrencyExponent('SAR', { exponents: JSON.parse('{"__proto__": {"SAR": 7}}') })).toBe(2);
  });
});

describe('toMinorUnits and formatMinorUnits: the examples', () => {
  it('converts between decimal strings and minor units', () => {
    expect(toMinorUnits('10.50', 'SAR')).toBe(1050);
    expect(toMinorUnits('10.5', 'SAR')).toBe(1050);
    expect(toMinorUnits('10', 'SAR')).toBe(1000);
    expect(toMinorUnits('0.01', 'SAR')).toBe(1);
    expect(toMinorUnits('1.5', 'KWD')).toBe(1500);
    expect(toMinorUnits('1.500', 'KWD')).toBe(1500);
    expect(toMinorUnits('1000', 'JPY')).toBe(1000);
    expect(toMinorUnits('1.2345', 'CLF')).toBe(12345);
    expect(toMinorUnits('10.50', 'sar')).toBe(1050);
    expect(formatMinorUnits(1050, 'SAR')).toBe('10.50');
    expect(formatMinorUnits(1050, 'SAR', { minimal: true })).toBe('10.5');
    expect(formatMinorUnits(1000, 'SAR', { minimal: true })).toBe('10');
    expect(formatMinorUnits(1500, 'KWD')).toBe('1.500');
    expect(formatMinorUnits(1500, 'KWD', { minimal: true })).toBe('1.5');
    expect(formatMinorUnits(5, 'SAR')).toBe('0.05');
    expect(formatMinorUnits(0, 'SAR')).toBe('0.00');
    expect(formatMinorUnits(0, 'SAR', { minimal: true })).toBe('0');
    expect(formatMinorUnits(1000, 'JPY')).toBe('1000');
    expect(formatMinorUnits(1, 'CLF')).toBe('0.0001');
  });

  it('writes fixed fraction digits only when no digit is lost', () => {
    expect(formatMinorUnits(1500, 'KWD', { fractionDigits: 2 })).toBe('1.50');
    expect(formatMinorUnits(1000, 'JPY', { fractionDigits: 2 })).toBe('1000.00');
    expect(formatMinorUnits(1050, 'SAR', { fractionDigits: 3 })).toBe('10.500');
    const error = invalid(() => formatMinorUnits(1505, 'KWD', { fractionDigits: 2 }));
    expect(error.code).toBe('amount_not_representable');
    expect(error.field).toBe('amount');
    expect(error.message).toContain('multiple of 10');
    expect(invalid(() => formatMinorUnits(1050, 'SAR', { fractionDigits: 0 })).code).toBe(
      'amount_not_representable',
    );
    expect(formatMinorUnits(1000, 'SAR', { fractionDigits: 0 })).toBe('10');
  });

  it.each([[-1], [9], [1.5]])('refuses fractionDigits %j', (fractionDigits) => {
    expect(invalid(() => formatMinorUnits(1, 'SAR', { fractionDigits })).code).toBe(
      'invalid_fraction_digits',
    );
  });

  it('formats negative amounts only when allowed', () => {
    expect(formatMinorUnits(-1050, 'SAR', { allowNegative: true })).toBe('-10.50');
    expect(formatMinorUnits(-5, 'KWD', { allowNegative: true, minimal: true })).toBe('-0.005');
    expect(formatMinorUnits(-0, 'SAR')).toBe('0.00');
    expect(invalid(() => formatMinorUnits(-1, 'SAR')).code).toBe('negative_amount');
    expect(toMinorUnits('-10.50', 'SAR', { allowNegative: true })).toBe(-1050);
    expect(Object.is(toMinorUnits('-0.00', 'SAR', { allowNegative: true }), 0)).toBe(true);
  });

  it('accepts leading zeros', () => {
    expect(toMinorUnits('007.50', 'SAR')).toBe(750);
  });
});

describe('bad amounts say what to fix', () => {
  it.each([
    [10.5, 'invalid_amount', /integer count of minor units/],
    [Number.NaN, 'invalid_amount', /integer count of minor units.*NaN/],
    [Number.POSITIVE_INFINITY, 'invalid_amount', /Infinity/],
    ['1050', 'invalid_amount', /toMinorUnits\("10.50", "SAR"\)/],
    [1050n, 'invalid_amount', /integer count/],
    [null, 'invalid_amount', /got null/],
    [2 ** 53, 'amount_too_large', /MAX_SAFE_INTEGER/],
    [1e21, 'amount_too_large', /exactly/],
    [-1, 'negative_amount', /must not be negative/],
    [0, 'zero_amount', /greater than zero/],
  ])('assertMinorUnits(%s) → %s', (amount, code, message) => {
    const error = invalid(() => assertMinorUnits(amount));
    expect(error.code).toBe(code);
    expect(error.field).toBe('amount');
    expect(error.message).toMatch(message);
  });

  it('accepts what the options allow, and names the field', () => {
    expect(() => assertMinorUnits(0, { allowZero: true })).not.toThrow();
    expect(() => assertMinorUnits(-5, { allowNegative: true })).not.toThrow();
    expect(() => assertMinorUnits(MAX)).not.toThrow();
    const error = invalid(() => assertMinorUnits(1.5, { field: 'lineItems.0.amount' }));
    expect(error.field).toBe('lineItems.0.amount');
    expect(error.message).toMatch(/^lineItems\.0\.amount must be/);
  });

  it.each([
    ['1e3', /Exponent notation/],
    ['1E3', /Exponent notation/],
    ['1.5e2', /Exponent notation/],
    ['1e+21', /Exponent notation/],
    [' 10', /no signs, spaces/],
    ['10 ', /no signs, spaces/],
    ['1 000', /no signs, spaces/],
    ['+5', /no signs/],
    ['.5', /plain decimal/],
    ['5.', /plain decimal/],
    ['1,000.00', /thousands separators/],
    ['1.000,00', /plain decimal/],
    ['1_000', /plain decimal/],
    ['', /plain decimal/],
    ['-', /plain decimal/],
    ['NaN', /plain decimal/],
    ['Infinity', /plain decimal/],
    ['0x10', /plain decimal/],
    ['１０', /plain decimal/],
    ['10\n', /plain decimal/],
    ['--5', /plain decimal/],
    ['hello', /no signs, spaces/],
  ])('toMinorUnits(%j) → invalid_amount', (text, message) => {
    const error = invalid(() => toMinorUnits(text, 'SAR'));
    expect(error.code).toBe('invalid_amount');
    expect(error.field).toBe('amount');
    expect(error.message).toMatch(message);
  });

  it('does not call a word exponent notation', () => {
    expect(invalid(() => toMinorUnits('hello', 'SAR')).message).not.toMatch(/Exponent/);
  });

  it.each([[10.5], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [undefined]])(
    'toMinorUnits of the non-string %j → invalid_amount',
    (value) => {
      const error = invalid(() => toMinorUnits(value as unknown as string, 'SAR'));
      expect(error.code).toBe('invalid_amount');
      expect(error.message).toMatch(/must be a decimal string such as "10.50"/);
    },
  );

  it('refuses more decimals than the currency has', () => {
    const sar = invalid(() => toMinorUnits('10.505', 'SAR'));
    expect(sar.code).toBe('too_many_decimals');
    expect(sar.message).toBe('amount "10.505" has 3 decimals, but SAR has 2.');
    expect(invalid(() => toMinorUnits('10.50', 'JPY')).code).toBe('too_many_decimals');
    expect(invalid(() => toMinorUnits('1.0000', 'KWD')).code).toBe('too_many_decimals');
    expect(toMinorUnits('1.0000', 'KWD', { allowExtraZeroDecimals: true })).toBe(1000);
    expect(invalid(() => toMinorUnits('1.0001', 'KWD', { allowExtraZeroDecimals: true })).code).toBe(
      'too_many_decimals',
    );
  });

  it('refuses negative decimals unless allowed', () => {
    const error = invalid(() => toMinorUnits('-1', 'SAR'));
    expect(error.code).toBe('negative_amount');
    expect(error.message).toContain('"-1"');
    expect(invalid(() => toMinorUnits('-0', 'SAR')).code).toBe('negative_amount');
  });

  it('refuses results beyond Number.MAX_SAFE_INTEGER instead of rounding', () => {
    expect(toMinorUnits('90071992547409.91', 'SAR')).toBe(MAX);
    const error = invalid(() => toMinorUnits('90071992547409.92', 'SAR'));
    expect(error.code).toBe('amount_too_large');
    expect(error.message).toContain(String(MAX));
    expect(invalid(() => toMinorUnits('9'.repeat(400), 'SAR')).code).toBe('amount_too_large');
  });

  it('checks the currency before the amount, and names a custom field', () => {
    expect(invalid(() => toMinorUnits('1', 'ZZZ')).code).toBe('unknown_currency');
    const error = invalid(() => toMinorUnits('1.234', 'SAR', { field: 'price' }));
    expect(error.field).toBe('price');
    expect(error.message).toMatch(/^price /);
  });

  it('truncates a long bad input in the message', () => {
    const error = invalid(() => toMinorUnits(`x${'1'.repeat(100)}`, 'SAR'));
    expect(error.message).toContain('…');
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('parseProviderAmount', () => {
  it('reads major-unit numbers and decimal strings', () => {
    expect(parseProviderAmount(10.5, 'SAR')).toEqual({ amount: 1050, currency: 'SAR' });
    expect(parseProviderAmount('10.50', 'sar')).toEqual({ amount: 1050, currency: 'SAR' });
    expect(parseProviderAmount(' 10.50 ', 'SAR')).toEqual({ amount: 1050, currency: 'SAR' });
    expect(parseProviderAmount(0.1, 'SAR')).toEqual({ amount: 10, currency: 'SAR' });
    expect(parseProviderAmount(1.005, 'KWD')).toEqual({ amount: 1005, currency: 'KWD' });
    expect(parseProviderAmount(1000, 'JPY')).toEqual({ amount: 1000, currency: 'JPY' });
    expect(parseProviderAmount('1000.00', 'JPY')).toEqual({ amount: 1000, currency: 'JPY' });
    expect(parseProviderAmount(0, 'SAR')).toEqual({ amount: 0, currency: 'SAR' });
  });

  it('reads { value, currency } objects', () => {
    expect(parseProviderAmount({ value: '50.00', currency: 'EGP' }, undefined)).toEqual({
      amount: 5000,
      currency: 'EGP',
    });
    expect(parseProviderAmount({ value: 50, currency: 'egp' }, 'EGP')).toEqual({
      amount: 5000,
      currency: 'EGP',
    });
    expect(parseProviderAmount({ value: '50.00', currency: null }, 'EGP')).toEqual({
      amount: 5000,
      currency: 'EGP',
    });
    const withFormatted = { value: '1,234.50', currency: 'EGP', formatted: 'EGP 1,234.50' };
    expect(invalid(() => parseProviderAmount(withFormatted, undefined)).code).toBe('invalid_amount');
    const formatted = { value: 1234.5, currency: 'EGP', formatted: 'EGP 1,234.50' };
    expect(parseProviderAmount(formatted, undefined)).toEqual({ amount: 123450, currency: 'EGP' });
  });

  it('refuses an object in another currency than expected', () => {
    const error = invalid(() => parseProviderAmount({ value: '50.00', currency: 'USD' }, 'EGP'));
    expect(error.code).toBe('currency_mismatch');
    expect(error.message).toBe('amount is in USD, but EGP was expected.');
  });

  it('reads minor units', () => {
    expect(parseProviderAmount(1050, 'SAR', { unit: 'minor' })).toEqual({ amount: 1050, currency: 'SAR' });
    expect(parseProviderAmount('1050', 'KWD', { unit: 'minor' })).toEqual({ amount: 1050, currency: 'KWD' });
    expect(parseProviderAmount({ value: 100, currency: 'JPY' }, 'JPY', { unit: 'minor' })).toEqual({
      amount: 100,
      currency: 'JPY',
    });
    expect(parseProviderAmount(-5, 'SAR', { unit: 'minor', allowNegative: true }).amount).toBe(-5);
    for (const bad of [10.5, '10.50', '1e3', '']) {
      const error = invalid(() => parseProviderAmount(bad, 'SAR', { unit: 'minor' }));
      expect(error.code).toBe('invalid_amount');
      expect(error.message).toMatch(/integer count of minor units/);
    }
    expect(invalid(() => parseProviderAmount(-5, 'SAR', { unit: 'minor' })).code).toBe('negative_amount');
  });

  it('refuses an unknown currency in minor units as well', () => {
    expect(invalid(() => parseProviderAmount(100, 'ZZZ', { unit: 'minor' })).code).toBe('unknown_currency');
    expect(invalid(() => parseProviderAmount(100, 'ZZZ')).code).toBe('unknown_currency');
  });

  it('refuses numbers that may have been rounded by JSON.parse', () => {
    expect(invalid(() => parseProviderAmount(2 ** 53, 'JPY')).code).toBe('amount_too_large');
    expect(invalid(() => parseProviderAmount(1e21, 'JPY')).code).toBe('amount_too_large');
    expect(invalid(() => parseProviderAmount(2 ** 53, 'JPY', { unit: 'minor' })).code).toBe(
      'amount_too_large',
    );
    const precise = invalid(() => parseProviderAmount(1234567890123.456, 'KWD'));
    expect(precise.code).toBe('amount_too_precise');
    expect(parseProviderAmount(123456789012.345, 'KWD').amount).toBe(123456789012345);
  });

  it.each([
    [Number.NaN, 'invalid_amount'],
    [Number.POSITIVE_INFINITY, 'invalid_amount'],
    [Number.NEGATIVE_INFINITY, 'invalid_amount'],
    [1e-7, 'invalid_amount'],
    [10.555, 'too_many_decimals'],
    [-1, 'negative_amount'],
    ['1e3', 'invalid_amount'],
    ['abc', 'invalid_amount'],
    [true, 'invalid_amount'],
    [[1], 'invalid_amount'],
    [{ amount: 1 }, 'invalid_amount'],
  ])('parseProviderAmount(%j, "SAR") → %s', (value, code) => {
    const error = invalid(() => parseProviderAmount(value as never, 'SAR'));
    expect(error.code).toBe(code);
  });

  it('needs a currency from somewhere', () => {
    const error = invalid(() => parseProviderAmount('10', undefined));
    expect(error.code).toBe('invalid_currency');
    expect(error.message).toBe('amount has no currency.');
    expect(invalid(() => parseProviderAmount({ value: '10', currency: 'SA' }, 'SAR')).code).toBe(
      'invalid_currency',
    );
  });

  it('uses per-call exponents for major units and names the field', () => {
    expect(parseProviderAmount('1000', 'IQD', { exponents: { IQD: 0 } }).amount).toBe(1000);
    const error = invalid(() => parseProviderAmount('x', 'SAR', { field: 'data.amount' }));
    expect(error.field).toBe('data.amount');
  });
});

describe('money properties', () => {
  const currency = fc.constantFrom(...CURRENCIES);
  const safeInteger = fc.oneof(
    fc.integer({ min: -MAX, max: MAX }),
    fc.constantFrom(0, 1, -1, MAX, -MAX, MAX - 1, 10, 100, 1000, 10_000),
  );

  it('round-trips every currency at its extremes', () => {
    for (const c of CURRENCIES) {
      for (const x of [0, 1, -1, MAX, -MAX]) {
        const options = { allowNegative: true };
        expect(toMinorUnits(formatMinorUnits(x, c, options), c, options)).toBe(x);
        expect(toMinorUnits(formatMinorUnits(x, c, { ...options, minimal: true }), c, options)).toBe(x);
      }
    }
  });

  it('toMinorUnits(formatMinorUnits(x)) === x for every currency and safe integer', () => {
    fc.assert(
      fc.property(safeInteger, currency, fc.boolean(), (x, c, minimal) => {
        const options = { allowNegative: true, minimal };
        expect(toMinorUnits(formatMinorUnits(x, c, options), c, options)).toBe(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatMinorUnits and toMinorUnits agree with a BigInt reference computation', () => {
    fc.assert(
      fc.property(safeInteger, currency, (x, c) => {
        const exp = ISO_4217_EXPONENTS[c]!;
        const scale = 10n ** BigInt(exp);
        const big = BigInt(x);
        const abs = big < 0n ? -big : big;
        const whole = (abs / scale).toString();
        const fraction = (abs % scale).toString().padStart(exp, '0');
        const expected = `${big < 0n ? '-' : ''}${exp > 0 ? `${whole}.${fraction}` : whole}`;
        expect(formatMinorUnits(x, c, { allowNegative: true })).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    const decimal = fc.tuple(
      fc.stringMatching(/^\d{1,20}$/),
      fc.stringMatching(/^\d{0,4}$/),
      currency,
      fc.boolean(),
    );
    fc.assert(
      fc.property(decimal, ([whole, fraction, c, negative]) => {
        const exp = ISO_4217_EXPONENTS[c]!;
        const text = `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
        const run = () => toMinorUnits(text, c, { allowNegative: true });
        if (fraction.length > exp) {
          expect(invalid(run).code).toBe('too_many_decimals');
          return;
        }
        const reference = BigInt(whole) * 10n ** BigInt(exp) + BigInt(fraction.padEnd(exp, '0') || '0');
        if (reference > BigInt(MAX)) {
          expect(invalid(run).code).toBe('amount_too_large');
          return;
        }
        expect(BigInt(run())).toBe(negative ? -reference : reference);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses amounts above 2^53 / 10^exponent as decimal strings instead of rounding them', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(MAX) + 1n, max: 10n ** 30n }), currency, (big, c) => {
        const exp = ISO_4217_EXPONENTS[c]!;
        const digits = big.toString();
        const text = exp > 0 ? `${digits.slice(0, -exp) || '0'}.${digits.slice(-exp)}` : digits;
        const error = invalid(() => toMinorUnits(text, c));
        expect(error.code).toBe('amount_too_large');
      }),
      { numRuns: 500 },
    );
  });

  it('reads a JSON number exactly as it reads its decimal string', () => {
    const amount = fc.oneof(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.integer({ min: -MAX, max: MAX }).map((n) => n / 100),
      fc.integer({ min: -MAX, max: MAX }).map((n) => n / 1000),
    );
    fc.assert(
      fc.property(amount, currency, (n, c) => {
        const parsedJson = JSON.parse(JSON.stringify({ n })).n as number;
        const options = { allowNegative: true };
        let fromNumber: unknown;
        let fromString: unknown;
        try {
          fromNumber = parseProviderAmount(parsedJson, c, options);
        } catch (error) {
          fromNumber = (error as InvalidRequestError).code;
        }
        try {
          fromString = parseProviderAmount(JSON.stringify(parsedJson), c, options);
        } catch (error) {
          fromString = (error as InvalidRequestError).code;
        }
        if (fromNumber === 'amount_too_precise' || fromNumber === 'amount_too_large') return;
        expect(fromNumber).toEqual(fromString);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('no float arithmetic on money', () => {
  it('money.ts has no float conversions of amounts', () => {
    const source = readFileSync(new URL('../../src/core/money.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(
      /toFixed|parseFloat|Math\.round|Math\.floor|Math\.trunc|\*\s*100\b|\/\s*100\b/,
    );
  });
});

describe('parseProviderAmount in minor units: a JSON number reads as its text does', () => {
  // Safe integers ≥ 0 skip the text round trip; every other number goes through it. The number and
  // its text must give the same amount (never -0), or the same error code.
  const read = (value: number | string, currency: string) => {
    try {
      const { amount } = parseProviderAmount(value, currency, { unit: 'minor', field: 'amount_cents' });
      return { amount, negativeZero: Object.is(amount, -0) };
    } catch (error) {
      return { code: (error as InvalidRequestError).code };
    }
  };
  const currency = fc.constantFrom('EGP', 'SAR', 'KWD', 'JPY', 'egp', 'ZZZ', 'EG');
  const integer = fc.oneof(
    fc.integer(),
    fc.maxSafeInteger(),
    fc.constantFrom(0, -0, 1, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  );

  it('for safe integers, positive, zero, -0 and negative, in known and unknown currencies (fast-check)', () => {
    fc.assert(
      fc.property(integer, currency, (value, code) => {
        const fromNumber = read(value, code);
        expect(fromNumber).toEqual(read(String(value), code));
        expect(fromNumber).not.toMatchObject({ negativeZero: true });
      }),
      { numRuns: 3000 },
    );
  });
});
