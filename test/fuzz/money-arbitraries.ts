/** Money arbitraries and exact (BigInt) reference conversions, shared by the core and adapter money properties. */
import fc from 'fast-check';
import { ISO_4217_EXPONENTS } from '../../src/core/money';

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const CODES = Object.keys(ISO_4217_EXPONENTS);

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
  fc.bigInt({ min: MAX_SAFE + 1n, max: MAX_SAFE + 10_000n }),
  fc.bigInt({ min: MAX_SAFE + 1n, max: 10n ** 30n }),
);
export const safeMinor = fc.oneof(
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: MAX_SAFE - 10_000n, max: MAX_SAFE }),
  fc.bigInt({ min: 0n, max: MAX_SAFE }),
);
