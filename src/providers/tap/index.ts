/**
 * paybridge/tap: Tap Payments charges with Tap's hosted page as payment links, authorizations
 * (capture, void), refunds, and webhooks verified by their `hashstring` header.
 *
 * ```ts
 * const tap = createTap({ secretKey: process.env.TAP_SECRET_KEY });
 * const link = await tap.createPaymentLink({
 *   amount: 10_500, currency: 'KWD', reference: 'order-1042',
 *   customer: { firstName: 'Sara', email: 'sara@example.com' },
 *   successUrl: 'https://shop.example/paid', webhookUrl: 'https://shop.example/webhooks/tap',
 * }, { idempotencyKey: 'order-1042' });
 * ```
 *
 * Lists: Tap documents three, charges, authorizations and refunds (`POST /v2/…/list`):
 * `iterateCharges`, `iterateAuthorizations`, `iterateRefunds`. Its docs say invoices can be listed
 * too, but give no request for it: not implemented.
 *
 * This file wires the adapter together; see api.ts (endpoints, schemas), links.ts (input → charge),
 * amount.ts (exact decimals), payments.ts (answers → unified objects), lists.ts (the lists),
 * webhooks.ts and signature.ts, status.ts and errors.ts.
 *
 * @module paybridge/tap
 */
import { normalizeBaseUrl, requireSetting } from '../../core/config';
import { InvalidRequestError } from '../../core/errors';
import { adapterSettings, guardAdapter } from '../../core/guard';
import { createHttpClient, type HttpClient, transportSettings } from '../../core/http';
import {
  optionalHttpUrl,
  optionalText,
  pathSegment,
  readTarget,
  refuseIdempotencyKey,
} from '../../core/input';
import { assertMinorUnits } from '../../core/money';
import type { RequestOptions } from '../../core/types';
import { formatTapAmount, jsonWithNumber } from './amount';
import { paths, schemas, TAP_DEFAULT_BASE_URL, type TapChargeObject } from './api';
import { parseTapError, tapErrorInBody } from './errors';
import { idempotencyKeyOf, prepareCharge } from './links';
import { createTapLists } from './lists';
import { chargeToPayment, invoiceToPayment, paymentKindOf, toLink, toRefund } from './payments';
import type { Tap, TapPayment, TapRefund, TapRefundOptions, TapSettings } from './types';
import { checkSecretKey, tapCurrencies, tapWebhookParser } from './webhook-settings';

export { TAP_CURRENCY_EXPONENTS, type TapAmountRounding } from './amount';
export type { TapChargeObject, TapInvoiceObject, TapRefundObject } from './api';
export { TAP_DEFAULT_BASE_URL, TAP_HOSTED_SOURCE } from './api';
export { TAP_ERROR_CODES } from './errors';
export { TAP_LIMITS } from './links';
export { signTapWebhook, type TapSignOptions } from './signature';
export {
  TAP_FALLBACK_ROWS,
  TAP_ID_PREFIXES,
  TAP_OBJECT_KINDS,
  TAP_STATUS_TABLE,
  type TapEventType,
  type TapObjectKind,
  type TapStatusRow,
} from './status';
export type {
  Tap,
  TapLink,
  TapLinkInput,
  TapListParams,
  TapPayment,
  TapRefund,
  TapRefundOptions,
  TapRefundWebhookVerification,
  TapSettings,
} from './types';
export {
  TAP_SIGNATURE_HEADER,
  TAP_SIGNED_COVERAGE,
  type TapPaymentEvent,
  type TapWebhookEvent,
} from './webhooks';

const PROVIDER = 'tap' as const;

/** The refund reason sent when none is given ([UNCONFIRMED]: see `TapRefundOptions.reason`). */
const DEFAULT_REFUND_REASON = 'requested_by_customer';

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`tap: ${message}`, { provider: PROVIDER, code, field });
}

/** Creates the Tap adapter. Never throws: credentials and settings are checked on first use. */
export function createTap(rawSettings?: TapSettings | null): Tap {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  let authorization: string | undefined;

  function resolveKey(): string {
    if (authorization) return authorization;
    check();
    const key = requireSetting(settings.secretKey, {
      provider: PROVIDER,
      setting: 'secretKey',
      envVar: 'TAP_SECRET_KEY',
    });
    authorization = `Bearer ${checkSecretKey(key, 'secretKey')}`;
    return authorization;
  }

  /** Tap's decimals per currency, with the `currencyExponents` setting (checked on first use). */
  const exponents = tapCurrencies(settings, check);

  let client: HttpClient | undefined;
  function http(): HttpClient {
    resolveKey();
    client ??= createHttpClient({
      provider: PROVIDER,
      baseUrl: normalizeBaseUrl(settings.baseUrl ?? TAP_DEFAULT_BASE_URL, PROVIDER),
      ...transportSettings(settings, PROVIDER),
      authorize: (request) => {
        request.headers.set('authorization', resolveKey());
      },
      parseError: parseTapError,
      errorInBody: tapErrorInBody,
    });
    return client;
  }

  const lists = createTapLists({ http, exponents });

  async function getChargeLike(
    id: string,
    object: 'charge' | 'authorize',
    options?: RequestOptions,
  ): Promise<TapChargeObject> {
    const path = object === 'authorize' ? paths.authorization(id) : paths.charge(id);
    return http().request({
      method: 'GET',
      operation: 'getPayment',
      path,
      schema: (await schemas.load()).charge,
      options,
    });
  }

  async function postCharge(
    operation: 'createPaymentLink' | 'capture',
    path: string,
    jsonText: string,
    idempotent: boolean,
    options?: RequestOptions,
  ) {
    return http().request({
      method: 'POST',
      operation,
      path,
      jsonText,
      // Tap honours reference.idempotent (24 h): only then may the POST be sent twice.
      idempotent,
      schema: (await schemas.load()).charge,
      options,
    });
  }

  function authorizeIdOf(value: unknown, operation: string): string {
    pathSegment(value, 'authorizeId', PROVIDER);
    const id = value as string;
    if (!id.startsWith('auth_')) {
      throw invalid(
        `${operation} takes an authorization id (auth_…), got ${JSON.stringify(id.slice(0, 40))}: create the link with operation: 'authorize'.`,
        'invalid_id',
        'authorizeId',
      );
    }
    return id;
  }

  async function capture(
    authorizeId: string,
    amount?: number,
    options?: RequestOptions,
  ): Promise<TapPayment> {
    const id = authorizeIdOf(authorizeId, 'capture');
    if (amount !== undefined) assertMinorUnits(amount);
    const idempotent = idempotencyKeyOf(options);
    const table = exponents();
    const authorization = await getChargeLike(id, 'authorize', options);
    const held = chargeToPayment(authorization, 'authorize', table);
    const wanted = amount ?? held.amount;
    if (wanted > held.amount) {
      throw invalid(
        `capture amount ${wanted} is more than the ${held.amount} authorized (minor units of ${held.currency}).`,
        'amount_above_authorized',
        'amount',
      );
    }
    // Tap's guide captures with the authorization's customer id; without one, its details as Tap sent them.
    const customerId = authorization.customer?.id;
    const customer = customerId ? { id: customerId } : authorization.customer;
    const body: Record<string, unknown> = {
      currency: held.currency,
      ...(customer ? { customer } : {}),
      source: { id },
      // Tap's guide: keep these true when capturing.
      customer_initiated: true,
      threeDSecure: true,
      ...(authorization.redirect?.url ? { redirect: { url: authorization.redirect.url } } : {}),
      ...(authorization.post?.url ? { post: { url: authorization.post.url } } : {}),
      reference: {
        ...(held.reference !== undefined && { transaction: held.reference, order: held.reference }),
        ...(idempotent !== undefined && { idempotent }),
      },
    };
    const jsonText = jsonWithNumber('amount', formatTapAmount(wanted, held.currency, table), body);
    return chargeToPayment(
      await postCharge('capture', paths.charges, jsonText, idempotent !== undefined, options),
      'charge',
      table,
    );
  }

  async function refund(target: unknown, amount?: number, options?: TapRefundOptions): Promise<TapRefund> {
    const { paymentId, transactionId } = readTarget(target, PROVIDER);
    const chargeId = (paymentId ?? transactionId) as string;
    if (chargeId.startsWith('auth_') || chargeId.startsWith('inv_')) {
      throw invalid(
        'refund takes a charge id (chg_…): void an authorization, refund the charge that captured it or paid the invoice.',
        'invalid_id',
        paymentId === undefined ? 'transactionId' : 'paymentId',
      );
    }
    if (amount !== undefined) assertMinorUnits(amount);
    const idempotent = idempotencyKeyOf(options);
    const reason = optionalText(options?.reason, 'reason', PROVIDER) ?? DEFAULT_REFUND_REASON;
    if (reason.trim() === '') throw invalid('reason must not be blank.', 'missing_field', 'reason');
    const description = optionalText(options?.description, 'description', PROVIDER);
    const merchantReference = optionalText(options?.reference, 'reference', PROVIDER);
    const webhookUrl = optionalHttpUrl(options?.webhookUrl, 'webhookUrl', PROVIDER);
    const table = exponents();
    const charge = await getChargeLike(chargeId, 'charge', options);
    const { amount: charged, currency } = chargeToPayment(charge, 'charge', table);
    const wanted = amount ?? charged;
    if (wanted > charged) {
      throw invalid(
        `refund amount ${wanted} is more than the charge's ${charged} (minor units of ${currency}).`,
        'amount_above_charge',
        'amount',
      );
    }
    const postUrl = webhookUrl ?? charge.post?.url ?? undefined;
    const body: Record<string, unknown> = {
      charge_id: charge.id,
      currency,
      reason,
      ...(description !== undefined && { description }),
      ...((merchantReference !== undefined || idempotent !== undefined) && {
        reference: {
          ...(merchantReference !== undefined && { merchant: merchantReference }),
          ...(idempotent !== undefined && { idempotent }),
        },
      }),
      ...(postUrl ? { post: { url: postUrl } } : {}),
    };
    const created = await http().request({
      method: 'POST',
      operation: 'refund',
      path: paths.refunds,
      jsonText: jsonWithNumber('amount', formatTapAmount(wanted, currency, table), body),
      idempotent: idempotent !== undefined,
      schema: (await schemas.load()).refund,
      options,
    });
    return toRefund(created, table);
  }

  return guardAdapter<Tap>(
    {
      name: PROVIDER,

      async createPaymentLink(input, options) {
        const table = exponents();
        const prepared = prepareCharge(input, options, table);
        const idempotent = options?.idempotencyKey !== undefined;
        const charge = await postCharge(
          'createPaymentLink',
          prepared.path,
          prepared.jsonText,
          idempotent,
          options,
        );
        return toLink(charge, prepared.object, prepared.reference, table);
      },

      async getPayment(id, options) {
        pathSegment(id, 'paymentId', PROVIDER);
        const kind = paymentKindOf(id);
        const table = exponents();
        if (kind === 'invoice') {
          const path = paths.invoice(id);
          const invoice = await http().request({
            method: 'GET',
            operation: 'getPayment',
            path,
            schema: (await schemas.load()).invoice,
            options,
          });
          return invoiceToPayment(invoice, table);
        }
        return chargeToPayment(await getChargeLike(id, kind, options), kind, table);
      },

      capture,

      async void(authorizeId, options) {
        const id = authorizeIdOf(authorizeId, 'void');
        refuseIdempotencyKey(
          options,
          PROVIDER,
          'a void carries no body to hold it; voiding twice moves no money',
        );
        const table = exponents();
        const voided = await http().request({
          method: 'POST',
          operation: 'void',
          path: paths.voidAuthorization(id),
          json: {},
          schema: (await schemas.load()).charge,
          options,
        });
        return chargeToPayment(voided, 'authorize', table);
      },

      refund,

      async getRefund(refundId, options) {
        pathSegment(refundId, 'refundId', PROVIDER);
        const path = paths.refund(refundId);
        return toRefund(
          await http().request({
            method: 'GET',
            operation: 'getRefund',
            path,
            schema: (await schemas.load()).refund,
            options,
          }),
          exponents(),
        );
      },

      // Async generator methods: guardAdapter keeps them generators (a plain function would become async).
      async *iterateCharges(params, options) {
        yield* lists.charges(params, options);
      },

      async *iterateAuthorizations(params, options) {
        yield* lists.authorizations(params, options);
      },

      async *iterateRefunds(params, options) {
        yield* lists.refunds(params, options);
      },

      parseWebhook: tapWebhookParser(settings, check, exponents),
    },
    PROVIDER,
  );
}
