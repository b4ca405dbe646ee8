/**
 * Money-Go wallets: which currency a wallet number stands for, and the checks a checkout or a
 * transfer needs before any request (two different wallets, both in the currency asked for).
 */
import { InvalidRequestError } from '../../core/errors';
import { walletCurrency } from './amount';

const PROVIDER = 'moneygo';

/** The same wallet, whatever the case and surrounding spaces. */
export const sameWallet = (a: string, b: string): boolean =>
  a.trim().toUpperCase() === b.trim().toUpperCase();

/** Refuses wallets whose prefix names another currency than `currency` (the checkout has no currency field). */
export function checkWalletCurrencies(
  currency: string,
  wallets: Array<[field: string, wallet: string]>,
): void {
  for (const [field, wallet] of wallets) {
    const own = walletCurrency(wallet);
    if (own !== undefined && own !== currency) {
      throw new InvalidRequestError(
        `moneygo: ${field} ${wallet} is a ${own} wallet, but currency is ${currency}. Money-Go's checkout has no ` +
          'currency field: the wallets decide it, and both must be in the same currency.',
        {
          code: 'currency_mismatch',
          field: field === 'walletTo (settings)' ? 'walletTo' : field,
          provider: PROVIDER,
        },
      );
    }
  }
}

/** Refuses a transfer within one wallet. */
export function requireTwoWallets(from: string, to: string, field: string, why: string): void {
  if (sameWallet(from, to)) {
    throw new InvalidRequestError(`moneygo: ${why}`, { code: 'same_wallet', field, provider: PROVIDER });
  }
}
