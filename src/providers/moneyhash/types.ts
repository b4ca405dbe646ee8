/**
 * The public types of `paybridge/moneyhash`: settings, inputs, results and webhook events.
 */
import type { PaymentStatus } from '../../core/status';
import type {
  BulkPayoutEvent,
  CardTokenEvent,
  CommonSettings,
  CreatePaymentLinkInput,
  CustomerEvent,
  OpenEventType,
  OperationOutcome,
  Payment,
  PaymentEvent,
  PaymentLink,
  PaymentMethodEvent,
  PaymentProvider,
  PayoutEvent,
  RequestOptions,
  SubscriptionEvent,
  UnknownEvent,
} from '../../core/types';
import type { MoneyHashEventType } from './status';

type P = 'moneyhash';

/**
 * What `capture`, `void` and `refund` act on: the intent id (its active transaction, and its
 * currency for the amount), or one transaction, with its `currency` when an amount is given.
 */
export type MoneyHashTarget = string | { transactionId: string; currency?: string };

/** How an intent without a flow is processed: one step (`purchase`) or hold then capture (`authorize`). */
export type MoneyHashIntentOperation = 'purchase' | 'authorize';

export interface MoneyHashSettings extends CommonSettings {
  /** The account API key (sent as `X-Api-Key`). Default: `MONEYHASH_API_KEY`, read on first use. */
  apiKey?: string;
  /**
   * The organisation's webhook signature secret (not the API key). Default: `MONEYHASH_WEBHOOK_SECRET`.
   * `fetchWebhookSecret()` retrieves it.
   */
  webhookSecret?: string | readonly string[];
  /**
   * The MoneyHash flow that processes new intents (what Lago asks for). Default: `MONEYHASH_FLOW_ID`.
   * Exactly one of `flow_id` and `operation` is sent: see `operation`.
   */
  flowId?: string;
  /**
   * The operation of new intents when no flow is used. Precedence, first found wins: the link
   * input's `flowId` / `operation`, then these settings (`flowId` and `operation` together are a
   * configuration error), then `MONEYHASH_FLOW_ID`, then `'purchase'`.
   */
  operation?: MoneyHashIntentOperation;
  /**
   * Also accept webhooks whose v3 signature covers the compact re-serialisation of the JSON body
   * (`JSON.stringify(JSON.parse(body))`) instead of the raw bytes, as Lago's integration computes
   * it. Default `false`: MoneyHash's own module signs the raw bytes, and only a signature over the
   * exact bytes received proves they were not altered. Turn it on only if MoneyHash's deliveries to
   * you fail verification with `bad_signature` while the secret is right.
   */
  acceptCompactJsonSignature?: boolean;
  /**
   * Retry a POST that carries an `idempotencyKey` (sent as `X-Idempotency-Key`) after a timeout, a
   * dropped connection or a 5xx. Default `false`: MoneyHash's docs do not say that it honours the
   * header [UNCONFIRMED], so a retried create could make two intents. Turn it on only once MoneyHash
   * confirmed it for your account.
   */
  retryWithIdempotencyKey?: boolean;
}

/**
 * `createPaymentLink` input: the common fields (without `description`: an intent has no such field,
 * so it is refused) plus a per-call flow or operation.
 */
export interface MoneyHashLinkInput extends Omit<CreatePaymentLinkInput, 'description'> {
  description?: never;
  /** Process this intent with this flow (overrides the settings). */
  flowId?: string;
  /** Process this intent with this operation instead of a flow (overrides the settings). */
  operation?: MoneyHashIntentOperation;
}

/** `getPayment`'s answer: the intent in unified terms, plus MoneyHash's own values. */
export interface MoneyHashPayment extends Payment<'moneyhash'> {
  /** The intent status, verbatim (also in `providerStatus`). */
  intentStatus: string;
  /** `payment_status.status`, verbatim, where MoneyHash sends it. */
  paymentStatus?: string | undefined;
  /** The active transaction: the id `capture`, `void` and `refund` take. */
  transactionId?: string | undefined;
  transactionStatus?: string | undefined;
}

/** `cancelPaymentLink`'s answer. */
export interface MoneyHashClosedIntent {
  provider: 'moneyhash';
  /** The intent id. */
  id: string;
  status: PaymentStatus;
  /** The intent status MoneyHash answered (`CLOSED`), or `CLOSED` when the answer does not say. */
  providerStatus: string;
  raw: unknown;
}

/** The answer to `capture`, `void` and `refund`. */
export interface MoneyHashOperationResult {
  provider: 'moneyhash';
  operation: 'capture' | 'void' | 'refund';
  transactionId: string;
  /** The intent of the transaction, where the answer names it. */
  intentId?: string | undefined;
  /** The operation's status as answered (`successful`, `pending`, `failed`), where the answer has it. */
  operationStatus?: string | undefined;
  /** That status in unified terms. Webhooks (`transaction.{operation}.*`) confirm the final outcome. */
  outcome?: OperationOutcome | undefined;
  raw: unknown;
}

/** The MoneyHash adapter. */
export interface MoneyHash extends PaymentProvider<'moneyhash', MoneyHashLinkInput, MoneyHashWebhookEvent> {
  /** Creates a payment intent; `url` is its hosted page (`embed_url`), `id` the intent id. */
  createPaymentLink(input: MoneyHashLinkInput, options?: RequestOptions): Promise<PaymentLink<'moneyhash'>>;
  /** The intent's status from the API (`GET /api/v1.4/payments/intent/{id}/`). */
  getPayment(intentId: string, options?: RequestOptions): Promise<MoneyHashPayment>;
  /** Closes the intent: no more attempts; MoneyHash sends `intent.closed`. */
  cancelPaymentLink(intentId: string, options?: RequestOptions): Promise<MoneyHashClosedIntent>;
  /**
   * Captures an authorized payment; without `amount` (minor units), MoneyHash decides
   * ([UNCONFIRMED]: the rest). `target` is the intent id (`link.id`, `event.paymentId`: its active
   * transaction is captured) or `{ transactionId, currency? }` (`currency` is needed with an amount).
   */
  capture(
    target: MoneyHashTarget,
    amount?: number,
    options?: RequestOptions,
  ): Promise<MoneyHashOperationResult>;
  /** Voids an authorized payment (`target` as for `capture`; [UNCONFIRMED] endpoint, from MoneyHash's Magento plugin). */
  void(target: MoneyHashTarget, amount?: number, options?: RequestOptions): Promise<MoneyHashOperationResult>;
  /** Refunds a captured payment, in full without `amount` (`target` as for `capture`; [UNCONFIRMED] endpoint, Magento plugin). */
  refund(
    target: MoneyHashTarget,
    amount?: number,
    options?: RequestOptions,
  ): Promise<MoneyHashOperationResult>;
  /** The organisation's webhook signature secret, to use as `webhookSecret`. Registered for redaction. */
  fetchWebhookSecret(options?: RequestOptions): Promise<string>;
}

/** What MoneyHash payment and payout events carry beyond the common fields. */
export interface MoneyHashPaymentDetails {
  /** The id of the operation the event reports (`transaction.operations[].id`). */
  operationId?: string | undefined;
  /** That operation's amount, in minor units of `currency` (a refund's or capture's own amount). */
  operationAmount?: number | undefined;
  /** The intent's status, verbatim, where the event carries it (intent webhooks). */
  intentStatus?: string | undefined;
  /** `intent.payment_status.status`, verbatim, where sent (`AUTHORIZED`, `CAPTURED`, …). */
  paymentStatus?: string | undefined;
  /** Balances in minor units, where the event carries them or they follow from its operations. */
  capturedAmount?: number | undefined;
  refundedAmount?: number | undefined;
  /** `api_version` of the payload (`"1.1"`, `"1.4"`). */
  apiVersion?: string | undefined;
}

/**
 * A payment changed. `paymentId` is the intent id; `amount`/`currency` are the intent's amount
 * (the payment's), `operationAmount` the amount of the operation this event reports.
 */
export interface MoneyHashPaymentEvent
  extends PaymentEvent<P, OpenEventType<MoneyHashEventType>>,
    MoneyHashPaymentDetails {}

/** A payout intent changed (`transaction.disburse.*`, `transaction.void.*` on a payout, payout intents). */
export interface MoneyHashPayoutEvent
  extends PayoutEvent<P, OpenEventType<MoneyHashEventType>>,
    MoneyHashPaymentDetails {}

export interface MoneyHashCardTokenEvent extends CardTokenEvent<P, OpenEventType<MoneyHashEventType>> {
  /** The intent the card was tokenised in, where sent. */
  intentId?: string | undefined;
  brand?: string | undefined;
  last4?: string | undefined;
}

export interface MoneyHashPaymentMethodEvent
  extends PaymentMethodEvent<P, OpenEventType<MoneyHashEventType>> {
  methodId?: string | undefined;
  accountId?: string | undefined;
  /** The service provider's code (`NETWORK_INTERNATIONAL`). */
  serviceProvider?: string | undefined;
}

export interface MoneyHashBulkPayoutEvent extends BulkPayoutEvent<P, OpenEventType<MoneyHashEventType>> {
  /** The payout intent an item created (`payout.item.intent_created`). */
  linkedIntentId?: string | undefined;
  merchantReference?: string | undefined;
}

export type MoneyHashCustomerEvent = CustomerEvent<P, OpenEventType<MoneyHashEventType>>;
export type MoneyHashSubscriptionEvent = SubscriptionEvent<P, OpenEventType<MoneyHashEventType>>;
export type MoneyHashUnknownEvent = UnknownEvent<P, OpenEventType<MoneyHashEventType>>;

/**
 * Every event `parseWebhook` returns for MoneyHash: a discriminated union on `kind`. Its `type` is
 * one of `MONEYHASH_EVENT_TYPES`, `''` or any other string; `isEventType(event, 'intent.processed')`
 * narrows it.
 */
export type MoneyHashWebhookEvent =
  | MoneyHashPaymentEvent
  | MoneyHashPayoutEvent
  | MoneyHashCardTokenEvent
  | MoneyHashCustomerEvent
  | MoneyHashPaymentMethodEvent
  | MoneyHashSubscriptionEvent
  | MoneyHashBulkPayoutEvent
  | MoneyHashUnknownEvent;

/**
 * Settings of `createMoneyHashWebhooks` (paybridge/moneyhash/webhooks): the part of
 * `MoneyHashSettings` that `parseWebhook` reads, read the same way (`MONEYHASH_WEBHOOK_SECRET`,
 * on first use).
 */
export type MoneyHashWebhooksSettings = Pick<
  MoneyHashSettings,
  'webhookSecret' | 'acceptCompactJsonSignature'
>;

/**
 * What `createMoneyHashWebhooks` returns: the adapter's `name` and `parseWebhook`, without the HTTP
 * client. A `WebhookProvider` for `createWebhookHandler`, with no `getPayment` (see its module).
 */
export type MoneyHashWebhooks = Pick<MoneyHash, 'name' | 'parseWebhook'>;
