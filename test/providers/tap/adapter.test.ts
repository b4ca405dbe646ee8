/**
 * The Tap adapter over HTTP (msw): the exact request bodies (amounts as exact decimals), Tap's
 * input rules checked before any request, idempotency (a create with a key is retried, one without
 * never), getPayment by id prefix, capture / void / refund, Tap's error bodies, settings.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  type PaybridgeError,
  ProviderError,
} from 'paybridge';
import { createTap, TAP_DEFAULT_BASE_URL, type TapLinkInput, type TapSettings } from 'paybridge/tap';
import { tapObject } from 'paybridge/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE, TEST_KEY } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const adapter = (settings: TapSettings = {}) =>
  createTap({ secretKey: TEST_KEY, baseUrl: BASE, retry: { limit: 2, backoffLimit: 1 }, ...settings });

const input = (overrides: Partial<TapLinkInput> = {}): TapLinkInput => ({
  amount: 10_500,
  currency: 'KWD',
  reference: 'order-1042',
  successUrl: 'https://shop.example/return',
  customer: { firstName: 'Sara', email: 'sara@example.com' },
  ...overrides,
});

interface Seen {
  method: string;
  path: string;
  body: string;
  headers: Headers;
}

/** Answers `method path` with the responses in turn (the last repeats) and records each request. */
function route(method: 'get' | 'post', path: string, ...responses: ((request: Seen) => Response)[]): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      const entry = {
        method: request.method,
        path: new URL(request.url).pathname,
        body: await request.text(),
        headers: request.headers,
      };
      seen.push(entry);
      return responses[Math.min(seen.length - 1, responses.length - 1)]!(entry);
    }),
  );
  return seen;
}

/** A charge answer shaped like Tap's, echoing the request's amount and currency. */
function chargeAnswer(extra: Record<string, unknown> = {}, object: 'charge' | 'authorize' = 'charge') {
  return (request: Seen) => {
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const value = tapObject({
      object,
      id: object === 'charge' ? 'chg_TS0created' : 'auth_TS0created',
      tapStatus: 'INITIATED',
      amount: 10_500,
      currency: 'KWD',
      reference: 'order-1042',
      url: 'https://checkout.tap.company/?mode=page&token=abc',
      created: new Date('2030-01-01T00:00:00Z'),
    });
    return HttpResponse.json({ ...value, amount: body['amount'] ?? value['amount'], ...extra });
  };
}

const tapErrorResponse = (status: number, code: string, description: string, extra = {}) =>
  HttpResponse.json({ errors: [{ code, description }], ...extra }, { status });

async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

describe('createPaymentLink', () => {
  it('POSTs /charges with Bearer auth and the exact JSON text: the amount as Tap’s major-unit decimal', async () => {
    const seen = route('post', '/charges', chargeAnswer());
    const link = await adapter().createPaymentLink(
      input({
        webhookUrl: 'https://shop.example/webhooks/tap',
        description: 'Order #1042',
        metadata: { cart: 'c-77' },
        customer: {
          firstName: 'Sara',
          lastName: 'Al-Sabah',
          email: 'sara@example.com',
          phone: '+965 5000 0000',
        },
      }),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`);
    expect(seen[0]!.headers.get('content-type')).toMatch(/^application\/json/);
    expect(seen[0]!.body).toBe(
      '{"amount":10.500,"currency":"KWD","customer":{"first_name":"Sara","last_name":"Al-Sabah","email":"sara@example.com",' +
        '"phone":{"country_code":"965","number":"50000000"}},"source":{"id":"src_all"},"redirect":{"url":"https://shop.example/return"},' +
        '"post":{"url":"https://shop.example/webhooks/tap"},"reference":{"transaction":"order-1042","order":"order-1042"},' +
        '"description":"Order #1042","metadata":{"cart":"c-77"}}',
    );
    expect(link).toMatchObject({
      provider: 'tap',
      object: 'charge',
      id: 'chg_TS0created',
      url: 'https://checkout.tap.company/?mode=page&token=abc',
      status: 'pending',
      amount: 10_500,
      currency: 'KWD',
      reference: 'order-1042',
    });
    // transaction.created + expiry.period (30 minutes)
    expect(link.expiresAt?.toISOString()).toBe('2030-01-01T00:30:00.000Z');
  });

  it.each([
    [100, 'SAR', '1.00'],
    [1, 'BHD', '0.001'],
    [2_500, 'JOD', '2.500'],
    [500, 'JPY', '500'],
    [9_007_199_254_740_991, 'SAR', '90071992547409.91'],
  ])('%i %s is sent as %s', async (amount, currency, text) => {
    const seen = route('post', '/charges', chargeAnswer());
    await adapter()
      .createPaymentLink(input({ amount, currency }))
      .catch(() => undefined);
    expect(seen[0]!.body.startsWith(`{"amount":${text},"currency":"${currency}",`)).toBe(true);
  });

  it('JOD [UNCONFIRMED #2] with currencyExponents: { JOD: 2 } is sent with two decimals (250 → 2.50)', async () => {
    const seen = route('post', '/charges', chargeAnswer());
    await adapter({ currencyExponents: { JOD: 2 } })
      .createPaymentLink(input({ amount: 250, currency: 'JOD' }))
      .catch(() => undefined);
    expect(seen[0]!.body.startsWith('{"amount":2.50,')).toBe(true);
  });

  it('operation "authorize" POSTs /authorize and returns an authorization link', async () => {
    const seen = route('post', '/authorize', chargeAnswer({}, 'authorize'));
    const link = await adapter().createPaymentLink(input({ operation: 'authorize', source: 'src_card' }));
    expect(seen[0]!.body).toContain('"source":{"id":"src_card"}');
    expect(link).toMatchObject({ object: 'authorize', id: 'auth_TS0created', status: 'pending' });
  });

  it('expiresAt → transaction.expiry in minutes (5 to 60, rounded to the minute)', async () => {
    const seen = route('post', '/charges', chargeAnswer());
    await adapter().createPaymentLink(input({ expiresAt: new Date(Date.now() + 45 * 60_000 + 10_000) }));
    expect(seen[0]!.body).toContain('"transaction":{"expiry":{"period":45,"type":"MINUTE"}}');
  });

  it('customer details: name as the first name, customerId instead of details', async () => {
    const seen = route('post', '/charges', chargeAnswer());
    await adapter().createPaymentLink(
      input({ customer: { name: 'Sara Al-Sabah', phone: '00966-51234567' } }),
    );
    expect(seen[0]!.body).toContain(
      '"customer":{"first_name":"Sara Al-Sabah","phone":{"country_code":"966","number":"51234567"}}',
    );
    await adapter().createPaymentLink(input({ customer: undefined, customerId: 'cus_TS0abc' }));
    expect(seen[1]!.body).toContain('"customer":{"id":"cus_TS0abc"}');
  });

  const mistakes: [string, Partial<TapLinkInput> | Record<string, unknown>, string, string][] = [
    ['no customer', { customer: undefined }, 'missing_field', 'customer'],
    ['no first name', { customer: { lastName: 'X', email: 'a@b.c' } }, 'missing_field', 'customer.firstName'],
    [
      'a blank first name',
      { customer: { firstName: ' ', email: 'a@b.c' } },
      'missing_field',
      'customer.firstName',
    ],
    ['neither email nor phone', { customer: { firstName: 'Sara' } }, 'missing_field', 'customer.email'],
    [
      'a phone without country code',
      { customer: { firstName: 'Sara', phone: '50000000' } },
      'invalid_field',
      'customer.phone',
    ],
    ['customer and customerId', { customerId: 'cus_1' }, 'invalid_field', 'customerId'],
    ['a customerId that is not text', { customer: undefined, customerId: 7 }, 'invalid_field', 'customerId'],
    ['no successUrl', { successUrl: undefined }, 'missing_field', 'successUrl'],
    ['a cancelUrl', { cancelUrl: 'https://shop.example/cart' }, 'unsupported_field', 'cancelUrl'],
    ['a failureUrl', { failureUrl: 'https://shop.example/failed' }, 'unsupported_field', 'failureUrl'],
    ['a reference of 100 characters', { reference: 'r'.repeat(100) }, 'field_too_long', 'reference'],
    ['a description of 1000 characters', { description: 'd'.repeat(1000) }, 'field_too_long', 'description'],
    [
      'a metadata key of 250 characters',
      { metadata: { ['k'.repeat(250)]: 'v' } },
      'metadata_key_too_long',
      `metadata.${'k'.repeat(250)}`,
    ],
    [
      'a metadata value of 1000 characters',
      { metadata: { k: 'v'.repeat(1000) } },
      'metadata_value_too_long',
      'metadata.k',
    ],
    [
      'an expiry 4 minutes ahead',
      { expiresAt: new Date(Date.now() + 4 * 60_000) },
      'expires_at_out_of_range',
      'expiresAt',
    ],
    [
      'an expiry 61 minutes ahead',
      { expiresAt: new Date(Date.now() + 61 * 60_000) },
      'expires_at_out_of_range',
      'expiresAt',
    ],
    ['a token as source', { source: 'tok_abc' }, 'invalid_field', 'source'],
    ['an unknown operation', { operation: 'capture' }, 'invalid_field', 'operation'],
    ['an unknown currency', { currency: 'ZZZ' }, 'unknown_currency', 'currency'],
    ['a fractional amount', { amount: 10.5 }, 'invalid_amount', 'amount'],
  ];
  for (const [name, change, code, field] of mistakes) {
    it(`${name} → InvalidRequestError ${code} (${field}), before any request`, async () => {
      const seen = route('post', '/charges', chargeAnswer());
      const error = await rejection(adapter().createPaymentLink(input(change as Partial<TapLinkInput>)));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ code, field, provider: 'tap' });
      expect(seen).toHaveLength(0);
    });
  }

  it('a 2xx answer without a hosted page (transaction.url) → InvalidResponseError', async () => {
    route('post', '/charges', () => HttpResponse.json(tapObject({ id: 'chg_x', tapStatus: 'CAPTURED' })));
    const error = await rejection(adapter().createPaymentLink(input()));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ path: 'transaction.url' });
  });

  it('an answer whose amount cannot be read → InvalidResponseError', async () => {
    route('post', '/charges', chargeAnswer({ amount: 'ten' }));
    expect(await rejection(adapter().createPaymentLink(input()))).toBeInstanceOf(InvalidResponseError);
  });
});

describe('idempotency: reference.idempotent', () => {
  const unavailable = () => tapErrorResponse(503, '9999', 'Internal error');

  it('a create with idempotencyKey carries it as reference.idempotent and is retried after a 503', async () => {
    const seen = route('post', '/charges', unavailable, chargeAnswer());
    const link = await adapter().createPaymentLink(input(), { idempotencyKey: 'order-1042-try' });
    expect(link.id).toBe('chg_TS0created');
    expect(seen).toHaveLength(2);
    expect(seen[0]!.body).toContain(
      '"reference":{"transaction":"order-1042","order":"order-1042","idempotent":"order-1042-try"}',
    );
    expect(seen[1]!.body).toBe(seen[0]!.body);
  });

  it('a create without a key is never retried', async () => {
    const seen = route('post', '/charges', unavailable, chargeAnswer());
    const error = await rejection(adapter().createPaymentLink(input()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503, category: 'unavailable', retryable: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).not.toContain('idempotent');
  });

  it.each([[''], ['  '], [7], ['k'.repeat(256)]])(
    'an idempotencyKey %j → invalid_option, before any request',
    async (key) => {
      const seen = route('post', '/charges', chargeAnswer());
      const error = await rejection(adapter().createPaymentLink(input(), { idempotencyKey: key as string }));
      expect(error).toMatchObject({ code: 'invalid_option', field: 'idempotencyKey' });
      expect(seen).toHaveLength(0);
    },
  );
});

describe('getPayment', () => {
  it('a charge: GET /charges/{id}, status from the table, reference from reference.transaction', async () => {
    const value = tapObject({
      id: 'chg_1',
      tapStatus: 'CAPTURED',
      amount: 1_000,
      currency: 'BHD',
      reference: 'order-7',
      url: 'https://tap.example/p',
    });
    const seen = route('get', '/charges/chg_1', () => HttpResponse.json(value));
    expect(await adapter().getPayment('chg_1')).toMatchObject({
      provider: 'tap',
      object: 'charge',
      id: 'chg_1',
      status: 'succeeded',
      providerStatus: 'CAPTURED',
      amount: 1_000,
      currency: 'BHD',
      reference: 'order-7',
      capturedAmount: 1_000,
      responseCode: '000',
      message: 'Captured',
      live: false,
      url: 'https://tap.example/p',
    });
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`);
  });

  it('an authorization: GET /authorize/{id}', async () => {
    route('get', '/authorize/auth_1', () =>
      HttpResponse.json(tapObject({ object: 'authorize', id: 'auth_1', tapStatus: 'AUTHORIZED' })),
    );
    expect(await adapter().getPayment('auth_1')).toMatchObject({
      object: 'authorize',
      status: 'authorized',
      capturedAmount: undefined,
    });
  });

  it('an invoice: GET /invoices/{id}', async () => {
    route('get', '/invoices/inv_1', () =>
      HttpResponse.json(tapObject({ object: 'invoice', id: 'inv_1', tapStatus: 'PAID', reference: 'o-1' })),
    );
    expect(await adapter().getPayment('inv_1')).toMatchObject({
      object: 'invoice',
      status: 'succeeded',
      reference: 'o-1',
    });
  });

  it('a declined charge says why', async () => {
    route('get', '/charges/chg_2', () =>
      HttpResponse.json(tapObject({ id: 'chg_2', tapStatus: 'DECLINED', message: 'Insufficient Funds' })),
    );
    expect(await adapter().getPayment('chg_2')).toMatchObject({
      status: 'failed',
      responseCode: '507',
      message: 'Insufficient Funds',
      capturedAmount: 0,
    });
  });

  it.each([[''], ['a/b'], ['..'], [42]])('an id %j → invalid_id, before any request', async (id) => {
    expect(await rejection(adapter().getPayment(id as string))).toMatchObject({ code: 'invalid_id' });
  });
});

describe("Tap's error answers", () => {
  it('1144 "Charge not found" → ProviderError not_found', async () => {
    route('get', '/charges/chg_missing', () => tapErrorResponse(404, '1144', 'Charge not found'));
    const error = await rejection(adapter().getPayment('chg_missing'));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      category: 'not_found',
      providerType: '1144',
    });
    expect(error.message).toContain('1144: Charge not found');
  });

  it('1144 answered with a 400 still reads as not_found (Tap’s code says more than the status)', async () => {
    route('get', '/charges/chg_missing', () =>
      tapErrorResponse(400, '1144', 'Charge not found', { http_code: '400' }),
    );
    expect(await rejection(adapter().getPayment('chg_missing'))).toMatchObject({
      code: 'not_found',
      category: 'not_found',
    });
  });

  it('2104 → invalid_api_key (authentication); an unknown code → the category', async () => {
    route('get', '/charges/chg_1', () => tapErrorResponse(401, '2104', 'Invalid API key'));
    expect(await rejection(adapter().getPayment('chg_1'))).toMatchObject({
      code: 'invalid_api_key',
      category: 'authentication',
    });
    server.resetHandlers();
    route('get', '/charges/chg_1', () => tapErrorResponse(400, '4242', 'Something new'));
    expect(await rejection(adapter().getPayment('chg_1'))).toMatchObject({
      code: 'invalid_request',
      providerType: '4242',
    });
  });

  it('several errors are all in the message and fieldErrors', async () => {
    route('post', '/charges', () =>
      HttpResponse.json(
        {
          errors: [
            { code: '1117', description: 'Amount is invalid' },
            { code: '1119', description: 'Currency not supported' },
          ],
        },
        { status: 400 },
      ),
    );
    const error = (await rejection(adapter().createPaymentLink(input()))) as ProviderError;
    expect(error.code).toBe('invalid_amount');
    expect(error.fieldErrors).toEqual([
      { field: '', message: '1117: Amount is invalid' },
      { field: '', message: '1119: Currency not supported' },
    ]);
  });

  it('an error body answered with HTTP 200 is still an error (status from http_code)', async () => {
    route('get', '/charges/chg_1', () =>
      HttpResponse.json({ errors: [{ code: 1144, description: 'Charge not found' }], http_code: '404' }),
    );
    expect(await rejection(adapter().getPayment('chg_1'))).toMatchObject({
      name: 'ProviderError',
      status: 404,
      code: 'not_found',
    });
  });

  it('an unreadable 5xx body → ProviderError unavailable', async () => {
    route('get', '/charges/chg_1', () => new HttpResponse('<html>bad gateway</html>', { status: 502 }));
    expect(await rejection(adapter({ retry: false }).getPayment('chg_1'))).toMatchObject({
      category: 'unavailable',
      status: 502,
    });
  });
});

describe('capture and void (authorizations)', () => {
  const authorization = tapObject({
    object: 'authorize',
    id: 'auth_1',
    tapStatus: 'AUTHORIZED',
    amount: 10_000,
    currency: 'SAR',
    reference: 'order-5',
    webhookUrl: 'https://shop.example/webhooks/tap',
  });

  it('capture: GET the authorization, then POST /charges with source auth_…, its customer and references', async () => {
    route('get', '/authorize/auth_1', () => HttpResponse.json(authorization));
    const seen = route('post', '/charges', () =>
      HttpResponse.json(
        tapObject({
          id: 'chg_cap',
          tapStatus: 'CAPTURED',
          amount: 4_000,
          currency: 'SAR',
          reference: 'order-5',
        }),
      ),
    );
    const payment = await adapter().capture('auth_1', 4_000, { idempotencyKey: 'cap-1' });
    const customerId = (authorization['customer'] as { id: string }).id;
    expect(seen[0]!.body).toBe(
      `{"amount":40.00,"currency":"SAR","customer":{"id":"${customerId}"},"source":{"id":"auth_1"},"customer_initiated":true,` +
        '"threeDSecure":true,"redirect":{"url":"https://shop.example/return"},"post":{"url":"https://shop.example/webhooks/tap"},' +
        '"reference":{"transaction":"order-5","order":"order-5","idempotent":"cap-1"}}',
    );
    expect(payment).toMatchObject({ object: 'charge', id: 'chg_cap', status: 'succeeded', amount: 4_000 });
  });

  it('capture without an amount captures what was authorized; more than that is refused before the POST', async () => {
    route('get', '/authorize/auth_1', () => HttpResponse.json(authorization));
    const seen = route('post', '/charges', () =>
      HttpResponse.json(tapObject({ id: 'chg_cap', tapStatus: 'CAPTURED' })),
    );
    await adapter().capture('auth_1');
    expect(seen[0]!.body.startsWith('{"amount":100.00,')).toBe(true);
    expect(await rejection(adapter().capture('auth_1', 10_001))).toMatchObject({
      code: 'amount_above_authorized',
    });
    expect(seen).toHaveLength(1);
  });

  it('capture and void take authorization ids only', async () => {
    expect(await rejection(adapter().capture('chg_1'))).toMatchObject({
      code: 'invalid_id',
      field: 'authorizeId',
    });
    expect(await rejection(adapter().void('chg_1'))).toMatchObject({ code: 'invalid_id' });
  });

  it('void: POST /authorize/{id}/void with an empty object; an idempotencyKey is refused', async () => {
    const seen = route('post', '/authorize/auth_1/void', () =>
      HttpResponse.json({ ...authorization, status: 'VOID' }),
    );
    expect(await adapter().void('auth_1')).toMatchObject({
      object: 'authorize',
      status: 'canceled',
      providerStatus: 'VOID',
    });
    expect(seen[0]!.body).toBe('{}');
    expect(await rejection(adapter().void('auth_1', { idempotencyKey: 'v' }))).toMatchObject({
      code: 'unsupported_option',
    });
  });
});

describe('refund', () => {
  const charge = tapObject({
    id: 'chg_1',
    tapStatus: 'CAPTURED',
    amount: 10_500,
    currency: 'KWD',
    webhookUrl: 'https://shop.example/webhooks/tap',
  });
  const refundAnswer = (request: Seen) => {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    return HttpResponse.json({
      ...tapObject({
        object: 'refund',
        id: 're_1',
        chargeId: 'chg_1',
        tapStatus: 'PENDING',
        currency: 'KWD',
      }),
      amount: body['amount'],
      reason: body['reason'],
    });
  };

  it('in full by default: GET the charge, POST /refunds with its currency, reason requested_by_customer, its post.url', async () => {
    route('get', '/charges/chg_1', () => HttpResponse.json(charge));
    const seen = route('post', '/refunds', refundAnswer);
    const refund = await adapter().refund('chg_1');
    expect(seen[0]!.body).toBe(
      '{"amount":10.500,"charge_id":"chg_1","currency":"KWD","reason":"requested_by_customer","post":{"url":"https://shop.example/webhooks/tap"}}',
    );
    expect(refund).toEqual({
      provider: 'tap',
      operation: 'refund',
      id: 're_1',
      chargeId: 'chg_1',
      outcome: 'pending',
      providerStatus: 'PENDING',
      amount: 10_500,
      currency: 'KWD',
      reason: 'requested_by_customer',
      message: 'Pending',
      raw: expect.any(Object),
    });
  });

  it('a partial refund with a reason of your own [UNCONFIRMED #7], a description, your reference, another post.url and a key', async () => {
    route('get', '/charges/chg_1', () => HttpResponse.json(charge));
    const seen = route('post', '/refunds', refundAnswer);
    const refund = await adapter().refund({ transactionId: 'chg_1' }, 2_500, {
      reason: 'The product is out of stock',
      description: 'Partial',
      reference: 'refund-1',
      webhookUrl: 'https://shop.example/refunds',
      idempotencyKey: 'refund-1',
    });
    expect(seen[0]!.body).toBe(
      '{"amount":2.500,"charge_id":"chg_1","currency":"KWD","reason":"The product is out of stock","description":"Partial",' +
        '"reference":{"merchant":"refund-1","idempotent":"refund-1"},"post":{"url":"https://shop.example/refunds"}}',
    );
    expect(refund).toMatchObject({ amount: 2_500, reason: 'The product is out of stock' });
  });

  it('is retried after a 503 only with an idempotencyKey', async () => {
    route('get', '/charges/chg_1', () => HttpResponse.json(charge));
    const seen = route('post', '/refunds', () => tapErrorResponse(503, '9999', 'down'), refundAnswer);
    await adapter().refund('chg_1', 100, { idempotencyKey: 'r-2' });
    expect(seen).toHaveLength(2);
    const once = route('post', '/refunds', () => tapErrorResponse(503, '9999', 'down'), refundAnswer);
    expect(await rejection(adapter().refund('chg_1', 100))).toBeInstanceOf(ProviderError);
    expect(once).toHaveLength(1);
  });

  it('more than the charge, an authorization or invoice id, a blank reason → refused before the POST', async () => {
    route('get', '/charges/chg_1', () => HttpResponse.json(charge));
    const seen = route('post', '/refunds', refundAnswer);
    expect(await rejection(adapter().refund('chg_1', 10_501))).toMatchObject({ code: 'amount_above_charge' });
    expect(await rejection(adapter().refund('auth_1'))).toMatchObject({ code: 'invalid_id' });
    expect(await rejection(adapter().refund('inv_1'))).toMatchObject({ code: 'invalid_id' });
    expect(await rejection(adapter().refund('chg_1', 100, { reason: ' ' }))).toMatchObject({
      code: 'missing_field',
    });
    expect(await rejection(adapter().refund('chg_1', -1))).toMatchObject({ code: 'negative_amount' });
    expect(seen).toHaveLength(0);
  });

  it('getRefund: GET /refunds/{id}', async () => {
    route('get', '/refunds/re_1', () =>
      HttpResponse.json(
        tapObject({
          object: 'refund',
          id: 're_1',
          chargeId: 'chg_1',
          tapStatus: 'REFUNDED',
          amount: 100,
          currency: 'SAR',
        }),
      ),
    );
    expect(await adapter().getRefund('re_1')).toMatchObject({
      id: 're_1',
      outcome: 'succeeded',
      amount: 100,
      chargeId: 'chg_1',
    });
  });
});

describe('settings', () => {
  it('constructing never throws; a bad settings value is a ConfigurationError on first use', async () => {
    const tap = createTap(42 as never);
    expect(await rejection(tap.getPayment('chg_1'))).toMatchObject({
      name: 'ConfigurationError',
      code: 'invalid_setting',
    });
  });

  it.each([
    [{}, 'missing_setting'],
    [{ secretKey: 'pk_test_publishable' }, 'publishable_key'],
    [{ secretKey: 'not-a-tap-key' }, 'invalid_secret_key'],
    [{ secretKey: 'sk_test_x', currencyExponents: [] as never }, 'invalid_setting'],
    [{ secretKey: 'sk_test_x', baseUrl: 'ftp://api.tap.company' }, 'invalid_base_url'],
  ])('%j → ConfigurationError %s, before any request', async (settings, code) => {
    vi.stubEnv('TAP_SECRET_KEY', '');
    let requests = 0;
    const tap = createTap({
      ...settings,
      fetch: async () => {
        requests += 1;
        return new Response('{}');
      },
    });
    const error = await rejection(tap.createPaymentLink(input()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(code);
    expect(requests).toBe(0);
  });

  it(`reads TAP_SECRET_KEY and calls ${TAP_DEFAULT_BASE_URL} by default`, async () => {
    vi.stubEnv('TAP_SECRET_KEY', ` ${TEST_KEY}\n`);
    const urls: string[] = [];
    const tap = createTap({
      fetch: async (request) => {
        const r = request as Request;
        urls.push(r.url);
        expect(r.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`);
        return Response.json(tapObject({ id: 'chg_1' }));
      },
    });
    await tap.getPayment('chg_1');
    expect(urls).toEqual(['https://api.tap.company/v2/charges/chg_1']);
  });
});
