import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  PaybridgeError,
  ProviderError,
} from 'paybridge';
import { createMoneyHash, MONEYHASH_DEFAULT_BASE_URL } from 'paybridge/moneyhash';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const BASE = 'https://web.moneyhash.io';
const API_KEY = 'mh_api_key_test_5f2c9a7e1b';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});
afterAll(() => server.close());
beforeEach(() => {
  // No ambient configuration leaks into these tests.
  vi.stubEnv('MONEYHASH_API_KEY', '');
  vi.stubEnv('MONEYHASH_FLOW_ID', '');
});

interface Captured {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/** Registers a handler that records every request and answers `reply`. */
function capture(
  method: 'get' | 'post',
  path: string,
  reply: () => Response | Promise<Response> = () => HttpResponse.json(okIntent()),
): Captured[] {
  const seen: Captured[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      const text = await request.text();
      seen.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: text === '' ? undefined : JSON.parse(text),
      });
      return reply();
    }),
  );
  return seen;
}

function okIntent(id = 'ePgw3gN') {
  return {
    status: { code: 200, message: 'success', errors: [] },
    data: { id, embed_url: `https://embed.moneyhash.io/embed/payment/${id}`, status: 'UNPROCESSED' },
    count: null,
    next: null,
    previous: null,
  };
}

const base = { amount: 10_500, currency: 'SAR', reference: 'order-1042' };

async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(PaybridgeError.isInstance(error)).toBe(true);
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

describe('createPaymentLink', () => {
  it('sends every field where MoneyHash expects it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-22T08:00:00Z'));
    const seen = capture('post', '/api/v1.1/payments/intent/');
    const mh = createMoneyHash({ apiKey: API_KEY, flowId: 'flow_abc' });
    const expiresAt = new Date('2026-05-22T09:00:00.500Z');
    const link = await mh.createPaymentLink(
      {
        ...base,
        successUrl: 'https://shop.example/paid',
        failureUrl: 'https://shop.example/failed',
        pendingUrl: 'https://shop.example/pending',
        cancelUrl: 'https://shop.example/cart',
        webhookUrl: 'https://shop.example/webhooks/moneyhash',
        expiresAt,
        metadata: { channel: 'web', cart: 'c-9' },
        customer: {
          firstName: 'Joe',
          lastName: 'Doe',
          email: 'joe@example.com',
          phone: '+201064610000',
          address: '1 Nile St',
          city: 'Cairo',
          state: 'Cairo',
          postalCode: '11511',
          country: 'EG',
        },
      },
      { idempotencyKey: 'idem-1042' },
    );

    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('https://web.moneyhash.io/api/v1.1/payments/intent/');
    expect(request.headers.get('x-api-key')).toBe(API_KEY);
    expect(request.headers.get('content-type')).toContain('application/json');
    expect(request.headers.get('x-idempotency-key')).toBe('idem-1042');
    expect(request.headers.get('user-agent')).toMatch(/^paybridge\//);
    const body = request.body as Record<string, unknown>;
    expect(body['amount']).toBe('105.00');
    expect(body['amount_currency']).toBe('SAR');
    expect(body['flow_id']).toBe('flow_abc');
    expect(body).not.toHaveProperty('operation');
    expect(body['custom_fields']).toEqual({ channel: 'web', cart: 'c-9', reference: 'order-1042' });
    expect(body['merchant_reference']).toBe('order-1042');
    expect(body['webhook_url']).toBe('https://shop.example/webhooks/moneyhash');
    expect(body['successful_redirect_url']).toBe('https://shop.example/paid');
    expect(body['failed_redirect_url']).toBe('https://shop.example/failed');
    expect(body['pending_external_action_redirect_url']).toBe('https://shop.example/pending');
    expect(body['back_url']).toBe('https://shop.example/cart');
    expect(body['billing_data']).toEqual({
      first_name: 'Joe',
      last_name: 'Doe',
      email: 'joe@example.com',
      phone_number: '+201064610000',
      address: '1 Nile St',
      city: 'Cairo',
      state: 'Cairo',
      postal_code: '11511',
      country: 'EG',
    });
    expect(body['expires_after_seconds']).toBe(3601);
    expect(Object.keys(body).sort()).toEqual(
      [
        'amount',
        'amount_currency',
        'back_url',
        'billing_data',
        'custom_fields',
        'expires_after_seconds',
        'failed_redirect_url',
        'flow_id',
        'merchant_reference',
        'pending_external_action_redirect_url',
        'successful_redirect_url',
        'webhook_url',
      ].sort(),
    );

    expect(link).toEqual({
      provider: 'moneyhash',
      id: 'ePgw3gN',
      url: 'https://embed.moneyhash.io/embed/payment/ePgw3gN',
      status: 'pending',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      expiresAt,
      raw: okIntent(),
    });
  });

  it('sends only what was given: a minimal link has no optional fields', async () => {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    await createMoneyHash({ apiKey: API_KEY }).createPaymentLink({ ...base, currency: 'sar' });
    expect(seen[0]!.body).toEqual({
      amount: '105.00',
      amount_currency: 'SAR',
      operation: 'purchase',
      custom_fields: { reference: 'order-1042' },
      merchant_reference: 'order-1042',
    });
    expect(seen[0]!.headers.has('x-idempotency-key')).toBe(false);
  });

  it.each([
    [1500, 'KWD', '1.50'],
    [1_000, 'JPY', '1000.00'],
    [1, 'USD', '0.01'],
    [99_999_999_999_999, 'USD', '999999999999.99'],
  ])('%i minor units of %s → amount %s', async (amount, currency, expected) => {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    await createMoneyHash({ apiKey: API_KEY }).createPaymentLink({ ...base, amount, currency });
    expect((seen[0]!.body as Record<string, unknown>)['amount']).toBe(expected);
  });

  it.each([
    [1505, 'KWD', 'amount_not_representable'],
    [100_000_000_000_000, 'USD', 'amount_too_large'],
    [10.5, 'SAR', 'invalid_amount'],
    [0, 'SAR', 'zero_amount'],
    [100, 'XYZ', 'unknown_currency'],
  ])('%s %s is refused before any request (%s)', async (amount, currency, code) => {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    const error = await rejection(
      createMoneyHash({ apiKey: API_KEY }).createPaymentLink({ ...base, amount, currency }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.code).toBe(code);
    expect(seen).toHaveLength(0);
  });

  it('refuses a metadata.reference that differs from reference, accepts an equal one', async () => {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    const mh = createMoneyHash({ apiKey: API_KEY });
    const error = await rejection(mh.createPaymentLink({ ...base, metadata: { reference: 'other' } }));
    expect(error).toMatchObject({ code: 'conflicting_fields', field: 'metadata.reference' });
    expect(seen).toHaveLength(0);
    await mh.createPaymentLink({ ...base, metadata: { reference: 'order-1042' } });
    expect((seen[0]!.body as Record<string, unknown>)['custom_fields']).toEqual({ reference: 'order-1042' });
  });

  it('refuses an empty reference and an expiry in the past', async () => {
    const mh = createMoneyHash({ apiKey: API_KEY });
    expect((await rejection(mh.createPaymentLink({ ...base, reference: ' ' }))).code).toBe('missing_field');
    const past = await rejection(mh.createPaymentLink({ ...base, expiresAt: new Date(Date.now() - 1000) }));
    expect(past).toMatchObject({ code: 'date_in_past', field: 'expiresAt' });
    const invalid = await rejection(mh.createPaymentLink({ ...base, expiresAt: new Date('nope') }));
    expect(invalid.code).toBe('invalid_date');
  });
});

describe('flowId or operation: exactly one is sent', () => {
  async function sent(settings: Parameters<typeof createMoneyHash>[0], input: Record<string, unknown> = {}) {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    await createMoneyHash({ apiKey: API_KEY, ...settings }).createPaymentLink({ ...base, ...input });
    const body = seen[0]!.body as Record<string, unknown>;
    return { flow_id: body['flow_id'], operation: body['operation'] };
  }

  it.each([
    ['nothing configured → purchase', {}, {}, { operation: 'purchase' }],
    ['settings.operation', { operation: 'authorize' }, {}, { operation: 'authorize' }],
    ['settings.flowId', { flowId: 'flow_s' }, {}, { flow_id: 'flow_s' }],
    [
      'input.operation beats settings.flowId',
      { flowId: 'flow_s' },
      { operation: 'authorize' },
      { operation: 'authorize' },
    ],
    [
      'input.flowId beats settings.operation',
      { operation: 'authorize' },
      { flowId: 'flow_i' },
      { flow_id: 'flow_i' },
    ],
  ] as const)('%s', async (_name, settings, input, expected) => {
    const result = await sent(settings, input);
    expect(result).toEqual({ flow_id: undefined, operation: undefined, ...expected });
  });

  it('MONEYHASH_FLOW_ID is read lazily, and settings.operation beats it', async () => {
    const mh = createMoneyHash({ apiKey: API_KEY });
    vi.stubEnv('MONEYHASH_FLOW_ID', 'flow_env');
    const seen = capture('post', '/api/v1.1/payments/intent/');
    await mh.createPaymentLink(base);
    expect((seen[0]!.body as Record<string, unknown>)['flow_id']).toBe('flow_env');
    expect(await sent({ operation: 'purchase' })).toEqual({ flow_id: undefined, operation: 'purchase' });
  });

  it('both in the settings → ConfigurationError; both in the input → InvalidRequestError; bad operation refused', async () => {
    const both = createMoneyHash({ apiKey: API_KEY, flowId: 'f', operation: 'purchase' });
    expect(await rejection(both.createPaymentLink(base))).toBeInstanceOf(ConfigurationError);
    const mh = createMoneyHash({ apiKey: API_KEY });
    const input = await rejection(mh.createPaymentLink({ ...base, flowId: 'f', operation: 'purchase' }));
    expect(input).toBeInstanceOf(InvalidRequestError);
    const bad = await rejection(mh.createPaymentLink({ ...base, operation: 'capture' as 'purchase' }));
    expect(bad.code).toBe('invalid_field');
    const badSetting = createMoneyHash({ apiKey: API_KEY, operation: 'sale' as 'purchase' });
    expect(await rejection(badSetting.createPaymentLink(base))).toBeInstanceOf(ConfigurationError);
  });
});

describe('credentials and settings', () => {
  it('constructing never throws; the first call without an API key throws ConfigurationError, before any request', async () => {
    const seen = capture('post', '/api/v1.1/payments/intent/');
    const mh = createMoneyHash();
    const error = await rejection(mh.createPaymentLink(base));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('MONEYHASH_API_KEY');
    expect(seen).toHaveLength(0);
    for (const call of [
      () => mh.getPayment('x'),
      () => mh.cancelPaymentLink('x'),
      () => mh.capture('t'),
      () => mh.void('t'),
      () => mh.refund('t'),
      () => mh.fetchWebhookSecret(),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(ConfigurationError);
    }
  });

  it('reads MONEYHASH_API_KEY lazily', async () => {
    const mh = createMoneyHash();
    vi.stubEnv('MONEYHASH_API_KEY', API_KEY);
    const seen = capture('post', '/api/v1.1/payments/intent/');
    await mh.createPaymentLink(base);
    expect(seen[0]!.headers.get('x-api-key')).toBe(API_KEY);
  });

  it('uses baseUrl and extra headers; a bad baseUrl is a ConfigurationError at the first call', async () => {
    expect(MONEYHASH_DEFAULT_BASE_URL).toBe(BASE);
    const seen: string[] = [];
    server.use(
      http.post('https://staging-web.moneyhash.io/api/v1.1/payments/intent/', ({ request }) => {
        seen.push(request.headers.get('x-trace') ?? '');
        return HttpResponse.json(okIntent());
      }),
    );
    const staging = createMoneyHash({
      apiKey: API_KEY,
      baseUrl: 'https://staging-web.moneyhash.io/',
      headers: { 'x-trace': 't-1' },
    });
    await staging.createPaymentLink(base);
    expect(seen).toEqual(['t-1']);
    const bad = createMoneyHash({ apiKey: API_KEY, baseUrl: 'not a url' });
    expect(await rejection(bad.createPaymentLink(base))).toBeInstanceOf(ConfigurationError);
  });
});

describe('the error envelope', () => {
  const envelope = (code: number, errors: unknown, message = '') => ({
    status: { code, message, errors },
    data: {},
  });

  it('HTTP 400 with the envelope → ProviderError with field errors', async () => {
    capture('post', '/api/v1.1/payments/intent/', () =>
      HttpResponse.json(envelope(400, [{ card_token: 'This field may not be null.' }]), { status: 400 }),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY, retry: false }).createPaymentLink(base));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_request',
      providerType: '400',
      retryable: false,
      fieldErrors: [{ field: 'card_token', message: 'This field may not be null.' }],
    });
    expect(error.message).toContain('card_token: This field may not be null.');
  });

  it('HTTP 200 whose envelope says 400 → ProviderError all the same', async () => {
    capture('post', '/api/v1.1/payments/intent/', () =>
      HttpResponse.json(
        envelope(400, [
          { amount: ['Ensure that there are no more than 2 decimal places.', 'Too big.'] },
          'bare',
        ]),
      ),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY }).createPaymentLink(base));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 200,
      code: 'invalid_request',
      providerType: '400',
      fieldErrors: [
        { field: 'amount', message: 'Ensure that there are no more than 2 decimal places.' },
        { field: 'amount', message: 'Too big.' },
        { field: '', message: 'bare' },
      ],
    });
  });

  it('HTTP 200 whose envelope says 401 → authentication, and the API key never appears', async () => {
    capture('post', '/api/v1.1/payments/intent/', () =>
      HttpResponse.json(envelope(401, [], `Invalid API key ${API_KEY}`)),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY }).createPaymentLink(base));
    expect(error.code).toBe('authentication');
    expect((error as ProviderError).category).toBe('authentication');
    expect(JSON.stringify(error.toJSON())).not.toContain(API_KEY);
    expect(error.message).not.toContain(API_KEY);
  });

  it('HTTP 503 without an envelope → retryable ProviderError', async () => {
    capture(
      'post',
      '/api/v1.1/payments/intent/',
      () => new HttpResponse('<html>down</html>', { status: 503 }),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY, retry: false }).createPaymentLink(base));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryable: true });
  });

  it('a 2xx answer without embed_url → InvalidResponseError', async () => {
    capture('post', '/api/v1.1/payments/intent/', () =>
      HttpResponse.json({ status: { code: 200, message: 'success', errors: [] }, data: { id: 'x' } }),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY }).createPaymentLink(base));
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('a POST with an idempotency key is retried on 503 only with retryWithIdempotencyKey: true (MoneyHash does not document the header)', async () => {
    let calls = 0;
    capture('post', '/api/v1.1/payments/intent/', () => {
      calls += 1;
      return calls % 2 === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json(okIntent());
    });
    const optedIn = createMoneyHash({
      apiKey: API_KEY,
      retry: { limit: 1, backoffLimit: 10 },
      retryWithIdempotencyKey: true,
    });
    await optedIn.createPaymentLink(base, { idempotencyKey: 'k-1' });
    expect(calls).toBe(2);
    calls = 0;
    const mh = createMoneyHash({ apiKey: API_KEY, retry: { limit: 1, backoffLimit: 10 } });
    expect(await rejection(mh.createPaymentLink(base, { idempotencyKey: 'k-2' }))).toBeInstanceOf(
      ProviderError,
    );
    expect(calls).toBe(1);
    calls = 0;
    expect(await rejection(mh.createPaymentLink(base))).toBeInstanceOf(ProviderError);
    expect(calls).toBe(1);
  });
});

describe('getPayment', () => {
  const intent = (overrides: Record<string, unknown> = {}) => ({
    id: 'ePgw3gN',
    status: 'PROCESSED',
    amount: '105.00',
    amount_currency: 'SAR',
    custom_fields: { reference: 'order-1042' },
    active_transaction: { id: 'tx-1', status: 'SUCCESSFUL' },
    payment_status: { status: 'CAPTURED', balances: { total_captured: '105.00', total_refunded: '5.00' } },
    is_live: false,
    ...overrides,
  });

  it('GET /api/v1.4/payments/intent/{id}/ → status from intent, transaction and balances', async () => {
    const seen = capture('get', '/api/v1.4/payments/intent/ePgw3gN/', () =>
      HttpResponse.json({
        status: { code: 200, message: 'success', errors: [] },
        data: { intent: intent() },
      }),
    );
    const payment = await createMoneyHash({ apiKey: API_KEY }).getPayment('ePgw3gN');
    expect(seen[0]!.headers.get('x-api-key')).toBe(API_KEY);
    expect(payment).toMatchObject({
      provider: 'moneyhash',
      id: 'ePgw3gN',
      status: 'partially_refunded',
      providerStatus: 'PROCESSED',
      intentStatus: 'PROCESSED',
      paymentStatus: 'CAPTURED',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      capturedAmount: 10_500,
      refundedAmount: 500,
      transactionId: 'tx-1',
      transactionStatus: 'SUCCESSFUL',
    });
  });

  it.each([
    [
      'the intent as data, balances as numbers, fully refunded',
      { payment_status: { status: 'CAPTURED', balances: { total_captured: 105, total_refunded: 105 } } },
      'refunded',
    ],
    [
      'authorized',
      { payment_status: { status: 'AUTHORIZED', balances: { total_authorized: 105.5 } } },
      'authorized',
    ],
    [
      'unprocessed, waiting for 3-D Secure',
      {
        status: 'UNPROCESSED',
        payment_status: null,
        active_transaction: { id: 't', status: 'PENDING_AUTHENTICATION' },
      },
      'requires_action',
    ],
    ['expired', { status: 'TIME_EXPIRED', payment_status: null, active_transaction: null }, 'expired'],
  ])('%s', async (_name, overrides, status) => {
    capture('get', '/api/v1.4/payments/intent/ePgw3gN/', () =>
      HttpResponse.json({ status: { code: 200, message: 'success', errors: [] }, data: intent(overrides) }),
    );
    expect((await createMoneyHash({ apiKey: API_KEY }).getPayment('ePgw3gN')).status).toBe(status);
  });

  it('encodes the id into the path and refuses empty ids and ids with a slash before any request', async () => {
    const seen = capture('get', '/api/v1.4/payments/intent/a%20b/', () =>
      HttpResponse.json({ status: { code: 200 }, data: { intent: intent({ id: 'a b' }) } }),
    );
    const mh = createMoneyHash({ apiKey: API_KEY });
    expect((await mh.getPayment('a b')).id).toBe('a b');
    expect(seen).toHaveLength(1);
    expect(await rejection(mh.getPayment(''))).toBeInstanceOf(InvalidRequestError);
    expect(await rejection(mh.getPayment('a/b'))).toMatchObject({ code: 'invalid_id' });
    expect(seen).toHaveLength(1);
  });

  it('an intent without amount or with an unreadable amount → InvalidResponseError', async () => {
    capture('get', '/api/v1.4/payments/intent/ePgw3gN/', () =>
      HttpResponse.json({ status: { code: 200 }, data: { intent: intent({ amount: null }) } }),
    );
    const mh = createMoneyHash({ apiKey: API_KEY });
    expect(await rejection(mh.getPayment('ePgw3gN'))).toBeInstanceOf(InvalidResponseError);
    server.resetHandlers();
    capture('get', '/api/v1.4/payments/intent/ePgw3gN/', () =>
      HttpResponse.json({ status: { code: 200 }, data: { intent: intent({ amount: '1.5e3' }) } }),
    );
    expect(await rejection(mh.getPayment('ePgw3gN'))).toBeInstanceOf(InvalidResponseError);
  });

  it('a 404 envelope → ProviderError not_found', async () => {
    capture('get', '/api/v1.4/payments/intent/nope/', () =>
      HttpResponse.json(
        { status: { code: 404, message: 'Not found.', errors: [] }, data: {} },
        { status: 404 },
      ),
    );
    const error = await rejection(createMoneyHash({ apiKey: API_KEY }).getPayment('nope'));
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(error.message).toContain('Not found.');
  });
});

describe('operations', () => {
  const ok = (data: unknown) => () =>
    HttpResponse.json({ status: { code: 200, message: 'success', errors: [] }, data });

  it('cancelPaymentLink → POST /api/v1.4/payments/intent/{id}/close/ → canceled', async () => {
    const seen = capture(
      'post',
      '/api/v1.4/payments/intent/ePgw3gN/close/',
      ok({ id: 'ePgw3gN', status: 'CLOSED' }),
    );
    const closed = await createMoneyHash({ apiKey: API_KEY }).cancelPaymentLink('ePgw3gN');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.get('x-api-key')).toBe(API_KEY);
    expect(closed).toMatchObject({
      provider: 'moneyhash',
      id: 'ePgw3gN',
      status: 'canceled',
      providerStatus: 'CLOSED',
    });
  });

  it('cancelPaymentLink reads the status from data.intent too, and defaults to CLOSED', async () => {
    capture('post', '/api/v1.4/payments/intent/a/close/', ok({ intent: { id: 'a', status: 'CLOSED' } }));
    capture('post', '/api/v1.4/payments/intent/b/close/', ok({}));
    const mh = createMoneyHash({ apiKey: API_KEY });
    expect((await mh.cancelPaymentLink('a')).providerStatus).toBe('CLOSED');
    expect(await mh.cancelPaymentLink('b')).toMatchObject({ providerStatus: 'CLOSED', status: 'canceled' });
  });

  it('capture → POST /api/v1.1/payments/transactions/{id}/capture/ with { amount }', async () => {
    const seen = capture(
      'post',
      '/api/v1.1/payments/transactions/tx-1/capture/',
      ok({
        intent: { id: 'ePgw3gN' },
        transaction: {
          id: 'tx-1',
          operations: [
            { type: 'authorize', status: 'successful' },
            { type: 'capture', status: 'successful' },
          ],
        },
      }),
    );
    const result = await createMoneyHash({ apiKey: API_KEY }).capture(
      { transactionId: 'tx-1', currency: 'SAR' },
      5_000,
    );
    expect(seen[0]!.body).toEqual({ amount: '50.00' });
    expect(result).toMatchObject({
      provider: 'moneyhash',
      operation: 'capture',
      transactionId: 'tx-1',
      intentId: 'ePgw3gN',
      operationStatus: 'successful',
      outcome: 'succeeded',
    });
  });

  it('void → POST /api/v1.4/payments/transactions/{id}/void/ with an empty body', async () => {
    const seen = capture('post', '/api/v1.4/payments/transactions/tx-1/void/', ok({ intent_id: 'ePgw3gN' }));
    const result = await createMoneyHash({ apiKey: API_KEY }).void({ transactionId: 'tx-1' });
    expect(seen[0]!.body).toEqual({});
    expect(result).toMatchObject({ operation: 'void', transactionId: 'tx-1', intentId: 'ePgw3gN' });
    expect(result.outcome).toBeUndefined();
  });

  it('refund → POST /api/v1.4/payments/transactions/{id}/refund/ with { amount, amount_currency }', async () => {
    const seen = capture(
      'post',
      '/api/v1.4/payments/transactions/tx-1/refund/',
      ok({ operations: [{ type: 'refund', status: 'PENDING' }] }),
    );
    const result = await createMoneyHash({ apiKey: API_KEY }).refund(
      { transactionId: 'tx-1', currency: 'sar' },
      2_000,
    );
    expect(seen[0]!.body).toEqual({ amount: '20.00', amount_currency: 'SAR' });
    expect(result).toMatchObject({ operation: 'refund', operationStatus: 'pending', outcome: 'pending' });
  });

  it('refund without an amount sends an empty body; a KWD amount needing 3 decimals is refused first', async () => {
    const seen = capture('post', '/api/v1.4/payments/transactions/tx-1/refund/', ok(null));
    const mh = createMoneyHash({ apiKey: API_KEY });
    await mh.refund({ transactionId: 'tx-1' });
    expect(seen[0]!.body).toEqual({});
    const error = await rejection(mh.refund({ transactionId: 'tx-1', currency: 'KWD' }, 1_505));
    expect(error.code).toBe('amount_not_representable');
    expect(seen).toHaveLength(1);
    expect(await rejection(mh.capture(''))).toBeInstanceOf(InvalidRequestError);
  });

  it('fetchWebhookSecret → GET /api/v1/organizations/get-webhook-signature-key/, and the secret is redacted from errors', async () => {
    const secret = 'org_webhook_signature_secret_7d1e';
    capture(
      'get',
      '/api/v1/organizations/get-webhook-signature-key/',
      ok({ webhook_signature_secret: secret }),
    );
    expect(await createMoneyHash({ apiKey: API_KEY }).fetchWebhookSecret()).toBe(secret);
    const error = new ProviderError({ status: 400, message: `echo ${secret}` });
    expect(error.message).not.toContain(secret);
  });
});
