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
 * Webhook trust: the webhook's signature (as far as it can be checked, see webhooks.ts) does not
 * cover `status`. It proves the webhook concerns a real order signed with your form secret, not
 * that it was paid. `confirmWebhook(event)` is the way to fulfil an order.
 *
 * This file wires the adapter together; see api.ts, settings.ts, links.ts, wallets.ts, payments.ts,
 * confirm.ts, token.ts, signature.ts, amount.ts, time.ts, webhooks.ts, status.ts and errors.ts.
 *
 * @module paybridge/moneygo
 */
import { readSecrets, readSetting, requireSetting } from '../../core/config';
import { InvalidRequestError, ProviderError } from '../../core/errors';
import { adapterSettings, guardAdapter } from '../../core/guard';
import { createHttpClient, type HttpClient, type HttpRequest, transportSettings } from '../../core/http';
import {
  optionalText,
  refuseIdempotencyKey,
  requiredId,
  requiredText,
  requireObject,
} from '../../core/input';
import { assertMinorUnits, getCurrencyExponent, normalizeCurrencyCode } from '../../core/money';
import { bearerAuthorization } from '../../core/token-cache';
import type { RequestOptions } from '../../core/types';
import type * as z from '../../core/zod';
import { formatMoneyGoAmount } from './amount';
import { paths, schemas } from './api';
import { confirmAgainst } from './confirm';
import {
  MoneyGoError,
  mayHaveBeenCarriedOut,
  moneyGoErrorInBody,
  parseMoneyGoError,
  withAdvice,
} from './errors';
import { prepareCheckout } from './links';
import { toPayment } from './payments';
import { type Resolved, resolveSettings } from './settings';
import { signCheckout } from './signature';
import { toPaymentStatus } from './status';
import { parseExpiredAt } from './time';
import { createTokenCache } from './token';
import type {
  MoneyGo,
  MoneyGoPayment,
  MoneyGoPaymentLink,
  MoneyGoSettings,
  MoneyGoTransfer,
  MoneyGoTransferInput,
  MoneyGoWalletCheck,
} from './types';
import { checkWalletCurrencies, requireTwoWallets } from './wallets';
import { moneyGoWebhookParser } from './webhook-settings';

export { formatMoneyGoAmount, MONEYGO_WALLET_PREFIXES, walletCurrency } from './amount';
export { MONEYGO_BASE_URLS } from './api';
export {
  MONEYGO_ERROR_MESSAGES,
  MONEYGO_LIMIT_PATTERNS,
  MoneyGoConfirmationError,
  MoneyGoError,
  type MoneyGoErrorCode,
  type MoneyGoErrorExtras,
  type MoneyGoMismatch,
} from './errors';
export { type CheckoutSignatureFields, signCheckout } from './signature';
export {
  MONEYGO_CANCEL_FLAG_STATUS,
  MONEYGO_STATUS_TABLE,
  MONEYGO_UNKNOWN_STATUS,
  type MoneyGoStatus,
} from './status';
export { DEFAULT_EXPIRES_AT_TIME_ZONE } from './time';
export type {
  MoneyGo,
  MoneyGoEnvironment,
  MoneyGoLinkInput,
  MoneyGoPayment,
  MoneyGoPaymentLink,
  MoneyGoSettings,
  MoneyGoTransfer,
  MoneyGoTransferInput,
  MoneyGoWalletCheck,
} from './types';
export type { MoneyGoEventType, MoneyGoWebhookEvent, MoneyGoWebhookVerification } from './webhooks';

const PROVIDER = 'moneygo' as const;

/** Creates the Money-Go adapter. Nothing is read, checked or sent until the first call. */
export function createMoneyGo(rawSettings?: MoneyGoSettings | null): MoneyGo {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  let resolved: Resolved | undefined;
  const config = (): Resolved => {
    check();
    resolved ??= resolveSettings(settings);
    return resolved;
  };

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
  /** The form secret checkouts are signed with: the first of the list. */
  const formSecret = (): string => {
    const [first] = readSecrets(settings.formSecret, {
      provider: PROVIDER,
      setting: 'formSecret',
      envVar: 'MONEYGO_FORM_SECRET',
    });
    if (first !== undefined) return first;
    return requireSetting(undefined, {
      provider: PROVIDER,
      setting: 'formSecret',
      envVar: 'MONEYGO_FORM_SECRET',
    });
  };
  const merchantWallet = () =>
    requireSetting(settings.walletTo, {
      provider: PROVIDER,
      setting: 'walletTo',
      envVar: 'MONEYGO_WALLET_TO',
      secret: false,
    }).trim();

  let clients: { token: HttpClient; api: HttpClient } | undefined;
  function http(): HttpClient {
    config();
    clientId();
    clientSecret();
    if (clients) return clients.api;
    const common = {
      provider: PROVIDER,
      baseUrl: config().baseUrl,
      ...transportSettings(settings, PROVIDER),
      parseError: parseMoneyGoError,
      errorInBody: moneyGoErrorInBody,
    };
    clients = {
      token: createHttpClient(common),
      api: createHttpClient({
        ...common,
        ...bearerAuthorization(tokens),
      }),
    };
    return clients.api;
  }

  const tokens = createTokenCache(async () => {
    const json = {
      grant_type: 'client_credentials',
      client_id: clientId(),
      client_secret: clientSecret(),
      scope: 'api',
    };
    http();
    try {
      const data = await (clients as { token: HttpClient }).token.request({
        method: 'POST',
        operation: 'token',
        path: paths.token,
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
          category: 'authentication',
          message:
            'Money-Go refused the client credentials (POST /token). Check clientId and clientSecret ' +
            `(MONEYGO_CLIENT_ID, MONEYGO_CLIENT_SECRET) and the environment (${config().baseUrl}). ${upgraded.message}`,
          fieldErrors: upgraded.fieldErrors,
          retryable: false,
          body: error.body,
        });
      }
      throw error instanceof ProviderError ? MoneyGoError.from(error) : error;
    }
  });

  async function call<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<z.output<S>> {
    try {
      return await http().request(request);
    } catch (error) {
      throw error instanceof ProviderError ? MoneyGoError.from(error) : error;
    }
  }

  const noIdempotencyKey = (options: RequestOptions | undefined) =>
    refuseIdempotencyKey(
      options,
      PROVIDER,
      'Money-Go has none; it refuses a second checkout or payout with the same id, so reuse the reference instead',
    );

  async function getPayment(reference: string, options?: RequestOptions): Promise<MoneyGoPayment> {
    requiredId(reference, 'reference', PROVIDER);
    const ref = reference;
    const notFound = (status: number, body: unknown) =>
      new MoneyGoError({
        status,
        code: 'payment_not_found',
        category: 'not_found',
        message: `Money-Go has no transaction with external_id ${JSON.stringify(ref)} (yet: it may appear only once the payer acts on the checkout).`,
        retryable: false,
        body,
      });
    let body: z.output<Awaited<ReturnType<typeof schemas.load>>['transactionShow']>;
    try {
      body = await call({
        method: 'GET',
        operation: 'getPayment',
        path: paths.transactionShow,
        searchParams: { external_id: ref },
        schema: (await schemas.load()).transactionShow,
        options,
      });
    } catch (error) {
      if (error instanceof MoneyGoError && error.code === 'not_found')
        throw notFound(error.status, error.body);
      throw error;
    }
    const data = body.data;
    if (data === undefined || data === null || Array.isArray(data)) throw notFound(200, body);
    return toPayment(data, ref);
  }

  async function createPaymentLink(input: unknown, options?: RequestOptions): Promise<MoneyGoPaymentLink> {
    noIdempotencyKey(options);
    const checkout = prepareCheckout(input, merchantWallet);
    const { reference, walletTo, walletFrom, amountText } = checkout;
    const signature = await signCheckout(
      { walletTo, walletFrom, amount: amountText, id: reference },
      formSecret(),
    );
    let body: z.output<Awaited<ReturnType<typeof schemas.load>>['checkout']>;
    try {
      body = await call({
        method: 'POST',
        operation: 'createPaymentLink',
        path: paths.checkout,
        json: {
          wallet_to: walletTo,
          wallet_from: walletFrom,
          amount: amountText,
          id: reference,
          signature,
          success_url: checkout.successUrl,
          cancel_url: checkout.cancelUrl,
          status_url: checkout.statusUrl,
          user_info: checkout.userInfo,
        },
        schema: (await schemas.load()).checkout,
        idempotent: false,
        options,
      });
    } catch (error) {
      if (!mayHaveBeenCarriedOut(error)) throw error;
      throw withAdvice(
        error,
        ` Money-Go may have created the checkout ${JSON.stringify(reference)}. Do not create it again under a new reference: ` +
          `call getPayment(${JSON.stringify(reference)}) first, or retry with the same reference (Money-Go refuses a duplicate id ` +
          'with code duplicate_reference, so no second checkout can come of it).',
      );
    }
    return {
      provider: PROVIDER,
      id: reference,
      url: body.data.url,
      status: 'pending',
      amount: checkout.amount,
      currency: checkout.currency,
      reference,
      expiresAt: parseExpiredAt(body.data.expired_at ?? undefined, config().zoneOffsetMinutes),
      walletFrom,
      walletTo,
      amountText,
      raw: body,
    };
  }

  async function checkWallet(walletFrom: string, options?: RequestOptions): Promise<MoneyGoWalletCheck> {
    const from = requiredText(walletFrom, 'walletFrom', PROVIDER).trim();
    const walletTo = merchantWallet();
    try {
      const body = await call({
        method: 'GET',
        operation: 'checkWallet',
        path: paths.walletExists,
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
    noIdempotencyKey(options);
    const walletTo = requiredText(input.walletTo, 'walletTo', PROVIDER).trim();
    assertMinorUnits(input.amount);
    const currency = normalizeCurrencyCode(input.currency);
    getCurrencyExponent(currency);
    if (input.paymentId !== undefined) requiredText(input.paymentId, 'paymentId', PROVIDER);
    const walletFrom =
      input.walletFrom === undefined
        ? merchantWallet()
        : requiredText(input.walletFrom, 'walletFrom', PROVIDER).trim();
    requireTwoWallets(walletFrom, walletTo, 'walletTo', 'walletFrom and walletTo must be different wallets.');
    checkWalletCurrencies(currency, [
      ['walletFrom', walletFrom],
      ['walletTo', walletTo],
    ]);
    const amount = formatMoneyGoAmount(input.amount, currency);
    let body: z.output<Awaited<ReturnType<typeof schemas.load>>['transfer']>;
    try {
      body = await call({
        method: 'POST',
        operation: 'transfer',
        path: paths.transfer,
        json: {
          wallet_from: walletFrom,
          wallet_to: walletTo,
          amount,
          payment_id: input.paymentId,
          description: optionalText(input.description, 'description', PROVIDER),
        },
        schema: (await schemas.load()).transfer,
        idempotent: false,
        options,
      });
    } catch (error) {
      if (!mayHaveBeenCarriedOut(error)) throw error;
      throw withAdvice(
        error,
        input.paymentId
          ? ` Money-Go may have carried out the transfer: check getPayment(${JSON.stringify(input.paymentId)}) before sending it again.`
          : ' Money-Go may have carried out the transfer: check the wallet history before sending it again (pass paymentId to be able to look it up).',
      );
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

  return guardAdapter<MoneyGo>(
    {
      name: PROVIDER,
      createPaymentLink,
      getPayment,
      parseWebhook: moneyGoWebhookParser(settings, () => config().verification),
      async confirmWebhook(event, options) {
        if (
          typeof event !== 'object' ||
          event === null ||
          event.provider !== PROVIDER ||
          event.kind !== 'payment'
        ) {
          throw new InvalidRequestError(
            "moneygo: confirmWebhook expects an event returned by this adapter's parseWebhook.",
            {
              provider: PROVIDER,
              code: 'invalid_input',
              field: 'event',
            },
          );
        }
        const payment = await getPayment(event.paymentId, options);
        const configured = readSetting(settings.walletTo, {
          provider: PROVIDER,
          setting: 'walletTo',
          envVar: 'MONEYGO_WALLET_TO',
          secret: false,
        });
        return confirmAgainst(event, payment, configured);
      },
      checkWallet,
      transfer,
    },
    PROVIDER,
  );
}
