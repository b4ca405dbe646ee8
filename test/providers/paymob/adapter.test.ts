/**
 * The Paymob adapter over HTTP, against paybridge/testing's Paymob emulator through msw handlers
 * (the adapter's fetch asks them; every request is recorded), plus hand-written msw handlers for
 * the error bodies.
 */
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import {
  ConfigurationError,
  formatMinorUnits,
  InvalidRequestError,
  NetworkError,
  ProviderError,
  toMinorUnits,
} from 'paybridge';
import { createPaymob, PAYMOB_BILLING_PLACEHOLDER, type PaymobLinkInput } from 'paybridge/paymob';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import { mockPaymob } from 'paybridge/testing/msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, harness, type Recorded, rejection } from './helpers';

afterEach(() => vi.unstubAllEnvs());

const CARD = TEST_CREDENTIALS.paymob.integrationIds[0]!;
const input = (overrides: Partial<PaymobLinkInput> = {}): PaymobLinkInput => ({
  amount: 100_000,
  currency: 'EGP',
  reference: 'order-1042',
  webhookUrl: 'https://shop.example/webhooks/paymob',
  ...overrides,
});

const posts = (requests: Recorded[], path: string) =>
  requests.filter((r) => r.method === 'POST' && r.url.pathname === path);

describe('createPaymentLink', () => {
  it('POSTs the intention with Token auth and the mapped fields; the link is the Unified Checkout page, its id the order id', async () => {
    const mock = mockPaymob();
    const { adapter, requests } = harness(mock.handlers);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const link = await adapter.createPaymentLink(
      input({
        successUrl: 'https://shop.example/paid',
        expiresAt,
        metadata: { cart: 'c-7' },
        customer: {
          name: 'Ahmed Ali Hassan',
          email: 'ahmed@example.com',
          phone: '+201001234567',
          address: 'Tahrir Square 1',
          city: 'Cairo',
          country: 'EG',
        },
      }),
    );
    const [create] = posts(requests, '/v1/intention/');
    expect(create!.headers.get('authorization')).toBe(`Token ${TEST_CREDENTIALS.paymob.secretKey}`);
    expect(create!.body).toMatchObject({
      amount: 100_000,
      currency: 'EGP',
      payment_methods: [CARD],
      special_reference: 'order-1042',
      notification_url: 'https://shop.example/webhooks/paymob',
      redirection_url: 'https://shop.example/paid',
      extras: { cart: 'c-7' },
      billing_data: {
        first_name: 'Ahmed',
        last_name: 'Ali Hassan',
        email: 'ahmed@example.com',
        phone_number: '+201001234567',
        street: 'Tahrir Square 1',
        city: 'Cairo',
        country: 'EG',
      },
    });
    const expiration = (create!.body as { expiration: number }).expiration;
    expect(expiration).toBeGreaterThanOrEqual(3_599);
    expect(expiration).toBeLessThanOrEqual(3_600);
    const raw = link.raw as { intention_order_id: number; client_secret: string; id: string };
    expect(link).toMatchObject({
      provider: 'paymob',
      id: String(raw.intention_order_id),
      status: 'pending',
      amount: 100_000,
      currency: 'EGP',
      reference: 'order-1042',
      intentionId: raw.id,
      clientSecret: raw.client_secret,
      expiresAt,
    });
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/unifiedcheckout/`);
    expect(url.searchParams.get('publicKey')).toBe(TEST_CREDENTIALS.paymob.publicKey);
    expect(url.searchParams.get('clientSecret')).toBe(raw.client_secret);
    expect(link.url).not.toContain(TEST_CREDENTIALS.paymob.secretKey);
  });

  it('fills only the four required billing fields with the documented placeholder when no customer is given', async () => {
    const { adapter, requests } = harness(mockPaymob().handlers);
    await adapter.createPaymentLink(input());
    expect(posts(requests, '/v1/intention/')[0]!.body).toMatchObject({
      billing_data: {
        first_name: PAYMOB_BILLING_PLACEHOLDER,
        last_name: PAYMOB_BILLING_PLACEHOLDER,
        email: PAYMOB_BILLING_PLACEHOLDER,
        phone_number: PAYMOB_BILLING_PLACEHOLDER,
      },
    });
    expect(
      Object.keys((posts(requests, '/v1/intention/')[0]!.body as { billing_data: object }).billing_data),
    ).toHaveLength(4);
    expect(PAYMOB_BILLING_PLACEHOLDER).toBe('NA');
  });

  it('first and last names: given ones win, a one-word name gets the placeholder, more than 50 characters is refused', async () => {
    const { adapter, requests } = harness(mockPaymob().handlers);
    await adapter.createPaymentLink(
      input({ customer: { firstName: 'Mona', lastName: 'Zaki', name: 'Ignored Name' } }),
    );
    await adapter.createPaymentLink(input({ reference: 'r2', customer: { name: 'Mona' } }));
    const [a, b] = posts(requests, '/v1/intention/').map(
      (r) => (r.body as { billing_data: Record<string, string> }).billing_data,
    );
    expect(a).toMatchObject({ first_name: 'Mona', last_name: 'Zaki' });
    expect(b).toMatchObject({ first_name: 'Mona', last_name: 'NA' });
    const error = await rejection(
      adapter.createPaymentLink(input({ customer: { firstName: 'x'.repeat(51) } })),
    );
    expect(error).toMatchObject({ code: 'field_too_long', field: 'customer.firstName' });
  });

  it('Unconfirmed #5, both branches: expiryField "expiration" (seconds, at most 36 days) or "expires_at" (ISO UTC)', async () => {
    const far = new Date(Date.now() + 40 * 86_400_000);
    const { adapter, requests } = harness(mockPaymob().handlers);
    const error = await rejection(adapter.createPaymentLink(input({ expiresAt: far })));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'expiry_too_far', field: 'expiresAt' });
    expect(requests).toHaveLength(0);

    const iso = harness(mockPaymob().handlers, { expiryField: 'expires_at' });
    const at = new Date('2031-05-01T10:20:30.456Z');
    await iso.adapter.createPaymentLink(input({ expiresAt: at }));
    const body = posts(iso.requests, '/v1/intention/')[0]!.body as Record<string, unknown>;
    expect(body['expires_at']).toBe('2031-05-01T10:20:30Z');
    expect(body).not.toHaveProperty('expiration');
  });

  it('fields Paymob has no place for are typed never', () => {
    const typed = (adapter: ReturnType<typeof harness>['adapter']) => {
      // @ts-expect-error description is never on PaymobLinkInput
      void adapter.createPaymentLink({ ...input(), description: 'x' });
      // @ts-expect-error cancelUrl is never on PaymobLinkInput
      void adapter.createPaymentLink({ ...input(), cancelUrl: 'https://shop.example/cart' });
    };
    expect(typed).toBeTypeOf('function');
  });

  it.each([
    ['description', 'Order 1042'],
    ['cancelUrl', 'https://shop.example/cart'],
    ['failureUrl', 'https://shop.example/failed'],
    ['pendingUrl', 'https://shop.example/pending'],
  ])('refuses %s (unsupported_field) before any request', async (field, value) => {
    const { adapter, requests } = harness(mockPaymob().handlers);
    const error = await rejection(adapter.createPaymentLink({ ...input(), [field]: value } as never));
    expect(error).toMatchObject({ code: 'unsupported_field', field, provider: 'paymob' });
    expect(requests).toHaveLength(0);
  });

  it('refuses an idempotencyKey (unsupported_option) and never retries the POST', async () => {
    const mock = mockPaymob();
    const { adapter, requests } = harness(mock.handlers, { retry: 3 });
    expect(await rejection(adapter.createPaymentLink(input(), { idempotencyKey: 'k-1' }))).toMatchObject({
      code: 'unsupported_option',
      field: 'idempotencyKey',
    });
    expect(requests).toHaveLength(0);
    mock.failNext({ operation: 'create', status: 503, times: 3 });
    expect(await rejection(adapter.createPaymentLink(input()))).toMatchObject({
      status: 503,
      category: 'unavailable',
    });
    expect(posts(requests, '/v1/intention/')).toHaveLength(1);
  });

  it('a dropped connection says the intention may exist (it has no idempotency key)', async () => {
    const mock = mockPaymob();
    const { adapter } = harness(mock.handlers);
    mock.failNext({ operation: 'create', network: true });
    const error = (await rejection(adapter.createPaymentLink(input()))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/may have created the intention/);
  });

  it('integration ids: settings, PAYMOB_INTEGRATION_IDS (ids and names, Unconfirmed #7), per link; none is a ConfigurationError', async () => {
    vi.stubEnv('PAYMOB_INTEGRATION_IDS', ` ${CARD}, card `);
    const mock = mockPaymob();
    const fromEnv = harness(mock.handlers, { integrationIds: undefined });
    await fromEnv.adapter.createPaymentLink(input());
    expect(
      (posts(fromEnv.requests, '/v1/intention/')[0]!.body as Record<string, unknown>)['payment_methods'],
    ).toEqual([CARD, 'card']);
    await fromEnv.adapter.createPaymentLink(input({ reference: 'r-2', integrationIds: ['card'] }));
    expect(
      (posts(fromEnv.requests, '/v1/intention/')[1]!.body as Record<string, unknown>)['payment_methods'],
    ).toEqual(['card']);
    vi.stubEnv('PAYMOB_INTEGRATION_IDS', '');
    const none = harness(mock.handlers, { integrationIds: undefined });
    const error = await rejection(none.adapter.createPaymentLink(input()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'missing_setting' });
    expect(none.requests).toHaveLength(0);
    expect(
      await rejection(harness(mock.handlers, { integrationIds: [0] }).adapter.createPaymentLink(input())),
    ).toMatchObject({
      code: 'invalid_setting',
    });
    expect(
      await rejection(harness(mock.handlers).adapter.createPaymentLink(input({ integrationIds: [] }))),
    ).toMatchObject({
      code: 'invalid_field',
      field: 'integrationIds',
    });
  });

  it('an unknown integration id: ProviderError integration_not_found (404, Paymob’s detail)', async () => {
    const { adapter } = harness(mockPaymob().handlers);
    const error = (await rejection(
      adapter.createPaymentLink(input({ integrationIds: [999] })),
    )) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 404, category: 'not_found', code: 'integration_not_found' });
    expect(error.message).toContain('Integration ID/Name does not exist');
  });
});

describe('error bodies (Django REST Framework shapes)', () => {
  const answering = (status: number, body: unknown, text = false) =>
    harness([
      http.post(`${BASE}/v1/intention/`, () =>
        text
          ? new HttpResponse(String(body), { status })
          : HttpResponse.json(body as Record<string, unknown>, { status }),
      ),
    ]).adapter;

  it.each([
    [
      400,
      { billing_data: { phone_number: ['This field is required.'] } },
      'billing_data.phone_number: This field is required.',
      [{ field: 'billing_data.phone_number', message: 'This field is required.' }],
    ],
    [
      400,
      { amount: ['This field is required.'], currency: ['This field may not be blank.'] },
      'amount: This field is required.; currency: This field may not be blank.',
      [
        { field: 'amount', message: 'This field is required.' },
        { field: 'currency', message: 'This field may not be blank.' },
      ],
    ],
    [
      400,
      { items: [{ name: ['This field is required.'] }, {}] },
      'items[0].name: This field is required.',
      [{ field: 'items[0].name', message: 'This field is required.' }],
    ],
    [
      401,
      { detail: 'Authentication credentials were not provided.' },
      'Authentication credentials were not provided.',
      [],
    ],
    [406, { message: 'unmatched_item_prices' }, 'unmatched_item_prices', []],
  ])('HTTP %i %j', async (status, body, text, fieldErrors) => {
    const error = (await rejection(answering(status, body).createPaymentLink(input()))) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBe(status);
    expect(error.message).toContain(text);
    expect(error.fieldErrors).toEqual(fieldErrors);
    expect(error.provider).toBe('paymob');
  });

  it('a text or HTML body: a ProviderError for the status, never a parse failure', async () => {
    expect(
      await rejection(answering(502, '<html>Bad gateway</html>', true).createPaymentLink(input())),
    ).toMatchObject({
      status: 502,
      category: 'unavailable',
      message: 'Paymob (HTTP 502): HTTP 502',
    });
    expect(await rejection(answering(500, 'Server Error', true).createPaymentLink(input()))).toMatchObject({
      message: 'Paymob (HTTP 500): Server Error',
    });
  });
});

describe('settings', () => {
  const hosts = async (settings: Parameters<typeof createPaymob>[0]) => {
    const { adapter, requests } = harness(
      [http.all('*', () => HttpResponse.json({ detail: 'x' }, { status: 418 }))],
      settings ?? {},
    );
    await rejection(adapter.getTransaction('1'));
    return requests.map((r) => r.url.origin);
  };

  it('the host: from the keys’ country prefix, else Egypt; region names one; baseUrl is the host itself', async () => {
    expect(await hosts({})).toEqual([BASE]);
    expect(await hosts({ secretKey: 'ksa_sk_test_x', publicKey: 'ksa_pk_test_x' })).toEqual([
      'https://ksa.paymob.com',
    ]);
    expect(await hosts({ secretKey: 'sk_test_x', publicKey: 'pk_test_x' })).toEqual([BASE]);
    expect(await hosts({ secretKey: 'omn_sk_test_x', publicKey: 'omn_pk_test_x', region: 'oman' })).toEqual([
      'https://oman.paymob.com',
    ]);
    expect(await hosts({ secretKey: 'sk_test_x', publicKey: 'pk_test_x', region: 'uae' })).toEqual([
      'https://uae.paymob.com',
    ]);
    expect(await hosts({ baseUrl: 'https://paymob.test/' })).toEqual(['https://paymob.test']);
  });

  it.each([
    [{ region: 'ksa', baseUrl: 'https://x.test' }, 'invalid_setting'],
    [{ region: 'mars' }, 'invalid_setting'],
    [{ region: 'uae' }, 'region_mismatch'], // the test keys are egy_
    [{ expiryField: 'expires' }, 'invalid_setting'],
    [{ secretKey: 'egy_pk_test_public' }, 'publishable_key'],
    [{ publicKey: 'egy_sk_test_secret' }, 'secret_key_as_public_key'],
    [{ publicKey: TEST_CREDENTIALS.paymob.secretKey }, 'secret_key_as_public_key'],
    [{ integrationIds: ['4100001', ''] }, 'invalid_setting'],
  ])('%j → ConfigurationError %s, before any request (constructing never throws)', async (settings, code) => {
    const { adapter, requests } = harness(mockPaymob().handlers, settings as never);
    const error = await rejection(adapter.createPaymentLink(input()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code, provider: 'paymob' });
    expect(requests).toHaveLength(0);
    expect((error as Error).message).not.toContain('egy_sk_test_secret');
  });

  it('credentials from the environment, read on first use; a missing one names its variable', async () => {
    vi.stubEnv('PAYMOB_SECRET_KEY', TEST_CREDENTIALS.paymob.secretKey);
    vi.stubEnv('PAYMOB_PUBLIC_KEY', TEST_CREDENTIALS.paymob.publicKey);
    vi.stubEnv('PAYMOB_INTEGRATION_IDS', String(CARD));
    const mock = mockPaymob();
    const { getResponse } = await import('msw');
    const paymob = createPaymob({
      retry: 0,
      fetch: async (i, init) => (await getResponse(mock.handlers, new Request(i, init)))!,
    });
    await expect(paymob.createPaymentLink(input())).resolves.toMatchObject({ status: 'pending' });
    const error = (await rejection(paymob.getPayment('1'))) as ConfigurationError;
    expect(error).toMatchObject({ code: 'missing_setting' });
    expect(error.message).toContain('PAYMOB_API_KEY');
  });
});

describe('getPayment (transaction inquiry with the auth token)', () => {
  it('one token for every call (Bearer in a header, never in a URL); the order’s latest transaction decides', async () => {
    const mock = mockPaymob();
    const { adapter, requests } = harness(mock.handlers);
    const link = await adapter.createPaymentLink(input());
    await mock.pay(link.id);
    const payment = await adapter.getPayment(link.id);
    await adapter.getPayment(link.id);
    expect(payment).toMatchObject({
      provider: 'paymob',
      id: link.id,
      status: 'succeeded',
      providerStatus: 'success',
      amount: 100_000,
      currency: 'EGP',
      reference: 'order-1042',
      capturedAmount: 100_000,
      refundedAmount: 0,
      message: 'Approved',
    });
    expect(payment.transactionId).toMatch(/^\d+$/);
    const tokenCalls = posts(requests, '/api/auth/tokens');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toEqual({ api_key: TEST_CREDENTIALS.paymob.apiKey });
    const inquiries = posts(requests, '/api/ecommerce/orders/transaction_inquiry');
    expect(inquiries).toHaveLength(2);
    expect(inquiries[0]!.body).toEqual({ order_id: link.id });
    expect(inquiries[0]!.headers.get('authorization')).toMatch(/^Bearer ZXlK/);
    for (const request of requests) expect(request.url.search).not.toMatch(/token/i);
  });

  it('a 401 drops the token and asks for a new one, once', async () => {
    const mock = mockPaymob();
    let refused = 0;
    const { adapter, requests } = harness([
      http.post(`${BASE}/api/ecommerce/orders/transaction_inquiry`, () => {
        if (refused++ === 0) return HttpResponse.json({ detail: 'Token expired.' }, { status: 401 });
        return undefined;
      }),
      ...mock.handlers,
    ]);
    const link = await adapter.createPaymentLink(input());
    await mock.pay(link.id);
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({ status: 'succeeded' });
    expect(posts(requests, '/api/auth/tokens')).toHaveLength(2);
  });

  it('an API key Paymob refuses: ProviderError invalid_api_key naming the setting', async () => {
    const { adapter } = harness(mockPaymob().handlers, { apiKey: 'wrong-api-key' });
    const error = (await rejection(adapter.getPayment('123'))) as ProviderError;
    expect(error).toMatchObject({ code: 'invalid_api_key', category: 'authentication', status: 403 });
    expect(error.message).toContain('PAYMOB_API_KEY');
    expect(error.message).not.toContain('wrong-api-key');
  });

  it('an order without a transaction yet is pending (from the order); an unknown order is payment_not_found', async () => {
    const mock = mockPaymob();
    const { adapter, requests } = harness(mock.handlers);
    const link = await adapter.createPaymentLink(input());
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({
      status: 'pending',
      providerStatus: 'no_transaction',
      amount: 100_000,
      currency: 'EGP',
      reference: 'order-1042',
      transactionId: undefined,
    });
    expect(
      requests.some((r) => r.method === 'GET' && r.url.pathname === `/api/ecommerce/orders/${link.id}`),
    ).toBe(true);
    expect(await rejection(adapter.getPayment('999999'))).toMatchObject({
      code: 'payment_not_found',
      status: 404,
    });
  });

  it('refuses ids that are not valid path segments before any request', async () => {
    const { adapter, requests } = harness(mockPaymob().handlers);
    for (const id of ['', '..', 'a/b', 42 as never]) {
      expect(await rejection(adapter.getPayment(id))).toMatchObject({ code: 'invalid_id' });
    }
    expect(requests).toHaveLength(0);
  });
});

describe('refund, void, capture and getTransaction', () => {
  async function paid(options: Parameters<typeof mockPaymob>[0] = {}) {
    const mock = mockPaymob(options);
    const h = harness(mock.handlers);
    const link = await h.adapter.createPaymentLink(input());
    await mock.pay(link.id);
    return { mock, ...h, link, sent: mock.webhooks.length };
  }

  it('refund(orderId, amount): the order’s transaction, Token auth, minor units; its callback; getPayment follows the parent', async () => {
    const { mock, adapter, requests, link, sent } = await paid();
    const payment = await adapter.getPayment(link.id);
    const refund = await adapter.refund(link.id, 25_000);
    const [call] = posts(requests, '/api/acceptance/void_refund/refund');
    expect(call!.headers.get('authorization')).toBe(`Token ${TEST_CREDENTIALS.paymob.secretKey}`);
    expect(call!.body).toEqual({ transaction_id: Number(payment.transactionId), amount_cents: 25_000 });
    expect(refund).toMatchObject({
      provider: 'paymob',
      orderId: link.id,
      parentTransactionId: payment.transactionId,
      amount: 25_000,
      status: 'refunded',
      operation: 'refund',
      operationOutcome: 'succeeded',
    });
    const [callback] = mock.webhooks.slice(sent);
    const event = await createPaymob({ webhookSecret: TEST_CREDENTIALS.paymob.webhookSecret }).parseWebhook(
      callback!,
    );
    expect(event).toMatchObject({
      kind: 'payment',
      paymentId: link.id,
      operation: 'refund',
      operationAmount: 25_000,
    });
    // The inquiry now returns the refund child; getPayment reads its parent.
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 25_000,
      amount: 100_000,
      transactionId: payment.transactionId,
    });
  });

  it('refund({ transactionId }) without an amount refunds what is left (read from the transaction)', async () => {
    const { adapter, requests, link } = await paid();
    const { transactionId } = await adapter.getPayment(link.id);
    await adapter.refund({ transactionId: transactionId! }, 40_000);
    await adapter.refund({ transactionId: transactionId! });
    expect(
      posts(requests, '/api/acceptance/void_refund/refund').map(
        (r) => (r.body as { amount_cents: number }).amount_cents,
      ),
    ).toEqual([40_000, 60_000]);
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({
      status: 'refunded',
      refundedAmount: 100_000,
    });
    await expect(adapter.getTransaction(transactionId!)).resolves.toMatchObject({
      id: transactionId,
      status: 'refunded',
    });
  });

  it('void: canceled; the payment reads canceled', async () => {
    const { adapter, requests, link } = await paid();
    await expect(adapter.void(link.id)).resolves.toMatchObject({ status: 'canceled', operation: 'void' });
    expect(Object.keys(posts(requests, '/api/acceptance/void_refund/void')[0]!.body as object)).toEqual([
      'transaction_id',
    ]);
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({ status: 'canceled' });
  });

  it('capture of an authorization: the whole amount by default; authorized, then succeeded', async () => {
    const { adapter, requests, link } = await paid({
      integrations: { [String(CARD)]: { currency: 'EGP', authorize: true } },
    });
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({
      status: 'authorized',
      capturedAmount: 0,
    });
    await expect(adapter.capture(link.id)).resolves.toMatchObject({
      status: 'succeeded',
      operation: 'capture',
    });
    expect(posts(requests, '/api/acceptance/capture')[0]!.body).toMatchObject({ amount_cents: 100_000 });
    // The capture child is now the order's latest transaction; getPayment reads its parent, captured.
    await expect(adapter.getPayment(link.id)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('is never retried, refuses an idempotency key and bad amounts before any request, and needs a paid order', async () => {
    const { mock, adapter, requests, link } = await paid();
    const before = requests.length;
    expect(await rejection(adapter.refund(link.id, -5))).toMatchObject({ code: 'negative_amount' });
    expect(await rejection(adapter.refund(link.id, 1.5))).toMatchObject({ code: 'invalid_amount' });
    expect(await rejection(adapter.void(link.id, { idempotencyKey: 'k' }))).toMatchObject({
      code: 'unsupported_option',
    });
    expect(await rejection(adapter.capture({ transactionId: '../x' }))).toMatchObject({ code: 'invalid_id' });
    expect(requests).toHaveLength(before);
    const retrying = harness(mock.handlers, { retry: 3 });
    mock.failNext({ operation: 'refund', status: 503, times: 3 });
    await rejection(retrying.adapter.refund(link.id, 100));
    expect(posts(retrying.requests, '/api/acceptance/void_refund/refund')).toHaveLength(1);
    const fresh = await adapter.createPaymentLink(input({ reference: 'unpaid' }));
    expect(await rejection(adapter.refund(fresh.id, 100))).toMatchObject({ code: 'no_transaction' });
  });
});

describe('amounts are exact integers in minor units, for 0-, 2- and 3-decimal currencies', () => {
  const integrations = {
    '1': { currency: 'JPY' },
    '2': { currency: 'EGP' },
    '3': { currency: 'OMR' },
    '4': { currency: 'KWD' },
  } as const;
  const ids: Record<string, number> = { JPY: 1, EGP: 2, OMR: 3, KWD: 4 };

  it('Unconfirmed #6: OMR goes as ISO minor units (1.500 OMR = 1500, ×1000)', async () => {
    const { adapter, requests } = harness(mockPaymob({ integrations }).handlers);
    await adapter.createPaymentLink(input({ amount: 1_500, currency: 'OMR', integrationIds: [3] }));
    expect((posts(requests, '/v1/intention/')[0]!.body as { amount: number }).amount).toBe(1_500);
    expect(formatMinorUnits(1_500, 'OMR')).toBe('1.500');
  });

  it('create → body, link, callback event and getPayment carry the same integer; minor → major → minor round-trips (fast-check)', async () => {
    const mock = mockPaymob({ integrations });
    const { adapter } = harness(mock.handlers);
    const verifier = createPaymob({ webhookSecret: TEST_CREDENTIALS.paymob.webhookSecret });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('JPY', 'EGP', 'OMR', 'KWD'),
        fc.integer({ min: 1, max: 2 ** 40 }),
        async (currency, amount) => {
          const link = await adapter.createPaymentLink(
            input({ amount, currency, reference: `amt-${++n}`, integrationIds: [ids[currency]!] }),
          );
          expect(link.amount).toBe(amount);
          const [webhook] = await mock.pay(link.id);
          const event = await verifier.parseWebhook(webhook!);
          expect(event).toMatchObject({ kind: 'payment', amount, currency });
          await expect(adapter.getPayment(link.id)).resolves.toMatchObject({ amount, currency });
          expect(toMinorUnits(formatMinorUnits(amount, currency), currency)).toBe(amount);
        },
      ),
      { numRuns: 60 },
    );
  });
});
