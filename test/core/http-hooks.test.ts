/**
 * The observability hooks of the shared HTTP client (`CommonSettings.hooks`): one `onRequest` and
 * one `onResponse` per attempt, an `onRetry` before every attempt after the first (ky's retries and
 * the resend after a 401 alike), nothing secret in what they get, and no effect on the call when a
 * hook throws, rejects or never settles.
 */
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createMoyasar } from 'paybridge/moyasar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError, NetworkError, ProviderError, TimeoutError } from '../../src/core/errors';
import { createHttpClient, type HttpClientConfig } from '../../src/core/http';
import { checkHooks, hookUrl } from '../../src/core/http-hooks';
import { transportSettings } from '../../src/core/http-settings';
import { registerSecret } from '../../src/core/redact';
import type { HttpHooks, HttpRequestInfo, HttpResponseInfo, HttpRetryInfo } from '../../src/core/types';

const BASE = 'https://api.hooks.test/v1';
const SECRET = 'sk_hooks_test_51c0ffee7a';
registerSecret(SECRET);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Seen = ['request', HttpRequestInfo] | ['response', HttpResponseInfo] | ['retry', HttpRetryInfo];

/** Hooks that record every call, in order. */
function recorder() {
  const seen: Seen[] = [];
  const hooks: HttpHooks = {
    onRequest: (info) => void seen.push(['request', info]),
    onResponse: (info) => void seen.push(['response', info]),
    onRetry: (info) => void seen.push(['retry', info]),
  };
  /** `kind:attempt:status|error` per call, for order checks. */
  const trail = () =>
    seen.map(([kind, info]) => {
      if (kind === 'response') return `response:${info.attempt}:${info.status ?? info.error}`;
      if (kind === 'retry') return `retry:${info.attempt}:${info.previousStatus ?? info.previousError}`;
      return `request:${info.attempt}`;
    });
  return { seen, hooks, trail };
}

const ok = z.object({ ok: z.literal(true) });
const fine = () => HttpResponse.json({ ok: true });
const unavailable = () => HttpResponse.json({ error: 'later' }, { status: 503 });

function client(hooks: HttpHooks, overrides: Partial<HttpClientConfig> = {}) {
  return createHttpClient({
    provider: 'testpay',
    baseUrl: BASE,
    retry: { limit: 2, backoffLimit: 5 },
    authorize: (request) => request.headers.set('authorization', `Bearer ${SECRET}`),
    parseError: ({ status }) => ({ message: `HTTP ${status}` }),
    ...transportSettings({ hooks }, 'testpay'),
    ...overrides,
  });
}

/** Answers `responses` in turn (the last repeats). */
function answers(method: 'get' | 'post', path: string, ...responses: (() => Response | Promise<Response>)[]) {
  let calls = 0;
  server.use(
    http[method](`${BASE}${path}`, () => {
      calls += 1;
      return responses[Math.min(calls - 1, responses.length - 1)]!();
    }),
  );
}

describe('one call, one attempt', () => {
  it('reports the request and its answer: provider, operation, method, URL, attempt, status, duration, request id', async () => {
    server.use(
      http.get(`${BASE}/payments/pay_1`, () =>
        HttpResponse.json({ ok: true }, { headers: { 'x-request-id': 'req_77' } }),
      ),
    );
    const { seen, hooks } = recorder();
    await client(hooks, { requestIdHeader: 'x-request-id' }).request({
      method: 'GET',
      operation: 'getPayment',
      path: '/payments/pay_1',
      searchParams: { expand: 'customer', token: SECRET },
      schema: ok,
    });
    expect(seen.map(([kind]) => kind)).toEqual(['request', 'response']);
    const [[, request], [, response]] = seen as [
      ['request', HttpRequestInfo],
      ['response', HttpResponseInfo],
    ];
    expect(request).toEqual({
      provider: 'testpay',
      operation: 'getPayment',
      method: 'GET',
      url: `${BASE}/payments/pay_1`,
      attempt: 1,
    });
    expect(response).toEqual({
      ...request,
      status: 200,
      durationMs: expect.any(Number),
      requestId: 'req_77',
      error: undefined,
    });
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(Object.isFrozen(request) && Object.isFrozen(response)).toBe(true);
  });

  it('names a request without an operation "request"; reports a 4xx as it came, without retrying it', async () => {
    answers('post', '/invoices', () => HttpResponse.json({ error: 'bad' }, { status: 422 }));
    const { seen, trail, hooks } = recorder();
    await expect(
      client(hooks).request({ method: 'POST', path: '/invoices', json: {}, schema: ok }),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(trail()).toEqual(['request:1', 'response:1:422']);
    expect(seen[0]![1].operation).toBe('request');
    expect((seen[1]![1] as HttpResponseInfo).requestId).toBeUndefined();
  });
});

describe('retries', () => {
  it('reports every attempt and an onRetry before each attempt after the first', async () => {
    answers('get', '/me', unavailable, unavailable, fine);
    const { seen, trail, hooks } = recorder();
    await client(hooks).request({ method: 'GET', operation: 'getMe', path: '/me', schema: ok });
    expect(trail()).toEqual([
      'request:1',
      'response:1:503',
      'retry:2:503',
      'request:2',
      'response:2:503',
      'retry:3:503',
      'request:3',
      'response:3:200',
    ]);
    const retry = seen[2]![1] as HttpRetryInfo;
    expect(retry).toMatchObject({ operation: 'getMe', method: 'GET', url: `${BASE}/me`, attempt: 2 });
    expect(retry.previousError).toBeUndefined();
    expect(retry.delayMs).toBeGreaterThanOrEqual(0);
  });

  it('a connection that fails: error "network", retried, then the NetworkError', async () => {
    const { trail, hooks } = recorder();
    const failing = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    await expect(
      client(hooks, { fetch: failing }).request({ method: 'GET', path: '/me', schema: ok }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(trail()).toEqual([
      'request:1',
      'response:1:network',
      'retry:2:network',
      'request:2',
      'response:2:network',
      'retry:3:network',
      'request:3',
      'response:3:network',
    ]);
  });

  it('an attempt over its timeout: error "timeout" when ky gives up on it, even from a fetch that ignores the abort', async () => {
    const { seen, trail, hooks } = recorder();
    const deaf = (() => new Promise<Response>(() => {})) as typeof fetch; // never settles, ignores the signal
    await expect(
      client(hooks, { fetch: deaf, timeout: 30, retry: 1 }).request({
        method: 'GET',
        path: '/slow',
        schema: ok,
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(trail()).toEqual([
      'request:1',
      'response:1:timeout',
      'retry:2:timeout',
      'request:2',
      'response:2:timeout',
    ]);
    expect((seen[1]![1] as HttpResponseInfo).durationMs).toBeGreaterThanOrEqual(25);
  });

  it('a call aborted by your signal: error "aborted", no retry', async () => {
    server.use(http.get(`${BASE}/slow`, async () => delay('infinite')));
    const { trail, hooks } = recorder();
    const controller = new AbortController();
    const pending = client(hooks).request({
      method: 'GET',
      path: '/slow',
      schema: ok,
      options: { signal: controller.signal },
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(NetworkError);
    expect(trail()).toEqual(['request:1', 'response:1:aborted']);
  });

  it('the resend after a 401 with fresh credentials is attempt 2, announced by onRetry with status 401', async () => {
    answers('post', '/invoices', () => HttpResponse.json({}, { status: 401 }), fine);
    const { trail, hooks } = recorder();
    await client(hooks, { onUnauthorized: async () => true }).request({
      method: 'POST',
      operation: 'createPaymentLink',
      path: '/invoices',
      json: {},
      schema: ok,
    });
    expect(trail()).toEqual(['request:1', 'response:1:401', 'retry:2:401', 'request:2', 'response:2:200']);
  });
});

describe('nothing secret', () => {
  it('gives no headers, no body and no query string, and redacts secrets in the path and the request id', async () => {
    server.use(
      http.post(`${BASE}/keys/*`, () =>
        HttpResponse.json({ ok: true }, { headers: { 'x-request-id': `rid-${SECRET}` } }),
      ),
    );
    const { seen, hooks } = recorder();
    await client(hooks, { requestIdHeader: 'x-request-id' }).request({
      method: 'POST',
      operation: 'rotate',
      path: `/keys/${encodeURIComponent(SECRET)}`,
      json: { secret: SECRET },
      searchParams: { api_key: SECRET },
      headers: { 'x-api-key': SECRET },
      schema: ok,
    });
    const texts = JSON.stringify(seen);
    expect(texts).not.toContain(SECRET);
    expect(texts).not.toContain('api_key');
    const response = seen[1]![1] as HttpResponseInfo;
    expect(response.url).toBe(`${BASE}/keys/[REDACTED]`);
    expect(response.requestId).toBe('rid-[REDACTED]');
    expect(Object.keys(response).sort()).toEqual(
      [
        'attempt',
        'durationMs',
        'error',
        'method',
        'operation',
        'provider',
        'requestId',
        'status',
        'url',
      ].sort(),
    );
  });

  it('drops user info, query and fragment from a URL', () => {
    expect(hookUrl('https://user:pw@api.example.test:8443/v1/x?token=abc#frag')).toBe(
      'https://api.example.test:8443/v1/x',
    );
    expect(hookUrl('not a url')).toBe('');
  });
});

describe('a hook never changes the call', () => {
  const throwing: HttpHooks = {
    onRequest: () => {
      throw new Error('onRequest broke');
    },
    onResponse: () => Promise.reject(new Error('onResponse broke')),
    onRetry: () => {
      throw new Error('onRetry broke');
    },
  };

  it('a success stays a success when every hook throws or rejects', async () => {
    answers('get', '/me', unavailable, fine);
    expect(await client(throwing).request({ method: 'GET', path: '/me', schema: ok })).toEqual({ ok: true });
  });

  it('a failure stays the same failure when every hook throws or rejects', async () => {
    answers('get', '/me', () => HttpResponse.json({}, { status: 404 }));
    const error = await client(throwing)
      .request({ method: 'GET', path: '/me', schema: ok })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(404);
  });

  it('a hook that never settles does not hold the call', async () => {
    answers('get', '/me', fine);
    const never = () => new Promise<void>(() => {});
    const result = await client({ onRequest: never, onResponse: never, onRetry: never }).request({
      method: 'GET',
      path: '/me',
      schema: ok,
    });
    expect(result).toEqual({ ok: true });
  });
});

describe('the hooks setting', () => {
  it.each([
    ['a number', 5],
    ['an array', [() => {}]],
    ['null', null],
    ['a misspelt hook', { onrequest: () => {} }],
    ['a hook that is not a function', { onResponse: 'log' }],
  ])('refuses %s with a ConfigurationError', (_what, hooks) => {
    expect(() => checkHooks(hooks, 'testpay')).toThrow(ConfigurationError);
  });

  it('accepts an object of some of the three, and nothing', () => {
    const onResponse = () => {};
    expect(checkHooks({ onResponse }, 'testpay')).toEqual({ onResponse });
    expect(checkHooks(undefined, 'testpay')).toBeUndefined();
  });

  it('is checked by the adapters on first use: the call fails before any request', async () => {
    const moyasar = createMoyasar({
      secretKey: 'sk_test_hooks_setting',
      hooks: { onResponse: 'console.log' } as unknown as HttpHooks,
      fetch: () => {
        throw new Error('no request may be sent');
      },
    });
    const error = await moyasar.getPayment('inv_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain('hooks');
  });
});
