/**
 * A `createPaymentLink` input → the checkout request, checked before any request: the shared checks
 * (core/input.ts; Money-Go's checkout has no description, failure or pending URL, expiry, metadata
 * or customer, so those are refused), then Money-Go's own rules (the payer's wallet, a value unique
 * per payer, two wallets in the link's currency). The amount is the minimal decimal string, and the
 * very same string is signed and sent.
 */
import { checkLinkInput, requiredText } from '../../core/input';
import { formatMoneyGoAmount } from './amount';
import { checkWalletCurrencies, requireTwoWallets } from './wallets';

const PROVIDER = 'moneygo';

/** A checked checkout, without its signature. */
export interface PreparedCheckout {
  reference: string;
  amount: number;
  currency: string;
  /** The amount string that is signed and sent. */
  amountText: string;
  walletFrom: string;
  walletTo: string;
  userInfo: string;
  successUrl: string | undefined;
  cancelUrl: string | undefined;
  statusUrl: string | undefined;
}

/** Validates a link input against the merchant's wallet (`walletTo`, from the settings). */
export function prepareCheckout(input: unknown, walletTo: () => string): PreparedCheckout {
  const checked = checkLinkInput(input, {
    provider: PROVIDER,
    supports: { successUrl: true, cancelUrl: true, webhookUrl: true },
    unsupportedHint: {
      description: "Money-Go's checkout has no description",
      failureUrl: "Money-Go's checkout has one success_url and one cancel_url",
      pendingUrl: "Money-Go's checkout has one success_url and one cancel_url",
      expiresAt: "Money-Go sets the link's expiry itself (see the link's expiresAt)",
      metadata: "Money-Go's checkout has no metadata; keep it under your reference",
      customer: "Money-Go's checkout has no customer; userInfo identifies the payer",
    },
  });
  const { walletFrom: rawFrom, userInfo: rawUser } = input as { walletFrom?: unknown; userInfo?: unknown };
  const { currency } = checked;
  const walletFrom = requiredText(rawFrom, 'walletFrom', PROVIDER, {
    hint: "the payer's Money-Go wallet",
  }).trim();
  const userInfo = requiredText(rawUser, 'userInfo', PROVIDER, { hint: 'a value unique per payer' });
  const merchant = walletTo();
  requireTwoWallets(
    walletFrom,
    merchant,
    'walletFrom',
    `walletFrom must be the payer's wallet, not the merchant's own (${merchant}): Money-Go refuses transfers within one account.`,
  );
  checkWalletCurrencies(currency, [
    ['walletTo (settings)', merchant],
    ['walletFrom', walletFrom],
  ]);
  return {
    reference: checked.reference,
    amount: checked.amount,
    currency,
    amountText: formatMoneyGoAmount(checked.amount, currency),
    walletFrom,
    walletTo: merchant,
    userInfo,
    successUrl: checked.successUrl,
    cancelUrl: checked.cancelUrl,
    statusUrl: checked.webhookUrl,
  };
}
