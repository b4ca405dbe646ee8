/**
 * Hardening, second attack round: what an independent attack on the first round's fixes still
 * broke, one test per finding (numbered as in the round's report). Each failed before its fix.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  ConfigurationError,
  createMemoryStore,
  createWebhookHandler,
  formatMinorUnits,
  InvalidRequestError,
  PaybridgeError,
  ProviderError,
  toMinorUnits,
  WebhookParseError,
} from 'paybridge';
import { createMoneyGo, signCheckout } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createRedisStore } from 'paybridge/redis';
import { moneyGoWebhook, moneyHashWebhook, moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMoneyGoWebhook } from '../../src/providers/moneygo/webhooks';
import { verifyMoneyHashSignature } from '../../src/providers/moneyhash/webhooks';
import { createFakeProvider, signedWebhook } from '../helpers/fake-provider';
import { sleep } from '../helpers/http';

type Answer = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let answer: Answer = (_req, _body, res) => res.end('{}');
let base = '';
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => answer(req, body, res));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function failure(run: Promise<unknown> | (() => unknown)): Promise<PaybridgeError> {
  let error: unknown;
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new Error('expected a failure');
  expect(PaybridgeError.isInstance(error), `not a PaybridgeError: ${String(error)}`).toBe(true);
  return error as PaybridgeError;
}

/** Everything a logger could print for an error, cause chain included. */
function everything(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 8 && current; i++) {
    if (current instanceof Error) {
      parts.push(
        current.message,
        String(current.stack),
        current.name,
        String((current as { code?: unknown }).code),
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  parts.push(JSON.stringify(error) ?? '', inspect(error, { depth: 20, showHidden: true }));
  return parts.join('\n');
}

describe('1: low-level verifiers refuse secrets that are not strings', () => {
  it('parseMoneyGoWebhook with a number, 0, true or an object as formSecret never verifies', async () => {
    const text = '{"wallet_to":"U111","wallet_from":"U222","amount":"500","id":"order-1","secret":""}';
    const signature = createHash('sha256').update(text).digest('hex');
    const body = JSON.stringify({
      payment_id: 'order-1',
      signature,
      wallet_from: 'U222',
      wallet_to: 'U111',
      currency_to: 'USD',
      amount: 500,
      status: 'SUCCESS',
    });
    for (const formSecret of [12345678, 0, true, { toString: () => 'real-secret' }]) {
      const error = await failure(parseMoneyGoWebhook({ body }, { formSecret: formSecret as never }));
      expect(error).toBeInstanceOf(ConfigurationError);
    }
  });

  it('verifyMoneyHashSignature with an empty Uint8Array, a number or an object as the secret', async () => {
    const body = new TextEncoder().encode('{"type":"intent.processed"}');
    const t = Math.floor(Date.now() / 1000);
    const v3 = createHmac('sha256', '')
      .update(`${Buffer.from(body).toString('base64')}${t}`)
      .digest('hex');
    for (const secret of [new Uint8Array(0), Buffer.alloc(0), 12345, {}]) {
      const error = await failure(verifyMoneyHashSignature(body, `t=${t},v3=${v3}`, secret as never));
      expect(error).toBeInstanceOf(ConfigurationError);
    }
  });

  it('signCheckout refuses fields that are not strings instead of signing empty strings', async () => {
    const error = await failure(
      signCheckout({ walletTo: 1 as never, walletFrom: 'U2', amount: '3', id: 'x' }, 'secret-value'),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
  });
});

describe('2: credentials with surrounding whitespace are trimmed and redacted in every form', () => {
  it('a MoneyHash apiKey read with a trailing newline is sent trimmed, and its echo is redacted', async () => {
    const apiKey = 'mhKey_Abc+/=123XYZ\n';
    const sent: string[] = [];
    answer = (req, _body, res) => {
      sent.push(String(req.headers['x-api-key']));
      json(res, 401, { status: { code: 401, message: `Invalid API key ${req.headers['x-api-key']}` } });
    };
    const error = await failure(
      createMoneyHash({ apiKey, baseUrl: base, retry: false }).getPayment('intent1'),
    );
    expect(sent).toEqual([apiKey.trim()]);
    expect(everything(error)).not.toContain(apiKey.trim());
  });

  it("a Moyasar secretKey with spaces around it: the Basic credential's base64 and hex echoes are redacted", async () => {
    const secretKey = ' sk_test_AbCdEf1234567890 ';
    answer = (req, _body, res) => {
      const b64 = String(req.headers.authorization).replace(/^Basic /, '');
      json(res, 401, {
        type: 'authentication_error',
        message: `credentials ${b64} rejected; hex ${Buffer.from(secretKey.trim()).toString('hex')}`,
      });
    };
    const error = await failure(createMoyasar({ secretKey, baseUrl: base, retry: false }).getPayment('inv1'));
    const text = everything(error);
    expect(text).not.toContain(Buffer.from(`${secretKey.trim()}:`).toString('base64').slice(0, 24));
    expect(text).not.toContain(Buffer.from(secretKey.trim()).toString('hex'));
  });
});

describe('3: no webhook secret configured is a configuration fault (500), not a forgery (401)', () => {
  const saved = ['MONEYHASH_WEBHOOK_SECRET', 'MOYASAR_WEBHOOK_SECRET', 'MONEYGO_FORM_SECRET'].map(
    (name) => [name, process.env[name]] as const,
  );
  beforeAll(() => {
    for (const [name] of saved) delete process.env[name];
  });
  afterAll(() => {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  });
  it.each([
    ['moneyhash', () => createMoneyHash({}), () => moneyHashWebhook({ status: 'succeeded' })],
    ['moyasar', () => createMoyasar({ checkLiveMode: false }), () => moyasarWebhook({ status: 'succeeded' })],
    [
      'moneygo',
      () => createMoneyGo({ ...TEST_CREDENTIALS.moneygo, formSecret: undefined }),
      () => moneyGoWebhook({ status: 'succeeded' }),
    ],
  ] as const)('%s', async (_name, provider, webhook) => {
    let runs = 0;
    const handler = createWebhookHandler({ provider: provider() as never, onEvent: () => void runs++ });
    const result = await handler.handle(await webhook());
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error', reason: 'missing_secret' });
    expect(runs).toBe(0);
  });
});

describe('4: the memory store never evicts a claim in flight', () => {
  it('with maxEntries 2, a slow event stays claimed while two others arrive; a retry finds it in flight', async () => {
    let runs = 0;
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      store: createMemoryStore({ maxEntries: 2 }),
      onEvent: async (event) => {
        if (event.id === 'slow') {
          runs += 1;
          await sleep(300);
        }
      },
    });
    const slow = await signedWebhook('slow');
    const first = handler.handle(slow);
    await sleep(20);
    await handler.handle(await signedWebhook('b'));
    await handler.handle(await signedWebhook('c'));
    const retry = await handler.handle(slow);
    expect(retry.status).toBe(503);
    expect((await first).status).toBe(200);
    expect(runs).toBe(1);
  });

  it('when every entry is a live claim, a new claim is refused (store_full, 503), nothing is evicted', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    expect(await store.claim('a', undefined, 'ta')).toBe('claimed');
    expect(await store.claim('b', undefined, 'tb')).toBe('claimed');
    await expect(store.claim('c', undefined, 'tc')).rejects.toMatchObject({ code: 'store_full' });
    expect(await store.claim('a', undefined, 'other')).toBe('in_flight');
    await store.markProcessed('a', undefined, 'ta');
    expect(await store.claim('c', undefined, 'tc')).toBe('claimed'); // the processed 'a' made room
  });
});

describe('5: error bodies nested 20,000 deep are a ProviderError, never a RangeError', () => {
  const deepArray = `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`;
  const deepObject = `${'{"a":'.repeat(20_000)}"x"${'}'.repeat(20_000)}`;
  it.each([
    ['MoneyHash 200 envelope', 200, `{"status":{"code":400,"errors":${deepArray}},"data":null}`, 'moneyhash'],
    ['MoneyHash 400 envelope', 400, `{"status":{"code":400,"errors":${deepObject}}}`, 'moneyhash'],
    [
      'Moyasar 422',
      422,
      `{"type":"invalid_request_error","message":"bad","errors":{"amount":[${deepArray}]}}`,
      'moyasar',
    ],
  ] as const)('%s', async (_name, status, body, provider) => {
    answer = (_req, _body, res) => json(res, status, body);
    const run =
      provider === 'moneyhash'
        ? createMoneyHash({ apiKey: 'mh_key_deep', baseUrl: base, retry: false }).getPayment('i1')
        : createMoyasar({ secretKey: 'sk_test_deep', baseUrl: base, retry: false }).getInvoice('inv1');
    expect(await failure(run)).toBeInstanceOf(ProviderError);
  });
});

describe('6: parseWebhook on unreadable input rejects with a WebhookParseError', () => {
  const adapters = {
    moneyhash: () => createMoneyHash({ webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret }),
    moyasar: () => createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret }),
    moneygo: () => createMoneyGo(TEST_CREDENTIALS.moneygo),
  };
  const detached = () => {
    const buffer = new ArrayBuffer(8);
    structuredClone(buffer, { transfer: [buffer] });
    return { body: buffer, headers: {} };
  };
  const inputs = {
    'a detached ArrayBuffer': detached,
    'a body getter that throws': () =>
      Object.defineProperty({ headers: {} }, 'body', {
        get() {
          throw new Error('boom');
        },
      }),
    'a Proxy as the input': () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
        },
      ),
  };
  for (const [adapterName, make] of Object.entries(adapters)) {
    for (const [what, input] of Object.entries(inputs)) {
      it(`${adapterName}: ${what}`, async () => {
        const error = await failure(make().parseWebhook(input() as never));
        expect(error).toBeInstanceOf(WebhookParseError);
      });
    }
    it(`${adapterName}: options with a throwing getter`, async () => {
      const options = Object.defineProperty({}, 'toleranceSeconds', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      await failure(make().parseWebhook({ body: '{}' }, options));
    });
  }
});

describe('7: ids with a lone surrogate are invalid_id, not a raw URIError', () => {
  it.each([
    ['moneyhash', () => createMoneyHash({ apiKey: 'mh_key_ids' }).getPayment('a\ud800')],
    ['moyasar', () => createMoyasar({ secretKey: 'sk_test_ids' }).getInvoice('\udc00b')],
  ] as const)('%s', async (_name, run) => {
    expect(await failure(run)).toMatchObject({ code: 'invalid_id' });
  });
});

describe('8: transport settings fail closed', () => {
  it.each([
    ['maxResponseBytes NaN', { maxResponseBytes: Number.NaN }],
    ['maxResponseBytes Infinity', { maxResponseBytes: Number.POSITIVE_INFINITY }],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }],
    ['timeout 0', { timeout: 0 }],
    ['totalTimeoutMs "500"', { totalTimeoutMs: '500' as never }],
    ['retry "x"', { retry: 'x' as never }],
    ['fetch 5', { fetch: 5 as never }],
    ['a header with a line break', { headers: { 'x-extra': 'a\r\nx-injected: 1' } }],
  ])('%s is a ConfigurationError before any request', async (_name, settings) => {
    let requests = 0;
    answer = (_req, _body, res) => {
      requests += 1;
      json(res, 200, {});
    };
    const error = await failure(
      createMoneyHash({ apiKey: 'mh_key_settings', baseUrl: base, ...settings }).getPayment('i1'),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(requests).toBe(0);
  });
});

describe('9: null and hostile arguments are PaybridgeErrors', () => {
  it('adapters made with null settings read the environment; a string as settings is a ConfigurationError', async () => {
    expect(await failure(createMoneyHash(null).getPayment('i1'))).toBeInstanceOf(ConfigurationError);
    expect(() => createMoneyGo(null)).not.toThrow();
    expect(await failure(createMoyasar('sk_test_x' as never).getPayment('inv1'))).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('money helpers with null options, setCurrencyExponents(null), createMemoryStore(null)', async () => {
    expect(toMinorUnits('1.50', 'SAR', null as never)).toBe(150);
    expect(formatMinorUnits(150, 'SAR', null as never)).toBe('1.50');
    expect(() => createMemoryStore(null as never)).not.toThrow();
  });

  it('createRedisStore(null), (undefined) and ("redis://…") throw ConfigurationError', () => {
    for (const connection of [null, undefined, 'redis://127.0.0.1:6379']) {
      expect(() => createRedisStore(connection as never)).toThrow(ConfigurationError);
    }
  });

  it('refund options null, metadata with a throwing getter: PaybridgeErrors', async () => {
    const moneyhash = createMoneyHash({ apiKey: 'mh_key_null' });
    await failure(moneyhash.refund({ transactionId: 'tx' }, undefined, null as never));
    const metadata = Object.defineProperty({}, 'cart', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    await failure(moneyhash.createPaymentLink({ amount: 100, currency: 'EGP', reference: 'r', metadata }));
  });
});

describe('10: a provider answer cannot make the payment link a javascript: URL', () => {
  it('MoneyHash embed_url and Moyasar invoice url must be http(s)', async () => {
    answer = (_req, _body, res) => json(res, 200, { data: { id: 'i1', embed_url: 'javascript:alert(1)' } });
    await failure(
      createMoneyHash({ apiKey: 'mh_key_url', baseUrl: base, retry: false }).createPaymentLink({
        amount: 1000,
        currency: 'SAR',
        reference: 'r',
      }),
    );
    answer = (_req, _body, res) =>
      json(res, 201, {
        id: 'inv1',
        status: 'initiated',
        amount: 1000,
        currency: 'SAR',
        url: 'javascript:alert(1)',
        metadata: { paybridge_reference: 'r' },
      });
    const error = await failure(
      createMoyasar({ secretKey: 'sk_test_url', baseUrl: base, retry: false }).createPaymentLink({
        amount: 1000,
        currency: 'SAR',
        reference: 'r',
      }),
    );
    expect(error.code).toBe('invalid_response');
  });
});

describe('11: rate-limit headers other than Retry-After fail fast too', () => {
  it.each([
    ['X-RateLimit-Retry-After: 3600', { 'x-ratelimit-retry-after': '3600' }],
    ['RateLimit-Reset: 3600', { 'ratelimit-reset': '3600' }],
    [
      'X-RateLimit-Reset: an epoch an hour ahead',
      { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
    ],
  ])('429 with %s', async (_name, headers) => {
    answer = (_req, _body, res) => json(res, 429, { status: { code: 429, message: 'slow down' } }, headers);
    const started = Date.now();
    const error = await failure(
      createMoneyHash({
        apiKey: 'mh_key_rl',
        baseUrl: base,
        totalTimeoutMs: 3000,
        retry: { limit: 2, backoffLimit: 5 },
      }).getPayment('i1'),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((error as ProviderError).retryAfterSeconds).toBeGreaterThan(3000);
  });
});

describe('12: redaction of the remaining encodings', () => {
  it('form encoding (URLSearchParams) and \\u-escaped JSON echoes', async () => {
    const apiKey = "mh_live~key!(prod)'42<x>&";
    answer = (req, _body, res) => {
      const key = String(req.headers['x-api-key']);
      const form = new URLSearchParams({ key }).toString();
      const go = JSON.stringify({ k: key })
        .replaceAll('<', '\\u003c')
        .replaceAll('>', '\\u003e')
        .replaceAll('&', '\\u0026');
      json(res, 400, { status: { code: 400, message: `rejected ${form} ${go}` } });
    };
    const error = await failure(
      createMoneyHash({ apiKey, baseUrl: base, retry: false }).getPayment('intent1'),
    );
    const text = everything(error);
    expect(text).not.toContain(new URLSearchParams({ key: apiKey }).toString().slice(4));
    expect(text).not.toContain('\\u003cx\\u003e\\u0026');
  });

  it('an all-digit secret echoed as a JSON number, and a cause whose code and name hold a secret', async () => {
    const clientSecret = '98765432109876';
    answer = (_req, body, res) => {
      const sent = JSON.parse(body) as { client_secret?: string };
      json(res, 400, `{"message":"invalid client","echo":{"client_secret":${sent.client_secret}}}`);
    };
    const moneygo = createMoneyGo({
      clientId: 'cid',
      clientSecret,
      formSecret: 'fsecret',
      walletTo: 'U1',
      baseUrl: base,
      retry: false,
    });
    expect(everything(await failure(moneygo.getPayment('ref1')))).not.toContain(clientSecret);
    const apiKey = 'mh_cause_code_secret_123';
    const fetch = (async () => {
      throw Object.assign(new TypeError('fetch failed'), {
        code: `EPROXY ${apiKey}`,
        name: `ProxyError(${apiKey})`,
      });
    }) as typeof globalThis.fetch;
    expect(
      everything(await failure(createMoneyHash({ apiKey, fetch, retry: false }).getPayment('intent1'))),
    ).not.toContain(apiKey);
  });

  it('user:password@ with an @ inside the password is stripped whole', async () => {
    const fetch = (async () => {
      throw new TypeError('connect ECONNREFUSED via proxy http://admin:s3cr@t-Pa55@proxy.internal:3128');
    }) as typeof globalThis.fetch;
    const error = await failure(
      createMoneyHash({ apiKey: 'mh_key_zzzzzz', fetch, retry: false }).getPayment('intent1'),
    );
    expect(everything(error)).not.toContain('t-Pa55');
  });
});

describe('14: a Redis URL node-redis cannot use is a configuration fault', () => {
  it('http:// as the Redis URL answers 500 configuration_error, not 503 forever', async () => {
    const store = createRedisStore({ url: 'http://127.0.0.1:1' });
    const handler = createWebhookHandler({ provider: createFakeProvider(), store, onEvent: () => {} });
    for (let i = 0; i < 2; i++) {
      const result = await handler.handle(await signedWebhook('evt-redis-url'));
      expect(result.status).toBe(500);
      expect(result.body).toMatchObject({ error: 'configuration_error' });
    }
    await store.close();
  });
});

describe('15: bad input is refused, not sent', () => {
  it('a sparse array in createPaymentLinks is refused before any POST', async () => {
    let posts = 0;
    answer = (_req, _body, res) => {
      posts += 1;
      json(res, 500, {});
    };
    const moyasar = createMoyasar({ secretKey: 'sk_test_sparse', baseUrl: base, retry: false });
    const link = { amount: 1000, currency: 'SAR', reference: 'a' };
    // biome-ignore lint/suspicious/noSparseArray: the hole is the attack.
    const error = await failure(moyasar.createPaymentLinks([link, , { ...link, reference: 'b' }] as never));
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(posts).toBe(0);
  });

  it('an idempotency key that is not a string, and a Money-Go transfer description that is a number', async () => {
    const moneyhash = createMoneyHash({ apiKey: 'mh_key_idem', baseUrl: base });
    const link = { amount: 1000, currency: 'EGP', reference: 'r' };
    expect(await failure(moneyhash.createPaymentLink(link, { idempotencyKey: 5 as never }))).toMatchObject({
      code: 'invalid_option',
    });
    const moneygo = createMoneyGo({ ...TEST_CREDENTIALS.moneygo, baseUrl: base });
    const transfer = { walletTo: 'U300003', amount: 100, currency: 'USD', description: 42 as never };
    expect(await failure(moneygo.transfer(transfer))).toMatchObject({ code: 'invalid_field' });
  });
});

describe('16: a fault inside the handler after parsing is 5xx, never a 4xx', () => {
  it('a store without methods is refused when the handler is made', () => {
    expect(() =>
      createWebhookHandler({ provider: createFakeProvider(), store: {} as never, onEvent: () => {} }),
    ).toThrow(ConfigurationError);
  });

  it.each([
    // renew is optional: one that is not a function is ignored, and the event is processed.
    ['a store whose renew is not a function', { ...createMemoryStore(), renew: true }, 200],
    [
      'a store whose claim throws a TypeError',
      { ...createMemoryStore(), claim: () => (undefined as unknown as { x(): void }).x() },
      503,
    ],
  ])('%s', async (_name, store, status) => {
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      store: store as never,
      onEvent: () => {},
    });
    const webhook = await signedWebhook('fault');
    const answered = await handler.fetch(
      new Request('http://x/', { method: 'POST', body: webhook.body, headers: webhook.headers }),
    );
    expect(answered.status).toBe(status);
  });
});
