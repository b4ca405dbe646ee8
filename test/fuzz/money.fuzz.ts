/**
 * Money never goes through a float: for every currency in the ISO 4217 table, amounts beyond
 * Number.MAX_SAFE_INTEGER minor units are refused (not rounded), and whatever is accepted is
 * exactly the decimal that was written. Adapters add their own conversions with `moneyProperty`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors';
import {
  formatMinorUnits,
  ISO_4217_EXPONENTS,
  parseProviderAmount,
  toMinorUnits,
} from '../../src/core/money';
import { expectPaybridgeError, outcome } from './assert';
import { FUZZ_TIMEOUT_MS, fcParams } from './runs';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const CODES = Object.keys(ISO_4217_EXPONENTS);

/** Writes `minor` minor units of a currency with `exp` decimals as a decimal string, exactly. */
export function decimalOf(minor: bigint, exp: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exp + 1, '0');
  const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return negative ? `-${text}` : text;
}

/** The exact minor units a decimal string stands for, or undefined when it has more decimals than `exp`. */
export function exactMinor(decimal: string, exp: number): bigint | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) return undefined;
  const value = BigInt(m[2]! + fraction.padEnd(exp, '0'));
  return m[1] ? -value : value;
}

export const currency = fc.constantFrom(...CODES);
/** Minor amounts past the safe range (just past it, and far past it). */
export const unsafeMinor = fc.oneof(
  fc.bigInt({ min: MAX + 1n, max: MAX + 10_000n }),
  fc.bigInt({ min: MAX + 1n, max: 10n ** 30n }),
);
export const safeMinor = fc.oneof(
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: MAX - 10_000n, max: MAX }),
  fc.bigInt({ min: 0n, max: MAX }),
);

describe('fuzz: money never goes through a float', () => {
  it(
    'decimals beyond 2^53 / 10^exponent are refused by toMinorUnits and parseProviderAmount, in every currency',
    async () => {
      await fc.assert(
        fc.asyncProperty(currency, unsafeMinor, async (code, minor) => {
          const exp = ISO_4217_EXPONENTS[code]!;
          const decimal = decimalOf(minor, exp);
          for (const attempt of [
            () => toMinorUnits(decimal, code),
            () => parseProviderAmount(decimal, code),
            () => parseProviderAmount({ value: decimal, currency: code }, code),
            () => parseProviderAmount(minor.toString(), code, { unit: 'minor' }),
            // The same amount arriving as a JSON number: JSON.parse has already rounded it.
            () => parseProviderAmount(JSON.parse(decimal) as number, code),
            () => parseProviderAmount(JSON.parse(minor.toString()) as number, code, { unit: 'minor' }),
          ]) {
            const result = await outcome(attempt);
            expect(result.ok).toBe(false);
            if (!result.ok) {
              expectPaybridgeError(result.error);
              expect(result.error).toBeInstanceOf(InvalidRequestError);
            }
          }
          // Formatting an unsafe integer is refused too (it would print a rounded number).
          const format = await outcome(() => formatMinorUnits(Number(minor), code));
          expect(format.ok).toBe(false);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'safe amounts round-trip exactly: formatMinorUnits → toMinorUnits, and provider strings and numbers',
    async () => {
      await fc.assert(
        fc.asyncProperty(currency, safeMinor, async (code, minor) => {
          const exp = ISO_4217_EXPONENTS[code]!;
          const n = Number(minor);
          const text = formatMinorUnits(n, code);
          expect(text).toBe(decimalOf(minor, exp));
          expect(toMinorUnits(text, code)).toBe(n);
          expect(parseProviderAmount(text, code).amount).toBe(n);
          expect(parseProviderAmount(formatMinorUnits(n, code, { minimal: true }), code).amount).toBe(n);
          expect(parseProviderAmount(n, code, { unit: 'minor' }).amount).toBe(n);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a JSON number in major units is either refused or read as exactly the decimal that was sent',
    async () => {
      const digits = fc.stringMatching(/^(0|[1-9][0-9]{0,19})(\.[0-9]{1,6})?$/);
      await fc.assert(
        fc.asyncProperty(currency, digits, async (code, decimal) => {
          const exp = ISO_4217_EXPONENTS[code]!;
          const sent = exactMinor(decimal, exp);
          const result = await outcome(() => parseProviderAmount(JSON.parse(decimal) as number, code));
          if (result.ok) {
            // Accepted: it must be exactly what the provider wrote, never a rounded neighbour.
            expect(sent).toBeDefined();
            expect(BigInt((result.value as { amount: number }).amount)).toBe(sent);
          } else {
            expectPaybridgeError(result.error);
          }
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
