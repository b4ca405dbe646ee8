/**
 * A small in-memory Moyasar for msw: invoices (create, bulk, fetch, list with metadata filters,
 * cancel) and payments. Every request is recorded; `hooks` let a test replace one answer.
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { BASE, fixture } from './helpers';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Invoice = Record<string, unknown> & { id: string; metadata: Record<string, unknown> | null };

export interface FakeMoyasar {
  handlers: HttpHandler[];
  invoices: Map<string, Invoice>;
  payments: Map<string, Record<string, unknown>>;
  requests: RecordedRequest[];
  /** Requests of one method and path (the path below the base URL). */
  calls(method: string, path?: string): RecordedRequest[];
  /** Replaces the answer to the next `POST /invoices` (after the invoice is stored, when `store`). */
  onNextCreate: ((invoice: Invoice | undefined) => Promise<Response> | Response) | undefined;
  /** Whether the next create stores the invoice before `onNextCreate` answers. */
  storeNextCreate: boolean;
}

let counter = 0;
const nextId = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
};

function newInvoice(body: Record<string, unknown>): Invoice {
  const id = nextId();
  const template = fixture('invoice-initiated');
  return {
    ...template,
    id,
    status: 'initiated',
    amount: body['amount'],
    currency: body['currency'] ?? 'SAR',
    description: body['description'],
    url: `https://checkout.moyasar.com/invoices/${id}?lang=en`,
    callback_url: body['callback_url'] ?? null,
    success_url: body['success_url'] ?? null,
    back_url: body['back_url'] ?? null,
    expired_at: body['expired_at'] ?? null,
    created_at: new Date(Date.UTC(2026, 2, 1, 10, 0, counter)).toISOString(),
    metadata: (body['metadata'] as Record<string, unknown> | undefined) ?? null,
    payments: [],
  };
}

export function createFakeMoyasar(): FakeMoyasar {
  const fake: FakeMoyasar = {
    handlers: [],
    invoices: new Map(),
    payments: new Map(),
    requests: [],
    calls: (method, path) =>
      fake.requests.filter(
        (r) =>
          r.method === method && (path === undefined || r.url.pathname === new URL(BASE).pathname + path),
      ),
    onNextCreate: undefined,
    storeNextCreate: true,
  };

  const record = async (request: Request): Promise<RecordedRequest> => {
    const text = await request.clone().text();
    const entry = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    fake.requests.push(entry);
    return entry;
  };

  const notFound = () =>
    HttpResponse.json(
      { type: 'invalid_request_error', message: 'Object not found', errors: null },
      { status: 404 },
    );

  fake.handlers = [
    http.post(`${BASE}/invoices`, async ({ request }) => {
      const { body } = await record(request);
      const hook = fake.onNextCreate;
      fake.onNextCreate = undefined;
      const store = fake.storeNextCreate;
      fake.storeNextCreate = true;
      let invoice: Invoice | undefined;
      if (!hook || store) {
        invoice = newInvoice(body as Record<string, unknown>);
        fake.invoices.set(invoice.id, invoice);
      }
      if (hook) return hook(invoice);
      return HttpResponse.json(invoice, { status: 201 });
    }),
    http.post(`${BASE}/invoices/bulk`, async ({ request }) => {
      const { body } = await record(request);
      const items = (body as { invoices: Record<string, unknown>[] }).invoices;
      const created = items.map(newInvoice);
      for (const invoice of created) fake.invoices.set(invoice.id, invoice);
      return HttpResponse.json({ invoices: created }, { status: 201 });
    }),
    http.get(`${BASE}/invoices`, async ({ request }) => {
      const { url } = await record(request);
      let list = [...fake.invoices.values()];
      for (const [key, value] of url.searchParams) {
        const match = /^metadata\[(.+)\]$/.exec(key);
        if (match) list = list.filter((invoice) => invoice.metadata?.[match[1] as string] === value);
        if (key === 'status') list = list.filter((invoice) => invoice['status'] === value);
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = 2;
      const totalPages = Math.max(1, Math.ceil(list.length / perPage));
      const invoices = list
        .slice((page - 1) * perPage, page * perPage)
        .map(({ payments: _, ...rest }) => rest);
      return HttpResponse.json({
        invoices,
        meta: {
          current_page: page,
          next_page: page < totalPages ? page + 1 : null,
          prev_page: page > 1 ? page - 1 : null,
          total_pages: totalPages,
          total_count: list.length,
        },
      });
    }),
    http.get(`${BASE}/invoices/:id`, async ({ request, params }) => {
      await record(request);
      const invoice = fake.invoices.get(String(params['id']));
      return invoice ? HttpResponse.json(invoice) : notFound();
    }),
    http.put(`${BASE}/invoices/:id/cancel`, async ({ request, params }) => {
      await record(request);
      const invoice = fake.invoices.get(String(params['id']));
      if (!invoice) return notFound();
      invoice['status'] = 'canceled';
      return HttpResponse.json(invoice);
    }),
    http.get(`${BASE}/payments/:id`, async ({ request, params }) => {
      await record(request);
      const payment = fake.payments.get(String(params['id']));
      return payment ? HttpResponse.json(payment) : notFound();
    }),
    http.post(`${BASE}/payments/:id/:operation`, async ({ request, params }) => {
      const { body } = await record(request);
      const payment = fake.payments.get(String(params['id']));
      if (!payment) return notFound();
      const amount = (body as { amount?: number } | undefined)?.amount;
      switch (params['operation']) {
        case 'refund':
          payment['refunded'] = Number(payment['refunded'] ?? 0) + (amount ?? Number(payment['amount']));
          payment['status'] = 'refunded';
          break;
        case 'capture':
          payment['captured'] = amount ?? payment['amount'];
          payment['status'] = 'captured';
          break;
        case 'void':
          payment['status'] = 'voided';
          break;
        default:
          return notFound();
      }
      return HttpResponse.json(payment, { status: 201 });
    }),
  ];
  return fake;
}
