/**
 * Moyasar's lists through msw: `iteratePaymentLinks` (`GET /invoices`), its deprecated alias
 * `listAllPaymentLinks`, and `iterateTransactions` (`GET /payments`). Several pages, an empty
 * list, a failure mid-way, `break`, the signal, the filters, and a bad filter before any request.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { InvalidRequestError, NetworkError, ProviderError } from 'paybridge';
import { createMoyasar, type MoyasarSettings } from 'paybridge/moyasar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pageNumbers } from '../../../src/providers/moyasar/lists';
import { rejection } from '../../helpers/async';
import { BASE, fixture, TEST_KEY } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const adapter = (settings: MoyasarSettings = {}) =>
  createMoyasar({ secretKey: TEST_KEY, baseUrl: BASE, retry: 0, ...settings });

const meta = (page: number, totalPages: number) => ({
  current_page: page,
  next_page: page < totalPages ? page + 1 : null,
  prev_page: page > 1 ? page - 1 : null,
  total_pages: totalPages,
  total_count: totalPages * 2,
});

function invoice(n: number): Record<string, unknown> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    ...fixture('invoice-initiated'),
    id,
    url: `https://checkout.moyasar.com/invoices/${id}`,
    metadata: { paybridge_reference: `order-${n}` },
  };
}

function payment(n: number, status = 'paid'): Record<string, unknown> {
  return { ...fixture('payment-paid'), id: `pay-${n}`, status, amount: 1000 + n };
}

/** Serves `GET <path>` from `pages` (1-based), recording each request's query. */
function serve(path: string, key: string, pages: unknown[][], fail?: { page: number; status: number }) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${BASE}${path}`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      const page = Number(query.get('page') ?? '1');
      if (fail?.page === page) {
        return HttpResponse.json(
          { type: 'api_error', message: 'Something went wrong', errors: null },
          { status: fail.status },
        );
      }
      return HttpResponse.json({ [key]: pages[page - 1] ?? [], meta: meta(page, pages.length) });
    }),
  );
  return queries;
}

describe('iteratePaymentLinks', () => {
  it('walks every page of GET /invoices, one request per page, as links', async () => {
    const queries = serve('/invoices', 'invoices', [
      [invoice(1), invoice(2)],
      [invoice(3), invoice(4)],
      [invoice(5)],
    ]);
    const references: string[] = [];
    for await (const link of adapter().iteratePaymentLinks({ status: 'initiated' })) {
      expect(link).toMatchObject({ provider: 'moyasar', status: 'pending' });
      references.push(link.reference);
    }
    expect(references).toEqual(['order-1', 'order-2', 'order-3', 'order-4', 'order-5']);
    expect(queries.map((q) => q.get('page'))).toEqual(['1', '2', '3']);
    expect(queries.every((q) => q.get('status') === 'initiated')).toBe(true);
  });

  it('starts at params.page and sends the reference and metadata filters', async () => {
    const queries = serve('/invoices', 'invoices', [[invoice(1)], [invoice(2)], [invoice(3)]]);
    const iterator = adapter().iteratePaymentLinks({
      page: 2,
      reference: 'order-2',
      metadata: { cart: 'c-1' },
    });
    const ids: string[] = [];
    for await (const link of iterator) ids.push(link.reference);
    expect(ids).toEqual(['order-2', 'order-3']);
    expect(queries[0]?.get('page')).toBe('2');
    expect(queries[0]?.get('metadata[paybridge_reference]')).toBe('order-2');
    expect(queries[0]?.get('metadata[cart]')).toBe('c-1');
  });

  it('an empty list is one request and no link', async () => {
    const queries = serve('/invoices', 'invoices', [[]]);
    const links = [];
    for await (const link of adapter().iteratePaymentLinks()) links.push(link);
    expect(links).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('a failing page throws the ProviderError after the links already yielded', async () => {
    serve('/invoices', 'invoices', [[invoice(1), invoice(2)], [invoice(3)]], { page: 2, status: 500 });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const link of adapter().iteratePaymentLinks()) seen.push(link.reference);
      })(),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'moyasar', status: 500, category: 'unavailable' });
    expect(seen).toEqual(['order-1', 'order-2']);
  });

  it('break stops further requests', async () => {
    const queries = serve('/invoices', 'invoices', [[invoice(1), invoice(2)], [invoice(3)]]);
    for await (const link of adapter().iteratePaymentLinks()) {
      if (link.reference === 'order-1') break;
    }
    expect(queries).toHaveLength(1);
  });

  it('options.signal aborts the listing between pages', async () => {
    const queries = serve('/invoices', 'invoices', [[invoice(1)], [invoice(2)]]);
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        for await (const _ of adapter().iteratePaymentLinks({}, { signal: controller.signal }))
          controller.abort();
      })(),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'aborted', provider: 'moyasar' });
    expect(queries).toHaveLength(1);
  });

  it('a bad filter fails before any request', async () => {
    const queries = serve('/invoices', 'invoices', [[invoice(1)]]);
    const error = await rejection(adapter().iteratePaymentLinks({ page: 0 }).next());
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'invalid_page', field: 'page' });
    expect(queries).toHaveLength(0);
  });

  it('listAllPaymentLinks, its deprecated name, walks from the first page', async () => {
    const queries = serve('/invoices', 'invoices', [[invoice(1)], [invoice(2)]]);
    const references: string[] = [];
    for await (const link of adapter().listAllPaymentLinks({ status: 'initiated' }))
      references.push(link.reference);
    expect(references).toEqual(['order-1', 'order-2']);
    expect(queries.map((q) => q.get('page'))).toEqual(['1', '2']);
  });
});

describe('iterateTransactions', () => {
  it('walks every page of GET /payments as transactions', async () => {
    const queries = serve('/payments', 'payments', [
      [payment(1), payment(2, 'failed')],
      [payment(3, 'authorized')],
    ]);
    const seen: [string, string, number][] = [];
    for await (const transaction of adapter().iterateTransactions()) {
      seen.push([transaction.id, transaction.status, transaction.amount]);
    }
    expect(seen).toEqual([
      ['pay-1', 'succeeded', 1001],
      ['pay-2', 'failed', 1002],
      ['pay-3', 'authorized', 1003],
    ]);
    expect(queries.map((q) => q.get('page'))).toEqual(['1', '2']);
  });

  it('sends status, created[gt], created[lt] and the start page', async () => {
    const queries = serve('/payments', 'payments', [[payment(1)], [payment(2)]]);
    const ids: string[] = [];
    for await (const t of adapter().iterateTransactions({
      page: 2,
      status: 'paid',
      createdAfter: new Date('2026-03-01T00:00:00.000Z'),
      createdBefore: new Date('2026-04-01T00:00:00.000Z'),
    }))
      ids.push(t.id);
    expect(ids).toEqual(['pay-2']);
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({
      page: '2',
      status: 'paid',
      'created[gt]': '2026-03-01T00:00:00.000Z',
      'created[lt]': '2026-04-01T00:00:00.000Z',
    });
  });

  it('an empty list is one request and no transaction', async () => {
    const queries = serve('/payments', 'payments', [[]]);
    const seen = [];
    for await (const t of adapter().iterateTransactions()) seen.push(t);
    expect(seen).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('a failing page throws the ProviderError after the transactions already yielded', async () => {
    serve('/payments', 'payments', [[payment(1)], [payment(2)]], { page: 2, status: 401 });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const t of adapter().iterateTransactions()) seen.push(t.id);
      })(),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 401, category: 'authentication' });
    expect(seen).toEqual(['pay-1']);
  });

  it('break stops further requests', async () => {
    const queries = serve('/payments', 'payments', [[payment(1), payment(2)], [payment(3)]]);
    for await (const _ of adapter().iterateTransactions()) break;
    expect(queries).toHaveLength(1);
  });

  it('a bad date fails before any request', async () => {
    const queries = serve('/payments', 'payments', [[payment(1)]]);
    const error = await rejection(
      adapter()
        .iterateTransactions({ createdAfter: new Date('not a date') })
        .next(),
    );
    expect(error).toMatchObject({ code: 'invalid_field', field: 'createdAfter' });
    expect(queries).toHaveLength(0);
  });
});

describe('README: Lists', () => {
  it('the recipe stops at the reference it looks for, without asking for the next page', async () => {
    const queries = serve('/invoices', 'invoices', [
      [invoice(1041), invoice(1042), invoice(1043)],
      [invoice(1044)],
    ]);
    const moyasar = adapter();
    const visited: string[] = [];
    // ---- the README's code ----
    for await (const link of moyasar.iteratePaymentLinks({ status: 'paid' })) {
      visited.push(link.reference);
      if (link.reference === 'order-1042') break; // no further page is requested
    }
    // ----
    expect(visited).toEqual(['order-1041', 'order-1042']);
    expect(queries.map((q) => [q.get('page'), q.get('status')])).toEqual([['1', 'paid']]);
  });
});

describe('pageNumbers: where the next page starts', () => {
  it('follows next_page, else counts up to total_pages; never back, never past total_pages', () => {
    expect(pageNumbers({ current_page: 1, next_page: 2, total_pages: 3 }, 1).nextPage).toBe(2);
    expect(pageNumbers({ current_page: 2, total_pages: 3 }, 2).nextPage).toBe(3);
    expect(pageNumbers({ current_page: 3, next_page: 2, total_pages: 3 }, 3).nextPage).toBeUndefined();
    // A next_page past the last counted page (a provider that keeps counting) ends the listing.
    expect(pageNumbers({ current_page: 3, next_page: 4, total_pages: 3 }, 3).nextPage).toBeUndefined();
    expect(pageNumbers({ current_page: 3, next_page: 4 }, 3).nextPage).toBe(4);
  });
});
