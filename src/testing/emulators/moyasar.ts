/**
 * Moyasar invoices and payments, in memory: create, bulk create, retrieve, list (with `status`,
 * `metadata[key]` and `page` filters), cancel; payments retrieve, refund, capture, void. A payer's
 * action creates a payment on the invoice and sends the `payment_*` webhook envelope with the
 * configured `secret_token` to the account's webhook URL (`webhookUrl`: Moyasar sets it in the
 * dashboard, not per invoice); when an invoice is paid, the bare invoice object is also POSTed,
 * unauthenticated, to its `callback_url`, as Moyasar does. Moyasar has no invoice events:
 * cancelling or expiring an invoice sends nothing.
 */
import { formatMinorUnits, isKnownCurrency } from '../../core/money';
import { TEST_CREDENTIALS } from '../defaults';
import { uuid } from '../ids';
import { moyasarPaymentObject, moyasarWebhookPayload } from '../webhooks/index';
import {
  type ActOptions,
  currentDate,
  dispatch,
  type EmulatorOptions,
  type EmulatorRequest,
  type EmulatorResponse,
  FailureQueue,
  json,
  type LinkView,
  type OutgoingWebhook,
  type PayerAction,
  type ProviderEmulator,
  type Route,
  readJsonObject,
  requireLink,
  SimulatorActionError,
  str,
  stringRecord,
} from './common';

export interface MoyasarEmulatorOptions {
  /** The secret key accepted as the HTTP Basic user name (default `TEST_CREDENTIALS.moyasar.secretKey`). */
  secretKey?: string;
  /** Echoed as `secret_token` in every webhook (default `TEST_CREDENTIALS.moyasar.webhookSecret`). */
  webhookSecret?: string;
  /**
   * The account's webhook endpoint, which receives the signed `payment_*` envelopes (on Moyasar it
   * is configured in the dashboard, not per invoice). Unset: envelopes are logged, not delivered.
   * An invoice's `callback_url` (the adapters' `webhookUrl`) receives the bare invoice when paid.
   */
  webhookUrl?: string;
  /** Currencies accepted (default Moyasar's multi-currency set: SAR, AED, BHD, KWD, QAR, USD). */
  currencies?: readonly string[];
  /** Invoices per page of `GET /v1/invoices` (default 20). */
  pageSize?: number;
}

const DEFAULT_CURRENCIES = ['SAR', 'AED', 'BHD', 'KWD', 'QAR', 'USD'];

/** The `type` under which the delivery log records an invoice `callback_url` POST (not a Moyasar event type). */
export const INVOICE_CALLBACK = 'invoice_callback';

type Invoice = Record<string, unknown> & {
  id: string;
  status: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  payments: Record<string, unknown>[];
};

const errorBody = (status: number, message: string) => ({
  type:
    status === 401
      ? 'authentication_error'
      : status === 429
        ? 'rate_limit_error'
        : status >= 500
          ? 'api_error'
          : 'invalid_request_error',
  message,
  errors: null,
});

export function createMoyasarEmulator(options: MoyasarEmulatorOptions & EmulatorOptions): ProviderEmulator {
  const secretKey = options.secretKey ?? TEST_CREDENTIALS.moyasar.secretKey;
  const webhookSecret = options.webhookSecret ?? TEST_CREDENTIALS.moyasar.webhookSecret;
  const currencies = new Set((options.currencies ?? DEFAULT_CURRENCIES).map((c) => c.toUpperCase()));
  const pageSize = options.pageSize ?? 20;
  const invoices = new Map<string, Invoice>();
  const payments = new Map<string, Record<string, unknown>>();
  const failures = new FailureQueue();
  const fromApi: OutgoingWebhook[] = [];

  const notFound = () =>
    json(404, { type: 'invalid_request_error', message: 'Object not found', errors: null });
  const invalid = (errors: Record<string, string[]>) =>
    json(400, { type: 'invalid_request_error', message: 'Validation Failed', errors });

  function validate(body: Record<string, unknown>): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    const add = (field: string, message: string) => {
      errors[field] = [...(errors[field] ?? []), message];
    };
    const currency = typeof body['currency'] === 'string' ? body['currency'].toUpperCase() : 'SAR';
    if (!currencies.has(currency) || !isKnownCurrency(currency)) add('currency', 'is not supported');
    const amount = body['amount'];
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) add('amount', 'must be an integer');
    else if (amount < 100) add('amount', 'must be greater than or equal to 100');
    if (!str(body['description'])) add('description', "can't be blank");
    const metadata = body['metadata'];
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object' || Array.isArray(metadata)) add('metadata', 'must be an object');
      else {
        const entries = Object.entries(metadata);
        if (entries.length > 30) add('metadata', 'must have at most 30 keys');
        for (const [k, v] of entries) {
          if (k.length > 40) add('metadata', `key ${k} is longer than 40 characters`);
          if (typeof v === 'string' && v.length > 500)
            add('metadata', `value of ${k} is longer than 500 characters`);
        }
      }
    }
    const expiredAt = body['expired_at'];
    if (expiredAt !== undefined && expiredAt !== null && Number.isNaN(Date.parse(String(expiredAt)))) {
      add('expired_at', 'is not a valid date');
    }
    return errors;
  }

  function createInvoice(body: Record<string, unknown>): Invoice {
    const currency = typeof body['currency'] === 'string' ? body['currency'].toUpperCase() : 'SAR';
    const amount = body['amount'] as number;
    const now = currentDate(options).toISOString();
    const id = uuid();
    const invoice: Invoice = {
      id,
      status: 'initiated',
      amount,
      currency,
      description: body['description'],
      logo_url: null,
      amount_format: `${formatMinorUnits(amount, currency)} ${currency}`,
      url: options.hostedUrl('moyasar', id),
      callback_url: str(body['callback_url']) ?? null,
      success_url: str(body['success_url']) ?? null,
      back_url: str(body['back_url']) ?? null,
      expired_at: body['expired_at'] ? new Date(String(body['expired_at'])).toISOString() : null,
      created_at: now,
      updated_at: now,
      payments: [],
      metadata: stringRecord(body['metadata']),
    };
    invoices.set(id, invoice);
    return invoice;
  }

  function list(request: EmulatorRequest): EmulatorResponse {
    const status = request.query.get('status');
    const filters: [string, string][] = [];
    for (const [key, value] of request.query) {
      const m = /^metadata\[(.+)\]$/.exec(key);
      if (m) filters.push([m[1]!, value]);
    }
    const matching = [...invoices.values()]
      .filter((inv) => (status ? inv.status === status : true))
      .filter((inv) => filters.every(([k, v]) => inv.metadata[k] === v))
      .reverse();
    const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
    const page = Math.max(1, Number.parseInt(request.query.get('page') ?? '1', 10) || 1);
    return json(200, {
      invoices: matching.slice((page - 1) * pageSize, page * pageSize),
      meta: {
        current_page: page,
        next_page: page < totalPages ? page + 1 : null,
        prev_page: page > 1 ? page - 1 : null,
        total_pages: totalPages,
        total_count: matching.length,
      },
    });
  }

  async function paymentEvent(
    payment: Record<string, unknown>,
    type: string,
    invoice: Invoice | undefined,
  ): Promise<OutgoingWebhook> {
    const payload = moyasarWebhookPayload({ type, secretToken: webhookSecret, data: payment });
    return {
      body: JSON.stringify(payload),
      headers: { 'content-type': 'application/json' },
      provider: 'moyasar',
      linkId: invoice?.id ?? String(payment['id']),
      type,
      url: options.webhookUrl,
    };
  }

  /** The unauthenticated POST of the invoice to its `callback_url` (sent when it is paid). */
  function invoiceCallback(invoice: Invoice): OutgoingWebhook {
    return {
      body: JSON.stringify(invoice),
      headers: { 'content-type': 'application/json' },
      provider: 'moyasar',
      linkId: invoice.id,
      type: INVOICE_CALLBACK,
      url: str(invoice['callback_url']),
    };
  }

  function paymentOp(kind: 'refund' | 'capture' | 'void') {
    return async (m: RegExpExecArray, request: EmulatorRequest): Promise<EmulatorResponse> => {
      const payment = payments.get(decodeURIComponent(m[1]!));
      if (!payment) return notFound();
      const body = readJsonObject(request.body) ?? {};
      const amount = payment['amount'] as number;
      const status = payment['status'];
      const invoice = invoices.get(String(payment['invoice_id']));
      let type: string;
      if (kind === 'refund') {
        if (status !== 'paid' && status !== 'captured')
          return invalid({ status: [`cannot refund a ${status} payment`] });
        const already = payment['refunded'] as number;
        const wanted = body['amount'] ?? amount - already;
        if (
          typeof wanted !== 'number' ||
          !Number.isSafeInteger(wanted) ||
          wanted <= 0 ||
          wanted > amount - already
        ) {
          return invalid({ amount: ['must be a positive integer not above the refundable amount'] });
        }
        payment['refunded'] = already + wanted;
        payment['refunded_at'] = currentDate(options).toISOString();
        if (payment['refunded'] === amount) payment['status'] = 'refunded';
        type = 'payment_refunded';
      } else if (kind === 'capture') {
        if (status !== 'authorized') return invalid({ status: [`cannot capture a ${status} payment`] });
        const wanted = body['amount'] ?? amount;
        if (typeof wanted !== 'number' || !Number.isSafeInteger(wanted) || wanted <= 0 || wanted > amount) {
          return invalid({ amount: ['must be a positive integer not above the authorized amount'] });
        }
        payment['captured'] = wanted;
        payment['captured_at'] = currentDate(options).toISOString();
        payment['status'] = 'captured';
        type = 'payment_captured';
      } else {
        if (status !== 'authorized' && status !== 'paid')
          return invalid({ status: [`cannot void a ${status} payment`] });
        payment['status'] = 'voided';
        payment['voided_at'] = currentDate(options).toISOString();
        type = 'payment_voided';
      }
      payment['updated_at'] = currentDate(options).toISOString();
      if (
        invoice &&
        (type === 'payment_refunded' || type === 'payment_voided') &&
        payment['status'] !== 'paid'
      ) {
        invoice.status = payment['status'] as string;
      }
      fromApi.push(await paymentEvent(payment, type, invoice));
      return json(200, payment);
    };
  }

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/invoices\/?$/,
      operation: 'create',
      run: (_m, request) => {
        const body = readJsonObject(request.body);
        if (!body) return invalid({ body: ['must be a JSON object'] });
        const errors = validate(body);
        if (Object.keys(errors).length > 0) return invalid(errors);
        return json(201, createInvoice(body));
      },
    },
    {
      method: 'POST',
      pattern: /^\/invoices\/bulk\/?$/,
      operation: 'bulk',
      run: (_m, request) => {
        const list = readJsonObject(request.body)?.['invoices'];
        if (!Array.isArray(list) || list.length === 0) return invalid({ invoices: ["can't be blank"] });
        if (list.length > 50) return invalid({ invoices: ['must have at most 50 invoices'] });
        const errors: Record<string, string[]> = {};
        list.forEach((item, i) => {
          const itemErrors =
            typeof item === 'object' && item !== null ? validate(item) : { invoice: ['must be an object'] };
          for (const [k, v] of Object.entries(itemErrors)) errors[`invoices[${i}].${k}`] = v;
        });
        if (Object.keys(errors).length > 0) return invalid(errors);
        return json(201, { invoices: list.map((item) => createInvoice(item as Record<string, unknown>)) });
      },
    },
    { method: 'GET', pattern: /^\/invoices\/?$/, operation: 'list', run: (_m, request) => list(request) },
    {
      method: 'GET',
      pattern: /^\/invoices\/([^/]+)\/?$/,
      operation: 'get',
      run: (m) => {
        const invoice = invoices.get(decodeURIComponent(m[1]!));
        return invoice ? json(200, invoice) : notFound();
      },
    },
    {
      method: 'PUT',
      pattern: /^\/invoices\/([^/]+)\/cancel\/?$/,
      operation: 'cancel',
      run: async (m) => {
        const invoice = invoices.get(decodeURIComponent(m[1]!));
        if (!invoice) return notFound();
        if (invoice.status !== 'initiated')
          return invalid({ status: [`cannot cancel a ${invoice.status} invoice`] });
        await act(invoice.id, 'cancel');
        return json(200, invoice);
      },
    },
    {
      method: 'GET',
      pattern: /^\/payments\/([^/]+)\/?$/,
      operation: 'get',
      run: (m) => {
        const payment = payments.get(decodeURIComponent(m[1]!));
        return payment ? json(200, payment) : notFound();
      },
    },
    {
      method: 'POST',
      pattern: /^\/payments\/([^/]+)\/refund\/?$/,
      operation: 'refund',
      run: paymentOp('refund'),
    },
    {
      method: 'POST',
      pattern: /^\/payments\/([^/]+)\/capture\/?$/,
      operation: 'capture',
      run: paymentOp('capture'),
    },
    { method: 'POST', pattern: /^\/payments\/([^/]+)\/void\/?$/, operation: 'void', run: paymentOp('void') },
  ];

  function authorize(_route: Route, request: EmulatorRequest): EmulatorResponse | undefined {
    const header = request.headers.get('authorization') ?? '';
    const m = /^Basic\s+(.+)$/i.exec(header);
    let user: string | undefined;
    try {
      user = m ? atob(m[1]!).split(':')[0] : undefined;
    } catch {
      user = undefined;
    }
    if (user === secretKey) return undefined;
    return json(401, {
      type: 'authentication_error',
      message: 'Invalid authorization credentials',
      errors: null,
    });
  }

  function linkView(invoice: Invoice): LinkView {
    return {
      provider: 'moyasar',
      id: invoice.id,
      url: String(invoice['url']),
      amount: invoice.amount,
      currency: invoice.currency,
      description: str(invoice['description']),
      reference: invoice.metadata['paybridge_reference'],
      providerStatus: invoice.status,
      open: invoice.status === 'initiated',
      redirects: {
        ...(str(invoice['success_url']) ? { pay: str(invoice['success_url']) } : {}),
        ...(str(invoice['back_url']) ? { cancel: str(invoice['back_url']) } : {}),
      },
      webhookUrl: options.webhookUrl,
      createdAt: new Date(String(invoice['created_at'])),
      expiresAt: invoice['expired_at'] ? new Date(String(invoice['expired_at'])) : undefined,
    };
  }

  async function act(
    id: string,
    action: PayerAction,
    actOptions: ActOptions = {},
  ): Promise<OutgoingWebhook[]> {
    const invoice = requireLink(invoices, id, 'moyasar');
    if (invoice.status !== 'initiated') {
      throw new SimulatorActionError(
        `moyasar: invoice ${id} is ${invoice.status}; it takes no more payments.`,
      );
    }
    const now = currentDate(options).toISOString();
    invoice['updated_at'] = now;
    if (action === 'cancel' || action === 'expire') {
      invoice.status = action === 'cancel' ? 'canceled' : 'expired';
      return [];
    }
    const paid = action === 'pay';
    const payment = moyasarPaymentObject({
      invoiceId: invoice.id,
      paymentStatus: paid ? 'paid' : 'failed',
      amount: invoice.amount,
      currency: invoice.currency,
      description: str(invoice['description']),
      metadata: invoice.metadata,
      message: paid ? 'APPROVED' : (actOptions.message ?? 'Insufficient Funds'),
    });
    payment['callback_url'] = invoice['callback_url'];
    payments.set(String(payment['id']), payment);
    invoice.payments.push(payment);
    // A declined card leaves the invoice open for another attempt, as on Moyasar's hosted page.
    if (!paid) return [await paymentEvent(payment, 'payment_failed', invoice)];
    invoice.status = 'paid';
    const sent = [await paymentEvent(payment, 'payment_paid', invoice)];
    return invoice['callback_url'] ? [...sent, invoiceCallback(invoice)] : sent;
  }

  return {
    provider: 'moyasar',
    handle: (request) => dispatch(routes, request, failures, errorBody, authorize),
    link: (id) => {
      const invoice = invoices.get(id);
      return invoice ? linkView(invoice) : undefined;
    },
    links: () => [...invoices.values()].map(linkView),
    act,
    failNext: (rule) => failures.add(rule),
    reset: () => {
      invoices.clear();
      payments.clear();
      failures.clear();
      fromApi.length = 0;
    },
    drainApiWebhooks: () => fromApi.splice(0),
  };
}
