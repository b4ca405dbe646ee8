/**
 * The public types of `paybridge/moyasar`: settings, inputs and results of the adapter.
 */
import type {
  CommonSettings,
  LinkInputWithout,
  ParseWebhookOptions,
  Payment,
  PaymentLink,
  PaymentProvider,
  PaymentTarget,
  RequestOptions,
  WebhookInput,
} from '../../core/types';
import type { MoyasarInvoice } from './api';
import type { MoyasarInvoiceCallback, MoyasarWebhookEvent } from './webhooks';

/** Settings of `createMoyasar`. Nothing is read or checked until first use. */
export interface MoyasarSettings extends CommonSettings {
  /**
   * The secret API key (`sk_test_…` or `sk_live_…`; the prefix sets the mode). Default: the
   * `MOYASAR_SECRET_KEY` environment variable. A publishable key (`pk_…`) is refused.
   */
  secretKey?: string;
  /** The webhook's secret token (dashboard → Settings → Webhooks). Default: `MOYASAR_WEBHOOK_SECRET`. */
  webhookSecret?: string | readonly string[];
  /**
   * Refuse webhooks whose `live` flag disagrees with the secret key's mode (`mode_mismatch`).
   * Default: checked when a secret key is configured, skipped when none is. `true` requires a key;
   * `false` never checks.
   */
  checkLiveMode?: boolean;
}

/**
 * What `createPaymentLink` takes. Mapping to the invoice: `amount` (minor units, at least 100),
 * `currency`, `description` (default `Order <reference>`), `successUrl` → `success_url`,
 * `cancelUrl` → `back_url`, `webhookUrl` → `callback_url` (an UNAUTHENTICATED POST of the invoice
 * when paid: read it with `parseInvoiceCallback`), `expiresAt` → `expired_at`, `metadata` plus
 * `reference` under `paybridge_reference`. Moyasar invoices have no failure, pending or customer
 * fields: `failureUrl`, `pendingUrl` and `customer` are refused.
 */
export type MoyasarLinkInput = LinkInputWithout<'failureUrl' | 'pendingUrl' | 'customer'>;

/** `getPayment(invoiceId)`: the invoice's unified status, refined by its payments. */
export interface MoyasarInvoicePayment extends Payment<'moyasar'> {
  /** The invoice's decisive payment: the Moyasar payment that `refund`, `capture` and `void` act on. */
  transactionId: string | undefined;
  /** The hosted page. */
  url: string;
}

/** One Moyasar payment (one attempt to pay an invoice): what `getTransaction`, `refund`, `capture` and `void` return. */
export interface MoyasarTransaction extends Payment<'moyasar'> {
  /** The Moyasar payment id (not the invoice id). */
  id: string;
  /** The invoice the payment belongs to, if any. */
  invoiceId: string | undefined;
  /** Moyasar's fee, minor units, where reported. */
  fee: number | undefined;
  /** The gateway's message (`source.message`), e.g. why a card was declined. */
  message: string | undefined;
}

/** @deprecated Renamed `MoyasarTransaction` (kept for one minor version). */
export type MoyasarProviderPayment = MoyasarTransaction;

/** Filters of `listPaymentLinks`. */
export interface ListPaymentLinksParams {
  /** Page number, from 1 (default 1). */
  page?: number;
  /** Only invoices in this Moyasar status (`initiated`, `paid`, …). */
  status?: string;
  /** Only invoices created with this reference. */
  reference?: string;
  /** Only invoices with these metadata values. */
  metadata?: Record<string, string>;
}

/** Filters of `iterateTransactions` (`GET /payments`). Moyasar documents no page size. */
export interface IterateTransactionsParams {
  /** The page to start from, from 1 (default 1). */
  page?: number;
  /** Only payments in this Moyasar status (`paid`, `failed`, `authorized`, …). */
  status?: string;
  /** Only payments created after this time (`created[gt]`). */
  createdAfter?: Date;
  /** Only payments created before this time (`created[lt]`). */
  createdBefore?: Date;
}

/** One page of invoices, as links. */
export interface PaymentLinkPage {
  links: PaymentLink<'moyasar'>[];
  page: number;
  /** The next page's number, or undefined on the last page. */
  nextPage: number | undefined;
  totalPages: number | undefined;
  totalCount: number | undefined;
}

/** The Moyasar adapter. */
export interface Moyasar extends PaymentProvider<'moyasar', MoyasarLinkInput, MoyasarWebhookEvent> {
  /**
   * Creates an invoice (`POST /invoices`). Moyasar has no idempotency key for invoices (an
   * `idempotencyKey` is refused), so the POST is never retried blindly: after a timeout, a dropped
   * connection, a 5xx or an unreadable 2xx, the invoice is looked up by its reference and returned if
   * it exists; only if it does not is it created once more.
   */
  createPaymentLink(input: MoyasarLinkInput, options?: RequestOptions): Promise<PaymentLink<'moyasar'>>;
  /** Bulk create, in chunks of 50 (`POST /invoices/bulk`), with the same recovery per chunk. */
  createPaymentLinks(
    inputs: readonly MoyasarLinkInput[],
    options?: RequestOptions,
  ): Promise<PaymentLink<'moyasar'>[]>;
  /** The invoice with its payments → unified status. The answer to "can I trust this webhook?". */
  getPayment(invoiceId: string, options?: RequestOptions): Promise<MoyasarInvoicePayment>;
  /** The invoice object as Moyasar returns it (`GET /invoices/{id}`). */
  getInvoice(invoiceId: string, options?: RequestOptions): Promise<MoyasarInvoice>;
  /** The newest invoice created with `reference`, or undefined. */
  findPaymentLinkByReference(
    reference: string,
    options?: RequestOptions,
  ): Promise<PaymentLink<'moyasar'> | undefined>;
  /** One page of invoices (`GET /invoices`). */
  listPaymentLinks(params?: ListPaymentLinksParams, options?: RequestOptions): Promise<PaymentLinkPage>;
  /**
   * Every invoice matching `params` (`GET /invoices`), as links, page after page from `params.page`
   * (default 1): `for await (const link of moyasar.iteratePaymentLinks())`. A page is fetched only
   * when the previous one is used up, so `break` stops the requests; `options.signal` aborts the
   * listing. Errors are the adapter's (`ProviderError`, `NetworkError`, …).
   */
  iteratePaymentLinks(
    params?: ListPaymentLinksParams,
    options?: RequestOptions,
  ): AsyncIterableIterator<PaymentLink<'moyasar'>>;
  /** @deprecated Renamed `iteratePaymentLinks` (kept for one minor version). */
  listAllPaymentLinks(
    params?: Omit<ListPaymentLinksParams, 'page'>,
    options?: RequestOptions,
  ): AsyncIterableIterator<PaymentLink<'moyasar'>>;
  /**
   * Every Moyasar payment (each attempt to pay, on an invoice or not) matching `params`
   * (`GET /payments`), page after page, as `iteratePaymentLinks` walks invoices.
   */
  iterateTransactions(
    params?: IterateTransactionsParams,
    options?: RequestOptions,
  ): AsyncIterableIterator<MoyasarTransaction>;
  /** Cancels an open invoice (`PUT /invoices/{id}/cancel`). */
  cancelPaymentLink(invoiceId: string, options?: RequestOptions): Promise<PaymentLink<'moyasar'>>;
  /**
   * Refunds a paid or captured payment, in full or `amount` minor units. `target` is the invoice id
   * (`link.id`, `event.paymentId`: its decisive payment is refunded) or `{ transactionId }`, one
   * Moyasar payment. Not retried.
   */
  refund(target: PaymentTarget, amount?: number, options?: RequestOptions): Promise<MoyasarTransaction>;
  /** Captures an authorized payment, in full or `amount` minor units (`target` as for `refund`). Not retried. */
  capture(target: PaymentTarget, amount?: number, options?: RequestOptions): Promise<MoyasarTransaction>;
  /** Voids a payment not yet settled (`target` as for `refund`). Not retried. */
  void(target: PaymentTarget, options?: RequestOptions): Promise<MoyasarTransaction>;
  /** One Moyasar payment (`GET /payments/{id}`), by its own id (`payment.transactionId`, `event.transactionId`). */
  getTransaction(transactionId: string, options?: RequestOptions): Promise<MoyasarTransaction>;
  /** @deprecated Renamed `getTransaction` (kept for one minor version). */
  getProviderPayment(paymentId: string, options?: RequestOptions): Promise<MoyasarTransaction>;
  /** Verifies (`secret_token`, `live`) and parses a webhook. Never does I/O. */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<MoyasarWebhookEvent>;
  /** Reads an invoice `callback_url` POST: UNVERIFIED (`verified: false`); confirm with `getPayment`. */
  parseInvoiceCallback(
    input: WebhookInput,
    options?: Pick<ParseWebhookOptions, 'maxBodyBytes'>,
  ): Promise<MoyasarInvoiceCallback>;
}

/**
 * Settings of `createMoyasarWebhooks` (paybridge/moyasar/webhooks): the part of `MoyasarSettings`
 * that `parseWebhook` reads, read the same way (same environment variables, on first use).
 * `secretKey` is read only for its mode (`sk_live_` / `sk_test_`), which decides the `live` flag
 * deliveries must carry: leave it out (and `MOYASAR_SECRET_KEY` unset) and the live-mode check is
 * off, as in `createMoyasar` without a key; `checkLiveMode: true` then refuses every call
 * (`missing_setting`).
 */
export type MoyasarWebhooksSettings = Pick<MoyasarSettings, 'webhookSecret' | 'secretKey' | 'checkLiveMode'>;

/**
 * What `createMoyasarWebhooks` returns: the adapter's `name` and `parseWebhook`, without the HTTP
 * client. A `WebhookProvider` for `createWebhookHandler`, with no `getPayment` (see its module).
 */
export type MoyasarWebhooks = Pick<Moyasar, 'name' | 'parseWebhook'>;
