/**
 * paybridge/moneygo: `createMoneyGo(settings)`, the Money-Go wallet-checkout adapter, and Money-Go
 * request signing.
 *
 * ```ts
 * const moneygo = createMoneyGo({ walletTo: 'U41' }); // credentials from MONEYGO_* variables
 * const link = await moneygo.createPaymentLink({
 *   amount: 1010, currency: 'USD', reference: 'order-1042',
 *   walletFrom: 'U68', userInfo: 'customer-7',
 *   successUrl: 'https://shop.example/paid', cancelUrl: 'https://shop.example/cart',
 *   webhookUrl: 'https://shop.example/webhooks/moneygo',
 * });
 * // webhook route: verify, then confirm with the API before shipping anything
 * const event = await moneygo.parseWebhook({ body: rawBody, headers });
 * const payment = await moneygo.confirmWebhook(event);
 * if (payment.status === 'succeeded') ship(payment.reference);
 * ```
 *
 * Webhook trust: the webhook's signature (as far as it can be checked, see `webhooks.ts`) does
 * not cover `status`. It proves the webhook concerns a real order signed with your form secret,
 * not that it was paid. `confirmWebhook(event)` is the way to fulfil an order.
 */

import { normalizeBaseUrl, readSetting, requireSetting } from '../../core/config';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  TimeoutError,
} from '../../core/errors';
import { createHttpClient, type HttpRequest, transportSettings } from '../../core/http';
import { optionalHttpUrl, requireObject } from '../../core/input';
import {
  assertMinorUnits,
  getCurrencyExponent,
  isKnownCurrency,
  normalizeCurrencyCode,
  parseProviderAmount,
} from '../../core/money';
import type { PaymentStatus } from '../../core/status';
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
import type * as z from '../../core/zod';
import { formatMoneyGoAmount, walletCurrency } from './amount';
import { type MoneyGoSchemas, type MoneyGoTransactionData, schemas } from './api';
import { describeMoneyGoError, MoneyGoError, moneyGoErrorInBody } from './errors';
import { signCheckout } from './sign';
import { isCancelled, toPaymentStatus } from './status';
import { parseExpiredAt, parseTimeZoneOffset } from './time';
import { createTokenCache } from './token';
import { type MoneyGoWebhookEvent, type MoneyGoWebhookVerification, parseMoneyGoWebhook } from './webhooks';

export { formatMoneyGoAmount, MONEYGO_WALLET_PREFIXES, walletCurrency } from './amount';
export {
  describeMoneyGoError,
  MONEYGO_ERROR_MESSAGES,
  MONEYGO_LIMIT_PATTERNS,
  MoneyGoError,
  type MoneyGoErrorCode,
  type MoneyGoErrorExtras,
} from './errors';
export { type CheckoutSignatureFields, checkoutSignatureText, phpJsonString, signCheckout } from './sign';
export {
  MONEYGO_CANCEL_FLAG_STATUS,
  MONEYGO_STATUS_TABLE,
  MONEYGO_UNKNOWN_STATUS,
  type MoneyGoStatus,
  toPaymentStatus as toMoneyGoPaymentStatus,
} from './status';
export { DEFAULT_EXPIRES_AT_TIME_ZONE, parseExpiredAt } from './time';
export {
  type MoneyGoWebhookEvent,
  type MoneyGoWebhookVerification,
  moneyGoWebhookEventId,
  type ParseMoneyGoWebhookOptions,
  parseMoneyGoWebhook,
} from './webhooks';

const PROVIDER = 'moneygo' as const;

/** Money-Go's hosts. The test host comes from Money-Go's PHP SDK and is not in its public docs [UNCONFIRMED]. */
export const MONEYGO_BASE_URLS = Object.freeze({
  production: 'https://api.money-go.com',
  test: 'https://api.money-go-test.com',
});

export type MoneyGoEnvironment = keyof typeof MONEYGO_BASE_URLS;

/**
 * Settings of `createMoneyGo`. Credentials fall back to environment variables, read on first use.
 * There is no `webhookSecret`: Money-Go webhooks are checked with the form secret.
 */
export interface MoneyGoSettings extends Omit<CommonSettings, 'webhookSecret'> {
  /** OAuth client id (`MONEYGO_CLIENT_ID`). */
  clientId?: string;
  /** OAuth client secret (`MONEYGO_CLIENT_SECRET`). */
  clientSecret?: string;
  /** The "token for the form" that signs checkouts and verifies webhooks (`MONEYGO_FORM_SECRET`). */
  formSecret?: string;
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

/** `createPaymentLink`'s input: the common fields plus the payer's wallet and a per-payer value. */
export interface MoneyGoLinkInput extends CreatePaymentLinkInput {
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

/** One disagreement between a webhook and Money-Go's API. */
export interface MoneyGoMismatch {
  field: 'status' | 'amount' | 'currency' | 'walletFrom' | 'walletTo' | 'merchantWallet' | 'transactionId';
  /** What the webhook said. */
  event: string | number | undefined;
  /** What the API (or, for `merchantWallet`, your settings) says. */
  expected: string | number | undefined;
}

/**
 * `confirmWebhook` found that the API does not confirm the webhook. `payment` is the API's answer:
 * act on it (a webhook that arrives after the payment moved on is stale, not forged), never on
 * the event.
 */
export class MoneyGoConfirmationError extends PaybridgeError {
  static override readonly errorName: string = 'MoneyGoConfirmationError';
  readonly mismatches: readonly MoneyGoMismatch[];
  readonly payment: MoneyGoPayment;
  readonly eventId: string;
  constructor(eventId: string, mismatches: MoneyGoMismatch[], payment: MoneyGoPayment) {
    const list = mismatches
      .map((m) => `${m.field}: webhook ${String(m.event)}, Money-Go ${String(m.expected)}`)
      .join('; ');
    super(
      'webhook_not_confirmed',
      `Money-Go's API does not confirm webhook ${eventId} (${list}). Do not act on the webhook; payment holds what the API says.`,
      { provider: PROVIDER },
    );
    this.mismatches = mismatches;
    this.payment = payment;
    this.eventId = eventId;
  }
}

/** The Money-Go adapter. */
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

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidRequestError(`${field} is required and must be a non-empty string.`, {
      code: 'missing_field',
      field,
      provider: PROVIDER,
    });
  }
  return value;
}

const optionalUrl = (value: unknown, field: string) => optionalHttpUrl(value, field, PROVIDER);

const sameWallet = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

/** Refuses wallets whose prefix names another currency than `currency` (the checkout has no currency field). */
function checkWalletCurrencies(currency: string, wallets: Array<[string, string]>): void {
  for (const [field, wallet] of wallets) {
    const own = walletCurrency(wallet);
    if (own !== undefined && own !== currency) {
      throw new InvalidRequestError(
        `${field} ${wallet} is a ${own} wallet, but currency is ${currency}. Money-Go's checkout has no currency ` +
          'field: the wallets decide it, and both must be in the same currency.',
        {
          code: 'currency_mismatch',
          field: field === 'walletTo (settings)' ? 'walletTo' : field,
          provider: PROVIDER,
        },
      );
    }
  }
}

function mayHaveBeenCarriedOut(error: unknown): error is TimeoutError | NetworkError {
  return (
    error instanceof TimeoutError ||
    (error instanceof NetworkError && error.code !== 'aborted' && error.mayHaveReachedProvider)
  );
}

/** Creates the Money-Go adapter. Nothing is read or sent until the first call. */
export function createMoneyGo(settings: MoneyGoSettings = {}): MoneyGo {
  const environment = settings.environment ?? 'production';
  if (!Object.hasOwn(MONEYGO_BASE_URLS, environment)) {
    throw new ConfigurationError(
      `moneygo: environment must be 'production' or 'test', got ${String(environment)}.`,
      {
        provider: PROVIDER,
        code: 'invalid_environment',
      },
    );
  }
  const baseUrl = normalizeBaseUrl(settings.baseUrl ?? MONEYGO_BASE_URLS[environment], PROVIDER);
  const zoneOffsetMinutes = parseTimeZoneOffset(settings.expiresAtTimeZone);
  const verification = settings.webhookVerification ?? 'checkout-signature';
  if (verification !== 'checkout-signature' && verification !== 'none') {
    throw new ConfigurationError(
      `moneygo: webhookVerification must be 'checkout-signature' or 'none', got ${String(verification)}.`,
      { provider: PROVIDER, code: 'invalid_setting' },
    );
  }

  const clientId = () =>
    requireSetting(settings.clientId, {
      provider: PROVIDER,
      setting: 'clientId',
      envVar: 'MONEYGO_CLIENT_ID',
      secret: false,
    });
  const clientSecret = () =>
    requireSetting(settings.clientSecret, {
      provider: PROVIDER,
      setting: 'clientSecret',
      envVar: 'MONEYGO_CLIENT_SECRET',
    });
  const formSecret = () =>
    requireSetting(settings.formSecret, {
      provider: PROVIDER,
      setting: 'formSecret',
      envVar: 'MONEYGO_FORM_SECRET',
    });
  const merchantWallet = () =>
    requireSetting(settings.walletTo, {
      provider: PROVIDER,
      setting: 'walletTo',
      envVar: 'MONEYGO_WALLET_TO',
      secret: false,
    }).trim();

  const common = {
    provider: PROVIDER,
    baseUrl,
    ...transportSettings(settings),
    parseError: ({ status, body }: { status: number; body: unknown }) => describeMoneyGoError(status, body),
    errorInBody: moneyGoErrorInBody,
  };

  const tokenClient = createHttpClient(common);

  const tokens = createTokenCache(async () => {
    const json = {
      grant_type: 'client_credentials',
      client_id: clientId(),
      client_secret: clientSecret(),
      scope: 'api',
    };
    try {
      const data = await tokenClient.request({
        method: 'POST',
        path: '/token',
        json,
        schema: (await schemas.load()).token,
        idempotent: true, // asking for a token twice has no effect beyond a second token
      });
      return { accessToken: data.access_token, expiresIn: data.expires_in };
    } catch (error) {
      if (error instanceof ProviderError && (error.status === 400 || error.status === 401)) {
        const upgraded = MoneyGoError.from(error);
        throw new MoneyGoError({
          status: error.status,
          code: 'invalid_credentials',
          message:
            'Money-Go refused the client credentials (POST /token). Check clientId and clientSecret ' +
            `(MONEYGO_CLIENT_ID, MONEYGO_CLIENT_SECRET) and the environment (${baseUrl}). ${upgraded.message}`,
          fieldErrors: upgraded.fieldErrors,
          retryable: false,
          body: error.body,
        });
      }
      throw error instanceof ProviderError ? MoneyGoError.from(error) : error;
    }
  });

  const api = createHttpClient({
    ...common,
    authorize: async (request) => {
      request.headers.set('authorization', `Bearer ${await tokens.get()}`);
    },
    onUnauthorized: async (request) => {
      tokens.invalidate(request.headers.get('authorization')?.replace(/^Bearer\s+/i, ''));
      return true;
    },
  });

  async function call<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<z.output<S>> {
    try {
      return await api.request(request);
    } catch (error) {
      throw error instanceof ProviderError ? MoneyGoError.from(error) : error;
    }
  }

  function toPayment(data: MoneyGoTransactionData, reference: string): MoneyGoPayment {
    const pp = data.processing_pay ?? undefined;
    const currencyField = data.currency;
    const code =
      (typeof currencyField === 'string' ? currencyField : currencyField?.code) ??
      pp?.currency_to ??
      undefined;
    if (code === undefined) {
      throw new InvalidResponseError('Money-Go answered GET /api/transaction/show without a currency.', {
        provider: PROVIDER,
        path: 'data.currency',
      });
    }
    const currency = code.trim().toUpperCase();
    const precision = typeof currencyField === 'object' ? currencyField?.precession : undefined;
    // Money-Go's own precision is used only for codes paybridge does not know (ISO 4217 wins).
    const exponents =
      !isKnownCurrency(currency) && typeof precision === 'number' ? { [currency]: precision } : undefined;
    const minor = (value: number | string, field: string): number => {
      try {
        return parseProviderAmount(value, currency, { exponents, field }).amount;
      } catch (error) {
        if (!PaybridgeError.isInstance(error)) throw error;
        throw new InvalidResponseError(`Money-Go answered GET /api/transaction/show with ${error.message}`, {
          provider: PROVIDER,
          path: `data.${field}`,
        });
      }
    };
    const commission =
      data.commission === undefined || data.commission === null
        ? undefined
        : minor(data.commission, 'commission');
    return {
      provider: PROVIDER,
      id: data.external_id ?? reference,
      reference: data.external_id ?? reference,
      status: toPaymentStatus(data.status, pp?.cancel),
      providerStatus: data.status,
      amount: minor(data.amount, 'amount'),
      currency,
      transactionId: data.id,
      checkoutTransactionId: pp?.transaction_id ?? undefined,
      checkoutAmount:
        pp?.amount === undefined || pp.amount === null
          ? undefined
          : minor(pp.amount, 'processing_pay.amount'),
      commission,
      walletFrom: pp?.wallet_from ?? undefined,
      walletTo: pp?.wallet_to ?? undefined,
      cancel: isCancelled(pp?.cancel),
      raw: data,
    };
  }

  async function getPayment(reference: string, options?: RequestOptions): Promise<MoneyGoPayment> {
    requireText(reference, 'reference');
    let body: z.output<MoneyGoSchemas['transactionShow']>;
    try {
      body = await call({
        method: 'GET',
        path: '/api/transaction/show',
        searchParams: { external_id: reference },
        schema: (await schemas.load()).transactionShow,
        options,
      });
    } catch (error) {
      if (error instanceof MoneyGoError && error.code === 'not_found')
        throw notFound(reference, error.status, error.body);
      throw error;
    }
    const data = body.data;
    if (data === undefined || data === null || Array.isArray(data)) throw notFound(reference, 200, body);
    return toPayment(data, reference);
  }

  function notFound(reference: string, status: number, body: unknown): MoneyGoError {
    return new MoneyGoError({
      status,
      code: 'payment_not_found',
      message: `Money-Go has no transaction with external_id ${JSON.stringify(reference)} (yet: it may appear only once the payer acts on the checkout).`,
      retryable: false,
      body,
    });
  }

  async function createPaymentLink(
    input: MoneyGoLinkInput,
    options?: RequestOptions,
  ): Promise<MoneyGoPaymentLink> {
    requireObject(input, 'createPaymentLink', PROVIDER);
    const reference = requireText(input.reference, 'reference');
    assertMinorUnits(input.amount);
    const currency = normalizeCurrencyCode(input.currency);
    getCurrencyExponent(currency);
    const walletFrom = requireText(input.walletFrom, 'walletFrom').trim();
    const userInfo = requireText(input.userInfo, 'userInfo');
    const successUrl = optionalUrl(input.successUrl, 'successUrl');
    const cancelUrl = optionalUrl(input.cancelUrl, 'cancelUrl');
    const statusUrl = optionalUrl(input.webhookUrl, 'webhookUrl');
    if (input.expiresAt !== undefined) {
      throw new InvalidRequestError(
        "expiresAt is not supported by Money-Go's checkout: Money-Go sets the link's expiry (see the link's expiresAt).",
        { code: 'unsupported_field', field: 'expiresAt', provider: PROVIDER },
      );
    }
    if (input.metadata !== undefined) {
      throw new InvalidRequestError(
        "metadata is not supported by Money-Go's checkout; keep it under your reference.",
        {
          code: 'unsupported_field',
          field: 'metadata',
          provider: PROVIDER,
        },
      );
    }
    const walletTo = merchantWallet();
    if (sameWallet(walletFrom, walletTo)) {
      throw new InvalidRequestError(
        `walletFrom must be the payer's wallet, not the merchant's own (${walletTo}): Money-Go refuses transfers within one account.`,
        { code: 'same_wallet', field: 'walletFrom', provider: PROVIDER },
      );
    }
    checkWalletCurrencies(currency, [
      ['walletTo (settings)', walletTo],
      ['walletFrom', walletFrom],
    ]);
    const amount = formatMoneyGoAmount(input.amount, currency);
    const signature = await signCheckout({ walletTo, walletFrom, amount, id: reference }, formSecret());

    let body: z.output<MoneyGoSchemas['checkout']>;
    try {
      body = await call({
        method: 'POST',
        path: '/api/processing/checkout',
        json: {
          wallet_to: walletTo,
          wallet_from: walletFrom,
          amount,
          id: reference,
          signature,
          success_url: successUrl,
          cancel_url: cancelUrl,
          status_url: statusUrl,
          user_info: userInfo,
        },
        schema: (await schemas.load()).checkout,
        idempotent: false,
        options,
      });
    } catch (error) {
      if (mayHaveBeenCarriedOut(error)) {
        const advice =
          ` Money-Go may have created the checkout ${JSON.stringify(reference)}. Do not create it again under a new reference: ` +
          `call getPayment(${JSON.stringify(reference)}) first, or retry with the same reference (Money-Go refuses a duplicate id ` +
          'with code duplicate_reference, so no second checkout can come of it).';
        if (error instanceof TimeoutError) {
          throw new TimeoutError(error.message + advice, { provider: PROVIDER, timeoutMs: error.timeoutMs });
        }
        throw new NetworkError(error.message + advice, { provider: PROVIDER, cause: error.cause });
      }
      throw error;
    }
    return {
      provider: PROVIDER,
      id: reference,
      url: body.data.url,
      status: 'pending',
      amount: input.amount,
      currency,
      reference,
      expiresAt: parseExpiredAt(body.data.expired_at ?? undefined, zoneOffsetMinutes),
      walletFrom,
      walletTo,
      amountText: amount,
      raw: body,
    };
  }

  async function checkWallet(walletFrom: string, options?: RequestOptions): Promise<MoneyGoWalletCheck> {
    const from = requireText(walletFrom, 'walletFrom').trim();
    const walletTo = merchantWallet();
    try {
      const body = await call({
        method: 'GET',
        path: '/api/wallet-exists',
        searchParams: { number_to: walletTo, number_from: from },
        schema: (await schemas.load()).walletExists,
        options,
      });
      const data = body.data;
      if (data === undefined || data === null || Array.isArray(data) || !data.number_from) {
        return { exists: false, walletTo, walletFrom: from, currency: undefined, raw: body };
      }
      const currency = typeof data.currency === 'string' ? data.currency : data.currency?.code;
      return {
        exists: true,
        walletTo: data.number_to ?? walletTo,
        walletFrom: data.number_from,
        currency: currency?.trim().toUpperCase(),
        raw: body,
      };
    } catch (error) {
      if (error instanceof MoneyGoError && error.code === 'wallet_from_not_found') {
        return { exists: false, walletTo, walletFrom: from, currency: undefined, raw: error.body };
      }
      throw error;
    }
  }

  async function transfer(input: MoneyGoTransferInput, options?: RequestOptions): Promise<MoneyGoTransfer> {
    requireObject(input, 'transfer', PROVIDER);
    const walletTo = requireText(input.walletTo, 'walletTo').trim();
    assertMinorUnits(input.amount);
    const currency = normalizeCurrencyCode(input.currency);
    getCurrencyExponent(currency);
    if (input.paymentId !== undefined) requireText(input.paymentId, 'paymentId');
    const walletFrom =
      input.walletFrom === undefined ? merchantWallet() : requireText(input.walletFrom, 'walletFrom').trim();
    if (sameWallet(walletFrom, walletTo)) {
      throw new InvalidRequestError('walletFrom and walletTo must be different wallets.', {
        code: 'same_wallet',
        field: 'walletTo',
        provider: PROVIDER,
      });
    }
    checkWalletCurrencies(currency, [
      ['walletFrom', walletFrom],
      ['walletTo', walletTo],
    ]);
    const amount = formatMoneyGoAmount(input.amount, currency);
    let body: z.output<MoneyGoSchemas['transfer']>;
    try {
      body = await call({
        method: 'POST',
        path: '/api/transaction/transfer',
        json: {
          wallet_from: walletFrom,
          wallet_to: walletTo,
          amount,
          payment_id: input.paymentId,
          description: input.description,
        },
        schema: (await schemas.load()).transfer,
        idempotent: false,
        options,
      });
    } catch (error) {
      if (mayHaveBeenCarriedOut(error)) {
        const advice = input.paymentId
          ? ` Money-Go may have carried out the transfer: check getPayment(${JSON.stringify(input.paymentId)}) before sending it again.`
          : ' Money-Go may have carried out the transfer: check the wallet history before sending it again (pass paymentId to be able to look it up).';
        if (error instanceof TimeoutError) {
          throw new TimeoutError(error.message + advice, { provider: PROVIDER, timeoutMs: error.timeoutMs });
        }
        throw new NetworkError(error.message + advice, { provider: PROVIDER, cause: error.cause });
      }
      throw error;
    }
    const data = (await schemas.load()).transferData.safeParse(body.data);
    const providerStatus = data.success ? (data.data.status ?? undefined) : undefined;
    return {
      provider: PROVIDER,
      transactionId: data.success ? data.data.id : undefined,
      paymentId: (data.success ? data.data.external_id : undefined) ?? input.paymentId,
      status: providerStatus === undefined ? undefined : toPaymentStatus(providerStatus),
      providerStatus,
      amount: input.amount,
      currency,
      walletFrom,
      walletTo,
      raw: body,
    };
  }

  async function parseWebhook(
    input: WebhookInput,
    options: ParseWebhookOptions = {},
  ): Promise<MoneyGoWebhookEvent> {
    return parseMoneyGoWebhook(input, {
      ...options,
      verification,
      formSecret:
        verification === 'none'
          ? undefined
          : readSetting(settings.formSecret, {
              provider: PROVIDER,
              setting: 'formSecret',
              envVar: 'MONEYGO_FORM_SECRET',
            }),
    });
  }

  async function confirmWebhook(
    event: MoneyGoWebhookEvent,
    options?: RequestOptions,
  ): Promise<MoneyGoPayment> {
    if (
      typeof event !== 'object' ||
      event === null ||
      event.provider !== PROVIDER ||
      event.kind !== 'payment'
    ) {
      throw new InvalidRequestError(
        'confirmWebhook expects an event returned by this adapter’s parseWebhook.',
        {
          provider: PROVIDER,
          field: 'event',
        },
      );
    }
    const payment = await getPayment(event.paymentId, options);
    const mismatches: MoneyGoMismatch[] = [];
    const check = (
      field: MoneyGoMismatch['field'],
      seen: string | number | undefined,
      expected: string | number | undefined,
      same: (a: string | number, b: string | number) => boolean = (a, b) => a === b,
    ) => {
      if (expected === undefined) return;
      if (seen === undefined || !same(seen, expected)) mismatches.push({ field, event: seen, expected });
    };
    const walletEq = (a: string | number, b: string | number) => sameWallet(String(a), String(b));
    check('status', event.status, payment.status);
    check('currency', event.currency, payment.currency);
    check('amount', event.amount, payment.checkoutAmount ?? payment.amount);
    check('walletTo', event.walletTo, payment.walletTo, walletEq);
    check('walletFrom', event.walletFrom, payment.walletFrom, walletEq);
    // Not signed: a re-posted webhook with another transaction_id is refused here (its event id is
    // the same as the genuine one's, so it is deduplicated either way).
    check('transactionId', event.transactionId, payment.checkoutTransactionId ?? payment.transactionId);
    const configured = readSetting(settings.walletTo, {
      provider: PROVIDER,
      setting: 'walletTo',
      envVar: 'MONEYGO_WALLET_TO',
      secret: false,
    });
    if (configured !== undefined) check('merchantWallet', event.walletTo, configured.trim(), walletEq);
    if (mismatches.length > 0) throw new MoneyGoConfirmationError(event.id, mismatches, payment);
    return payment;
  }

  return {
    name: PROVIDER,
    createPaymentLink,
    getPayment,
    parseWebhook,
    confirmWebhook,
    checkWallet,
    transfer,
  };
}
