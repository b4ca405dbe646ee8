/**
 * Hardening, classes 4, 5, 8, 9 and 11 (URLs): settings that fail closed, secrets that never leave
 * encoded, and bad input that is always a PaybridgeError before any request.
 */
import { inspect } from 'node:util';
import {
  ConfigurationError,
  InvalidRequestError,
  type PaybridgeError,
  parseWebhook,
  WebhookParseError,
  type WebhookProvider,
} from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { moneyGoWebhook, moneyHashWebhook, moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { describe, expect, it } from 'vitest';
import { computeV3Signature } from '../../src/providers/moneyhash/signature';

/** A fetch that records every call and fails the test if anything is sent. */
function noRequests() {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return new Response('{}', { status: 500 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<PaybridgeError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

describe('class 4: settings fail closed', () => {
  it('an empty Buffer as MoneyHash webhookSecret refuses a body "signed" with the empty key', async () => {
    const { body } = await moneyHashWebhook({ status: 'succeeded' });
    const t = Math.floor(Date.now() / 1000);
    const forged = `t=${t},v3=${await computeV3Signature('', body, t)}`;
    const moneyhash = createMoneyHash({ webhookSecret: Buffer.alloc(0) as unknown as string });
    const error = await failure(moneyhash.parseWebhook({ body, headers: { 'moneyhash-signature': forged } }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe('invalid_setting');
    expect(error.message).toContain('webhookSecret');
  });

  const wrong: Array<[string, unknown]> = [
    ['a number', 12345678],
    ['an object', { secret: 'x' }],
    ['an array holding a number (a list is a rotation: each must be a string)', ['a-valid-secret', 5]],
    ['true', true],
    ['a Uint8Array', new Uint8Array([1, 2, 3])],
  ];
  for (const [what, value] of wrong) {
    it(`${what} as a webhook secret is a ConfigurationError naming the setting, in every adapter`, async () => {
      const cases: Array<[string, () => Promise<unknown>]> = [
        [
          'webhookSecret',
          async () =>
            createMoneyHash({ webhookSecret: value as string }).parseWebhook(
              await moneyHashWebhook({ status: 'succeeded' }),
            ),
        ],
        [
          'webhookSecret',
          async () => createMoyasar({ webhookSecret: value as string }).parseWebhook(await moyasarWebhook()),
        ],
        [
          'formSecret',
          async () => createMoneyGo({ formSecret: value as string }).parseWebhook(await moneyGoWebhook()),
        ],
      ];
      for (const [setting, run] of cases) {
        const error = await failure(run());
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toContain(setting);
      }
    });
  }

  it('a Buffer as Money-Go formSecret or a number as an API key fails before any request', async () => {
    const { calls, fetch } = noRequests();
    const moneygo = createMoneyGo({
      ...TEST_CREDENTIALS.moneygo,
      formSecret: Buffer.from('moneygo_test_form_secret') as unknown as string,
      fetch,
    });
    const link = { amount: 1000, currency: 'USD', reference: 'r-1', walletFrom: 'U200002', userInfo: 'c' };
    expect(await failure(moneygo.createPaymentLink(link))).toBeInstanceOf(ConfigurationError);
    const moneyhash = createMoneyHash({ apiKey: 42 as unknown as string, fetch });
    expect(await failure(moneyhash.getPayment('intent_1'))).toBeInstanceOf(ConfigurationError);
    const moyasar = createMoyasar({ secretKey: { k: 1 } as unknown as string, fetch });
    expect(await failure(moyasar.getPayment('inv_1'))).toBeInstanceOf(ConfigurationError);
    expect(calls).toEqual([]);
  });

  for (const [what, toleranceSeconds] of [
    ['NaN (Number(process.env.UNSET))', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative number', -1],
    ['a string', '300'],
  ] as const) {
    it(`toleranceSeconds ${what} is a ConfigurationError, never a window switched off`, async () => {
      const old = await moneyHashWebhook({
        status: 'succeeded',
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      const moneyhash = createMoneyHash({ webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret });
      const options = { toleranceSeconds: toleranceSeconds as number };
      const error = await failure(moneyhash.parseWebhook(old, options));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toContain('toleranceSeconds');
      // The same for an adapter that has no timestamp: a bad option is refused everywhere.
      const moyasar = createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret });
      expect(await failure(moyasar.parseWebhook(await moyasarWebhook(), options))).toBeInstanceOf(
        ConfigurationError,
      );
    });
  }

  it('now: new Date("x") is a ConfigurationError, never a clock that makes every timestamp fresh', async () => {
    const old = await moneyHashWebhook({ status: 'succeeded', timestamp: 1_000_000 });
    const moneyhash = createMoneyHash({ webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret });
    const error = await failure(moneyhash.parseWebhook(old, { now: new Date('x') }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('now');
  });
});

describe('class 5: secrets never leave in an encoded form', () => {
  const KEY = 'sk_live_Ab+Cd/Ef=GhIjKlMn';
  it("Moyasar's error code carrying base64 of the Basic credential is redacted everywhere", async () => {
    const basic = Buffer.from(`${KEY}:`).toString('base64');
    for (const echoed of [basic, basic.replace(/=+$/, ''), Buffer.from(`${KEY}:`).toString('base64url')]) {
      const moyasar = createMoyasar({
        secretKey: KEY,
        retry: false,
        fetch: async () =>
          Response.json(
            { type: echoed, message: `key ${echoed}`, errors: { [echoed]: [echoed] } },
            { status: 401 },
          ),
      });
      const error = await failure(moyasar.getPayment('inv_1'));
      const texts = [
        error.message,
        String(error.stack),
        error.code,
        JSON.stringify(error),
        inspect(error, { depth: 8 }),
      ];
      for (const text of texts) {
        expect(text).not.toContain(echoed);
        expect(text).not.toContain(KEY);
      }
    }
  });

  it('a baseUrl with user:password@ is refused, and the password appears nowhere', async () => {
    const password = 'p4ss-w0rd-in-the-url';
    const moyasar = createMoyasar({
      secretKey: 'sk_test_userinfo',
      baseUrl: `https://merchant:${password}@api.moyasar.com/v1`,
    });
    const error = await failure(moyasar.getPayment('inv_1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe('invalid_base_url');
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)} ${inspect(error)}`).not.toContain(
      password,
    );
  });
});

describe('class 8: bad input is a PaybridgeError, never a raw error', () => {
  const adapters = {
    moneyhash: () => createMoneyHash({ apiKey: 'mh_key_for_inputs' }),
    moyasar: () => createMoyasar({ secretKey: 'sk_test_inputs' }),
    moneygo: () => createMoneyGo(TEST_CREDENTIALS.moneygo),
  };
  for (const [name, make] of Object.entries(adapters)) {
    for (const input of [null, undefined, 'order-1', 42]) {
      it(`${name}.createPaymentLink(${String(input)}) is InvalidRequestError invalid_input`, async () => {
        const adapter = make() as { createPaymentLink(input: unknown): Promise<unknown> };
        const error = await failure(adapter.createPaymentLink(input));
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error.code).toBe('invalid_input');
      });
    }
  }

  const hostileHeaders = {
    'a getter that throws': Object.defineProperty({}, 'moneyhash-signature', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }),
    'ownKeys that throws': new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    ),
    'a Headers-like get() that throws': Object.create({
      get() {
        throw new Error('boom');
      },
    }),
  };
  for (const [what, headers] of Object.entries(hostileHeaders)) {
    it(`headers with ${what}: WebhookParseError invalid_headers wherever headers are read, never a raw error`, async () => {
      const cases = [
        [
          createMoneyHash({ webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret }),
          await moneyHashWebhook(),
        ],
        [createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret }), await moyasarWebhook()],
        [createMoneyGo(TEST_CREDENTIALS.moneygo), await moneyGoWebhook()],
      ] as const;
      for (const [adapter, webhook] of cases) {
        const outcome = await parseWebhook(adapter as WebhookProvider, {
          body: webhook.body,
          headers: headers as Record<string, string>,
        }).then(
          () => 'accepted',
          (error: unknown) => error,
        );
        // MoneyHash reads its signature header, so it must refuse; Moyasar and Money-Go read no header
        // and may accept (a Headers-like object is only asked for what is needed).
        if (adapter.name === 'moneyhash' || outcome !== 'accepted') {
          expect(outcome, adapter.name).toBeInstanceOf(WebhookParseError);
          expect((outcome as WebhookParseError).code).toBe('invalid_headers');
          expect((outcome as WebhookParseError).provider).toBe(adapter.name);
        }
      }
    });
  }
});

describe('class 9: ids never become other paths', () => {
  const bad = ['', '.', '..', '../x', 'a/b', 'a?b=1', 'a#b', 'a\\b', 'a\nb'];
  it('MoneyHash and Moyasar refuse them before any request, with invalid_id', async () => {
    const { calls, fetch } = noRequests();
    const moneyhash = createMoneyHash({ apiKey: 'mh_key_for_ids', fetch });
    const moyasar = createMoyasar({ secretKey: 'sk_test_ids', fetch });
    for (const id of bad) {
      for (const run of [
        () => moneyhash.getPayment(id),
        () => moneyhash.cancelPaymentLink(id),
        () => moneyhash.refund(id),
        () => moneyhash.capture(id),
        () => moneyhash.void(id),
        () => moyasar.getPayment(id),
        () => moyasar.cancelPaymentLink(id),
        () => moyasar.refund(id),
        () => moyasar.capture(id),
        () => moyasar.void(id),
        () => moyasar.getProviderPayment(id),
      ]) {
        const error = await failure(run);
        expect(error, `id ${JSON.stringify(id)}`).toBeInstanceOf(InvalidRequestError);
        expect(error.code).toBe('invalid_id');
      }
    }
    expect(calls).toEqual([]);
  });

  it('the rest is percent-encoded into one segment', async () => {
    const seen: string[] = [];
    const moyasar = createMoyasar({
      secretKey: 'sk_test_ids',
      retry: false,
      fetch: async (input) => {
        seen.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
        return new Response('{}', { status: 404 });
      },
    });
    await failure(moyasar.getProviderPayment('pay 1%2e'));
    expect(seen).toEqual(['/v1/payments/pay%201%252e']);
  });
});

describe('class 11: only http(s) URLs are sent to a provider', () => {
  const urls = [
    'javascript:alert(1)',
    'data:text/html,x',
    '/relative/path',
    'ftp://x.test/',
    'https://u:p@x.test/',
  ];
  for (const url of urls) {
    it(`${url} is refused by every adapter before any request`, async () => {
      const { calls, fetch } = noRequests();
      const links: Array<[string, () => Promise<unknown>]> = [
        [
          'moneyhash',
          () =>
            createMoneyHash({ apiKey: 'mh_key_urls', fetch }).createPaymentLink({
              amount: 1000,
              currency: 'EGP',
              reference: 'r',
              successUrl: url,
            }),
        ],
        [
          'moyasar',
          () =>
            createMoyasar({ secretKey: 'sk_test_urls', fetch }).createPaymentLink({
              amount: 1000,
              currency: 'SAR',
              reference: 'r',
              successUrl: url,
            }),
        ],
        [
          'moneygo',
          () =>
            createMoneyGo({ ...TEST_CREDENTIALS.moneygo, fetch }).createPaymentLink({
              amount: 1000,
              currency: 'USD',
              reference: 'r',
              walletFrom: 'U200002',
              userInfo: 'c',
              successUrl: url,
            }),
        ],
      ];
      for (const [name, run] of links) {
        const error = await failure(run());
        expect(error, name).toBeInstanceOf(InvalidRequestError);
        expect(error.code, name).toBe('invalid_url');
      }
      expect(calls).toEqual([]);
    });
  }
});
