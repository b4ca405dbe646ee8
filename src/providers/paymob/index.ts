/**
 * paybridge/paymob: Paymob's Intention API as payment links (Unified Checkout), the transaction
 * inquiry as `getPayment`, refund / void / capture, and callbacks verified with Paymob's
 * HMAC-SHA512 in the callback URL's query.
 *
 * ```ts
 * const paymob = createPaymob(); // PAYMOB_SECRET_KEY, PAYMOB_PUBLIC_KEY, PAYMOB_API_KEY, PAYMOB_HMAC_SECRET, PAYMOB_INTEGRATION_IDS
 * const link = await paymob.createPaymentLink({ amount: 100_000, currency: 'EGP', reference: 'order-1042',
 *   webhookUrl: 'https://shop.example/webhooks/paymob' });
 * // link.id is Paymob's order id: what callbacks carry under the HMAC
 * const event = await paymob.parseWebhook({ body: rawBody, headers, url: req.url }); // the hmac is in the URL
 * ```
 *
 * Lists: none. Paymob documents no list of intentions, orders or transactions: the inquiry answers
 * one order's latest transaction, and `order_card_tokens` one order's saved cards (one answer, not
 * paged; not wrapped here). This adapter has no `iterate…` method.
 *
 * This file wires the adapter together; see api.ts (hosts, paths, schemas), links.ts (input →
 * intention), payments.ts (answers → unified objects), token.ts, signature.ts, webhooks.ts,
 * status.ts and errors.ts.
 *
 * @module paybridge/paymob
 */
import { InvalidResponseError, NetworkError, ProviderError, TimeoutError } from '../../core/errors';
import { adapterSettings, guardAdapter } from '../../core/guard';
import { createHttpClient, type HttpClient, type HttpRequest, transportSettings } from '../../core/http';
import { pathSegment, readTarget, refuseIdempotencyKey } from '../../core/input';
import { assertMinorUnits } from '../../core/money';
import { bearerAuthorization } from '../../core/token-cache';
import type { PaymentTarget, RequestOptions } from '../../core/types';
import type * as z from '../../core/zod';
import { paths, schemas } from './api';
import { paymobCredentials } from './credentials';
import { parsePaymobError } from './errors';
import { prepareIntention } from './links';
import {
  checkoutUrl,
  isChild,
  type TransactionView,
  toLink,
  toPayment,
  toPendingPayment,
  toTransaction,
  viewResponse,
} from './payments';
import { createPaymobTokenCache } from './token';
import type { Paymob, PaymobPayment, PaymobSettings, PaymobTransaction } from './types';
import { paymobWebhookParsers } from './webhook-settings';

export {
  PAYMOB_DEFAULT_BASE_URL,
  PAYMOB_KEY_REGIONS,
  PAYMOB_REGIONS,
  type PaymobIntention,
  type PaymobOrderObject,
  type PaymobRegion,
  type PaymobTransactionObject,
} from './api';
export {
  PAYMOB_BILLING_PLACEHOLDER,
  PAYMOB_MAX_EXPIRATION_SECONDS,
  PAYMOB_NAME_MAX_LENGTH,
} from './links';
export {
  computePaymobHmac,
  PAYMOB_CARD_TOKEN_HMAC_FIELDS,
  PAYMOB_HMAC_NULL,
  PAYMOB_TRANSACTION_HMAC_FIELDS,
  paymobCardTokenMessage,
  paymobRedirectMessage,
  paymobTransactionMessage,
} from './signature';
export {
  PAYMOB_EVENT_TYPES,
  PAYMOB_FLAGS,
  PAYMOB_SIGNED_FLAGS,
  PAYMOB_STATUS_TABLE,
  type PaymobEventType,
  type PaymobFlag,
  type PaymobOutcome,
  type PaymobStatusField,
  type PaymobStatusInput,
  type PaymobStatusRow,
  paymobOutcome,
} from './status';
export { PAYMOB_TOKEN_LIFETIME_SECONDS } from './token';
export type {
  Paymob,
  PaymobCardTokenEvent,
  PaymobExpiryField,
  PaymobLinkInput,
  PaymobPayment,
  PaymobPaymentEvent,
  PaymobPaymentLink,
  PaymobSettings,
  PaymobTransaction,
  PaymobWebhookEvent,
} from './types';

const PROVIDER = 'paymob' as const;

/** A transaction id as Paymob's operations take it: digits as an integer, else as sent. */
const transactionIdValue = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

function mayHaveBeenCarriedOut(error: unknown): error is TimeoutError | NetworkError {
  return (
    error instanceof TimeoutError ||
    (error instanceof NetworkError && error.code !== 'aborted' && error.mayHaveReachedProvider)
  );
}

/** Creates the Paymob adapter. Nothing is read, checked or sent until the first call. */
export function createPaymob(rawSettings?: PaymobSettings | null): Paymob {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  const { config, secretKey, publicKey, apiKey, integrationIds } = paymobCredentials(settings, check);

  let clients: { secret: HttpClient; token: HttpClient; api: HttpClient } | undefined;
  function http(): { secret: HttpClient; token: HttpClient; api: HttpClient } {
    const { baseUrl } = config();
    if (clients) return clients;
    const common = {
      provider: PROVIDER,
      baseUrl,
      ...transportSettings(settings, PROVIDER),
      parseError: parsePaymobError,
    };
    clients = {
      secret: createHttpClient({
        ...common,
        authorize: (request) => {
          request.headers.set('authorization', `Token ${secretKey()}`);
        },
      }),
      token: createHttpClient(common),
      api: createHttpClient({
        ...common,
        // Bearer in a header (Paymob's Postman collection), never `?token=` in the URL (Unconfirmed #9).
        ...bearerAuthorization(tokens),
      }),
    };
    return clients;
  }

  const tokens = createPaymobTokenCache(async () => {
    const key = apiKey();
    const { token } = http();
    try {
      const answer = await token.request({
        method: 'POST',
        operation: 'token',
        path: paths.authToken,
        json: { api_key: key },
        schema: (await schemas.load()).token,
        idempotent: true, // asking for a token twice only makes a second token
      });
      return answer.token;
    } catch (error) {
      if (error instanceof ProviderError && (error.status === 401 || error.status === 403)) {
        throw new ProviderError(
          {
            status: error.status,
            category: 'authentication',
            code: 'invalid_api_key',
            message: `Paymob refused the API key (POST /api/auth/tokens): check apiKey (PAYMOB_API_KEY) and the host (${config().baseUrl}). ${error.message}`,
            fieldErrors: error.fieldErrors,
            retryable: false,
            body: error.body,
          },
          { provider: PROVIDER },
        );
      }
      throw error;
    }
  });

  /** A call with the secret key (`Authorization: Token …`); the key is checked before any request. */
  function withSecret<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<z.output<S>> {
    secretKey();
    return http().secret.request(request);
  }

  /** A call with the auth token (`Authorization: Bearer …`); the API key is checked before any request. */
  function withToken<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<z.output<S>> {
    apiKey();
    return http().api.request(request);
  }

  const noIdempotencyKey = (options: RequestOptions | undefined) =>
    refuseIdempotencyKey(
      options,
      PROVIDER,
      'Paymob documents none; special_reference (your reference) must be unique per transaction instead',
    );

  async function fetchTransaction(transactionId: string, options: RequestOptions | undefined) {
    const raw = await withToken({
      method: 'GET',
      operation: 'getTransaction',
      path: paths.transaction(transactionId),
      schema: (await schemas.load()).transaction,
      options,
    });
    return { view: viewResponse(raw), raw };
  }

  /**
   * The order's transaction that decides its state: the inquiry's latest one, or, when that is a
   * refund or void transaction, the parent it acted on. Undefined when the order has none yet.
   */
  async function decisiveTransaction(
    orderId: string,
    options: RequestOptions | undefined,
  ): Promise<{ view: TransactionView; raw: unknown } | undefined> {
    let raw: z.output<Awaited<ReturnType<typeof schemas.load>>['transaction']>;
    try {
      raw = await withToken({
        method: 'POST',
        operation: 'getPayment',
        path: paths.transactionInquiry,
        json: { order_id: orderId },
        schema: (await schemas.load()).transaction,
        idempotent: true, // a read
        options,
      });
    } catch (error) {
      if (error instanceof ProviderError && error.status === 404) return undefined;
      throw error;
    }
    const view = viewResponse(raw);
    if (view.orderId !== undefined && view.orderId !== orderId) {
      throw new InvalidResponseError(
        `Paymob answered the inquiry about order ${orderId} with a transaction of order ${view.orderId}.`,
        { provider: PROVIDER },
      );
    }
    if (isChild(view) && view.parentTransactionId !== undefined) {
      return fetchTransaction(view.parentTransactionId, options);
    }
    return { view, raw };
  }

  async function getPayment(orderId: string, options?: RequestOptions): Promise<PaymobPayment> {
    pathSegment(orderId, 'paymentId', PROVIDER);
    const found = await decisiveTransaction(orderId, options);
    if (found) return toPayment(orderId, found.view, found.raw);
    // No transaction: an order the payer has not paid yet, or no such order. Paymob's inquiry does
    // not tell them apart; GET /api/ecommerce/orders/{id} does ([UNCONFIRMED] endpoint, from
    // Paymob's own integration skill; the Postman collection documents only the inquiry).
    try {
      const order = await withToken({
        method: 'GET',
        operation: 'getPayment',
        path: paths.order(orderId),
        schema: (await schemas.load()).order,
        options,
      });
      return toPendingPayment(orderId, order);
    } catch (error) {
      if (error instanceof ProviderError && error.status === 404) {
        throw new ProviderError(
          {
            status: 404,
            category: 'not_found',
            code: 'payment_not_found',
            message: `Paymob has no order ${JSON.stringify(orderId)} (getPayment takes the order id: link.id, event.paymentId).`,
            retryable: false,
            body: error.body,
          },
          { provider: PROVIDER },
        );
      }
      throw error;
    }
  }

  async function getTransaction(transactionId: string, options?: RequestOptions): Promise<PaymobTransaction> {
    const { view, raw } = await fetchTransaction(transactionId, options);
    return toTransaction(view, raw);
  }

  /** The transaction an operation acts on, and its figures when they are needed for a default amount. */
  async function operationTarget(
    target: PaymentTarget,
    needFigures: boolean,
    options: RequestOptions | undefined,
  ): Promise<{ id: string; view: TransactionView | undefined }> {
    const { paymentId, transactionId } = readTarget(target, PROVIDER);
    if (transactionId !== undefined) {
      return {
        id: transactionId,
        view: needFigures ? (await fetchTransaction(transactionId, options)).view : undefined,
      };
    }
    const found = await decisiveTransaction(paymentId, options);
    if (found === undefined) {
      throw new ProviderError(
        {
          status: 404,
          category: 'not_found',
          code: 'no_transaction',
          message: `Paymob order ${JSON.stringify(paymentId)} has no transaction to act on (the payer has not paid).`,
          retryable: false,
        },
        { provider: PROVIDER },
      );
    }
    return { id: found.view.id, view: found.view };
  }

  async function operation(
    kind: 'refund' | 'capture' | 'void',
    target: PaymentTarget,
    amount: number | undefined,
    options: RequestOptions | undefined,
  ): Promise<PaymobTransaction> {
    if (amount !== undefined) assertMinorUnits(amount);
    noIdempotencyKey(options);
    readTarget(target, PROVIDER);
    secretKey();
    const { id, view } = await operationTarget(target, kind !== 'void' && amount === undefined, options);
    const json: Record<string, unknown> = { transaction_id: transactionIdValue(id) };
    if (kind === 'refund')
      json['amount_cents'] = amount ?? Math.max(0, (view?.amount ?? 0) - (view?.refundedAmount ?? 0));
    if (kind === 'capture') json['amount_cents'] = amount ?? view?.amount;
    const raw = await withSecret({
      method: 'POST',
      operation: kind,
      path: paths[kind],
      json,
      schema: (await schemas.load()).transaction,
      idempotent: false,
      options,
    });
    return toTransaction(viewResponse(raw), raw);
  }

  const webhooks = paymobWebhookParsers(settings, check);

  return guardAdapter<Paymob>(
    {
      name: PROVIDER,

      async createPaymentLink(input, options) {
        noIdempotencyKey(options);
        const { baseUrl, expiryField } = config();
        const prepared = prepareIntention(input, { integrationIds, expiryField });
        const key = publicKey();
        secretKey();
        let intention: z.output<Awaited<ReturnType<typeof schemas.load>>['intention']>;
        try {
          intention = await withSecret({
            method: 'POST',
            operation: 'createPaymentLink',
            path: paths.intention,
            json: prepared.body,
            schema: (await schemas.load()).intention,
            idempotent: false,
            options,
          });
        } catch (error) {
          if (!mayHaveBeenCarriedOut(error)) throw error;
          const advice =
            ` Paymob may have created the intention for ${JSON.stringify(prepared.reference)}: it has no idempotency key, ` +
            'so check your Paymob dashboard (Transactions / Orders by merchant order id) before creating it again.';
          throw error instanceof TimeoutError
            ? new TimeoutError(error.message + advice, { provider: PROVIDER, timeoutMs: error.timeoutMs })
            : new NetworkError(error.message + advice, { provider: PROVIDER, cause: error.cause });
        }
        return toLink(intention, prepared, checkoutUrl(baseUrl, key, intention.client_secret));
      },

      getPayment,
      getTransaction,
      refund: (target, amount, options) => operation('refund', target, amount, options),
      capture: (target, amount, options) => operation('capture', target, amount, options),
      void: (target, options) => operation('void', target, undefined, options),

      parseWebhook: webhooks.parseWebhook,
      parseRedirect: webhooks.parseRedirect,
    },
    PROVIDER,
  );
}
