import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  ConfigurationError,
  formatMinorUnits,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  type PaybridgeError,
  ProviderError,
  TimeoutError,
} from 'paybridge';
import {
  createMoyasar,
  MoyasarBulkCreateError,
  type MoyasarLinkInput,
  type MoyasarSettings,
} from 'paybridge/moyasar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeMoyasar, type FakeMoyasar } from './fake-moyasar';
import { BASE, fixture, TEST_KEY } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

let fake: FakeMoyasar;
beforeEach(() => {
  fake = createFakeMoyasar();
  server.use(...fake.handlers);
});

const adapter = (settings: MoyasarSettings = {}) =>
  createMoyasar({ secretKey: TEST_KEY, baseUrl: BASE, retry: 0, ...settings });

const input = (overrides: Partial<MoyasarLinkInput> = {}): MoyasarLinkInput => ({
  amount: 10_500,
  currency: 'SAR',
  reference: 'order-1042',
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createPaymentLink', () => {
  it('POSTs the invoice with Basic auth, a User-Agent and the mapped fields', async () => {
    const link = await adapter().createPaymentLink(
      input({
        description: 'Order #1042',
        successUrl: 'https://shop.example/paid',
        cancelUrl: 'https://shop.example/cart',
        webhookUrl: 'https://shop.example/moyasar/invoice-paid',
        expiresAt: new Date('2036-03-08T00:00:00.000Z'),
        metadata: { cart: 'c-77' },
      }),
    );
    const [request] = fake.calls('POST', '/invoices');
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}`,
    );
    expect(request?.headers.get('user-agent')).toMatch(/^paybridge\/\d+\.\d+\.\d+/);
    expect(request?.headers.get('content-type')).toContain('application/json');
    expect(request?.body).toEqual({
      amount: 10_500,
      currency: 'SAR',
      description: 'Order #1042',
      success_url: 'https://shop.example/paid',
      back_url: 'https://shop.example/cart',
      callback_url: 'https://shop.example/moyasar/invoice-paid',
      expired_at: '2036-03-08T00:00:00.000Z',
      metadata: { cart: 'c-77', paybridge_reference: 'order-1042' },
    });
    expect(link).toEqual({
      provider: 'moyasar',
      id: expect.any(String),
      url: `https://checkout.moyasar.com/invoices/${link.id}?lang=en`,
      status: 'pending',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      expiresAt: new Date('2036-03-08T00:00:00.000Z'),
      raw: fake.invoices.get(link.id),
    });
  });

  it('defaults the description from the reference and sends only what was given', async () => {
    await adapter().createPaymentLink(input({ currency: 'sar' }));
    expect(fake.calls('POST', '/invoices')[0]?.body).toEqual({
      amount: 10_500,
      currency: 'SAR',
      description: 'Order order-1042',
      metadata: { paybridge_reference: 'order-1042' },
    });
  });

  // The seed's precision table: SAR 10.00 = 1000, USD 10.00 = 1000, KWD 10.000 = 10000, JPY 1000 = 1000.
  it.each([
    ['SAR', 1000, '10.00'],
    ['USD', 1000, '10.00'],
    ['KWD', 10_000, '10.000'],
    ['JPY', 1000, '1000'],
  ])('sends %s amounts as integer minor units (%i = %s)', async (currency, amount, major) => {
    const link = await adapter().createPaymentLink(
      input({ currency, amount, reference: `order-${currency}` }),
    );
    expect(fake.calls('POST', '/invoices')[0]?.body).toMatchObject({ amount, currency });
    expect(link).toMatchObject({ amount, currency });
    expect(formatMinorUnits(link.amount, link.currency)).toBe(major);
  });

  it('reads the KWD and JPY invoice fixtures', async () => {
    for (const name of ['invoice-kwd', 'invoice-jpy']) {
      const invoice = fixture(name);
      server.use(http.get(`${BASE}/invoices/${invoice['id']}`, () => HttpResponse.json(invoice)));
      const payment = await adapter().getPayment(String(invoice['id']));
      expect({ amount: payment.amount, currency: payment.currency }).toEqual({
        amount: invoice['amount'],
        currency: invoice['currency'],
      });
    }
  });

  const refusals: [string, Partial<MoyasarLinkInput>, string, string][] = [
    ['an amount under 100', { amount: 99 }, 'amount_below_minimum', 'amount'],
    ['a fractional amount', { amount: 105.5 }, 'invalid_amount', 'amount'],
    ['a zero amount', { amount: 0 }, 'zero_amount', 'amount'],
    ['an unknown currency', { currency: 'XYZ' }, 'unknown_currency', 'currency'],
    ['a malformed currency', { currency: 'riyal' }, 'invalid_currency', 'currency'],
    ['no reference', { reference: '' }, 'missing_field', 'reference'],
    ['a reference over 500 characters', { reference: 'r'.repeat(501) }, 'field_too_long', 'reference'],
    ['an empty description', { description: ' ' }, 'missing_field', 'description'],
    ['a relative successUrl', { successUrl: '/paid' }, 'invalid_url', 'successUrl'],
    ['a non-http cancelUrl', { cancelUrl: 'javascript:alert(1)' }, 'invalid_url', 'cancelUrl'],
    ['an invalid expiresAt', { expiresAt: new Date('nope') }, 'invalid_date', 'expiresAt'],
    [
      '30 metadata keys (one is kept for the reference)',
      { metadata: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata_too_many_keys',
      'metadata',
    ],
    [
      'a 41-character metadata key',
      { metadata: { ['k'.repeat(41)]: 'v' } },
      'metadata_key_too_long',
      `metadata.${'k'.repeat(41)}`,
    ],
    [
      'a 501-character metadata value',
      { metadata: { note: 'v'.repeat(501) } },
      'metadata_value_too_long',
      'metadata.note',
    ],
    [
      'the reserved metadata key',
      { metadata: { paybridge_reference: 'x' } },
      'metadata_reserved_key',
      'metadata.paybridge_reference',
    ],
    [
      'a non-string metadata value',
      { metadata: { n: 5 as unknown as string } },
      'invalid_field',
      'metadata.n',
    ],
  ];
  it.each(refusals)('refuses %s before any request', async (_, overrides, code, field) => {
    const error = await rejection(adapter().createPaymentLink(input(overrides)));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code, field });
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts the limits exactly: 29 keys of 40 characters, values of 500', async () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 29 }, (_, i) => [
        `${String(i).padStart(2, '0')}${'k'.repeat(38)}`,
        'v'.repeat(500),
      ]),
    );
    await adapter().createPaymentLink(input({ metadata }));
    const sent = fake.calls('POST', '/invoices')[0]?.body as { metadata: Record<string, string> };
    expect(Object.keys(sent.metadata)).toHaveLength(30);
  });
});

describe('settings and credentials', () => {
  it('constructing never throws, even without a key; the first call does', async () => {
    vi.stubEnv('MOYASAR_SECRET_KEY', '');
    const moyasar = createMoyasar({ baseUrl: BASE });
    const error = await rejection(moyasar.createPaymentLink(input()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('missing_setting');
    expect((error as Error).message).toContain('MOYASAR_SECRET_KEY');
    expect(fake.requests).toHaveLength(0);
  });

  it('reads MOYASAR_SECRET_KEY lazily', async () => {
    const moyasar = createMoyasar({ baseUrl: BASE });
    vi.stubEnv('MOYASAR_SECRET_KEY', TEST_KEY);
    await moyasar.createPaymentLink(input());
    expect(fake.calls('POST', '/invoices')[0]?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}`,
    );
  });

  it('refuses a publishable key without sending it anywhere', async () => {
    const key = 'pk_test_publishableKey123456';
    const error = await rejection(adapter({ secretKey: key }).getPayment('inv-1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('publishable_key');
    expect(JSON.stringify((error as PaybridgeError).toJSON())).not.toContain(key);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a key that is neither sk_test_ nor sk_live_', async () => {
    const error = await rejection(adapter({ secretKey: 'not-a-moyasar-key' }).createPaymentLink(input()));
    expect((error as ConfigurationError).code).toBe('invalid_secret_key');
  });

  it('refuses a bad baseUrl on first use', async () => {
    const moyasar = adapter({ baseUrl: 'ftp://api.moyasar.com' });
    const error = await rejection(moyasar.getInvoice('inv-1'));
    expect((error as ConfigurationError).code).toBe('invalid_base_url');
  });

  it('sends extra headers from the settings', async () => {
    await adapter({ headers: { 'x-shop': 'main' } }).createPaymentLink(input());
    expect(fake.calls('POST', '/invoices')[0]?.headers.get('x-shop')).toBe('main');
  });
});

describe('nothing lost on a timeout', () => {
  it('a POST that hangs past the timeout after creating: found by reference, not created twice', async () => {
    fake.onNextCreate = async () => {
      await delay('infinite');
      return HttpResponse.json({});
    };
    const link = await adapter({ timeout: 400 }).createPaymentLink(input());
    expect(fake.invoices.size).toBe(1);
    expect(fake.calls('POST', '/invoices')).toHaveLength(1);
    const [lookup] = fake.calls('GET', '/invoices');
    expect(lookup?.url.searchParams.get('metadata[paybridge_reference]')).toBe('order-1042');
    const [stored] = fake.invoices.values();
    expect(link).toMatchObject({
      id: stored?.id,
      reference: 'order-1042',
      amount: 10_500,
      status: 'pending',
    });
  });

  it('a POST that times out before creating: looked up, then created exactly once more', async () => {
    fake.storeNextCreate = false;
    fake.onNextCreate = async () => {
      await delay('infinite');
      return HttpResponse.json({});
    };
    const link = await adapter({ timeout: 400 }).createPaymentLink(input());
    expect(fake.calls('POST', '/invoices')).toHaveLength(2);
    expect(fake.calls('GET', '/invoices')).toHaveLength(1);
    expect(fake.invoices.size).toBe(1);
    expect(fake.invoices.has(link.id)).toBe(true);
  });

  it('a 500 after creating: the existing invoice is returned', async () => {
    fake.onNextCreate = () =>
      HttpResponse.json(
        { type: 'api_error', message: 'Internal server error', errors: null },
        { status: 500 },
      );
    const link = await adapter().createPaymentLink(input());
    expect(fake.invoices.size).toBe(1);
    expect(fake.calls('POST', '/invoices')).toHaveLength(1);
    expect(fake.invoices.has(link.id)).toBe(true);
  });

  it('a 503 without creating: created once more', async () => {
    fake.storeNextCreate = false;
    fake.onNextCreate = () =>
      HttpResponse.json({ type: 'api_error', message: 'Maintenance', errors: null }, { status: 503 });
    await adapter().createPaymentLink(input());
    expect(fake.calls('POST', '/invoices')).toHaveLength(2);
    expect(fake.invoices.size).toBe(1);
  });

  it('a dropped connection after creating: found, not created twice', async () => {
    fake.onNextCreate = () => HttpResponse.error();
    await adapter().createPaymentLink(input());
    expect(fake.invoices.size).toBe(1);
    expect(fake.calls('POST', '/invoices')).toHaveLength(1);
  });

  it('the second attempt is the last: a second timeout is thrown', async () => {
    server.use(
      http.post(`${BASE}/invoices`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const error = await rejection(adapter({ timeout: 400 }).createPaymentLink(input()));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(fake.calls('GET', '/invoices')).toHaveLength(1);
  });

  it('an open invoice with the same reference but another amount is a conflict, not a match', async () => {
    await adapter().createPaymentLink(input({ amount: 20_000 }));
    fake.storeNextCreate = false;
    fake.onNextCreate = () =>
      HttpResponse.json({ type: 'api_error', message: null, errors: null }, { status: 502 });
    const error = await rejection(adapter().createPaymentLink(input()));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'reference_conflict', field: 'reference' });
    expect(fake.calls('POST', '/invoices')).toHaveLength(2);
    expect(fake.invoices.size).toBe(1);
  });

  it('a closed invoice with the same reference is ignored: a new one is created', async () => {
    const old = await adapter().createPaymentLink(input());
    await adapter().cancelPaymentLink(old.id);
    fake.storeNextCreate = false;
    fake.onNextCreate = () =>
      HttpResponse.json({ type: 'api_error', message: null, errors: null }, { status: 500 });
    const link = await adapter().createPaymentLink(input());
    expect(link.id).not.toBe(old.id);
    expect(fake.invoices.size).toBe(2);
  });

  it('when the look-up fails too, the create error is thrown and nothing is posted again', async () => {
    fake.onNextCreate = () => HttpResponse.error();
    server.use(http.get(`${BASE}/invoices`, () => HttpResponse.json({ type: 'api_error' }, { status: 500 })));
    const error = await rejection(adapter().createPaymentLink(input()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(fake.calls('POST', '/invoices')).toHaveLength(1);
  });

  it('a 4xx is final: no look-up, no second POST', async () => {
    fake.storeNextCreate = false;
    fake.onNextCreate = () => HttpResponse.json(fixture('error-invalid-request-map'), { status: 400 });
    const error = await rejection(adapter().createPaymentLink(input()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.calls('GET')).toHaveLength(0);
    expect(fake.calls('POST')).toHaveLength(1);
  });

  it('findPaymentLinkByReference finds the newest invoice with that reference', async () => {
    await adapter().createPaymentLink(input());
    const second = await adapter().createPaymentLink(input());
    const found = await adapter().findPaymentLinkByReference('order-1042');
    expect(found?.id).toBe(second.id);
    expect(await adapter().findPaymentLinkByReference('order-none')).toBeUndefined();
  });
});

describe('getPayment, getInvoice, cancel and list', () => {
  const serve = (name: string) => {
    const invoice = fixture(name);
    server.use(http.get(`${BASE}/invoices/${invoice['id']}`, () => HttpResponse.json(invoice)));
    return String(invoice['id']);
  };

  it('a paid invoice: succeeded, from the paid payment, not the failed attempt', async () => {
    const payment = await adapter().getPayment(serve('invoice-paid'));
    expect(payment).toEqual({
      provider: 'moyasar',
      id: '6a3f2f3e-3c1b-4f5e-9a51-0d4c2b8e7a10',
      status: 'succeeded',
      providerStatus: 'paid',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      capturedAmount: 10_500,
      refundedAmount: 0,
      transactionId: 'b7e1c0d2-5a4f-4c3e-8d21-9f0a1b2c3d4e',
      url: 'https://checkout.moyasar.com/invoices/6a3f2f3e-3c1b-4f5e-9a51-0d4c2b8e7a10?lang=en',
      raw: fixture('invoice-paid'),
    });
  });

  it.each([
    ['invoice-initiated', 'pending', 0],
    ['invoice-paid-partially-refunded', 'partially_refunded', 2500],
    ['invoice-refunded', 'refunded', 10_500],
    ['invoice-canceled', 'canceled', 0],
    ['invoice-on-hold-authorized', 'authorized', 0],
  ])('%s → %s', async (name, status, refunded) => {
    const payment = await adapter().getPayment(serve(name));
    expect(payment.status).toBe(status);
    expect(payment.refundedAmount).toBe(refunded);
  });

  it('getInvoice returns the invoice object with its payments', async () => {
    const invoice = await adapter().getInvoice(serve('invoice-paid'));
    expect(invoice.payments).toHaveLength(2);
    expect(invoice.payments?.[1]?.status).toBe('paid');
    expect((invoice as Record<string, unknown>)['amount_format']).toBe('105.00 SAR');
  });

  it('escapes ids in paths and refuses empty ones and ones that would leave the path', async () => {
    const error = await rejection(adapter().getInvoice('inv x'));
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.requests[0]?.url.pathname).toBe('/v1/invoices/inv%20x');
    expect(await rejection(adapter().getInvoice('../payments/x'))).toMatchObject({ code: 'invalid_id' });
    expect(await rejection(adapter().getPayment(''))).toMatchObject({ code: 'invalid_id' });
    expect(fake.requests).toHaveLength(1);
  });

  it('cancelPaymentLink PUTs /invoices/{id}/cancel', async () => {
    const link = await adapter().createPaymentLink(input());
    const canceled = await adapter().cancelPaymentLink(link.id);
    expect(fake.calls('PUT', `/invoices/${link.id}/cancel`)).toHaveLength(1);
    expect(canceled).toMatchObject({ id: link.id, status: 'canceled', reference: 'order-1042' });
  });

  it('listPaymentLinks reads the documented list shape (fixture)', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${BASE}/invoices`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json(fixture('invoice-list-page1'));
      }),
    );
    const page = await adapter().listPaymentLinks({ page: 1, status: 'paid', metadata: { cart: 'c-1' } });
    expect(query?.get('page')).toBe('1');
    expect(query?.get('status')).toBe('paid');
    expect(query?.get('metadata[cart]')).toBe('c-1');
    expect(page).toMatchObject({ page: 1, nextPage: 2, totalPages: 2, totalCount: 4 });
    expect(page.links.map((l) => [l.status, l.reference, l.amount])).toEqual([
      ['pending', 'order-1042', 10_500],
      ['succeeded', 'order-1041', 6091],
      ['canceled', '', 10_000],
    ]);
  });

  it('listAllPaymentLinks walks every page', async () => {
    for (let i = 0; i < 5; i++) await adapter().createPaymentLink(input({ reference: `order-${i}` }));
    const references: string[] = [];
    for await (const link of adapter().listAllPaymentLinks()) references.push(link.reference);
    expect(references).toEqual(['order-0', 'order-1', 'order-2', 'order-3', 'order-4']);
    expect(fake.calls('GET', '/invoices')).toHaveLength(3);
    expect(await rejection(adapter().listPaymentLinks({ page: 0 }))).toMatchObject({ code: 'invalid_page' });
  });
});

describe('createPaymentLinks (bulk)', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => input({ reference: `bulk-${i}`, amount: 100 + i }));

  it('sends chunks of 50 and returns the links in input order', async () => {
    const links = await adapter().createPaymentLinks(many(120));
    const posts = fake.calls('POST', '/invoices/bulk');
    expect(posts.map((p) => (p.body as { invoices: unknown[] }).invoices.length)).toEqual([50, 50, 20]);
    expect(links).toHaveLength(120);
    expect(links.map((l) => l.reference)).toEqual(many(120).map((i) => i.reference));
    expect(links[119]).toMatchObject({ amount: 219, status: 'pending' });
    expect((posts[0]!.body as { invoices: Record<string, unknown>[] }).invoices[0]).toEqual({
      amount: 100,
      currency: 'SAR',
      description: 'Order bulk-0',
      metadata: { paybridge_reference: 'bulk-0' },
    });
  });

  it('validates every input first and names the one at fault', async () => {
    const inputs = many(3);
    inputs[2] = input({ reference: 'bulk-2', amount: 50 });
    const error = await rejection(adapter().createPaymentLinks(inputs));
    expect(error).toMatchObject({ code: 'amount_below_minimum', field: 'inputs[2].amount' });
    const duplicate = await rejection(adapter().createPaymentLinks([input(), input()]));
    expect(duplicate).toMatchObject({ code: 'duplicate_reference', field: 'inputs[1].reference' });
    expect(fake.requests).toHaveLength(0);
    expect(await adapter().createPaymentLinks([])).toEqual([]);
  });

  it('a bulk POST that hangs after creating: found by reference, not created twice', async () => {
    server.use(
      http.post(
        `${BASE}/invoices/bulk`,
        async ({ request }) => {
          const body = (await request.json()) as { invoices: Record<string, unknown>[] };
          fake.requests.push({ method: 'POST', url: new URL(request.url), headers: request.headers, body });
          // Store them the way the fake does, then never answer.
          const created = await fetch(`${BASE}/invoices/bulk`, {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          await created.text();
          await delay('infinite');
          return HttpResponse.json({});
        },
        { once: true },
      ),
    );
    const links = await adapter({ timeout: 500 }).createPaymentLinks(many(3));
    expect(fake.invoices.size).toBe(3);
    expect(links.map((l) => l.reference)).toEqual(['bulk-0', 'bulk-1', 'bulk-2']);
    expect(fake.calls('GET', '/invoices')).toHaveLength(3);
  });

  it('a bulk POST that fails with 503 before creating: created once more', async () => {
    server.use(
      http.post(`${BASE}/invoices/bulk`, () => HttpResponse.json({ type: 'api_error' }, { status: 503 }), {
        once: true,
      }),
    );
    const links = await adapter().createPaymentLinks(many(2));
    expect(links).toHaveLength(2);
    expect(fake.invoices.size).toBe(2);
    expect(fake.calls('POST', '/invoices/bulk')).toHaveLength(1);
  });

  it('a failure after earlier chunks keeps the created links on the error', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/invoices/bulk`, async ({ request }) => {
        calls += 1;
        if (calls === 2) return HttpResponse.json(fixture('error-invalid-request-map'), { status: 400 });
        const body = (await request.json()) as { invoices: Record<string, unknown>[] };
        return HttpResponse.json({
          invoices: body.invoices.map((b, i) => ({
            ...fixture('invoice-initiated'),
            id: `inv-${calls}-${i}`,
            ...b,
          })),
        });
      }),
    );
    const error = await rejection(adapter().createPaymentLinks(many(70)));
    expect(error).toBeInstanceOf(MoyasarBulkCreateError);
    const bulk = error as MoyasarBulkCreateError;
    expect(bulk.code).toBe('bulk_partially_created');
    expect(bulk.created).toHaveLength(50);
    expect(bulk.notCreated).toEqual(
      many(70)
        .slice(50)
        .map((i) => i.reference),
    );
    expect(bulk.cause).toBeInstanceOf(ProviderError);
  });

  it('a bulk answer of the wrong length is an invalid response', async () => {
    server.use(
      http.post(`${BASE}/invoices/bulk`, () => HttpResponse.json({ invoices: [] }, { status: 201 })),
    );
    expect(await rejection(adapter().createPaymentLinks(many(2)))).toBeInstanceOf(InvalidResponseError);
  });
});

describe('payment operations', () => {
  const seed = (name: string) => {
    const payment = fixture(name);
    fake.payments.set(String(payment['id']), payment);
    return String(payment['id']);
  };

  it('getTransaction maps a paid payment (getProviderPayment is its deprecated alias)', async () => {
    const id = seed('payment-paid');
    expect(await adapter().getProviderPayment(id)).toEqual(await adapter().getTransaction(id));
    expect(await adapter().getTransaction(id)).toEqual({
      provider: 'moyasar',
      id,
      invoiceId: '6a3f2f3e-3c1b-4f5e-9a51-0d4c2b8e7a10',
      status: 'succeeded',
      providerStatus: 'paid',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      capturedAmount: 10_500,
      refundedAmount: 0,
      fee: 242,
      message: 'APPROVED',
      raw: fixture('payment-paid'),
    });
  });

  it('refund in part, then the rest', async () => {
    const id = seed('payment-paid');
    const partial = await adapter().refund({ transactionId: id }, 2500);
    expect(fake.calls('POST', `/payments/${id}/refund`)[0]?.body).toEqual({ amount: 2500 });
    expect(partial).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 2500,
      providerStatus: 'refunded',
    });
    const full = await adapter().refund({ transactionId: id }, 8000);
    expect(full).toMatchObject({ status: 'refunded', refundedAmount: 10_500 });
  });

  it('refund in full without an amount sends an empty body', async () => {
    const id = seed('payment-paid');
    const refunded = await adapter().refund({ transactionId: id });
    expect(fake.calls('POST', `/payments/${id}/refund`)[0]?.body).toEqual({});
    expect(refunded.status).toBe('refunded');
  });

  it('capture in part and in full, void', async () => {
    const id = seed('payment-authorized');
    expect(await adapter().getTransaction(id)).toMatchObject({ status: 'authorized', capturedAmount: 0 });
    const captured = await adapter().capture({ transactionId: id }, 8000);
    expect(fake.calls('POST', `/payments/${id}/capture`)[0]?.body).toEqual({ amount: 8000 });
    expect(captured).toMatchObject({ status: 'succeeded', capturedAmount: 8000 });
    const voided = await adapter().void({ transactionId: seed('payment-authorized') });
    expect(fake.calls('POST', `/payments/${id}/void`)).toHaveLength(1);
    expect(voided).toMatchObject({ status: 'canceled', providerStatus: 'voided' });
  });

  it.each([
    ['payment-captured', 'succeeded', 10_500],
    ['payment-captured-partial', 'succeeded', 8000],
    ['payment-refunded-partial', 'partially_refunded', 10_500],
    ['payment-refunded-full', 'refunded', 10_500],
    ['payment-voided', 'canceled', 0],
    ['payment-failed', 'failed', 0],
  ])('%s → %s', async (name, status, captured) => {
    expect(await adapter().getTransaction(seed(name))).toMatchObject({
      status,
      capturedAmount: captured,
    });
  });

  it('a 201 with a failed payment is a status, not an error', async () => {
    const failed = fixture('payment-failed');
    server.use(http.post(`${BASE}/payments/:id/capture`, () => HttpResponse.json(failed, { status: 201 })));
    const result = await adapter().capture({ transactionId: String(failed['id']) });
    expect(result).toMatchObject({ status: 'failed', message: 'INSUFFICIENT_FUNDS' });
  });

  it('refund(event.paymentId): the invoice id refunds its decisive payment (the natural call is the right one)', async () => {
    const link = await adapter().createPaymentLink(input());
    const invoice = fake.invoices.get(link.id)!;
    const payment: Record<string, unknown> = { ...fixture('payment-paid'), invoice_id: link.id };
    (invoice['payments'] as unknown[]).push(payment);
    invoice['status'] = 'paid';
    fake.payments.set(String(payment['id']), payment);
    const refunded = await adapter().refund(link.id, 2500);
    expect(fake.calls('POST', `/payments/${String(payment['id'])}/refund`)).toHaveLength(1);
    expect(refunded).toMatchObject({ id: payment['id'], status: 'partially_refunded' });
  });

  it('an invoice without a payment has nothing to refund: no_transaction, before any POST', async () => {
    const link = await adapter().createPaymentLink(input());
    expect(await rejection(adapter().refund(link.id))).toMatchObject({ code: 'no_transaction' });
    expect(fake.calls('POST', `/payments`)).toHaveLength(0);
  });

  it('refuses a bad amount before any request', async () => {
    expect(await rejection(adapter().refund({ transactionId: 'pay-1' }, 10.5))).toMatchObject({
      code: 'invalid_amount',
    });
    expect(await rejection(adapter().capture({ transactionId: 'pay-1' }, -1))).toMatchObject({
      code: 'negative_amount',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('payment POSTs are not retried', async () => {
    server.use(
      http.post(`${BASE}/payments/:id/refund`, () =>
        HttpResponse.json({ type: 'api_error' }, { status: 503 }),
      ),
    );
    const error = await rejection(adapter({ retry: 2 }).refund({ transactionId: seed('payment-paid') }));
    expect(error).toMatchObject({ status: 503, retryable: true });
  });
});

describe('errors', () => {
  const answer = (
    status: number,
    body: string | Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    server.use(
      http.get(`${BASE}/invoices/:id`, () =>
        typeof body === 'string'
          ? new HttpResponse(body, { status, headers: { 'content-type': 'text/html', ...headers } })
          : HttpResponse.json(body, { status, headers }),
      ),
    );

  it('errors as a map of arrays become field errors', async () => {
    answer(400, fixture('error-invalid-request-map'));
    const error = (await rejection(adapter().getInvoice('inv-1'))) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      category: 'invalid_request',
      providerType: 'invalid_request_error',
      status: 400,
      retryable: false,
      provider: 'moyasar',
    });
    expect(error.fieldErrors).toEqual([
      { field: 'amount', message: 'must be greater than or equal to 100' },
      { field: 'currency', message: 'is not supported' },
      { field: 'currency', message: 'is invalid' },
    ]);
    expect(error.message).toContain('Invoice validation failed');
    expect(error.message).toContain('amount: must be greater than or equal to 100');
  });

  it('errors as a string become one field error without a field', async () => {
    answer(400, fixture('error-string-errors'));
    const error = (await rejection(adapter().getInvoice('inv-1'))) as ProviderError;
    expect(error.fieldErrors).toEqual([
      { field: '', message: 'Invoice is already paid and cannot be canceled' },
    ]);
    expect(error.message).toContain('Invoice is already paid and cannot be canceled');
  });

  it.each([
    [401, 'error-authentication-string', 'authentication', 'authentication_error', false],
    [403, 'error-authentication-string', 'permission', 'authentication_error', false],
    [404, 'error-not-found', 'not_found', 'invalid_request_error', false],
    [405, 'error-account-inactive', 'provider_error', 'account_inactive_error', false],
    [429, 'error-rate-limit', 'rate_limited', 'rate_limit_error', true],
    [500, 'error-api', 'unavailable', 'api_error', true],
    [503, 'error-api', 'unavailable', 'api_error', true],
  ])(
    'HTTP %i (%s) → ProviderError %s (Moyasar type %s verbatim)',
    async (status, name, category, type, retryable) => {
      answer(status, fixture(name), { 'retry-after': '7' });
      const error = (await rejection(adapter().getInvoice('inv-1'))) as ProviderError;
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        status,
        code: category,
        category,
        providerType: type,
        retryable,
        fieldErrors: [],
      });
      expect(error.retryAfterSeconds).toBe(7);
    },
  );

  it('a body that is not JSON, or none, still gives a ProviderError', async () => {
    answer(502, '<html><body>Bad gateway</body></html>');
    const html = (await rejection(adapter().getInvoice('inv-1'))) as ProviderError;
    expect(html).toMatchObject({ status: 502, code: 'unavailable', retryable: true });
    expect(html.message).not.toContain('<html>');
    server.use(http.get(`${BASE}/invoices/:id`, () => new HttpResponse(null, { status: 401 })));
    expect(await rejection(adapter().getInvoice('inv-1'))).toMatchObject({
      status: 401,
      code: 'authentication',
    });
  });

  it('GETs are retried on 503 with Retry-After', async () => {
    const invoice = fixture('invoice-initiated');
    let calls = 0;
    server.use(
      http.get(`${BASE}/invoices/:id`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(fixture('error-api'), { status: 503, headers: { 'retry-after': '0' } })
          : HttpResponse.json(invoice);
      }),
    );
    const payment = await adapter({ retry: 1 }).getPayment(String(invoice['id']));
    expect(calls).toBe(2);
    expect(payment.status).toBe('pending');
  });

  it('a 2xx body of the wrong shape is an invalid response', async () => {
    answer(200, { id: 'inv-1', status: 'paid' });
    const error = await rejection(adapter().getInvoice('inv-1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    answer(200, { ...fixture<Record<string, unknown>>('invoice-initiated'), amount: 10.5 });
    expect(await rejection(adapter().getPayment('inv-1'))).toBeInstanceOf(InvalidResponseError);
  });

  it('never carries the secret key in an error', async () => {
    answer(401, { type: 'authentication_error', message: `Invalid key ${TEST_KEY}`, errors: null });
    const error = (await rejection(adapter().getInvoice('inv-1'))) as ProviderError;
    const everything = JSON.stringify({ json: error.toJSON(), message: error.message, stack: error.stack });
    expect(everything).not.toContain(TEST_KEY);
  });
});
