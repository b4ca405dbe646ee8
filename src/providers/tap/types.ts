/**
 * The public types of `paybridge/tap`: settings, inputs and results of the adapter.
 */
import type {
  CommonSettings,
  LinkInputWithout,
  OperationOutcome,
  ParseWebhookOptions,
  Payment,
  PaymentLink,
  PaymentProvider,
  PaymentTarget,
  RequestOptions,
  WebhookInput,
} from '../../core/types';
import type { TapAmountRounding } from './amount';
import type { TapObjectKind } from './status';
import type { TapWebhookEvent } from './webhooks';

/**
 * How refund webhooks are authenticated. [UNCONFIRMED] Tap's documentation shows the refund
 * `hashstring` only as code (the charge recipe over the refund's fields), not in its field table:
 * - `'hashstring'` (default): refund webhooks are verified like charges (see signature.ts);
 * - `'none'`: refund webhooks are accepted unverified (`signatureVerified: false`); use it only if
 *   genuine refund deliveries fail with `bad_signature`, and confirm every refund event with
 *   `getPayment` / `getRefund` (their `coverage` is empty either way, so `createWebhookHandler`'s
 *   default confirmation does).
 */
export type TapRefundWebhookVerification = 'hashstring' | 'none';

/** Settings of `createTap`. Nothing is read or checked until first use. */
export interface TapSettings extends CommonSettings {
  /**
   * The secret API key (`sk_test_…` or `sk_live_…`; one host serves both, the key decides), sent as
   * `Authorization: Bearer …`. Default: the `TAP_SECRET_KEY` environment variable. A publishable
   * key (`pk_…`) is refused.
   */
  secretKey?: string;
  /**
   * The key(s) that verify webhooks. Tap signs `hashstring` with the secret API key itself, so by
   * default this is `secretKey` (or, from the environment, `TAP_SECRET_KEY` then
   * `TAP_SECRET_KEY_PREVIOUS`). Set it only while rotating keys in code: `[newKey, oldKey]`, any
   * one verifies (deliveries and Tap's retries signed before the switch still pass).
   */
  webhookSecret?: string | readonly string[];
  /**
   * Decimals per currency over `TAP_CURRENCY_EXPONENTS` (`{ JOD: 2 }`): used for request amounts
   * and for the amount a webhook signature covers.
   */
  currencyExponents?: Readonly<Record<string, number>>;
  /** How a webhook amount with too many decimals is rounded before hashing (default `'half-up'`). */
  amountRounding?: TapAmountRounding;
  /** How refund webhooks are authenticated (default `'hashstring'`). */
  refundWebhookVerification?: TapRefundWebhookVerification;
}

/**
 * What `createPaymentLink` takes. Mapping to `POST /v2/charges` (or `/v2/authorize`): `amount`
 * (minor units → Tap's major-unit decimal, exact), `currency`, `customer` (Tap requires a first name
 * and an email or a phone) or `customerId`, `successUrl` → `redirect.url` (required: Tap sends the
 * payer back there with `?tap_id=…`), `webhookUrl` → `post.url`, `reference` →
 * `reference.transaction` and `reference.order`, `description`, `metadata`, `expiresAt` →
 * `transaction.expiry` (5 to 60 minutes ahead). Tap has one return URL: `cancelUrl`, `failureUrl`
 * and `pendingUrl` are refused.
 */
export type TapLinkInput = LinkInputWithout<'cancelUrl' | 'failureUrl' | 'pendingUrl'> & {
  /** A Tap customer id (`cus_…`) instead of `customer`. */
  customerId?: string;
  /**
   * The payment source (`source.id`), default `'src_all'`: Tap's hosted page with every method the
   * merchant has enabled. Other hosted sources: `'src_card'`, `'src_kw.knet'`, `'src_sa.mada'`,
   * `'src_bh.benefit'`, … (they must start with `src_`).
   */
  source?: string;
  /**
   * `'purchase'` (default): a charge (`chg_…`). `'authorize'`: an authorization (`auth_…`, cards
   * only), captured later with `capture` or released with `void`.
   */
  operation?: 'purchase' | 'authorize';
};

/** A hosted page: a charge's or an authorization's `transaction.url`. */
export interface TapLink extends PaymentLink<'tap'> {
  /** `'charge'` (`chg_…`) or `'authorize'` (`auth_…`). */
  object: 'charge' | 'authorize';
}

/** `getPayment(id)`: a charge, an authorization or an invoice, by its id's prefix. */
export interface TapPayment extends Payment<'tap'> {
  object: Exclude<TapObjectKind, 'refund'>;
  /** The hosted page, while there is one (`transaction.url`, an invoice's `url`). */
  url: string | undefined;
  /** Tap's `response.code` (`"000"` captured, `"001"` authorized, `"5xx"` declined, …). */
  responseCode: string | undefined;
  /** Tap's `response.message` (why a card was declined). */
  message: string | undefined;
  /** `live_mode`, where Tap says. */
  live: boolean | undefined;
}

/** A refund (`POST /v2/refunds`, `GET /v2/refunds/{id}`). */
export interface TapRefund {
  provider: 'tap';
  operation: 'refund';
  /** The refund id (`re_…`). */
  id: string;
  /** The refunded charge. */
  chargeId: string | undefined;
  /** The refund's own outcome (`PENDING` refunds are processed by Tap within 24 hours). */
  outcome: OperationOutcome;
  /** Tap's refund status, verbatim. */
  providerStatus: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  reason: string | undefined;
  message: string | undefined;
  raw: unknown;
}

/** Options of `refund`: request options plus what the refund carries. */
export interface TapRefundOptions extends RequestOptions {
  /**
   * [UNCONFIRMED] Tap's reference lists `duplicate`, `fraudulent` and `requested_by_customer`;
   * its own example sends free text. Default `'requested_by_customer'`; any non-blank text is sent
   * as given.
   */
  reason?: string;
  description?: string;
  /** Your id for the refund (`reference.merchant`). */
  reference?: string;
  /** Where Tap posts the refund when it completes (`post.url`). Default: the charge's `post.url`. */
  webhookUrl?: string;
}

/**
 * Filters of `iterateCharges`, `iterateAuthorizations` and `iterateRefunds` (the body of Tap's
 * `POST …/list`). Tap lists the most recent first.
 */
export interface TapListParams {
  /** Items per page, 1 to 50 (`limit`; default 50, Tap's maximum). */
  limit?: number;
  /** Start after this id (`starting_after`): the last one of an earlier listing, to resume it. */
  startingAfter?: string;
  /** Only those created from this time (`period.date.from`). */
  from?: Date;
  /** Only those created up to this time (`period.date.to`). */
  to?: Date;
  /** Only those in this Tap status (`CAPTURED`, `REFUNDED`, …). */
  status?: string;
  /** Only those of these Tap customers (`customers`: `cus_…` ids). */
  customerIds?: readonly string[];
}

/** The Tap adapter. */
export interface Tap extends PaymentProvider<'tap', TapLinkInput, TapWebhookEvent> {
  /**
   * Creates a charge (or an authorization) with Tap's hosted page. With `idempotencyKey`, sent as
   * `reference.idempotent` (Tap returns the original answer for 24 h), the POST is retried after a
   * timeout, a dropped connection or a 5xx; without one it is never retried.
   */
  createPaymentLink(input: TapLinkInput, options?: RequestOptions): Promise<TapLink>;
  /** A charge (`chg_…`), authorization (`auth_…`) or invoice (`inv_…`) from the API: the authoritative status. */
  getPayment(id: string, options?: RequestOptions): Promise<TapPayment>;
  /**
   * Captures an authorization (a charge whose source is the `auth_…` id), in full or `amount`
   * minor units; returns the capture charge. With `idempotencyKey` it is retried like a create.
   */
  capture(authorizeId: string, amount?: number, options?: RequestOptions): Promise<TapPayment>;
  /** Releases an authorization (`POST /v2/authorize/{id}/void`). Not retried. */
  void(authorizeId: string, options?: RequestOptions): Promise<TapPayment>;
  /**
   * Refunds a charge in full or `amount` minor units (`target`: the charge id, or
   * `{ transactionId }` with the charge id). With `idempotencyKey` (→ `reference.idempotent`) it is
   * retried like a create; without one, never.
   */
  refund(target: PaymentTarget, amount?: number, options?: TapRefundOptions): Promise<TapRefund>;
  /** A refund by its id (`re_…`). */
  getRefund(refundId: string, options?: RequestOptions): Promise<TapRefund>;
  /**
   * Every charge matching `params` (`POST /v2/charges/list`), most recent first, page after page:
   * `for await (const charge of tap.iterateCharges({ status: 'CAPTURED' }))`. A page is fetched
   * only when the previous one is used up, so `break` stops the requests; `options.signal` aborts
   * the listing. Errors are the adapter's (`ProviderError`, `NetworkError`, …).
   */
  iterateCharges(params?: TapListParams, options?: RequestOptions): AsyncIterableIterator<TapPayment>;
  /** Every authorization (`POST /v2/authorize/list`), as `iterateCharges` lists charges. */
  iterateAuthorizations(params?: TapListParams, options?: RequestOptions): AsyncIterableIterator<TapPayment>;
  /** Every refund (`POST /v2/refunds/list`), as `iterateCharges` lists charges. */
  iterateRefunds(params?: TapListParams, options?: RequestOptions): AsyncIterableIterator<TapRefund>;
  /** Verifies `hashstring` and parses a webhook. Never does I/O. */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<TapWebhookEvent>;
}

/**
 * Settings of `createTapWebhooks` (paybridge/tap/webhooks): the part of `TapSettings` that
 * `parseWebhook` reads, read the same way (`TAP_SECRET_KEY` and `TAP_SECRET_KEY_PREVIOUS`, on first
 * use). Tap signs webhooks with the secret API key, so `secretKey` (or `webhookSecret` while
 * rotating) is the webhook key here; nothing is sent with it.
 */
export type TapWebhooksSettings = Pick<
  TapSettings,
  'secretKey' | 'webhookSecret' | 'currencyExponents' | 'amountRounding' | 'refundWebhookVerification'
>;

/**
 * What `createTapWebhooks` returns: the adapter's `name` and `parseWebhook`, without the HTTP
 * client. A `WebhookProvider` for `createWebhookHandler`, with no `getPayment` (see its module).
 */
export type TapWebhooks = Pick<Tap, 'name' | 'parseWebhook'>;
