/**
 * The public types of `paybridge/moneygo`: settings, inputs and results of the adapter.
 */
import type { PaymentStatus } from '../../core/status';
import type {
  CommonSettings,
  LinkInputWithout,
  ParseWebhookOptions,
  Payment,
  PaymentLink,
  PaymentProvider,
  RequestOptions,
  WebhookInput,
} from '../../core/types';
import type { MoneyGoWebhookEvent, MoneyGoWebhookVerification } from './webhooks';

/** `'production'` or `'test'` (see `MONEYGO_BASE_URLS`). */
export type MoneyGoEnvironment = 'production' | 'test';

/**
 * Settings of `createMoneyGo`. Credentials fall back to environment variables, read on first use.
 * There is no `webhookSecret`: Money-Go webhooks are checked with the form secret.
 */
export interface MoneyGoSettings extends Omit<CommonSettings, 'webhookSecret'> {
  /** OAuth client id (`MONEYGO_CLIENT_ID`). */
  clientId?: string;
  /** OAuth client secret (`MONEYGO_CLIENT_SECRET`). */
  clientSecret?: string;
  /**
   * The "token for the form" that signs checkouts and verifies webhooks (`MONEYGO_FORM_SECRET`,
   * then `MONEYGO_FORM_SECRET_PREVIOUS`). While rotating it, a list: checkouts are signed with the
   * first, webhooks verify with any.
   */
  formSecret?: string | readonly string[];
  /** The merchant's wallet number, e.g. `U155332` (`MONEYGO_WALLET_TO`). */
  walletTo?: string;
  /** `'production'` (default) or `'test'` (host unconfirmed); `baseUrl` overrides both. */
  environment?: MoneyGoEnvironment;
  /**
   * The zone of the checkout's `data.expired_at`, which Money-Go writes as a wall-clock time
   * without a zone (`"2021-02-25 13:20:32"`): `'UTC'` (default; Money-Go documents no zone
   * [UNCONFIRMED]) or a fixed offset such as `'+03:00'`.
   */
  expiresAtTimeZone?: string;
  /** How `parseWebhook` checks the body's signature (default `'checkout-signature'`). */
  webhookVerification?: MoneyGoWebhookVerification;
}

/**
 * `createPaymentLink`'s input: the common fields Money-Go's checkout carries (no description,
 * failure or pending URL, expiry, metadata or customer: those are refused) plus the payer's wallet
 * and a per-payer value.
 */
export interface MoneyGoLinkInput
  extends LinkInputWithout<
    'description' | 'failureUrl' | 'pendingUrl' | 'expiresAt' | 'metadata' | 'customer'
  > {
  /** The payer's Money-Go wallet number (`wallet_from`); must differ from the merchant's `walletTo`. */
  walletFrom: string;
  /**
   * A value unique per payer (`user_info`), e.g. your customer id: Money-Go uses it to tie the
   * request to one user and to spot duplicate or fraudulent requests.
   */
  userInfo: string;
}

export interface MoneyGoPaymentLink extends PaymentLink<'moneygo'> {
  /** `reference`: Money-Go identifies the checkout by the merchant's id. */
  id: string;
  walletFrom: string;
  walletTo: string;
  /** The amount string that was sent and signed (`"10.1"`). */
  amountText: string;
}

/** A Money-Go transaction as `GET /api/transaction/show` reports it. */
export interface MoneyGoPayment extends Payment<'moneygo'> {
  /** The reference (`external_id`). */
  id: string;
  reference: string;
  /** Money-Go's transaction id (`data.id`). */
  transactionId: string;
  /** The transaction id of the checkout record (`processing_pay.transaction_id`): what webhooks carry. */
  checkoutTransactionId?: string | undefined;
  /** The checkout's amount (`processing_pay.amount`) in minor units, where reported. */
  checkoutAmount?: number | undefined;
  commission?: number | undefined;
  walletFrom?: string | undefined;
  walletTo?: string | undefined;
  cancel: boolean;
}

/** `checkWallet`'s answer. */
export interface MoneyGoWalletCheck {
  /** Whether Money-Go knows the payer's wallet (and the merchant's). */
  exists: boolean;
  walletTo: string;
  walletFrom: string;
  /** The wallets' currency, where Money-Go reported it. */
  currency: string | undefined;
  raw: unknown;
}

/** `transfer`'s input: a payout from the merchant's wallet (or `walletFrom`) to `walletTo`. */
export interface MoneyGoTransferInput {
  walletTo: string;
  /** Default: the settings' `walletTo` (the merchant's wallet). */
  walletFrom?: string;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  /** Your id for the payout (`payment_id`). */
  paymentId?: string;
  description?: string;
}

export interface MoneyGoTransfer {
  provider: 'moneygo';
  /** Money-Go's transaction id, where the answer carries one. */
  transactionId: string | undefined;
  paymentId: string | undefined;
  /** The unified status, where the answer carries one. */
  status: PaymentStatus | undefined;
  providerStatus: string | undefined;
  amount: number;
  currency: string;
  walletFrom: string;
  walletTo: string;
  raw: unknown;
}

/**
 * The Money-Go adapter. Lists: none. Money-Go documents no list of checkouts or transactions, only
 * the look-up of one (`GET /api/transaction/show?external_id=`, `getPayment`), so it has no
 * `iterate…` method: keep your references, and look each one up.
 */
export interface MoneyGo extends PaymentProvider<'moneygo', MoneyGoLinkInput, MoneyGoWebhookEvent> {
  /** Creates a signed checkout (`POST /api/processing/checkout`). Never retried: see the error on timeouts. */
  createPaymentLink(input: MoneyGoLinkInput, options?: RequestOptions): Promise<MoneyGoPaymentLink>;
  /** The transaction of `reference` (`GET /api/transaction/show?external_id=`). */
  getPayment(reference: string, options?: RequestOptions): Promise<MoneyGoPayment>;
  /** Verifies (see `webhookVerification`) and parses a webhook. Never does I/O. */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<MoneyGoWebhookEvent>;
  /**
   * Confirms a parsed webhook with the API: status, amount, currency, wallets and the transaction id must agree, and
   * the event's `walletTo` must be your wallet. Returns the API's payment; throws
   * `MoneyGoConfirmationError` on any mismatch. The documented way to fulfil an order.
   */
  confirmWebhook(event: MoneyGoWebhookEvent, options?: RequestOptions): Promise<MoneyGoPayment>;
  /** Whether the payer's wallet exists (`GET /api/wallet-exists`). Call before a checkout. */
  checkWallet(walletFrom: string, options?: RequestOptions): Promise<MoneyGoWalletCheck>;
  /** A payout between wallets (`POST /api/transaction/transfer`). Never retried. */
  transfer(input: MoneyGoTransferInput, options?: RequestOptions): Promise<MoneyGoTransfer>;
}

/**
 * Settings of `createMoneyGoWebhooks` (paybridge/moneygo/webhooks): the part of `MoneyGoSettings`
 * that `parseWebhook` reads, read the same way (`MONEYGO_FORM_SECRET`, on first use).
 */
export type MoneyGoWebhooksSettings = Pick<MoneyGoSettings, 'formSecret' | 'webhookVerification'>;

/**
 * What `createMoneyGoWebhooks` returns: the adapter's `name` and `parseWebhook`, without the HTTP
 * client. A `WebhookProvider` for `createWebhookHandler`, with no `getPayment` and no
 * `confirmWebhook` (see its module: Money-Go's signature does not cover `status`).
 */
export type MoneyGoWebhooks = Pick<MoneyGo, 'name' | 'parseWebhook'>;
