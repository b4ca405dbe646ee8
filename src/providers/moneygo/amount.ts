/**
 * Money-Go amounts and wallets: the decimal string sent (and signed) for an amount, and the
 * currency a wallet number's prefix stands for.
 */
import { type CurrencyOptions, formatMinorUnits } from '../../core/money';

/**
 * The amount string Money-Go gets for integer minor units: the minimal decimal, as its public
 * integrations send it (`1010 USD` → `"10.1"`, `100` → `"1"`, `7` → `"0.07"`). The checkout
 * signature covers exactly this string.
 */
export function formatMoneyGoAmount(amount: number, currency: string, options: CurrencyOptions = {}): string {
  return formatMinorUnits(amount, currency, { ...options, minimal: true });
}

/** Wallet number prefix → currency, as Money-Go numbers its wallets (`U127056` is a USD wallet). */
export const MONEYGO_WALLET_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  U: 'USD',
  E: 'EUR',
  R: 'RUB',
});

/** The currency of a wallet number with a known prefix (`U`, `E`, `R` followed by digits), else undefined. */
export function walletCurrency(wallet: string): string | undefined {
  const match = /^([A-Za-z])\d+$/.exec(wallet.trim());
  return match ? MONEYGO_WALLET_PREFIXES[match[1]!.toUpperCase()] : undefined;
}
