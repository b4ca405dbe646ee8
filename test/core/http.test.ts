import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  TimeoutError,
} from '../../src/core/errors';
import { createHttpClient, type ErrorContext, type HttpClientConfig, USER_AGENT } from '../../src/core/http';
import { registerSecret } from '../../src/core/redact';
import { PAYBRIDGE_VERSION } from '../../src/core/version';

const BASE = 'https://api.example.test/v1';
const SECRET = 'sk_http_test_9f8e7d6c5b4a';
registerSecret(SECRET);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A tolerant error parser in the shape adapters write: `{ error: { code, message, fields } }`. */
function parseError({ status, body }: ErrorContext) {
  const error = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } })
    ?.error;
  return {
    code: error?.code,
    message: error?.message ?? (typeof body === 'string' ? body : `HTTP ${status}`),
    fieldErrors: Object.entries(error?.fields ?? {}).map(([field, message]) => ({ field, message })),
    body,
  };
}

function client(overrides: Partial<HttpClientConfig> = {}) {
  return createHttpClient({
    provider: 'testpay',
    baseUrl: BASE,
    retry: { limit: 2, backoffLimit: 10, maxRetryAfter: 10 },
    authorize: (request) => request.headers.set('authorization', `Bearer ${SECRET}`),
    parseError,
    ...overrides,
  });
}

const ok = z.object({ ok: z.literal(true) });

/** Catches what a request throws (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(PaybridgeError.isInstance(error)).toBe(true);
    return error as PaybridgeError;
  }
  throw new Error('expected the request to fail');
}

/** Records each request the server gets and answers with the given responses in turn (the last repeats). */
function sequence(
  method: 'get' | 'post' | 'put' | 'delete' | 'patch',
  path: string,
  ...responses: (() => Response | Promise<Response>)[]
) {
  const seen: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, ({ request }) => {
      seen.push(request.clone());
      const next = responses[Math.min(seen.length - 1, responses.length - 1)]!;
      return next();
    }),
  );
  return seen;
}

const unavailable = () =>
  HttpResponse.json({ error: { code: 'unavailable', message: 'try later' } }, { status: 503 });
const fine = () => HttpResponse.json({ ok: true });

describe('URLs and headers', () => {
  it.each([[BASE], [`${BASE}/`]])(
    'joins the base URL %s and its path prefix with the request path',
    async (baseUrl) => {
      const urls: string[] = [];
      server.use(
        http.all('https://api.example.test/*', ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json({ ok: true });
        }),
      );
      const c = client({ baseUrl });
      await c.request({ method: 'GET', path: '/invoices', schema: ok });
      await c.request({ method: 'GET', path: 'invoices/inv_1', schema: ok });
      await c.request({ method: 'POST', path: '/api/v1.1/payments/intent/', json: {}, schema: ok });
      expect(urls).toEqual([
        'https://api.example.test/v1/invoices',
        'https://api.example.test/v1/invoices/inv_1',
        'https://api.example.test/v1/api/v1.1/payments/intent/',
      ]);
    },
  );

  it('sends User-Agent paybridge/<version>, accept, configured and per-request headers', async () => {
    const seen = sequence('get', '/me', fine);
    const c = client({ headers: { 'x-merchant': 'm1' } });
    await c.request({ method: 'GET', path: '/me', schema: ok, headers: { 'x-trace': 't1' } });
    const headers = seen[0]!.headers;
    expect(USER_AGENT).toBe(`paybridge/${PAYBRIDGE_VERSION}`);
    expect(headers.get('user-agent')).toBe(`paybridge/${PAYBRIDGE_VERSION}`);
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('x-merchant')).toBe('m1');
    expect(headers.get('x-trace')).toBe('t1');
    expect(headers.get('authorization')).toBe(`Bearer ${SECRET}`);
  });

  it('lets the adapter override the User-Agent', async () => {
    const seen = sequence('get', '/me', fine);
    await client({ userAgent: 'paybridge/0.1.0 moneygo' }).request({
      method: 'GET',
      path: '/me',
      schema: ok,
    });
    expect(seen[0]!.headers.get('user-agent')).toBe('paybridge/0.1.0 moneygo');
  });

  it('sends a JSON body and search parameters, dropping undefined ones', async () => {
    const seen = sequence('post', '/invoices', fine);
    await client().request({
      method: 'POST',
      path: '/invoices',
      json: { amount: 1050, currency: 'SAR', nested: { a: [1, 2] } },
      searchParams: { expand: 'customer', page: 2, live: false, skip: undefined },
      schema: ok,
    });
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await request.json()).toEqual({ amount: 1050, currency: 'SAR', nested: { a: [1, 2] } });
    const url = new URL(request.url);
    expect(url.pathname).toBe('/v1/invoices');
    expect([...url.searchParams]).toEqual([
      ['expand', 'customer'],
      ['page', '2'],
      ['live', 'false'],
    ]);
  });

  it('sends jsonText as it is, as JSON, and retries it like any body when the POST is idempotent', async () => {
    const text = '{"amount":10.500,"currency":"KWD","big":90071992547409.91}';
    const seen = sequence('post', '/charges', unavailable, fine);
    await client().request({
      method: 'POST',
      path: '/charges',
      jsonText: text,
      schema: ok,
      idempotent: true,
    });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await request.text()).toBe(text);
    }
  });

  it('accepts URLSearchParams with repeated keys', async () => {
    const seen = sequence('get', '/payments', fine);
    const searchParams = new URLSearchParams([
      ['status', 'paid'],
      ['status', 'failed'],
    ]);
    await client().request({ method: 'GET', path: '/payments', searchParams, schema: ok });
    expect(new URL(seen[0]!.url).searchParams.getAll('status')).toEqual(['paid', 'failed']);
  });

  it('calls authorize on every attempt, so a refreshed credential applies to retries', async () => {
    const seen = sequence('get', '/me', unavailable, unavailable, fine);
    let n = 0;
    const authorize = vi.fn((request: Request) => {
      n += 1;
      request.headers.set('authorization', `Bearer token-${n}`);
    });
    await client({ authorize }).request({ method: 'GET', path: '/me', schema: ok });
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-3',
    ]);
    expect(authorize).toHaveBeenCalledTimes(3);
  });

  it('awaits an async authorize hook', async () => {
    const seen = sequence('get', '/me', fine);
    await client({
      authorize: async (request) => {
        await delay(1);
        request.headers.set('x-api-key', 'k');
      },
    }).request({ method: 'GET', path: '/me', schema: ok });
    expect(seen[0]!.headers.get('x-api-key')).toBe('k');
  });
});

describe('2xx bodies', () => {
  it('returns the parsed data, and the status and headers with requestWithResponse', async () => {
    server.use(
      http.get(`${BASE}/invoices/1`, () =>
        HttpResponse.json(
          { id: 'inv_1', amount: 1050, extra: 'ignored' },
          { status: 201, headers: { 'x-request-id': 'r-9' } },
        ),
      ),
    );
    const schema = z.object({ id: z.string(), amount: z.number() });
    const c = client();
    expect(await c.request({ method: 'GET', path: '/invoices/1', schema })).toEqual({
      id: 'inv_1',
      amount: 1050,
    });
    const response = await c.requestWithResponse({ method: 'GET', path: '/invoices/1', schema });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('r-9');
    expect(response.data.id).toBe('inv_1');
    expect(c.provider).toBe('testpay');
  });

  it('maps a body that fails the schema to InvalidResponseError with the path of the bad field and no secret', async () => {
    server.use(
      http.get(`${BASE}/invoices/1`, () =>
        HttpResponse.json({ data: { id: 'inv_1', url: 42, token: SECRET, items: [{ amount: 'x' }] } }),
      ),
    );
    const schema = z.object({
      data: z.object({ id: z.string(), url: z.string(), items: z.array(z.object({ amount: z.number() })) }),
    });
    const error = await rejection(client().request({ method: 'GET', path: '/invoices/1', schema }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    const e = error as InvalidResponseError;
    expect(e.path).toBe('data.url');
    expect(e.status).toBe(200);
    expect(e.provider).toBe('testpay');
    expect(e.message).toContain('testpay answered GET /invoices/1 with an unexpected shape');
    expect(e.message).toContain('data.url');
    expect(e.message).toContain('data.items[0].amount');
    expect(JSON.stringify(e)).not.toContain(SECRET);
    expect(String(e.stack)).not.toContain(SECRET);
  });

  it('refuses a 2xx body that is not JSON', async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.text('<html>maintenance</html>', { status: 200 })));
    const error = await rejection(client().request({ method: 'GET', path: '/me', schema: ok }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(200);
    expect((error as InvalidResponseError).path).toBeUndefined();
    expect(error.message).toBe('testpay answered GET /me with a body that is not JSON.');
  });

  it('reads an empty 204 body as undefined', async () => {
    server.use(http.delete(`${BASE}/cards/c1`, () => new HttpResponse(null, { status: 204 })));
    const response = await client().requestWithResponse({
      method: 'DELETE',
      path: '/cards/c1',
      schema: z.undefined(),
    });
    expect(response.status).toBe(204);
    expect(response.data).toBeUndefined();
    const error = await rejection(client().request({ method: 'DELETE', path: '/cards/c1', schema: ok }));
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('throws what errorInBody reports on a 200', async () => {
    server.use(
      http.post(`${BASE}/checkout`, () =>
        HttpResponse.json({ status: 'error', code: 'E42', message: 'bad sign' }),
      ),
    );
    const errorInBody = vi.fn((body: unknown, status: number) => {
      const b = body as { status: string; code: string; message: string };
      return b.status === 'error' ? { code: b.code, message: `${b.message} (${status})` } : undefined;
    });
    const error = await rejection(
      client({ errorInBody }).request({ method: 'POST', path: '/checkout', json: {}, schema: ok }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    const e = error as ProviderError;
    expect([e.status, e.code, e.message, e.retryable, e.provider]).toEqual([
      200,
      'E42',
      'bad sign (200)',
      false,
      'testpay',
    ]);
    expect(errorInBody).toHaveBeenCalledWith({ status: 'error', code: 'E42', message: 'bad sign' }, 200);
  });

  it('passes a 2xx body on when errorInBody finds no error', async () => {
    server.use(http.get(`${BASE}/me`, fine));
    const errorInBody = vi.fn(() => undefined);
    expect(await client({ errorInBody }).request({ method: 'GET', path: '/me', schema: ok })).toEqual({
      ok: true,
    });
    expect(errorInBody).toHaveBeenCalledTimes(1);
  });
});

describe('error responses', () => {
  it('maps a 4xx through parseError to ProviderError with status, code, field errors and request id', async () => {
    server.use(
      http.post(`${BASE}/invoices`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'validation_failed',
              message: 'Invalid input',
              fields: { amount: 'must be positive' },
            },
          },
          { status: 422, headers: { 'x-request-id': 'req_abc' } },
        ),
      ),
    );
    const spy = vi.fn(parseError);
    const error = await rejection(
      client({ parseError: spy, requestIdHeader: 'x-request-id' }).request({
        method: 'POST',
        path: '/invoices',
        json: { amount: -1 },
        schema: ok,
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    const e = error as ProviderError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('Invalid input');
    expect(e.fieldErrors).toEqual([{ field: 'amount', message: 'must be positive' }]);
    expect(e.requestId).toBe('req_abc');
    expect(e.retryable).toBe(false);
    expect(e.provider).toBe('testpay');
    expect(spy).toHaveBeenCalledTimes(1);
    const context = spy.mock.calls[0]![0];
    expect(context.status).toBe(422);
    expect(context.body).toEqual({
      error: { code: 'validation_failed', message: 'Invalid input', fields: { amount: 'must be positive' } },
    });
    expect(context.headers.get('x-request-id')).toBe('req_abc');
  });

  it('hands a non-JSON error body to parseError as text', async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.text('Bad Gateway from the edge', { status: 400 })));
    const error = await rejection(client().request({ method: 'GET', path: '/me', schema: ok }));
    expect((error as ProviderError).status).toBe(400);
    expect(error.message).toBe('Bad Gateway from the edge');
  });

  it('lets parseError name its own status and request id', async () => {
    server.use(
      http.get(`${BASE}/me`, () =>
        HttpResponse.json({}, { status: 400, headers: { 'x-request-id': 'hdr' } }),
      ),
    );
    const error = await rejection(
      client({
        requestIdHeader: 'x-request-id',
        parseError: () => ({ status: 409, message: 'conflict', requestId: 'from-body' }),
      }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect((error as ProviderError).status).toBe(409);
    expect((error as ProviderError).requestId).toBe('from-body');
  });

  it('redacts a credential the provider echoes in its error body', async () => {
    server.use(
      http.get(`${BASE}/me`, () =>
        HttpResponse.json(
          { error: { code: 'unauthorized', message: `bad key ${SECRET}` }, echo: SECRET },
          { status: 403 },
        ),
      ),
    );
    const error = await rejection(client().request({ method: 'GET', path: '/me', schema: ok }));
    expect(error.message).toBe('bad key [REDACTED]');
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(JSON.stringify((error as ProviderError).body)).not.toContain(SECRET);
  });
});

describe('retries', () => {
  it('retries a GET on 503 and succeeds', async () => {
    const seen = sequence('get', '/me', unavailable, fine);
    expect(await client().request({ method: 'GET', path: '/me', schema: ok })).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it.each([[408], [429], [500], [502], [504]])('retries a GET on %i', async (status) => {
    const seen = sequence('get', '/me', () => HttpResponse.json({}, { status }), fine);
    await client().request({ method: 'GET', path: '/me', schema: ok });
    expect(seen).toHaveLength(2);
  });

  it.each([[400], [401], [403], [404], [409], [422], [501]])('does not retry a GET on %i', async (status) => {
    const seen = sequence('get', '/me', () => HttpResponse.json({}, { status }), fine);
    const error = await rejection(client().request({ method: 'GET', path: '/me', schema: ok }));
    expect((error as ProviderError).status).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it('retries PUT and DELETE', async () => {
    const put = sequence('put', '/cards/1', unavailable, fine);
    await client().request({ method: 'PUT', path: '/cards/1', json: {}, schema: ok });
    expect(put).toHaveLength(2);
    const del = sequence('delete', '/cards/1', unavailable, fine);
    await client().request({ method: 'DELETE', path: '/cards/1', schema: ok });
    expect(del).toHaveLength(2);
  });

  it('honours Retry-After and reports it once the retries are exhausted', async () => {
    const seen = sequence('get', '/me', () =>
      HttpResponse.json(
        { error: { code: 'unavailable', message: 'later' } },
        { status: 503, headers: { 'retry-after': '1' } },
      ),
    );
    const error = await rejection(
      client({ retry: { limit: 1, backoffLimit: 10 } }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect(seen).toHaveLength(2);
    const e = error as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect([e.status, e.code, e.retryable, e.retryAfterSeconds]).toEqual([503, 'unavailable', true, 1]);
  });

  it('gives up at once, with retryAfterSeconds, when Retry-After is longer than maxRetryAfter', async () => {
    const seen = sequence('get', '/me', () =>
      HttpResponse.json(
        { error: { code: 'rate_limited', message: 'slow down' } },
        { status: 429, headers: { 'retry-after': '120' } },
      ),
    );
    // With the default maxRetryAfter (60 s) and total deadline (45 s), ky alone would sleep 45 s here.
    const error = (await rejection(
      client({ retry: 2 }).request({ method: 'GET', path: '/me', schema: ok }),
    )) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect([error.status, error.code, error.retryAfterSeconds, error.retryable]).toEqual([
      429,
      'rate_limited',
      120,
      true,
    ]);
    expect(seen).toHaveLength(1);
  });

  it('gives up at once when Retry-After would pass the total deadline', async () => {
    const seen = sequence('get', '/me', () =>
      HttpResponse.json({}, { status: 503, headers: { 'retry-after': '1' } }),
    );
    const error = await rejection(
      client({ totalTimeout: 500, retry: 2 }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryAfterSeconds).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    sequence('get', '/me', () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': at } }));
    const error = (await rejection(
      client({ retry: false }).request({ method: 'GET', path: '/me', schema: ok }),
    )) as ProviderError;
    expect(error.retryAfterSeconds).toBeGreaterThan(60);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
  });

  it('ignores a malformed Retry-After', async () => {
    sequence('get', '/me', () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': 'soon' } }));
    const error = (await rejection(
      client({ retry: false }).request({ method: 'GET', path: '/me', schema: ok }),
    )) as ProviderError;
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.retryable).toBe(true);
  });

  it('does not retry a POST on 503', async () => {
    const seen = sequence('post', '/invoices', unavailable, fine);
    const error = await rejection(
      client().request({ method: 'POST', path: '/invoices', json: {}, schema: ok }),
    );
    expect((error as ProviderError).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a PATCH on 503', async () => {
    const seen = sequence('patch', '/invoices/1', unavailable, fine);
    await rejection(client().request({ method: 'PATCH', path: '/invoices/1', json: {}, schema: ok }));
    expect(seen).toHaveLength(1);
  });

  it('retries a POST the adapter marks idempotent', async () => {
    const seen = sequence('post', '/invoices', unavailable, unavailable, fine);
    await client().request({ method: 'POST', path: '/invoices', json: {}, idempotent: true, schema: ok });
    expect(seen).toHaveLength(3);
  });

  it('retries a POST that carries an idempotency key the provider honours, sending the key on every attempt', async () => {
    const seen = sequence('post', '/invoices', unavailable, fine);
    await client({ idempotencyHeader: 'X-Idempotency-Key', retryWithIdempotencyKey: true }).request({
      method: 'POST',
      path: '/invoices',
      json: {},
      schema: ok,
      options: { idempotencyKey: 'order-42' },
    });
    expect(seen).toHaveLength(2);
    expect(seen.map((r) => r.headers.get('x-idempotency-key'))).toEqual(['order-42', 'order-42']);
  });

  it('sends the key but does not retry when the provider has not confirmed it honours the key', async () => {
    const seen = sequence('post', '/invoices', unavailable, fine);
    await rejection(
      client({ idempotencyHeader: 'X-Idempotency-Key' }).request({
        method: 'POST',
        path: '/invoices',
        json: {},
        schema: ok,
        options: { idempotencyKey: 'order-42' },
      }),
    );
    expect(seen.map((r) => r.headers.get('x-idempotency-key'))).toEqual(['order-42']);
  });

  it('does not retry a POST with a key when the provider has no idempotency header', async () => {
    const seen = sequence('post', '/invoices', unavailable, fine);
    await rejection(
      client().request({
        method: 'POST',
        path: '/invoices',
        json: {},
        schema: ok,
        options: { idempotencyKey: 'k' },
      }),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.get('x-idempotency-key')).toBeNull();
  });

  it.each([
    [false, 1],
    [0, 1],
    [1, 2],
    [{ limit: 3, backoffLimit: 10 }, 4],
  ] as const)('retry: %o makes %i attempts', async (retry, attempts) => {
    const seen = sequence('get', '/me', unavailable);
    await rejection(client({ retry }).request({ method: 'GET', path: '/me', schema: ok }));
    expect(seen).toHaveLength(attempts);
  });
});

describe('timeouts, network errors and aborts', () => {
  const slow = () => delay(500).then(fine);

  /** Counts attempts where they start (authorize runs per attempt), and tells the server the attempt number. */
  function counted() {
    const attempts = { count: 0 };
    const authorize = (request: Request) => {
      attempts.count += 1;
      request.headers.set('x-attempt', String(attempts.count));
    };
    return { attempts, authorize };
  }

  it('maps a per-attempt timeout to TimeoutError', async () => {
    sequence('get', '/slow', slow);
    const { attempts, authorize } = counted();
    const error = await rejection(
      client({ timeout: 20, retry: false, authorize }).request({ method: 'GET', path: '/slow', schema: ok }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(error.code).toBe('timeout');
    expect(error.provider).toBe('testpay');
    expect(error.message).toContain('timeout 20 ms per attempt');
    expect(attempts.count).toBe(1);
  });

  it('uses the per-request timeout and warns that a POST may have been carried out', async () => {
    sequence('post', '/slow', slow);
    const error = await rejection(
      client({ timeout: 10_000, retry: false }).request({
        method: 'POST',
        path: '/slow',
        json: {},
        schema: ok,
        options: { timeout: 20 },
      }),
    );
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(error.message).toContain('may still have carried out the request');
  });

  it('retries a GET that timed out', async () => {
    server.use(
      http.get(`${BASE}/slow`, ({ request }) => (request.headers.get('x-attempt') === '1' ? slow() : fine())),
    );
    const { attempts, authorize } = counted();
    const c = client({ timeout: 50, authorize });
    expect(await c.request({ method: 'GET', path: '/slow', schema: ok })).toEqual({ ok: true });
    expect(attempts.count).toBe(2);
  });

  it('maps the total deadline to TimeoutError naming the deadline', async () => {
    sequence('get', '/slow', slow);
    const { attempts, authorize } = counted();
    const error = await rejection(
      client({ timeout: 5_000, totalTimeout: 30, authorize }).request({
        method: 'GET',
        path: '/slow',
        schema: ok,
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect(error.message).toContain('before the deadline (30 ms in total, retries included)');
    expect(attempts.count).toBe(1);
  });

  it('maps a network failure to NetworkError, after retrying a GET', async () => {
    const seen = sequence('get', '/me', () => HttpResponse.error());
    const error = await rejection(client().request({ method: 'GET', path: '/me', schema: ok }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('network_error');
    expect((error as NetworkError).mayHaveReachedProvider).toBe(true);
    expect(error.message).toMatch(/^Could not reach testpay for GET \/me/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a POST after a network failure', async () => {
    const seen = sequence('post', '/invoices', () => HttpResponse.error());
    const error = await rejection(
      client().request({ method: 'POST', path: '/invoices', json: {}, schema: ok }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
  });

  it('maps an aborted signal to NetworkError aborted', async () => {
    sequence('get', '/slow', slow);
    const controller = new AbortController();
    const pending = client().request({
      method: 'GET',
      path: '/slow',
      schema: ok,
      options: { signal: controller.signal },
    });
    setTimeout(() => controller.abort(), 10);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('aborted');
    expect(error.message).toBe('The GET /slow request to testpay was aborted.');
  });

  it('maps an already-aborted signal, and one aborted with a custom reason, to aborted', async () => {
    const seen = sequence('get', '/slow', slow);
    const before = await rejection(
      client().request({
        method: 'GET',
        path: '/slow',
        schema: ok,
        options: { signal: AbortSignal.abort() },
      }),
    );
    expect(before.code).toBe('aborted');
    expect(seen).toHaveLength(0);
    const controller = new AbortController();
    const pending = client().request({
      method: 'GET',
      path: '/slow',
      schema: ok,
      options: { signal: controller.signal },
    });
    setTimeout(() => controller.abort(new Error('user navigated away')), 10);
    expect((await rejection(pending)).code).toBe('aborted');
  });
});

describe('deadlines and aborts coming from elsewhere', () => {
  it("maps the caller's AbortSignal.timeout to TimeoutError", async () => {
    sequence('get', '/slow', () => delay(500).then(fine));
    const error = await rejection(
      client().request({
        method: 'GET',
        path: '/slow',
        schema: ok,
        options: { signal: AbortSignal.timeout(10) },
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain("caller's deadline");
  });

  it.each([
    ['AbortError', NetworkError, 'aborted'],
    ['TimeoutError', TimeoutError, 'timeout'],
  ] as const)('maps a %s thrown by fetch', async (name, type, code) => {
    const failing = async () => {
      throw new DOMException('stopped', name);
    };
    const error = await rejection(
      client({ fetch: failing, retry: false }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
  });
});

describe('401 and credential refresh', () => {
  const unauthorized = () =>
    HttpResponse.json({ error: { code: 'unauthorized', message: 'token expired' } }, { status: 401 });

  it('calls onUnauthorized once and resends the request with the fresh credential', async () => {
    const seen = sequence('get', '/me', unauthorized, fine);
    let token = 'old-token';
    const onUnauthorized = vi.fn(async () => {
      token = 'new-token';
      return true;
    });
    const c = client({ onUnauthorized, authorize: (r) => r.headers.set('authorization', `Bearer ${token}`) });
    expect(await c.request({ method: 'GET', path: '/me', schema: ok })).toEqual({ ok: true });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('gives up after one refresh', async () => {
    const seen = sequence('post', '/invoices', unauthorized);
    const onUnauthorized = vi.fn(async () => true);
    const error = await rejection(
      client({ onUnauthorized }).request({ method: 'POST', path: '/invoices', json: {}, schema: ok }),
    );
    expect((error as ProviderError).status).toBe(401);
    expect(error.code).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
  });

  it('does not resend when onUnauthorized declines', async () => {
    const seen = sequence('get', '/me', unauthorized, fine);
    const onUnauthorized = vi.fn(async () => false);
    const error = await rejection(
      client({ onUnauthorized }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect((error as ProviderError).status).toBe(401);
    expect(seen).toHaveLength(1);
  });
});

describe('injectable fetch', () => {
  it('uses the fetch given in the config', async () => {
    const fetchSpy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      return Response.json({ ok: true, url: request.url, ua: request.headers.get('user-agent') });
    });
    const schema = z.object({ ok: z.literal(true), url: z.string(), ua: z.string() });
    const data = await client({ fetch: fetchSpy as typeof fetch }).request({
      method: 'GET',
      path: '/me',
      schema,
    });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(data).toEqual({ ok: true, url: `${BASE}/me`, ua: USER_AGENT });
  });

  it('maps a fetch that throws an unknown error to NetworkError', async () => {
    const failing = vi.fn(async () => {
      throw new RangeError(`exploded with ${SECRET}`);
    });
    const error = await rejection(
      client({ fetch: failing as unknown as typeof fetch, retry: false }).request({
        method: 'GET',
        path: '/me',
        schema: ok,
      }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).not.toContain(SECRET);
    expect((error.cause as Error).message).toBe('exploded with [REDACTED]');
  });

  it('keeps a PaybridgeError thrown by a hook as it is', async () => {
    const { ConfigurationError } = await import('../../src/core/errors');
    const error = await rejection(
      client({
        authorize: () => {
          throw new ConfigurationError('testpay: pass `apiKey` in the settings.');
        },
      }).request({ method: 'GET', path: '/me', schema: ok }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});
