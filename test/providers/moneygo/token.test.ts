import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { MoneyGoError } from 'paybridge/moneygo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { containsRegisteredSecret } from '../../../src/core/redact';
import { createTokenCache, DEFAULT_TOKEN_LIFETIME_SECONDS } from '../../../src/providers/moneygo/token';
import { adapter, BASE, CLIENT_SECRET, fixture, tokenEndpoint } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** GET /api/transaction/show that records the Authorization header of each call and answers per `answer`. */
function showEndpoint(
  answer: (authorization: string | null) => Response = () =>
    HttpResponse.json(fixture('transaction-show.json')),
) {
  const seen: Array<string | null> = [];
  const handler = http.get(`${BASE}/api/transaction/show`, ({ request }) => {
    const authorization = request.headers.get('authorization');
    seen.push(authorization);
    return answer(authorization);
  });
  return { seen, handler };
}

describe('OAuth token through the adapter', () => {
  it('20 concurrent calls share exactly one token request', async () => {
    const token = tokenEndpoint();
    const show = showEndpoint();
    server.use(token.handler, show.handler);
    const moneygo = adapter();
    const payments = await Promise.all(Array.from({ length: 20 }, () => moneygo.getPayment('YOUR_PAY_ID')));
    expect(payments).toHaveLength(20);
    expect(token.state.calls).toBe(1);
    expect(new Set(show.seen)).toEqual(new Set(['Bearer access-token-number-1']));
    // And later calls reuse it.
    await moneygo.getPayment('YOUR_PAY_ID');
    expect(token.state.calls).toBe(1);
  });

  it('on a 401 fetches a new token once and repeats the call', async () => {
    const token = tokenEndpoint();
    const show = showEndpoint((authorization) =>
      authorization === 'Bearer access-token-number-1'
        ? HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })
        : HttpResponse.json(fixture('transaction-show.json')),
    );
    server.use(token.handler, show.handler);
    const payment = await adapter().getPayment('YOUR_PAY_ID');
    expect(payment.status).toBe('succeeded');
    expect(token.state.calls).toBe(2);
    expect(show.seen).toEqual(['Bearer access-token-number-1', 'Bearer access-token-number-2']);
  });

  it('20 concurrent calls that all get a 401 still cause only one refresh', async () => {
    const token = tokenEndpoint();
    const show = showEndpoint((authorization) =>
      authorization === 'Bearer access-token-number-1'
        ? HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })
        : HttpResponse.json(fixture('transaction-show.json')),
    );
    server.use(token.handler, show.handler);
    const moneygo = adapter();
    await Promise.all(Array.from({ length: 20 }, () => moneygo.getPayment('YOUR_PAY_ID')));
    expect(token.state.calls).toBe(2);
    expect(show.seen.filter((a) => a === 'Bearer access-token-number-2')).toHaveLength(20);
  });

  it('refreshes only once: a second 401 is an error (code unauthorized)', async () => {
    const token = tokenEndpoint();
    const show = showEndpoint(() => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }));
    server.use(token.handler, show.handler);
    const error = await adapter()
      .getPayment('YOUR_PAY_ID')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoneyGoError);
    expect(error).toMatchObject({ status: 401, code: 'authentication', category: 'authentication' });
    expect(show.seen).toHaveLength(2);
    expect(token.state.calls).toBe(2);
  });

  it('a failed token request is not cached: the next call tries again', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/token`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'Server Error' }, { status: 500 })
          : HttpResponse.json(fixture('token-response.json'));
      }),
      showEndpoint().handler,
    );
    const moneygo = adapter();
    await expect(moneygo.getPayment('YOUR_PAY_ID')).rejects.toMatchObject({ status: 500, retryable: true });
    await expect(moneygo.getPayment('YOUR_PAY_ID')).resolves.toMatchObject({ status: 'succeeded' });
    expect(calls).toBe(2);
  });

  it('refused credentials → invalid_credentials, without the secret or a token in the error', async () => {
    server.use(
      http.post(`${BASE}/token`, () =>
        HttpResponse.json(
          {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
            message: 'Client authentication failed',
          },
          { status: 401 },
        ),
      ),
    );
    const error = await adapter()
      .getPayment('YOUR_PAY_ID')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoneyGoError);
    expect(error).toMatchObject({ code: 'invalid_credentials', retryable: false });
    expect((error as Error).message).toContain('clientSecret');
    expect(JSON.stringify((error as MoneyGoError).toJSON())).not.toContain(CLIENT_SECRET);
  });

  it('the access token never appears in an error, even when Money-Go echoes it', async () => {
    const token = tokenEndpoint();
    server.use(
      token.handler,
      showEndpoint((authorization) =>
        HttpResponse.json({ message: `Something failed for ${authorization?.slice(7)}` }, { status: 422 }),
      ).handler,
    );
    const error = (await adapter()
      .getPayment('YOUR_PAY_ID')
      .catch((e: unknown) => e)) as MoneyGoError;
    expect(error.code).toBe('invalid_request');
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error.toJSON())} ${JSON.stringify(error.body)}`;
    expect(everything).not.toContain('access-token-number-1');
    expect(everything).toContain('[REDACTED]');
    expect(containsRegisteredSecret('access-token-number-1')).toBe(true);
  });
});

describe('createTokenCache', () => {
  it('renews a token 60 s before it expires, and at half its lifetime when that is shorter', async () => {
    let now = 0;
    let n = 0;
    let lifetime = 3600;
    const cache = createTokenCache(async () => ({ accessToken: `cache-token-${++n}`, expiresIn: lifetime }), {
      now: () => now,
    });
    expect(await cache.get()).toBe('cache-token-1');
    now = (3600 - 61) * 1000;
    expect(await cache.get()).toBe('cache-token-1');
    now = (3600 - 60) * 1000;
    lifetime = 30;
    expect(await cache.get()).toBe('cache-token-2');
    const issued = now;
    now = issued + 14_000;
    expect(await cache.get()).toBe('cache-token-2');
    now = issued + 15_000;
    expect(await cache.get()).toBe('cache-token-3');
  });

  it('assumes a lifetime when expires_in is absent', async () => {
    let now = 0;
    let n = 0;
    const cache = createTokenCache(async () => ({ accessToken: `cache-token-${++n}` }), { now: () => now });
    await cache.get();
    now = (DEFAULT_TOKEN_LIFETIME_SECONDS - 61) * 1000;
    expect(await cache.get()).toBe('cache-token-1');
    now = DEFAULT_TOKEN_LIFETIME_SECONDS * 1000;
    expect(await cache.get()).toBe('cache-token-2');
  });

  it('invalidate drops only the named token', async () => {
    let n = 0;
    const cache = createTokenCache(async () => ({ accessToken: `cache-token-${++n}`, expiresIn: 3600 }));
    await cache.get();
    cache.invalidate('some-older-token');
    expect(await cache.get()).toBe('cache-token-1');
    cache.invalidate('cache-token-1');
    expect(await cache.get()).toBe('cache-token-2');
    cache.invalidate();
    expect(await cache.get()).toBe('cache-token-3');
  });

  it('a fetch that throws synchronously does not poison the cache', async () => {
    let n = 0;
    const cache = createTokenCache(() => {
      n += 1;
      if (n === 1) throw new Error('boom');
      return Promise.resolve({ accessToken: 'cache-token-ok', expiresIn: 3600 });
    });
    await expect(cache.get()).rejects.toThrow('boom');
    expect(await cache.get()).toBe('cache-token-ok');
  });
});
