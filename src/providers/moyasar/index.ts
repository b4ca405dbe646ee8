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
 *
 * Lists: Moyasar documents two, invoices (`GET /invoices`: `listPaymentLinks` for one page,
 * `iteratePaymentLinks` for all) and payments (`GET /payments`: `iterateTransactions`).
 *
 * This file wires the adapter together; see api.ts (endpoints, schemas), links.ts (input → invoice),
 * recovery.ts (nothing created twice), lists.ts (list queries and pages), payments.ts (answers →
 * unified objects), webhooks.ts, status.ts and errors.ts.
 *
 * @module paybridge/moyasar
 */
import { normalizeBaseUrl } from '../../core/config';
import { base64 } from '../../core/crypto';
import { InvalidRequestError } from '../../core/errors';
import { adapterSettings, guardAdapter } from '../../core/guard';
import { createHttpClient, type HttpClient, transportSettings } from '../../core/http';
import { readTarget, refuseIdempotencyKey, requiredText } from '../../core/input';
import { assertMinorUnits } from '../../core/money';
import { paginate } from '../../core/paginate';
import type { PaymentLink, PaymentTarget, RequestOptions } from '../../core/types';
import { MOYASAR_DEFAULT_BASE_URL, type MoyasarInvoice, paths, schemas } from './api';
import { MoyasarBulkCreateError, parseMoyasarError } from './errors';
import { MOYASAR_BULK_LIMIT, type PreparedInvoice, prepareInvoice } from './links';
import { invoiceListQuery, pageNumbers, paymentListQuery } from './lists';
import { newest, referenceOf, toInvoicePayment, toLink, toTransaction } from './payments';
import { createInvoiceWriter } from './recovery';
import type {
  IterateTransactionsParams,
  ListPaymentLinksParams,
  Moyasar,
  MoyasarSettings,
  MoyasarTransaction,
  PaymentLinkPage,
} from './types';
import { moyasarSecretKey, moyasarWebhookParser } from './webhook-settings';
import { parseInvoiceCallback } from './webhooks';

export type {
  MoyasarInvoice,
  MoyasarInvoiceList,
  MoyasarPaymentList,
  MoyasarPaymentObject,
  MoyasarWebhookEnvelope,
} from './api';
export { MOYASAR_DEFAULT_BASE_URL, REFERENCE_METADATA_KEY } from './api';
export { MoyasarBulkCreateError } from './errors';
export { MOYASAR_BULK_LIMIT, MOYASAR_METADATA_LIMITS, MOYASAR_MIN_AMOUNT } from './links';
export {
  DECISIVE_PAYMENT_RANK,
  INVOICE_REFINED_BY_PAYMENT,
  MOYASAR_EVENT_TYPES,
  MOYASAR_INVOICE_STATUS,
  MOYASAR_PAYMENT_STATUS,
  type MoyasarEventMapping,
  type MoyasarEventType,
  type MoyasarInvoiceStatus,
  type MoyasarPaymentStatus,
} from './status';
export type {
  IterateTransactionsParams,
  ListPaymentLinksParams,
  Moyasar,
  MoyasarInvoicePayment,
  MoyasarLinkInput,
  MoyasarProviderPayment,
  MoyasarSettings,
  MoyasarTransaction,
  PaymentLinkPage,
} from './types';
export { type MoyasarInvoiceCallback, type MoyasarWebhookEvent, REDACTED_SECRET_TOKEN } from './webhooks';

const PROVIDER = 'moyasar' as const;

const encoder = new TextEncoder();

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`moyasar: ${message}`, { provider: PROVIDER, code, field });
}

/** Creates the Moyasar adapter. Never throws: credentials and settings are checked on first use. */
export function createMoyasar(rawSettings?: MoyasarSettings | null): Moyasar {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  const secretKey = moyasarSecretKey(settings, check);
  let basic: string | undefined;
  /** The `authorization` header, from the secret key (checked on first use). */
  function authorization(): string {
    basic ??= `Basic ${base64(encoder.encode(`${secretKey().key}:`))}`;
    return basic;
  }

  let client: HttpClient | undefined;
  function http(): HttpClient {
    authorization();
    client ??= createHttpClient({
      provider: PROVIDER,
      baseUrl: normalizeBaseUrl(settings.baseUrl ?? MOYASAR_DEFAULT_BASE_URL, PROVIDER),
      ...transportSettings(settings, PROVIDER),
      authorize: (request) => {
        request.headers.set('authorization', authorization());
      },
      parseError: parseMoyasarError,
    });
    return client;
  }

  async function listInvoices(
    query: Record<string, string | number>,
    options: RequestOptions | undefined,
    operation: 'listPaymentLinks' | 'findPaymentLinkByReference',
  ) {
    return http().request({
      method: 'GET',
      operation,
      path: paths.invoices,
      searchParams: query,
      schema: (await schemas.load()).invoiceList,
      options,
    });
  }

  const writer = createInvoiceWriter({
    post: async (body, options) =>
      http().request({
        method: 'POST',
        operation: 'createPaymentLink',
        path: paths.invoices,
        json: body,
        schema: (await schemas.load()).invoice,
        options,
      }),
    postBulk: async (bodies, options) =>
      (
        await http().request({
          method: 'POST',
          operation: 'createPaymentLinks',
          path: paths.bulkInvoices,
          json: { invoices: bodies },
          schema: (await schemas.load()).bulkInvoices,
          options,
        })
      ).invoices,
    listByReference: async (reference, options) =>
      (await listInvoices(invoiceListQuery({ reference }), options, 'findPaymentLinkByReference')).invoices,
  });

  const noIdempotencyKey = (options: RequestOptions | undefined) =>
    refuseIdempotencyKey(
      options,
      PROVIDER,
      'Moyasar has none for invoices; the reference already keeps a second invoice from being created',
    );

  async function getInvoice(
    invoiceId: string,
    options?: RequestOptions,
    operation: 'getInvoice' | 'getPayment' = 'getInvoice',
  ): Promise<MoyasarInvoice> {
    const path = paths.invoice(invoiceId);
    return http().request({
      method: 'GET',
      operation,
      path,
      schema: (await schemas.load()).invoice,
      options,
    });
  }

  async function getTransaction(
    transactionId: string,
    options?: RequestOptions,
  ): Promise<MoyasarTransaction> {
    const path = paths.payment(transactionId);
    return toTransaction(
      await http().request({
        method: 'GET',
        operation: 'getTransaction',
        path,
        schema: (await schemas.load()).payment,
        options,
      }),
    );
  }

  /** The Moyasar payment an operation acts on: the invoice's decisive payment, or the one given. */
  async function transactionOf(target: PaymentTarget, options: RequestOptions | undefined): Promise<string> {
    const { paymentId, transactionId } = readTarget(target, PROVIDER);
    if (transactionId !== undefined) return transactionId;
    const payment = toInvoicePayment(await getInvoice(paymentId, options));
    if (payment.transactionId === undefined) {
      throw invalid(
        `invoice ${paymentId} has no payment to act on (status ${payment.providerStatus}).`,
        'no_transaction',
        'paymentId',
      );
    }
    return payment.transactionId;
  }

  async function paymentOperation(
    target: PaymentTarget,
    operation: 'refund' | 'capture' | 'void',
    amount: number | undefined,
    options: RequestOptions | undefined,
  ): Promise<MoyasarTransaction> {
    if (amount !== undefined) assertMinorUnits(amount);
    noIdempotencyKey(options);
    const transactionId = await transactionOf(target, options);
    const payment = await http().request({
      method: 'POST',
      operation,
      path: paths.paymentOperation(transactionId, operation),
      json: amount === undefined ? {} : { amount },
      schema: (await schemas.load()).payment,
      options,
    });
    return toTransaction(payment);
  }

  async function listPaymentLinks(
    params?: ListPaymentLinksParams,
    options?: RequestOptions,
  ): Promise<PaymentLinkPage> {
    const query = invoiceListQuery(params);
    const { invoices, meta } = await listInvoices(query, options, 'listPaymentLinks');
    const links = invoices.map((invoice) => toLink(invoice));
    return { links, ...pageNumbers(meta, typeof query['page'] === 'number' ? query['page'] : 1) };
  }

  /** Every invoice from `params.page` on (a plain function: the adapter's async generators delegate to it). */
  function iterateInvoices(params: ListPaymentLinksParams | undefined, options: RequestOptions | undefined) {
    const query = invoiceListQuery(params, 'iteratePaymentLinks');
    return paginate<PaymentLink<'moyasar'>, number>(
      async (page = 1) => {
        const result = await listPaymentLinks({ ...params, page }, options);
        return { items: result.links, next: result.nextPage };
      },
      {
        provider: PROVIDER,
        what: 'invoices',
        start: query['page'] as number | undefined,
        signal: options?.signal,
      },
    );
  }

  function iteratePayments(
    params: IterateTransactionsParams | undefined,
    options: RequestOptions | undefined,
  ) {
    const query = paymentListQuery(params);
    return paginate<MoyasarTransaction, number>(
      async (page = 1) => {
        const { payments, meta } = await http().request({
          method: 'GET',
          operation: 'iterateTransactions',
          path: paths.payments,
          searchParams: { ...query, page },
          schema: (await schemas.load()).paymentList,
          options,
        });
        return { items: payments.map(toTransaction), next: pageNumbers(meta, page).nextPage };
      },
      {
        provider: PROVIDER,
        what: 'payments',
        start: query['page'] as number | undefined,
        signal: options?.signal,
      },
    );
  }

  return guardAdapter<Moyasar>(
    {
      name: PROVIDER,

      async createPaymentLink(input, options) {
        noIdempotencyKey(options);
        const prepared = prepareInvoice(input);
        return toLink(await writer.createOne(prepared, options), prepared.reference);
      },

      async createPaymentLinks(inputs, options) {
        if (!Array.isArray(inputs))
          throw invalid('createPaymentLinks expects an array of inputs.', 'invalid_input', 'inputs');
        noIdempotencyKey(options);
        // Array.from: holes in a sparse array become undefined (and are refused), not skipped.
        const prepared: PreparedInvoice[] = Array.from(inputs, (input, i) => {
          try {
            return prepareInvoice(input);
          } catch (error) {
            if (!(error instanceof InvalidRequestError)) throw error;
            throw new InvalidRequestError(`inputs[${i}]: ${error.message}`, {
              provider: PROVIDER,
              code: error.code,
              field: `inputs[${i}].${error.field ?? ''}`.replace(/\.$/, ''),
            });
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
            const invoices = await writer.createChunk(chunk, options);
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
        return toInvoicePayment(await getInvoice(invoiceId, options, 'getPayment'));
      },

      getInvoice: (invoiceId, options) => getInvoice(invoiceId, options),

      async findPaymentLinkByReference(reference, options) {
        const ref = requiredText(reference, 'reference', PROVIDER);
        const { invoices } = await listInvoices(
          invoiceListQuery({ reference: ref }),
          options,
          'findPaymentLinkByReference',
        );
        const found = newest(invoices.filter((invoice) => referenceOf(invoice.metadata) === ref));
        return found === undefined ? undefined : toLink(found);
      },

      listPaymentLinks,
      // Async generator methods: guardAdapter keeps them generators (a plain function would become async).
      async *iteratePaymentLinks(params, options) {
        yield* iterateInvoices(params, options);
      },

      async *listAllPaymentLinks(params, options) {
        yield* iterateInvoices({ ...params, page: undefined }, options);
      },

      async *iterateTransactions(params, options) {
        yield* iteratePayments(params, options);
      },

      async cancelPaymentLink(invoiceId, options) {
        const path = paths.cancelInvoice(invoiceId);
        return toLink(
          await http().request({
            method: 'PUT',
            operation: 'cancelPaymentLink',
            path,
            schema: (await schemas.load()).invoice,
            options,
          }),
        );
      },

      refund: (target, amount, options) => paymentOperation(target, 'refund', amount, options),
      capture: (target, amount, options) => paymentOperation(target, 'capture', amount, options),
      void: (target, options) => paymentOperation(target, 'void', undefined, options),

      getTransaction,
      getProviderPayment: getTransaction,

      parseWebhook: moyasarWebhookParser(settings, check, secretKey),

      parseInvoiceCallback: async (input, options) => parseInvoiceCallback(input, options ?? {}),
    },
    PROVIDER,
  );
}
