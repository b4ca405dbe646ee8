/**
 * paybridge/moyasar: Moyasar invoices as payment links, payment operations (refund, capture,
 * void) and webhooks authenticated by their `secret_token`.
 *
 * ```ts
 * const moyasar = createMoyasar({
 *   secretKey: process.env.MOYASAR_SECRET_KEY,
 *   webhookSecret: process.env.MOYASAR_WEBHOOK_SECRET,
 * });
 * const link = await moyasar.createPaymentLink({ amount: 10_500, currency: 'SAR', reference: 'order-1042' });
 * ```
 */
import { normalizeBaseUrl, readSetting, requireSetting } from '../../core/config';
import { base64 } from '../../core/crypto';
import {
  ConfigurationError,
  type FieldError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  TimeoutError,
} from '../../core/errors';
import {
  createHttpClient,
  type ErrorContext,
  type HttpClient,
  type ParsedProviderError,
  transportSettings,
} from '../../core/http';
import { optionalHttpUrl, pathSegment } from '../../core/input';
import { assertMinorUnits, getCurrencyExponent, normalizeCurrencyCode } from '../../core/money';
import type {
  CommonSettings,
  CreatePaymentLinkInput,
  ParseWebhookOptions,
  Payment,
  PaymentLink,
  PaymentProvider,
  RequestOptions,
  WebhookInput,
} from '../../core/types';
import {
  type MoyasarInvoice,
  type MoyasarPaymentObject,
  type PaymentFigures,
  paymentFigures,
  REFERENCE_METADATA_KEY,
  readAmount,
  referenceOf,
  schemas,
} from './api';
import { capturedAmountOf, decisivePayment, invoiceStatusOf, paymentStatusOf } from './status';
import {
  type MoyasarInvoiceCallback,
  type MoyasarWebhookEvent,
  parseInvoiceCallback,
  parseMoyasarWebhook,
} from './webhooks';

export type { MoyasarInvoice, MoyasarInvoiceList, MoyasarPaymentObject, MoyasarWebhookEnvelope } from './api';
export { REFERENCE_METADATA_KEY } from './api';
export {
  DECISIVE_PAYMENT_RANK,
  INVOICE_REFINED_BY_PAYMENT,
  MOYASAR_EVENT_TYPES,
  MOYASAR_INVOICE_STATUS,
  MOYASAR_PAYMENT_STATUS,
  type MoyasarEventMapping,
  type MoyasarInvoiceStatus,
  type MoyasarPaymentStatus,
  mapInvoiceStatus,
  mapPaymentStatus,
} from './status';
export {
  type MoyasarInvoiceCallback,
  type MoyasarWebhookEvent,
  type MoyasarWebhookOptions,
  parseInvoiceCallback,
  parseMoyasarWebhook,
  REDACTED_SECRET_TOKEN,
} from './webhooks';

export const PROVIDER = 'moyasar' as const;

/** Moyasar's API, version 1. */
export const MOYASAR_DEFAULT_BASE_URL = 'https://api.moyasar.com/v1';
/** The smallest invoice amount Moyasar accepts, in minor units of any currency (its reference: `>= 100`). */
export const MOYASAR_MIN_AMOUNT = 100;
/** Invoices per `POST /invoices/bulk` call. */
export const MOYASAR_BULK_LIMIT = 50;
/** Moyasar's metadata limits. paybridge's own reference key counts toward `maxKeys`. */
export const MOYASAR_METADATA_LIMITS = Object.freeze({ maxKeys: 30, maxKeyLength: 40, maxValueLength: 500 });

/** Settings of `createMoyasar`. Nothing is read or checked until first use. */
export interface MoyasarSettings extends CommonSettings {
  /**
   * The secret API key (`sk_test_…` or `sk_live_…`; the prefix sets the mode). Default: the
   * `MOYASAR_SECRET_KEY` environment variable. A publishable key (`pk_…`) is refused.
   */
  secretKey?: string;
  /** The webhook's secret token (dashboard → Settings → Webhooks). Default: `MOYASAR_WEBHOOK_SECRET`. */
  webhookSecret?: string;
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
 * fields: `failureUrl`, `pendingUrl` and `customer` are not sent.
 */
export type MoyasarLinkInput = CreatePaymentLinkInput;

/** `getPayment(invoiceId)`: the invoice's unified status, refined by its payments. */
export interface MoyasarInvoicePayment extends Payment<'moyasar'> {
  /** The invoice's decisive payment (the id `refund`, `capture` and `void` take), if it has one. */
  transactionId: string | undefined;
  /** The hosted page. */
  url: string;
}

/** A Moyasar payment (one attempt to pay): what `getProviderPayment`, `refund`, `capture` and `void` return. */
export interface MoyasarProviderPayment extends Payment<'moyasar'> {
  /** The Moyasar payment id (not the invoice id). */
  id: string;
  /** The invoice the payment belongs to, if any. */
  invoiceId: string | undefined;
  /** Moyasar's fee, minor units, where reported. */
  fee: number | undefined;
  /** The gateway's message (`source.message`), e.g. why a card was declined. */
  message: string | undefined;
}

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

/** One page of invoices, as links. */
export interface PaymentLinkPage {
  links: PaymentLink<'moyasar'>[];
  page: number;
  /** The next page's number, or undefined on the last page. */
  nextPage: number | undefined;
  totalPages: number | undefined;
  totalCount: number | undefined;
}

/** `createPaymentLinks` failed after earlier chunks were created: those links are in `created`. */
export class MoyasarBulkCreateError extends PaybridgeError {
  static override readonly errorName: string = 'MoyasarBulkCreateError';
  /** The links created before the failure, in input order. */
  readonly created: PaymentLink<'moyasar'>[];
  /** References of the inputs not (known to be) created. */
  readonly notCreated: string[];
  constructor(created: PaymentLink<'moyasar'>[], notCreated: string[], cause: unknown) {
    super(
      'bulk_partially_created',
      `Moyasar bulk create stopped after ${created.length} invoices; ${notCreated.length} were not created ` +
        `(${PaybridgeError.isInstance(cause) ? cause.message : 'see cause'}). The created links are on error.created.`,
      { provider: PROVIDER, cause },
    );
    this.created = created;
    this.notCreated = notCreated;
  }
}

/** The Moyasar adapter. */
export interface Moyasar extends PaymentProvider<'moyasar', MoyasarLinkInput, MoyasarWebhookEvent> {
  /**
   * Creates an invoice (`POST /invoices`). Moyasar has no idempotency key for invoices, so the POST
   * is never retried blindly: after a timeout, a dropped connection or a 5xx, the invoice is looked
   * up by its reference and returned if it exists; only if it does not is it created once more.
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
  /** Every invoice matching `params`, page after page. */
  listAllPaymentLinks(
    params?: Omit<ListPaymentLinksParams, 'page'>,
    options?: RequestOptions,
  ): AsyncIterable<PaymentLink<'moyasar'>>;
  /** Cancels an open invoice (`PUT /invoices/{id}/cancel`). */
  cancelPaymentLink(invoiceId: string, options?: RequestOptions): Promise<PaymentLink<'moyasar'>>;
  /** Refunds a paid or captured payment, in full or `amount` minor units. Not retried. */
  refund(paymentId: string, amount?: number, options?: RequestOptions): Promise<MoyasarProviderPayment>;
  /** Captures an authorized payment, in full or `amount` minor units. Not retried. */
  capture(paymentId: string, amount?: number, options?: RequestOptions): Promise<MoyasarProviderPayment>;
  /** Voids a payment not yet settled. Not retried. */
  void(paymentId: string, options?: RequestOptions): Promise<MoyasarProviderPayment>;
  /** A payment (`GET /payments/{id}`). */
  getProviderPayment(paymentId: string, options?: RequestOptions): Promise<MoyasarProviderPayment>;
  /** Verifies (`secret_token`, `live`) and parses a webhook. Never does I/O. */
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<MoyasarWebhookEvent>;
  /** Reads an invoice `callback_url` POST: UNVERIFIED (`verified: false`); confirm with `getPayment`. */
  parseInvoiceCallback(
    input: WebhookInput,
    options?: Pick<ParseWebhookOptions, 'maxBodyBytes'>,
  ): Promise<MoyasarInvoiceCallback>;
}

type KeyMode = 'test' | 'live';

const encoder = new TextEncoder();

/** Invoice statuses that a freshly created invoice cannot have: never returned by the timeout recovery. */
const CLOSED_INVOICE_STATUSES = new Set(['canceled', 'expired', 'voided']);

// ---------------------------------------------------------------------------------------------
// Input → invoice body

interface PreparedInvoice {
  reference: string;
  amount: number;
  currency: string;
  body: Record<string, unknown>;
}

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`Moyasar: ${message}`, { provider: PROVIDER, code, field });
}

const checkUrl = (value: unknown, field: string) => optionalHttpUrl(value, field, PROVIDER);

function checkMetadata(metadata: unknown, reference: string): Record<string, string> {
  const { maxKeys, maxKeyLength, maxValueLength } = MOYASAR_METADATA_LIMITS;
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  ) {
    throw invalid('metadata must be an object of string values.', 'invalid_metadata', 'metadata');
  }
  const out: Record<string, string> = {};
  const entries = Object.entries((metadata ?? {}) as Record<string, unknown>);
  if (entries.length + 1 > maxKeys) {
    throw invalid(
      `metadata has ${entries.length} keys; Moyasar allows ${maxKeys}, one of which paybridge uses for the reference ` +
        `(${REFERENCE_METADATA_KEY}), so at most ${maxKeys - 1}.`,
      'metadata_too_many_keys',
      'metadata',
    );
  }
  for (const [key, value] of entries) {
    const field = `metadata.${key}`;
    if (key === REFERENCE_METADATA_KEY) {
      throw invalid(
        `the metadata key "${REFERENCE_METADATA_KEY}" is reserved for the reference; pass it as \`reference\`.`,
        'metadata_reserved_key',
        field,
      );
    }
    if (key.length === 0 || key.length > maxKeyLength) {
      throw invalid(
        `metadata keys must have 1 to ${maxKeyLength} characters.`,
        'metadata_key_too_long',
        field,
      );
    }
    if (typeof value !== 'string') {
      throw invalid(
        `metadata values must be strings (${field} is ${typeof value}).`,
        'invalid_metadata',
        field,
      );
    }
    if (value.length > maxValueLength) {
      throw invalid(
        `metadata values must have at most ${maxValueLength} characters.`,
        'metadata_value_too_long',
        field,
      );
    }
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  out[REFERENCE_METADATA_KEY] = reference;
  return out;
}

/** Validates a link input and builds the invoice body. Throws `InvalidRequestError` before any request. */
function prepareInvoice(input: MoyasarLinkInput): PreparedInvoice {
  if (typeof input !== 'object' || input === null) {
    throw invalid('createPaymentLink expects an object.', 'invalid_input', 'input');
  }
  const { reference } = input;
  if (typeof reference !== 'string' || reference.trim() === '') {
    throw invalid(
      'reference is required: your own id for this payment (an order number).',
      'invalid_reference',
      'reference',
    );
  }
  if (reference.length > MOYASAR_METADATA_LIMITS.maxValueLength) {
    throw invalid(
      `reference must have at most ${MOYASAR_METADATA_LIMITS.maxValueLength} characters (it is stored as an invoice metadata value).`,
      'invalid_reference',
      'reference',
    );
  }
  const currency = normalizeCurrencyCode(input.currency);
  getCurrencyExponent(currency);
  assertMinorUnits(input.amount);
  if (input.amount < MOYASAR_MIN_AMOUNT) {
    throw invalid(
      `amount must be at least ${MOYASAR_MIN_AMOUNT} minor units of ${currency} (Moyasar's minimum), got ${input.amount}.`,
      'amount_below_minimum',
      'amount',
    );
  }
  let description = `Order ${reference}`;
  if (input.description !== undefined) {
    if (typeof input.description !== 'string' || input.description.trim() === '') {
      throw invalid(
        'description must be a non-empty string when given.',
        'invalid_description',
        'description',
      );
    }
    description = input.description;
  }
  const body: Record<string, unknown> = { amount: input.amount, currency, description };
  const successUrl = checkUrl(input.successUrl, 'successUrl');
  const backUrl = checkUrl(input.cancelUrl, 'cancelUrl');
  const callbackUrl = checkUrl(input.webhookUrl, 'webhookUrl');
  if (successUrl !== undefined) body['success_url'] = successUrl;
  if (backUrl !== undefined) body['back_url'] = backUrl;
  if (callbackUrl !== undefined) body['callback_url'] = callbackUrl;
  if (input.expiresAt !== undefined) {
    if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime())) {
      throw invalid('expiresAt must be a valid Date.', 'invalid_expires_at', 'expiresAt');
    }
    body['expired_at'] = input.expiresAt.toISOString();
  }
  body['metadata'] = checkMetadata(input.metadata, reference);
  return { reference, amount: input.amount, currency, body };
}

const checkId = (id: unknown, field: string): string => pathSegment(id, field, PROVIDER);

// ---------------------------------------------------------------------------------------------
// Responses → unified objects

/** Runs a mapping of a 2xx body; unreadable amounts become `InvalidResponseError`. */
function fromResponse<T>(what: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (PaybridgeError.isInstance(error) && !(error instanceof InvalidRequestError)) throw error;
    throw new InvalidResponseError(
      `Moyasar answered with ${what} paybridge cannot read: ${(error as Error).message}`,
      {
        provider: PROVIDER,
        cause: error,
      },
    );
  }
}

interface InvoiceView {
  invoice: MoyasarInvoice;
  currency: string;
  amount: number;
  decisive: PaymentFigures | undefined;
}

function viewInvoice(invoice: MoyasarInvoice): InvoiceView {
  return fromResponse('an invoice', () => {
    const currency = normalizeCurrencyCode(invoice.currency);
    const payments = (invoice.payments ?? []).map(paymentFigures);
    return {
      invoice,
      currency,
      amount: readAmount(invoice.amount, currency, 'amount'),
      decisive: decisivePayment(payments),
    };
  });
}

function toDate(value: string | null | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toLink(invoice: MoyasarInvoice, fallbackReference?: string): PaymentLink<'moyasar'> {
  const view = viewInvoice(invoice);
  return {
    provider: PROVIDER,
    id: invoice.id,
    url: invoice.url,
    status: invoiceStatusOf(invoice.status, view.decisive),
    amount: view.amount,
    currency: view.currency,
    reference: referenceOf(invoice.metadata) ?? fallbackReference ?? '',
    expiresAt: toDate(invoice.expired_at),
    raw: invoice,
  };
}

function toInvoicePayment(invoice: MoyasarInvoice): MoyasarInvoicePayment {
  const view = viewInvoice(invoice);
  const decisive = view.decisive;
  return {
    provider: PROVIDER,
    id: invoice.id,
    status: invoiceStatusOf(invoice.status, decisive),
    providerStatus: invoice.status,
    amount: view.amount,
    currency: view.currency,
    reference: referenceOf(invoice.metadata),
    capturedAmount: decisive ? capturedAmountOf(decisive) : 0,
    refundedAmount: decisive ? (decisive.refunded ?? 0) : 0,
    transactionId: decisive?.id,
    url: invoice.url,
    raw: invoice,
  };
}

function toProviderPayment(payment: MoyasarPaymentObject): MoyasarProviderPayment {
  const figures = fromResponse('a payment', () => paymentFigures(payment));
  return {
    provider: PROVIDER,
    id: payment.id,
    invoiceId: payment.invoice_id ?? undefined,
    status: paymentStatusOf(figures),
    providerStatus: payment.status,
    amount: figures.amount,
    currency: figures.currency,
    reference: referenceOf(payment.metadata),
    capturedAmount: capturedAmountOf(figures),
    refundedAmount: figures.refunded ?? 0,
    fee: figures.fee,
    message: payment.source?.message ?? undefined,
    raw: payment,
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

function describeErrors(errors: unknown): FieldError[] {
  if (typeof errors === 'string') return errors === '' ? [] : [{ field: '', message: errors }];
  if (typeof errors !== 'object' || errors === null) return [];
  const out: FieldError[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const message of list) {
      if (message === null || message === undefined) continue;
      out.push({ field, message: typeof message === 'string' ? message : JSON.stringify(message) });
    }
  }
  return out;
}

/**
 * Moyasar's error body `{ type, message, errors }` → `ProviderError` details: `code` is the
 * `type` (`http_<status>` when there is none), `errors` becomes `fieldErrors`. The body is read
 * with the `errorBody` schema, which the adapter builds (loading zod) before its first request, so
 * every error response reaches this function with the schema ready. Called directly before that,
 * the body is treated as unreadable: code `http_<status>`, message from a short text body.
 */
export function parseMoyasarError(context: ErrorContext): ParsedProviderError {
  const { status, body } = context;
  const errorBody = schemas.ready()?.errorBody;
  const parsed = typeof body === 'object' && body !== null ? errorBody?.safeParse(body) : undefined;
  const data = parsed?.success ? parsed.data : undefined;
  const type = data?.type ?? undefined;
  const fieldErrors = describeErrors(data?.errors);
  const base =
    data?.message ??
    (typeof data?.errors === 'string' ? data.errors : undefined) ??
    (typeof body === 'string' && body.length > 0 && body.length <= 200 && !body.trimStart().startsWith('<')
      ? body
      : undefined) ??
    `HTTP ${status}`;
  const details = fieldErrors
    .filter((e) => e.field !== '' || e.message !== base)
    .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const message = `Moyasar ${type ?? 'error'} (HTTP ${status}): ${base}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
  return {
    code: type ?? `http_${status}`,
    providerType: type,
    message,
    fieldErrors,
    body,
  };
}

/** Whether a failed create may nevertheless have created the invoice at Moyasar. */
function mayHaveCreated(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  // A 2xx whose body could not be read (cut, undecodable, too large): the invoice was created.
  if (error instanceof InvalidResponseError) return true;
  if (error instanceof NetworkError) return error.code !== 'aborted' && error.mayHaveReachedProvider;
  if (error instanceof ProviderError) return error.status >= 500;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The adapter

/** Creates the Moyasar adapter. Never throws: credentials and settings are checked on first use. */
export function createMoyasar(settings: MoyasarSettings = {}): Moyasar {
  let credentials: { authorization: string; mode: KeyMode } | undefined;

  function resolveKey(): { authorization: string; mode: KeyMode } {
    if (credentials) return credentials;
    const key = requireSetting(settings.secretKey, {
      provider: PROVIDER,
      setting: 'secretKey',
      envVar: 'MOYASAR_SECRET_KEY',
    }).trim();
    if (key.startsWith('pk_')) {
      throw new ConfigurationError(
        'Moyasar: secretKey is a publishable key (pk_…). Server calls need the secret key (sk_test_… or sk_live_…) ' +
          "from Moyasar's dashboard → Settings → API Keys.",
        { provider: PROVIDER, code: 'publishable_key' },
      );
    }
    const mode: KeyMode | undefined = key.startsWith('sk_live_')
      ? 'live'
      : key.startsWith('sk_test_')
        ? 'test'
        : undefined;
    if (mode === undefined) {
      throw new ConfigurationError(
        'Moyasar: secretKey must be a secret key starting with sk_test_ or sk_live_.',
        { provider: PROVIDER, code: 'invalid_secret_key' },
      );
    }
    credentials = { authorization: `Basic ${base64(encoder.encode(`${key}:`))}`, mode };
    return credentials;
  }

  let client: HttpClient | undefined;
  function http(): HttpClient {
    client ??= createHttpClient({
      provider: PROVIDER,
      baseUrl: normalizeBaseUrl(settings.baseUrl ?? MOYASAR_DEFAULT_BASE_URL, PROVIDER),
      ...transportSettings(settings),
      authorize: (request) => {
        request.headers.set('authorization', resolveKey().authorization);
      },
      parseError: parseMoyasarError,
    });
    return client;
  }

  /** The `live` value webhooks must carry, or undefined when the check is off. */
  function expectedLive(): boolean | undefined {
    if (settings.checkLiveMode === false) return undefined;
    const key = readSetting(settings.secretKey, {
      provider: PROVIDER,
      setting: 'secretKey',
      envVar: 'MOYASAR_SECRET_KEY',
    });
    if (key === undefined && settings.checkLiveMode !== true) return undefined;
    return resolveKey().mode === 'live';
  }

  const postInvoice = async (body: Record<string, unknown>, options: RequestOptions | undefined) => {
    resolveKey();
    return http().request({
      method: 'POST',
      path: '/invoices',
      json: body,
      schema: (await schemas.load()).invoice,
      options,
    });
  };

  const postBulk = async (bodies: Record<string, unknown>[], options: RequestOptions | undefined) => {
    resolveKey();
    return http().request({
      method: 'POST',
      path: '/invoices/bulk',
      json: { invoices: bodies },
      schema: (await schemas.load()).bulkInvoices,
      options,
    });
  };

  const listInvoices = async (params: ListPaymentLinksParams, options: RequestOptions | undefined) => {
    const searchParams: Record<string, string | number> = {};
    if (params.page !== undefined) {
      if (!Number.isSafeInteger(params.page) || params.page < 1)
        throw invalid('page must be an integer from 1.', 'invalid_page', 'page');
      searchParams['page'] = params.page;
    }
    if (params.status !== undefined) searchParams['status'] = params.status;
    for (const [key, value] of Object.entries(params.metadata ?? {}))
      searchParams[`metadata[${key}]`] = value;
    if (params.reference !== undefined)
      searchParams[`metadata[${REFERENCE_METADATA_KEY}]`] = params.reference;
    return http().request({
      method: 'GET',
      path: '/invoices',
      searchParams,
      schema: (await schemas.load()).invoiceList,
      options,
    });
  };

  /**
   * After a create whose outcome is unknown: the invoice created for `prepared`, if Moyasar has it.
   * Closed invoices (canceled, expired, voided) are ignored: a fresh one cannot be closed. An open
   * invoice with the same reference but another amount or currency is a conflict, not a match.
   */
  async function recover(
    prepared: PreparedInvoice,
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice | undefined> {
    const { invoices } = await listInvoices({ reference: prepared.reference }, options);
    const candidates = invoices.filter(
      (invoice) =>
        referenceOf(invoice.metadata) === prepared.reference && !CLOSED_INVOICE_STATUSES.has(invoice.status),
    );
    const same = candidates.filter((invoice) => {
      const view = viewInvoice(invoice);
      return view.amount === prepared.amount && view.currency === prepared.currency;
    });
    if (same.length > 0) return newest(same);
    const other = candidates[0];
    if (other !== undefined) {
      throw invalid(
        `creating the invoice for reference "${prepared.reference}" did not complete, and Moyasar already has an open ` +
          `invoice with that reference for another amount or currency (${other.id}). paybridge will not create a second ` +
          'one: cancel that invoice or use a new reference.',
        'reference_conflict',
        'reference',
      );
    }
    return undefined;
  }

  /** `recover`, but a failing look-up rethrows the create's own error (the outcome stays unknown). */
  async function recoverOrThrow(
    prepared: PreparedInvoice,
    createError: unknown,
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice | undefined> {
    try {
      return await recover(prepared, options);
    } catch (error) {
      if (error instanceof InvalidRequestError) throw error;
      throw createError;
    }
  }

  async function createOne(
    prepared: PreparedInvoice,
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice> {
    try {
      return await postInvoice(prepared.body, options);
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      const existing = await recoverOrThrow(prepared, error, options);
      if (existing !== undefined) return existing;
      // Not at Moyasar: create it once more, and only once.
      return postInvoice(prepared.body, options);
    }
  }

  /** Maps a bulk answer back to its inputs: by the reference in metadata, else by position. */
  function matchBulk(invoices: MoyasarInvoice[], items: PreparedInvoice[]): MoyasarInvoice[] {
    if (invoices.length !== items.length) {
      throw new InvalidResponseError(
        `Moyasar answered a bulk create of ${items.length} invoices with ${invoices.length}.`,
        { provider: PROVIDER, path: 'invoices' },
      );
    }
    const byReference = new Map<string, MoyasarInvoice>();
    for (const invoice of invoices) {
      const reference = referenceOf(invoice.metadata);
      if (reference !== undefined) byReference.set(reference, invoice);
    }
    return items.map((item, i) => byReference.get(item.reference) ?? (invoices[i] as MoyasarInvoice));
  }

  async function createChunk(
    items: PreparedInvoice[],
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice[]> {
    try {
      const { invoices } = await postBulk(
        items.map((item) => item.body),
        options,
      );
      return matchBulk(invoices, items);
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      const found: (MoyasarInvoice | undefined)[] = [];
      for (const item of items) found.push(await recoverOrThrow(item, error, options));
      const missing = items.filter((_, i) => found[i] === undefined);
      const created =
        missing.length > 0
          ? matchBulk(
              (
                await postBulk(
                  missing.map((m) => m.body),
                  options,
                )
              ).invoices,
              missing,
            )
          : [];
      let next = 0;
      return found.map((invoice) => invoice ?? (created[next++] as MoyasarInvoice));
    }
  }

  async function getInvoice(invoiceId: string, options?: RequestOptions): Promise<MoyasarInvoice> {
    const id = checkId(invoiceId, 'invoiceId');
    return http().request({
      method: 'GET',
      path: `/invoices/${id}`,
      schema: (await schemas.load()).invoice,
      options,
    });
  }

  async function paymentOperation(
    paymentId: string,
    operation: 'refund' | 'capture' | 'void',
    amount: number | undefined,
    options: RequestOptions | undefined,
  ): Promise<MoyasarProviderPayment> {
    const id = checkId(paymentId, 'paymentId');
    if (amount !== undefined) assertMinorUnits(amount);
    const payment = await http().request({
      method: 'POST',
      path: `/payments/${id}/${operation}`,
      json: amount === undefined ? {} : { amount },
      schema: (await schemas.load()).payment,
      options,
    });
    return toProviderPayment(payment);
  }

  async function listPaymentLinks(
    params: ListPaymentLinksParams = {},
    options?: RequestOptions,
  ): Promise<PaymentLinkPage> {
    const page = params.page ?? 1;
    const { invoices, meta } = await listInvoices(params, options);
    const current = meta?.current_page ?? page;
    let nextPage = meta?.next_page ?? undefined;
    if (meta?.next_page === undefined && typeof meta?.total_pages === 'number' && current < meta.total_pages)
      nextPage = current + 1;
    if (nextPage !== undefined && nextPage <= current) nextPage = undefined;
    return {
      links: invoices.map((invoice) => toLink(invoice)),
      page: current,
      nextPage,
      totalPages: meta?.total_pages ?? undefined,
      totalCount: meta?.total_count ?? undefined,
    };
  }

  return {
    name: PROVIDER,

    async createPaymentLink(input, options) {
      const prepared = prepareInvoice(input);
      return toLink(await createOne(prepared, options), prepared.reference);
    },

    async createPaymentLinks(inputs, options) {
      if (!Array.isArray(inputs))
        throw invalid('createPaymentLinks expects an array of inputs.', 'invalid_input', 'inputs');
      const prepared = inputs.map((input, i) => {
        try {
          return prepareInvoice(input);
        } catch (error) {
          if (error instanceof InvalidRequestError) {
            throw new InvalidRequestError(`inputs[${i}]: ${error.message}`, {
              provider: PROVIDER,
              code: error.code,
              field: `inputs[${i}].${error.field ?? ''}`.replace(/\.$/, ''),
            });
          }
          throw error;
        }
      });
      const seen = new Set<string>();
      prepared.forEach((item, i) => {
        if (seen.has(item.reference)) {
          throw invalid(
            `inputs[${i}]: reference "${item.reference}" appears twice; each link needs its own reference.`,
            'duplicate_reference',
            `inputs[${i}].reference`,
          );
        }
        seen.add(item.reference);
      });
      const links: PaymentLink<'moyasar'>[] = [];
      for (let start = 0; start < prepared.length; start += MOYASAR_BULK_LIMIT) {
        const chunk = prepared.slice(start, start + MOYASAR_BULK_LIMIT);
        try {
          const invoices = await createChunk(chunk, options);
          for (const [i, invoice] of invoices.entries()) links.push(toLink(invoice, chunk[i]?.reference));
        } catch (error) {
          if (links.length === 0) throw error;
          throw new MoyasarBulkCreateError(
            links,
            prepared.slice(start).map((p) => p.reference),
            error,
          );
        }
      }
      return links;
    },

    async getPayment(invoiceId, options) {
      return toInvoicePayment(await getInvoice(invoiceId, options));
    },

    getInvoice,

    async findPaymentLinkByReference(reference, options) {
      if (typeof reference !== 'string' || reference === '')
        throw invalid('reference must be a non-empty string.', 'invalid_reference', 'reference');
      const { invoices } = await listInvoices({ reference }, options);
      const mine = invoices.filter((invoice) => referenceOf(invoice.metadata) === reference);
      const found = newest(mine);
      return found === undefined ? undefined : toLink(found);
    },

    listPaymentLinks,

    async *listAllPaymentLinks(params = {}, options) {
      let page: number | undefined = 1;
      while (page !== undefined) {
        const result: PaymentLinkPage = await listPaymentLinks({ ...params, page }, options);
        yield* result.links;
        page = result.nextPage;
      }
    },

    async cancelPaymentLink(invoiceId, options) {
      const id = checkId(invoiceId, 'invoiceId');
      const invoice = await http().request({
        method: 'PUT',
        path: `/invoices/${id}/cancel`,
        schema: (await schemas.load()).invoice,
        options,
      });
      return toLink(invoice);
    },

    refund: (paymentId, amount, options) => paymentOperation(paymentId, 'refund', amount, options),
    capture: (paymentId, amount, options) => paymentOperation(paymentId, 'capture', amount, options),
    void: (paymentId, options) => paymentOperation(paymentId, 'void', undefined, options),

    async getProviderPayment(paymentId, options) {
      const id = checkId(paymentId, 'paymentId');
      return toProviderPayment(
        await http().request({
          method: 'GET',
          path: `/payments/${id}`,
          schema: (await schemas.load()).payment,
          options,
        }),
      );
    },

    async parseWebhook(input, options = {}) {
      const webhookSecret = readSetting(settings.webhookSecret, {
        provider: PROVIDER,
        setting: 'webhookSecret',
        envVar: 'MOYASAR_WEBHOOK_SECRET',
      });
      return parseMoyasarWebhook(input, { ...options, webhookSecret, expectedLive: expectedLive() });
    },

    parseInvoiceCallback: (input, options) => parseInvoiceCallback(input, options),
  };
}

/** The most recently created invoice (by `created_at`), or undefined. */
function newest(invoices: MoyasarInvoice[]): MoyasarInvoice | undefined {
  let best: MoyasarInvoice | undefined;
  for (const invoice of invoices) {
    if (best === undefined || (invoice.created_at ?? '') > (best.created_at ?? '')) best = invoice;
  }
  return best;
}
