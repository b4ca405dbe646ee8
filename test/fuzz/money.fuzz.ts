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
import { currency, decimalOf, exactMinor, safeMinor, unsafeMinor } from './money-arbitraries';
import { FUZZ_TIMEOUT_MS, fcParams } from './runs';

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
    "a JSON number in major units (at most the currency's decimals) is either refused or read as exactly what was sent",
    async () => {
      // Limit, stated: a JSON number with MORE decimals than the currency has can lose them inside
      // JSON.parse before paybridge sees it (10.500000000000001 parses to 10.5); no check on the
      // parsed value can tell. Amounts written with the currency's decimals are the case that matters.
      const written = fc
        .tuple(currency, fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.nat(), fc.nat())
        .map(([code, whole, digits, length]) => {
          const exp = ISO_4217_EXPONENTS[code]!;
          const places = length % (exp + 1);
          const fraction = places === 0 ? '' : String(digits % 10 ** places).padStart(places, '0');
          return { code, decimal: fraction === '' ? whole.toString() : `${whole}.${fraction}` };
        });
      await fc.assert(
        fc.asyncProperty(written, async ({ code, decimal }) => {
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
