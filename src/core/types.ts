/**
 * The public contract every adapter implements. The README explains it ("The API in brief",
 * "Design choices"); src/providers/README.md, how an adapter is built on it.
 */
import type { PaymentStatus } from './status';

/** Per-request options every adapter method accepts. */
export interface RequestOptions {
  /** Aborts the request (and its retries). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in milliseconds for this call, overriding the adapter's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** @deprecated Use `timeoutMs` (same meaning; kept for one minor version). */
  timeout?: number | undefined;
  /**
   * An idempotency key for this call. Honoured where the provider honours one (Tap); sent but not
   * relied on where it is unconfirmed (MoneyHash); refused with `InvalidRequestError`
   * (`unsupported_option`) by adapters whose provider has none (Moyasar, Money-Go): their
   * `reference` already keeps a second create from making a second payment.
   */
  idempotencyKey?: string | undefined;
}

/** The payer, as far as it is known. Adapters send what their provider accepts. */
export interface Customer {
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string;
}

/** What every adapter's `createPaymentLink` accepts; adapters extend it with plainly named fields. */
export interface CreatePaymentLinkInput {
  /** Integer count of minor units of `currency` (10_500 = 105.00 SAR). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
  /**
   * The merchant's own id for this payment (order number). Carried to the provider and back on
   * events where the provider allows it, and used to find a link again after a timeout.
   */
  reference: string;
  description?: string;
  /** Where the payer lands after paying. */
  successUrl?: string;
  /** Where the payer lands after cancelling or pressing "back". */
  cancelUrl?: string;
  /** Where the payer lands after a failed payment (where the provider distinguishes it). */
  failureUrl?: string;
  /** Where the payer lands while the payment waits on an external action (where supported). */
  pendingUrl?: string;
  /** Where the provider sends webhooks for this payment (where it is set per payment). */
  webhookUrl?: string;
  /** When the link stops accepting payments. */
  expiresAt?: Date;
  /** Free key/value data stored with the payment, where the provider supports it. */
  metadata?: Record<string, string>;
  customer?: Customer;
}

/**
 * The `createPaymentLink` input of an adapter whose provider has no place for the fields `K`: they
 * are typed `?: never`, so passing one is a compile error, and refused at run time
 * (`InvalidRequestError`, `code: 'unsupported_field'`) for callers without types.
 */
export type LinkInputWithout<K extends keyof CreatePaymentLinkInput> = Omit<CreatePaymentLinkInput, K> & {
  [P in K]?: never;
};

/** A hosted payment page created by `createPaymentLink`. */
export interface PaymentLink<P extends string = string> {
  provider: P;
  /** The provider's id: MoneyHash intent id, Moyasar invoice id, Money-Go payment id (= reference). */
  id: string;
  /** The hosted page to send the payer to. */
  url: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  reference: string;
  expiresAt?: Date | undefined;
  /** The provider's response, parsed. */
  raw: unknown;
}

/** A payment's state as the provider's API reports it: the answer to "can I trust this webhook?". */
export interface Payment<P extends string = string> {
  provider: P;
  /** The same id `createPaymentLink` returned. */
  id: string;
  status: PaymentStatus;
  /** The provider's own status value, verbatim. */
  providerStatus: string;
  amount: number;
  currency: string;
  reference?: string | undefined;
  /** Minor units captured so far, where the provider reports it. */
  capturedAmount?: number | undefined;
  /** Minor units refunded so far, where the provider reports it. */
  refundedAmount?: number | undefined;
  raw: unknown;
}

/** What a framework hands over for a webhook: the raw body, the request headers and its URL. */
export interface WebhookInput {
  /** The raw body exactly as received. Node's `Buffer` is a `Uint8Array`. */
  body: string | Uint8Array | ArrayBuffer;
  headers?: Headers | Record<string, string | string[] | undefined> | undefined;
  /**
   * The URL the webhook was posted to, absolute or just the path and query (`req.url`), for
   * providers that sign in the query string (Paymob's `?hmac=`). `createWebhookHandler` passes it.
   */
  url?: string | URL | undefined;
}

export interface ParseWebhookOptions {
  /** The current time (tests); default `new Date()`. */
  now?: Date | undefined;
  /** Accepted age of a timestamped signature, in seconds, past and future (default 300); `false` disables. */
  toleranceSeconds?: number | false | undefined;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
}

/** The operation an event reports, where the provider names one. */
export type PaymentOperation =
  | 'purchase'
  | 'authorize'
  | 'capture'
  | 'void'
  | 'refund'
  | 'disburse'
  | 'increase_purchase';

/** The outcome of that one operation (not of the whole payment). */
export type OperationOutcome = 'pending' | 'requires_action' | 'succeeded' | 'failed';

/**
 * An event `type`: the literals an adapter knows, plus any other string. Editors offer the known
 * literals, `isEventType(event, 'payment_paid')` narrows `event.type` to one of them, and a type the
 * adapter does not know yet (providers add them without notice) still type-checks: `string & {}`
 * keeps the literals from collapsing into `string`. (TypeScript does not narrow such a union on a
 * plain `===`; `isEventType` is the type guard that does.) Each adapter derives `Known` from the
 * runtime table it routes events with (`MOYASAR_EVENT_TYPES`, `MONEYHASH_EVENT_TYPES`,
 * `PAYMOB_EVENT_TYPES`, `TAP_OBJECT_KINDS`), so the table and the type cannot drift.
 */
export type OpenEventType<Known extends string> = Known | (string & {});

/**
 * What every event has. `T` is the type of `type`: `string` by default, an adapter's
 * `OpenEventType<…>` in its own events.
 */
interface EventBase<P extends string, T extends string = string> {
  provider: P;
  /** A dedupe key: the provider's event id where it sends one, else a stable digest of the body. */
  id: string;
  /** The provider's event type, verbatim (`''` where the provider sends none). */
  type: T;
  /** When the provider says the event happened, if it says. */
  createdAt?: Date | undefined;
  /** Whether the provider says this is a live (not test) event, where it says. */
  live?: boolean | undefined;
  /** The parsed body. */
  raw: unknown;
}

/**
 * Which of a payment event's fields the webhook's verification vouches for. A field that is not
 * covered came with the body but outside the signature (or the shared secret): anyone who saw one
 * genuine webhook could change it. `createWebhookHandler`'s `confirm: 'unverified'` (the default)
 * asks the provider's API about every event with an uncovered field before `onEvent` sees it.
 */
export interface WebhookCoverage {
  /**
   * `paymentId`: false where the payment the event is about comes from an unsigned field (Tap's
   * refund events name their charge in `charge_id`, which `hashstring` leaves out) or nothing was
   * verified. Never act on such an event's `paymentId` without asking the API.
   */
  readonly paymentId: boolean;
  /** `status`, `providerStatus`, `operation` and `operationOutcome`. */
  readonly status: boolean;
  /** `amount` and `currency` together (an amount without its currency proves nothing). */
  readonly amount: boolean;
  /** `reference`, the merchant's own id. */
  readonly reference: boolean;
}

/** A change to a payment: the status after this event, and what the event itself reports. */
export interface PaymentEvent<P extends string = string, T extends string = string> extends EventBase<P, T> {
  kind: 'payment';
  /**
   * What the verification covered; see `WebhookCoverage`. With verification switched off (Money-Go's
   * `webhookVerification: 'none'`, Tap's `refundWebhookVerification: 'none'`) nothing is.
   */
  coverage: WebhookCoverage;
  /** The payment's unified status after this event. */
  status: PaymentStatus;
  /** The provider's raw status value behind `status`. */
  providerStatus: string;
  /** The id `createPaymentLink` returned (intent, invoice or Money-Go payment id). */
  paymentId: string;
  /** The merchant's reference, where the provider carried it back. */
  reference?: string | undefined;
  /** Minor units. */
  amount?: number | undefined;
  currency?: string | undefined;
  /**
   * Minor units refunded so far, where the event tells. Two partial refunds are both
   * `partially_refunded`: this tells them apart (the handler dedupes on it).
   */
  refundedAmount?: number | undefined;
  /** The provider's id of the underlying transaction or payment attempt, if distinct from `paymentId`. */
  transactionId?: string | undefined;
  operation?: PaymentOperation | undefined;
  operationOutcome?: OperationOutcome | undefined;
  /** The provider's failure or status message, where it sends one. */
  message?: string | undefined;
}

/** A payout (disbursement) changed. */
export interface PayoutEvent<P extends string = string, T extends string = string>
  extends Omit<PaymentEvent<P, T>, 'kind'> {
  kind: 'payout';
}

export interface CardTokenEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'card_token';
  action: 'created' | 'updated' | 'deleted';
  tokenId: string;
  customerId?: string | undefined;
}

export interface CustomerEvent<P extends string = string, T extends string = string> extends EventBase<P, T> {
  kind: 'customer';
  action: 'created' | 'updated' | 'deleted';
  customerId: string;
}

export interface PaymentMethodEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'payment_method';
  /** The provider's method name (`'CARD'`, `'APPLE_PAY'`, …). */
  method: string;
  active: boolean;
}

export interface SubscriptionEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'subscription';
  subscriptionId: string;
  /** The provider's subscription status, verbatim. */
  subscriptionStatus: string;
}

export interface BulkPayoutEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'bulk_payout';
  bulkId: string;
  /** Set for events about one item of the bulk payout. */
  itemId?: string | undefined;
  /** The provider's status, verbatim (`'active'`, `'scheduled'`, …). */
  bulkStatus: string;
}

/** Money moved from the provider to the merchant (a settlement or balance transfer). */
export interface SettlementEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'settlement';
  settlementId: string;
  amount?: number | undefined;
  currency?: string | undefined;
  settlementStatus?: string | undefined;
}

/** A card authentication (3-D Secure) outside a payment finished. */
export interface CardAuthenticationEvent<P extends string = string, T extends string = string>
  extends EventBase<P, T> {
  kind: 'card_authentication';
  authenticationId: string;
  outcome: 'authenticated' | 'failed';
}

/** A verified event of a type this version does not know. Log it; do not fail on it. */
export interface UnknownEvent<P extends string = string, T extends string = string> extends EventBase<P, T> {
  kind: 'unknown';
}

/** A verified webhook: a discriminated union on `kind`; `T` is the type of its `type`. */
export type WebhookEvent<P extends string = string, T extends string = string> =
  | PaymentEvent<P, T>
  | PayoutEvent<P, T>
  | CardTokenEvent<P, T>
  | CustomerEvent<P, T>
  | PaymentMethodEvent<P, T>
  | SubscriptionEvent<P, T>
  | BulkPayoutEvent<P, T>
  | SettlementEvent<P, T>
  | CardAuthenticationEvent<P, T>
  | UnknownEvent<P, T>;

export type WebhookEventKind = WebhookEvent['kind'];

/** The interface every adapter implements. Adapters add their provider's own operations. */
export interface PaymentProvider<
  P extends string = string,
  LinkInput extends CreatePaymentLinkInput = CreatePaymentLinkInput,
  Event extends WebhookEvent<P> = WebhookEvent<P>,
> {
  readonly name: P;
  createPaymentLink(input: LinkInput, options?: RequestOptions): Promise<PaymentLink<P>>;
  /** The authoritative status from the provider's API. */
  getPayment(id: string, options?: RequestOptions): Promise<Payment<P>>;
  /** Verifies, then parses. Never does I/O. Rejects only with `PaybridgeError` subclasses. */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<Event>;
}

/**
 * Which payment an operation (refund, capture, void) acts on: the id `createPaymentLink` returned
 * (`link.id`, `event.paymentId`, `payment.id`: the adapter finds the payment's current
 * transaction), or `{ transactionId }`, one provider transaction (`payment.transactionId`,
 * `event.transactionId`).
 */
export type PaymentTarget = string | { transactionId: string };

/** Retry policy of an adapter's HTTP calls. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  limit?: number;
  /** Upper bound of one backoff delay, in milliseconds (default 10 000). */
  backoffLimit?: number;
  /**
   * Longest `Retry-After` honoured, in milliseconds (default 60 000). When the provider asks for a
   * longer wait, or one past the total deadline, the call fails at once with a `ProviderError` whose
   * `retryAfterSeconds` says when to try again.
   */
  maxRetryAfter?: number;
}

/** The HTTP methods adapters send. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One attempt of an HTTP request an adapter sends, as the observability hooks see it. Nothing
 * secret: no headers, no body, no query string, and every string passed through the redaction
 * that errors go through (registered secrets, in every encoding, and credential-shaped text).
 */
export interface HttpRequestInfo {
  /** The adapter: `'moyasar'`, `'moneyhash'`, … */
  readonly provider: string;
  /**
   * What the request does, named after the adapter method that sends it on its own
   * (`'createPaymentLink'`, `'getPayment'`, `'refund'`, `'token'`, …). A call that needs several
   * requests reports each under its own name: a Tap `refund` first reads the charge
   * (`'getPayment'`), then posts the refund (`'refund'`).
   */
  readonly operation: string;
  readonly method: HttpMethod;
  /** The origin and path (`https://api.moyasar.com/v1/invoices/inv_1`): no user info, no query string. */
  readonly url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
}

/** Why an attempt got no answer. */
export type HttpAttemptError =
  /** No answer within the per-attempt timeout or the call's total deadline. */
  | 'timeout'
  /** Your `signal` aborted the call. */
  | 'aborted'
  /** The connection failed (DNS, refused, reset, TLS). */
  | 'network';

/** One attempt's answer (or its failure to get one). */
export interface HttpResponseInfo extends HttpRequestInfo {
  /** The HTTP status of the provider's answer; undefined when none arrived (`error` says why). */
  readonly status: number | undefined;
  /** From sending the attempt to its answer's status line and headers (or to its failure), in milliseconds. */
  readonly durationMs: number;
  /**
   * The provider's id for this request, from its answer's headers, where the provider sends one.
   * None of the five providers documents such a header, so it is undefined for their adapters.
   */
  readonly requestId: string | undefined;
  /** Why no answer arrived; undefined when one did. */
  readonly error: HttpAttemptError | undefined;
}

/** A request sent again: `attempt` is the attempt about to be sent (2 or more). */
export interface HttpRetryInfo extends HttpRequestInfo {
  /**
   * The status that ended the previous attempt (408, 429, 5xx; 401 when the request is resent once
   * with fresh credentials), or undefined when it got no answer.
   */
  readonly previousStatus: number | undefined;
  /** Why the previous attempt got no answer, when it got none. */
  readonly previousError: HttpAttemptError | undefined;
  /** Milliseconds since the previous attempt ended: the backoff or `Retry-After` waited, and any new token fetched. */
  readonly delayMs: number;
}

/**
 * Observability hooks for an adapter's HTTP requests (`hooks` in every adapter's settings), called
 * once per attempt: `onRequest` as it is sent, `onResponse` when its answer's headers arrive or it
 * fails, `onRetry` before an attempt after the first. They are called, not awaited: a hook that
 * throws or rejects changes nothing about the call, and a slow one does not delay it.
 * `paybridge/opentelemetry` turns them into spans and metrics.
 */
export interface HttpHooks {
  onRequest?: ((info: HttpRequestInfo) => unknown) | undefined;
  onResponse?: ((info: HttpResponseInfo) => unknown) | undefined;
  onRetry?: ((info: HttpRetryInfo) => unknown) | undefined;
}

/** Settings every adapter accepts besides its credentials. */
export interface CommonSettings {
  /** The API's base URL (the provider's production URL by default). */
  baseUrl?: string;
  /** A `fetch` implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Deadline for a call including retries, in milliseconds (default 45 000). */
  totalTimeoutMs?: number;
  /** @deprecated Use `timeoutMs` (same meaning; kept for one minor version). */
  timeout?: number;
  /** @deprecated Use `totalTimeoutMs` (same meaning; kept for one minor version). */
  totalTimeout?: number;
  /** Retries of idempotent calls: a number (the limit), options, or `false` (default 2). */
  retry?: number | RetryOptions | false;
  /**
   * The secret that authenticates webhooks, or a list while rotating it (new first): any one of
   * them verifies. From the environment: `<PROVIDER>_WEBHOOK_SECRET`, then `…_PREVIOUS`.
   */
  webhookSecret?: string | readonly string[];
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Largest answer body read, in bytes after decompression (default 8 MiB). A larger answer fails
   * with `InvalidResponseError` (`code: 'response_too_large'`) without being read further.
   */
  maxResponseBytes?: number;
  /**
   * Observability hooks called for every attempt of every request (see `HttpHooks`): the provider,
   * the operation, method, URL without secrets, status, duration, attempt and the provider's
   * request id. Nothing secret reaches them.
   */
  hooks?: HttpHooks;
}
