/**
 * paybridge/moneyhash: `createMoneyHash(settings)`, a `PaymentProvider` over MoneyHash payment
 * intents, plus MoneyHash's own operations (close an intent, capture, void, refund, fetch the
 * webhook secret) and the v3 webhook signature.
 */
import { normalizeBaseUrl, readSetting, requireSetting } from '../../core/config';
import {
  ConfigurationError,
  type FieldError,
  InvalidRequestError,
  InvalidResponseError,
} from '../../core/errors';
import {
  createHttpClient,
  type HttpClient,
  type ParsedProviderError,
  transportSettings,
} from '../../core/http';
import { optionalHttpUrl, requireObject } from '../../core/input';
import { assertMinorUnits, formatMinorUnits, type Money, normalizeCurrencyCode } from '../../core/money';
import { registerSecret } from '../../core/redact';
import type { PaymentStatus } from '../../core/status';
import type {
  CommonSettings,
  CreatePaymentLinkInput,
  Customer,
  OperationOutcome,
  ParseWebhookOptions,
  Payment,
  PaymentLink,
  PaymentProvider,
  RequestOptions,
  WebhookInput,
} from '../../core/types';
import {
  API_KEY_HEADER,
  CREATE_INTENT_PATH,
  captureTransactionPath,
  closeIntentPath,
  DEFAULT_BASE_URL,
  IDEMPOTENCY_HEADER,
  intentPath,
  type MoneyHashOperationObject,
  refundTransactionPath,
  schemas,
  voidTransactionPath,
  WEBHOOK_SIGNATURE_KEY_PATH,
} from './api';
import { mapIntentStatus, mapOperationStatus } from './status';
import { type MoneyHashWebhookEvent, parseMoneyHashWebhook, summarizeIntent } from './webhooks';

export {
  DEFAULT_BASE_URL as MONEYHASH_DEFAULT_BASE_URL,
  SIGNATURE_HEADER as MONEYHASH_SIGNATURE_HEADER,
} from './api';
export { computeV3Signature, type MoneyHashSignatureHeader, parseSignatureHeader } from './signature';
export {
  MONEYHASH_STATUS_TABLE,
  type MoneyHashFlow,
  type RefundExtent,
  type StatusRow as MoneyHashStatusRow,
} from './status';
export {
  type MoneyHashBulkPayoutEvent,
  type MoneyHashCardTokenEvent,
  type MoneyHashCustomerEvent,
  type MoneyHashPaymentDetails,
  type MoneyHashPaymentEvent,
  type MoneyHashPaymentMethodEvent,
  type MoneyHashPayoutEvent,
  type MoneyHashSubscriptionEvent,
  type MoneyHashUnknownEvent,
  type MoneyHashVerification,
  type MoneyHashVerifyOptions,
  type MoneyHashWebhookEvent,
  signMoneyHashWebhook,
  verifyMoneyHashSignature,
} from './webhooks';

const PROVIDER = 'moneyhash' as const;

/** How an intent without a flow is processed: one step (`purchase`) or hold then capture (`authorize`). */
export type MoneyHashIntentOperation = 'purchase' | 'authorize';

export interface MoneyHashSettings extends CommonSettings {
  /** The account API key (sent as `X-Api-Key`). Default: `MONEYHASH_API_KEY`, read on first use. */
  apiKey?: string;
  /**
   * The organisation's webhook signature secret (not the API key). Default: `MONEYHASH_WEBHOOK_SECRET`.
   * `fetchWebhookSecret()` retrieves it.
   */
  webhookSecret?: string;
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

/** `createPaymentLink` input: the common fields plus a per-call flow or operation. */
export interface MoneyHashLinkInput extends CreatePaymentLinkInput {
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
  /** Captures an authorized **transaction** (not intent); without `amount`, MoneyHash decides ([UNCONFIRMED]: the rest). */
  capture(transactionId: string, amount?: Money, options?: RequestOptions): Promise<MoneyHashOperationResult>;
  /** Voids an authorized transaction ([UNCONFIRMED] endpoint, from MoneyHash's Magento plugin). */
  void(transactionId: string, amount?: Money, options?: RequestOptions): Promise<MoneyHashOperationResult>;
  /** Refunds a captured transaction, in full without `amount` ([UNCONFIRMED] endpoint, Magento plugin). */
  refund(transactionId: string, amount?: Money, options?: RequestOptions): Promise<MoneyHashOperationResult>;
  /** The organisation's webhook signature secret, to use as `webhookSecret`. Registered for redaction. */
  fetchWebhookSecret(options?: RequestOptions): Promise<string>;
}

/** MoneyHash allows at most 12 integer digits and 2 decimals. */
const MAX_INTEGER_DIGITS = 12;
const OPERATIONS: ReadonlySet<string> = new Set<MoneyHashIntentOperation>(['purchase', 'authorize']);

/** Creates the MoneyHash adapter. Never throws for missing credentials: the first call that needs one does. */
export function createMoneyHash(settings: MoneyHashSettings = {}): MoneyHash {
  const apiKey = (): string =>
    requireSetting(settings.apiKey, { provider: PROVIDER, setting: 'apiKey', envVar: 'MONEYHASH_API_KEY' });

  let client: HttpClient | undefined;
  const http = (): HttpClient => {
    client ??= createHttpClient({
      provider: PROVIDER,
      baseUrl: normalizeBaseUrl(settings.baseUrl ?? DEFAULT_BASE_URL, PROVIDER),
      ...transportSettings(settings),
      authorize: (request) => {
        request.headers.set(API_KEY_HEADER, apiKey());
      },
      parseError: ({ status, body }) => envelopeError(body, status) ?? unknownError(status),
      errorInBody: (body) => envelopeError(body, undefined),
      idempotencyHeader: IDEMPOTENCY_HEADER,
      retryWithIdempotencyKey: settings.retryWithIdempotencyKey === true,
    });
    return client;
  };

  function intentMode(
    input: MoneyHashLinkInput,
  ): { flow_id: string } | { operation: MoneyHashIntentOperation } {
    if (input.flowId !== undefined && input.operation !== undefined) {
      throw new InvalidRequestError('MoneyHash takes either flowId or operation for an intent, not both.', {
        provider: PROVIDER,
        code: 'conflicting_flow_and_operation',
        field: 'flowId',
      });
    }
    if (input.flowId !== undefined) return { flow_id: nonEmpty(input.flowId, 'flowId') };
    if (input.operation !== undefined) return { operation: checkOperation(input.operation, 'input') };
    if (settings.flowId !== undefined && settings.operation !== undefined) {
      throw new ConfigurationError(
        'moneyhash: set either `flowId` or `operation` in the settings, not both (MoneyHash takes exactly one).',
        { provider: PROVIDER, code: 'conflicting_flow_and_operation' },
      );
    }
    if (settings.operation !== undefined)
      return { operation: checkOperation(settings.operation, 'settings') };
    const flowId = readSetting(settings.flowId, {
      provider: PROVIDER,
      setting: 'flowId',
      envVar: 'MONEYHASH_FLOW_ID',
      secret: false,
    });
    if (flowId !== undefined && flowId.trim() !== '') return { flow_id: flowId };
    return { operation: 'purchase' };
  }

  async function operate(
    operation: MoneyHashOperationResult['operation'],
    transactionId: string,
    amount: Money | undefined,
    options: RequestOptions | undefined,
  ): Promise<MoneyHashOperationResult> {
    const path =
      operation === 'capture'
        ? captureTransactionPath(transactionId)
        : operation === 'void'
          ? voidTransactionPath(transactionId)
          : refundTransactionPath(transactionId);
    const id = transactionId;
    let json: Record<string, string> = {};
    if (amount !== undefined) {
      const currency = normalizeCurrencyCode(amount.currency);
      assertMinorUnits(amount.amount);
      const major = toMoneyHashAmount(amount.amount, currency);
      // Capture's documented body is { amount }; void and refund send the currency too (Magento plugin).
      json = operation === 'capture' ? { amount: major } : { amount: major, amount_currency: currency };
    }
    apiKey();
    const raw = await http().request({
      method: 'POST',
      path,
      json,
      schema: (await schemas.load()).transactionOperationResponse,
      options,
    });
    const data = raw.data ?? undefined;
    const operations = data?.transaction?.operations ?? data?.operations ?? [];
    const latest: MoneyHashOperationObject | undefined = operations.findLast((o) => o.type === operation);
    const operationStatus = (latest?.status ?? latest?.latest_status?.value ?? undefined)?.toLowerCase();
    const intent = data?.intent;
    return {
      provider: PROVIDER,
      operation,
      transactionId: data?.transaction?.id ?? id,
      intentId: (typeof intent === 'string' ? intent : intent?.id) ?? data?.intent_id ?? undefined,
      operationStatus,
      outcome:
        operationStatus === undefined
          ? undefined
          : mapOperationStatus({ flow: 'payin', operation, operationStatus, refund: 'unknown' }).outcome,
      raw,
    };
  }

  return {
    name: PROVIDER,

    async createPaymentLink(input, options) {
      requireObject(input, 'createPaymentLink', PROVIDER);
      assertMinorUnits(input.amount);
      const currency = normalizeCurrencyCode(input.currency);
      const amount = toMoneyHashAmount(input.amount, currency);
      const reference = nonEmpty(input.reference, 'reference');
      const mode = intentMode(input);
      const expiresAfter = input.expiresAt === undefined ? undefined : secondsUntil(input.expiresAt);
      const billing = input.customer === undefined ? undefined : billingData(input.customer);
      const urls = {
        webhook_url: optionalHttpUrl(input.webhookUrl, 'webhookUrl', PROVIDER),
        successful_redirect_url: optionalHttpUrl(input.successUrl, 'successUrl', PROVIDER),
        failed_redirect_url: optionalHttpUrl(input.failureUrl, 'failureUrl', PROVIDER),
        pending_external_action_redirect_url: optionalHttpUrl(input.pendingUrl, 'pendingUrl', PROVIDER),
        back_url: optionalHttpUrl(input.cancelUrl, 'cancelUrl', PROVIDER),
      };
      const body: Record<string, unknown> = {
        amount,
        amount_currency: currency,
        ...mode,
        custom_fields: customFields(reference, input.metadata),
        merchant_reference: reference,
        ...Object.fromEntries(Object.entries(urls).filter(([, url]) => url !== undefined)),
        ...(billing !== undefined && { billing_data: billing }),
        ...(expiresAfter !== undefined && { expires_after_seconds: expiresAfter }),
      };
      apiKey();
      const raw = await http().request({
        method: 'POST',
        path: CREATE_INTENT_PATH,
        json: body,
        schema: (await schemas.load()).createIntentResponse,
        options,
      });
      return {
        provider: PROVIDER,
        id: raw.data.id,
        url: raw.data.embed_url,
        status: 'pending',
        amount: input.amount,
        currency,
        reference,
        expiresAt: input.expiresAt,
        raw,
      };
    },

    async getPayment(intentId, options) {
      const path = intentPath(intentId);
      apiKey();
      const raw = await http().request({
        method: 'GET',
        path,
        schema: (await schemas.load()).getIntentResponse,
        options,
      });
      const intent = raw.data;
      const fail = (message: string) =>
        new InvalidResponseError(`MoneyHash answered GET intent with an unreadable ${message}`, {
          provider: PROVIDER,
        });
      const summary = summarizeIntent(intent, fail);
      if (summary.amount === undefined || summary.currency === undefined) {
        throw new InvalidResponseError('MoneyHash answered GET intent without amount and currency.', {
          provider: PROVIDER,
          path: 'data.intent.amount',
        });
      }
      return {
        provider: PROVIDER,
        id: intent.id,
        status: summary.status,
        providerStatus: intent.status,
        amount: summary.amount,
        currency: summary.currency,
        reference: summary.reference,
        capturedAmount: summary.capturedAmount,
        refundedAmount: summary.refundedAmount,
        intentStatus: intent.status,
        paymentStatus: summary.paymentStatus,
        transactionId: summary.transactionId,
        transactionStatus: summary.transactionStatus,
        raw,
      };
    },

    async cancelPaymentLink(intentId, options) {
      const path = closeIntentPath(intentId);
      const id = intentId;
      apiKey();
      const raw = await http().request({
        method: 'POST',
        path,
        schema: (await schemas.load()).closeIntentResponse,
        options,
      });
      const answered = raw.data?.status;
      const status = typeof answered === 'string' && answered !== '' ? answered : 'CLOSED';
      return {
        provider: PROVIDER,
        id,
        status: mapIntentStatus({ intentStatus: status, refund: 'unknown' }),
        providerStatus: status,
        raw,
      };
    },

    capture: (transactionId, amount, options) => operate('capture', transactionId, amount, options),
    void: (transactionId, amount, options) => operate('void', transactionId, amount, options),
    refund: (transactionId, amount, options) => operate('refund', transactionId, amount, options),

    async fetchWebhookSecret(options) {
      apiKey();
      const raw = await http().request({
        method: 'GET',
        path: WEBHOOK_SIGNATURE_KEY_PATH,
        schema: (await schemas.load()).webhookSecretResponse,
        options,
      });
      const secret = raw.data.webhook_signature_secret;
      registerSecret(secret);
      return secret;
    },

    // async: a bad setting must reject the promise, never throw synchronously.
    async parseWebhook(input: WebhookInput, options: ParseWebhookOptions = {}) {
      const secret = readSetting(settings.webhookSecret, {
        provider: PROVIDER,
        setting: 'webhookSecret',
        envVar: 'MONEYHASH_WEBHOOK_SECRET',
      });
      return parseMoneyHashWebhook(input, {
        ...options,
        secret,
        acceptCompactJsonSignature: settings.acceptCompactJsonSignature === true,
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------------

/** Minor units → MoneyHash's major-unit decimal with exactly 2 decimals (`1500 KWD` → `"1.50"`, `1505 KWD` refused). */
function toMoneyHashAmount(amount: number, currency: string): string {
  const text = formatMinorUnits(amount, currency, { fractionDigits: 2 });
  const whole = text.slice(0, text.indexOf('.') < 0 ? text.length : text.indexOf('.'));
  if (whole.length > MAX_INTEGER_DIGITS) {
    throw new InvalidRequestError(
      `MoneyHash accepts at most ${MAX_INTEGER_DIGITS} integer digits; ${text} ${currency} has ${whole.length}.`,
      { provider: PROVIDER, code: 'amount_too_large', field: 'amount' },
    );
  }
  return text;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidRequestError(`MoneyHash: ${field} must be a non-empty string.`, {
      provider: PROVIDER,
      code: `missing_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      field,
    });
  }
  return value;
}

function checkOperation(value: unknown, where: 'input' | 'settings'): MoneyHashIntentOperation {
  if (typeof value === 'string' && OPERATIONS.has(value)) return value as MoneyHashIntentOperation;
  const message = `MoneyHash: operation must be 'purchase' or 'authorize', got ${JSON.stringify(value)}.`;
  if (where === 'settings')
    throw new ConfigurationError(message, { provider: PROVIDER, code: 'invalid_operation' });
  throw new InvalidRequestError(message, {
    provider: PROVIDER,
    code: 'invalid_operation',
    field: 'operation',
  });
}

/**
 * `custom_fields`: the metadata plus `reference` (the key under which the merchant's reference
 * travels and comes back in webhooks). A metadata key `reference` that differs is refused.
 */
function customFields(
  reference: string,
  metadata: Record<string, string> | undefined,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key === 'reference' && value !== reference) {
      throw new InvalidRequestError(
        'MoneyHash: metadata.reference differs from reference; the reference travels in custom_fields.reference.',
        { provider: PROVIDER, code: 'metadata_reference_conflict', field: 'metadata.reference' },
      );
    }
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
  fields['reference'] = reference;
  return fields;
}

function billingData(customer: Customer): Record<string, string> {
  const pairs: Array<[string, string | undefined]> = [
    ['first_name', customer.firstName],
    ['last_name', customer.lastName],
    ['name', customer.name],
    ['email', customer.email],
    ['phone_number', customer.phone],
    ['address', customer.address],
    ['city', customer.city],
    ['state', customer.state],
    ['postal_code', customer.postalCode],
    ['country', customer.country],
  ];
  return Object.fromEntries(pairs.filter((pair): pair is [string, string] => pair[1] !== undefined));
}

/** `expiresAt` → `expires_after_seconds` (whole seconds from now, rounded up). */
function secondsUntil(expiresAt: Date): number {
  const at = expiresAt instanceof Date ? expiresAt.getTime() : Number.NaN;
  if (Number.isNaN(at)) {
    throw new InvalidRequestError('MoneyHash: expiresAt must be a valid Date.', {
      provider: PROVIDER,
      code: 'invalid_expires_at',
      field: 'expiresAt',
    });
  }
  const seconds = Math.ceil((at - Date.now()) / 1000);
  if (seconds <= 0) {
    throw new InvalidRequestError('MoneyHash: expiresAt is in the past.', {
      provider: PROVIDER,
      code: 'invalid_expires_at',
      field: 'expiresAt',
    });
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// Error envelope: { status: { code, message, errors: [{ field: message }] }, data }
// ---------------------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldErrorsOf(errors: unknown): FieldError[] {
  const out: FieldError[] = [];
  const add = (field: string, value: unknown) => {
    if (Array.isArray(value)) for (const v of value) add(field, v);
    else if (typeof value === 'string') out.push({ field, message: value });
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) add(field ? `${field}.${k}` : k, v);
    else if (value !== null && value !== undefined) out.push({ field, message: String(value) });
  };
  if (Array.isArray(errors)) for (const entry of errors) add('', entry);
  else add('', errors);
  return out;
}

function codeFor(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401 || status === 403) return 'authentication_error';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'provider_unavailable';
  return 'provider_error';
}

/**
 * The envelope's error, or undefined when `body` is no error envelope. With `httpStatus` undefined
 * (a 2xx answer), only an envelope whose `status.code` is outside 2xx is an error.
 */
function envelopeError(body: unknown, httpStatus: number | undefined): ParsedProviderError | undefined {
  if (!isRecord(body) || !isRecord(body['status'])) return undefined;
  const envelope = body['status'];
  const rawCode = envelope['code'];
  const code =
    typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' ? Number(rawCode) : Number.NaN;
  const inBodyError = Number.isInteger(code) && (code < 200 || code > 299);
  if (httpStatus === undefined && !inBodyError) return undefined;
  const effective = inBodyError ? code : (httpStatus ?? 500);
  const fieldErrors = fieldErrorsOf(envelope['errors']);
  const message = typeof envelope['message'] === 'string' ? envelope['message'].trim() : '';
  const detail = fieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  return {
    code: codeFor(effective),
    providerType: Number.isInteger(code) ? String(code) : undefined,
    message: `MoneyHash answered ${Number.isInteger(code) ? `code ${code}` : `HTTP ${httpStatus}`}: ${
      [message, detail].filter((part) => part !== '').join(' — ') || 'no message'
    }`,
    fieldErrors,
    retryable: effective === 429 || effective >= 500,
    body,
  };
}

function unknownError(status: number): ParsedProviderError {
  return {
    code: codeFor(status),
    message: `MoneyHash answered HTTP ${status} without its error envelope.`,
    retryable: status === 408 || status === 429 || status >= 500,
  };
}
