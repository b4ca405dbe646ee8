/**
 * The public types of `paybridge/paymob`: settings, inputs, results and events.
 */
import type {
  CardTokenEvent,
  CommonSettings,
  LinkInputWithout,
  OpenEventType,
  OperationOutcome,
  ParseWebhookOptions,
  Payment,
  PaymentEvent,
  PaymentLink,
  PaymentOperation,
  PaymentProvider,
  PaymentTarget,
  RequestOptions,
  UnknownEvent,
  WebhookInput,
} from '../../core/types';
import type { PaymobRegion } from './api';
import type { PaymobEventType } from './status';

/** Which intention field carries `expiresAt` (fact sheet, Unconfirmed #5). */
export type PaymobExpiryField = 'expiration' | 'expires_at';

/** Settings of `createPaymob`. Nothing is read or checked until first use. */
export interface PaymobSettings extends CommonSettings {
  /**
   * The secret key (`egy_sk_test_…` / `…_sk_live_…`): creates intentions, refunds, voids and
   * captures (`Authorization: Token <key>`). Default: `PAYMOB_SECRET_KEY`. A public key is refused.
   */
  secretKey?: string;
  /**
   * The public key (`egy_pk_test_…`): only in the Unified Checkout URL, which the payer sees.
   * Default: `PAYMOB_PUBLIC_KEY`. A secret key here is refused (it would end up in a URL).
   */
  publicKey?: string;
  /** The API key: exchanged for the auth token of transaction inquiries. Default: `PAYMOB_API_KEY`. */
  apiKey?: string;
  /**
   * The HMAC secret (dashboard → Settings → API Keys), or a list while rotating it (new first):
   * any one verifies. Default: `PAYMOB_HMAC_SECRET`, then `PAYMOB_HMAC_SECRET_PREVIOUS`.
   */
  webhookSecret?: string | readonly string[];
  /**
   * The integration ids offered on the checkout (`payment_methods`): numbers, or integration names.
   * Default: `PAYMOB_INTEGRATION_IDS`, comma-separated (`"4097558,4097559"`). Digits are sent as
   * integers, anything else as a name (both are accepted by Paymob: Unconfirmed #7).
   */
  integrationIds?: readonly (number | string)[] | number | string;
  /**
   * The country's host (`PAYMOB_REGIONS`). Default: the region the secret (or public) key names by
   * its prefix (`egy_`, `ksa_`/`sau_`, `are_`/`uae_`, `omn_`, `pak_`), else `'egypt'`. An explicit
   * region that contradicts the key's prefix is refused. Give `region` or `baseUrl`, not both.
   */
  region?: PaymobRegion;
  /**
   * How `expiresAt` is sent: `'expiration'` (default; seconds from now, at most 36 days, as Paymob's
   * Postman collection documents) or `'expires_at'` (an ISO timestamp in UTC, as Paymob's
   * WooCommerce plugin sends). Unconfirmed #5 of the fact sheet.
   */
  expiryField?: PaymobExpiryField;
}

/**
 * What `createPaymentLink` takes. Mapping to the intention: `amount` (minor units, the ISO 4217
 * exponent: OMR has 3 decimals), `currency`, `reference` → `special_reference`, `webhookUrl` →
 * `notification_url`, `successUrl` → `redirection_url`, `customer` → `billing_data`, `metadata` →
 * `extras`, `expiresAt` → `expiration` (or `expires_at`), `integrationIds` (default: the settings')
 * → `payment_methods`. An intention has no description and one redirection URL: `description`,
 * `cancelUrl`, `failureUrl` and `pendingUrl` are refused.
 */
export type PaymobLinkInput = LinkInputWithout<'description' | 'cancelUrl' | 'failureUrl' | 'pendingUrl'> & {
  /** The integration ids for this link instead of the settings'. */
  integrationIds?: readonly (number | string)[];
};

/** A Unified Checkout link. `id` is Paymob's order id (`intention_order_id`): what callbacks carry under the HMAC. */
export interface PaymobPaymentLink extends PaymentLink<'paymob'> {
  /** The intention's own id (`pi_test_…`). */
  intentionId: string;
  /** The intention's client secret (single use; it is part of `url`). */
  clientSecret: string;
}

/** `getPayment(orderId)`: the order's state from Paymob's transaction inquiry. */
export interface PaymobPayment extends Payment<'paymob'> {
  /** The transaction the status comes from, or undefined when the order has none yet. */
  transactionId: string | undefined;
  /** Paymob's message (`data.message`) of that transaction. */
  message: string | undefined;
}

/** One Paymob transaction: what `getTransaction`, `refund`, `void` and `capture` return. */
export interface PaymobTransaction extends Payment<'paymob'> {
  /** The transaction id (not the order id). */
  id: string;
  /** The order the transaction belongs to. */
  orderId: string | undefined;
  /** For a refund, void or capture transaction: the transaction it acted on. */
  parentTransactionId: string | undefined;
  operation: PaymentOperation | undefined;
  operationOutcome: OperationOutcome | undefined;
  message: string | undefined;
}

/** A verified transaction callback (POST) or browser redirect (GET). */
export interface PaymobPaymentEvent extends PaymentEvent<'paymob', OpenEventType<PaymobEventType>> {
  /** `'callback'`: the processed callback POSTed to `notification_url`; `'redirect'`: the browser's GET. */
  source: 'callback' | 'redirect';
  /**
   * For a refund, void or capture transaction (`has_parent_transaction`): its own amount, in minor
   * units; `amount` is then undefined (the payment's amount is not in a child transaction).
   */
  operationAmount: number | undefined;
  /** For such a child transaction: the parent's id, as sent (NOT covered by the HMAC). */
  parentTransactionId: string | undefined;
  /** The row of `PAYMOB_STATUS_TABLE` that decided `status`. */
  statusRow: string;
}

/** A verified card-token callback (`type: TOKEN`). */
export interface PaymobCardTokenEvent extends CardTokenEvent<'paymob', OpenEventType<PaymobEventType>> {
  /** `xxxx-xxxx-xxxx-2346`. */
  maskedPan: string | undefined;
  /** `MasterCard`, `Visa`, … */
  cardSubtype: string | undefined;
  email: string | undefined;
  /** The Paymob order the card was saved with. */
  orderId: string | undefined;
}

/**
 * A verified Paymob webhook. Its `type` is `TRANSACTION`, `TOKEN`, `''` (a redirect) or any other
 * string (`kind: 'unknown'`); `isEventType(event, 'TRANSACTION')` narrows it.
 */
export type PaymobWebhookEvent =
  | PaymobPaymentEvent
  | PaymobCardTokenEvent
  | UnknownEvent<'paymob', OpenEventType<PaymobEventType>>;

/** The Paymob adapter. */
export interface Paymob extends PaymentProvider<'paymob', PaymobLinkInput, PaymobWebhookEvent> {
  /**
   * Creates an intention (`POST /v1/intention/`) and returns its Unified Checkout URL. Paymob
   * documents no idempotency key: an `idempotencyKey` is refused and the POST is never retried.
   */
  createPaymentLink(input: PaymobLinkInput, options?: RequestOptions): Promise<PaymobPaymentLink>;
  /**
   * The order's state (`link.id`, `event.paymentId`): its latest transaction from the transaction
   * inquiry (for a refund or void transaction, the parent it acted on), or `pending` while it has none.
   */
  getPayment(orderId: string, options?: RequestOptions): Promise<PaymobPayment>;
  /** One transaction (`GET /api/acceptance/transactions/{id}`). */
  getTransaction(transactionId: string, options?: RequestOptions): Promise<PaymobTransaction>;
  /**
   * Refunds `amount` minor units (default: what is left to refund). `target` is the order id
   * (its paid transaction is refunded) or `{ transactionId }`. Not retried.
   */
  refund(target: PaymentTarget, amount?: number, options?: RequestOptions): Promise<PaymobTransaction>;
  /** Captures `amount` minor units (default: all) of an authorization (`target` as for `refund`). Not retried. */
  capture(target: PaymentTarget, amount?: number, options?: RequestOptions): Promise<PaymobTransaction>;
  /** Voids a transaction the same day (`target` as for `refund`). Not retried. */
  void(target: PaymentTarget, options?: RequestOptions): Promise<PaymobTransaction>;
  /**
   * Verifies (HMAC-SHA512 in the URL's `?hmac=`) and parses a callback POST. Pass `url` (the request
   * URL, as `createWebhookHandler` does). Never does I/O.
   */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<PaymobWebhookEvent>;
  /**
   * Verifies and parses the browser redirect to `redirection_url` (the transaction as GET query
   * parameters): the URL, or its query. Never does I/O.
   */
  parseRedirect(url: string | URL | URLSearchParams): Promise<PaymobPaymentEvent>;
}

/**
 * Settings of `createPaymobWebhooks` (paybridge/paymob/webhooks): the part of `PaymobSettings` that
 * `parseWebhook` and `parseRedirect` read, read the same way (`PAYMOB_HMAC_SECRET`, on first use).
 */
export type PaymobWebhooksSettings = Pick<PaymobSettings, 'webhookSecret'>;

/**
 * What `createPaymobWebhooks` returns: the adapter's `name`, `parseWebhook` and `parseRedirect`,
 * without the HTTP client. A `WebhookProvider` for `createWebhookHandler`, with no `getPayment`
 * (see its module).
 */
export type PaymobWebhooks = Pick<Paymob, 'name' | 'parseWebhook' | 'parseRedirect'>;
