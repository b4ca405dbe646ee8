/**
 * Secrets-sweep rows for the Tap adapter. Tap's secret API key is also the key of the webhook
 * HMAC, so the webhook paths run with it configured too. The adapter registers its credentials
 * itself (register: false).
 */
import {
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  ProviderError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createTap, type TapSettings } from '../../../src/providers/tap/index';
import { signTapWebhook } from '../../../src/providers/tap/signature';
import { echoFetch, failingFetch, hangingFetch, reencode, wrongShapeFetch } from './echo';
import type { SweepRow } from './types';

const SECRET_KEY = 'sk_test_sweep+Tap/Key9f2c71=ab';
const OLD_KEY = 'sk_test_sweep+TapOld/Key4b8e=cd';
const SECRETS = [SECRET_KEY, OLD_KEY];
const link = {
  amount: 10_500,
  currency: 'KWD',
  reference: 'order-1042',
  successUrl: 'https://shop.example/return',
  customer: { firstName: 'Sara', email: 'sara@example.com' },
};
const adapter = (extra: TapSettings = {}) =>
  createTap({
    secretKey: SECRET_KEY,
    webhookSecret: [SECRET_KEY, OLD_KEY],
    retry: false,
    timeout: 200,
    ...extra,
  });

/** Tap's own error shape, its description echoing the request (Authorization header included). */
function tapEchoFetch(status: number): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const said = `${request.method} ${request.url} ${JSON.stringify(Object.fromEntries(request.headers.entries()))} ${await request.text()}`;
    return Response.json(
      {
        errors: [
          { code: said.slice(0, 60), description: said },
          { code: '1144', description: JSON.stringify(reencode(said)) },
        ],
        http_code: String(status),
      },
      { status },
    );
  };
}

const body = (value: Record<string, unknown>) =>
  JSON.stringify({
    id: 'chg_sweep',
    object: 'charge',
    status: 'CAPTURED',
    amount: 1.0,
    currency: 'SAR',
    ...value,
  });

export const tapRows: SweepRow[] = [
  ...[400, 401, 403, 404, 429, 500].map(
    (status): SweepRow => ({
      name: `createPaymentLink: HTTP ${status}, Tap's error shape echoing the request (Bearer key included)`,
      secrets: SECRETS,
      register: false,
      run: () => adapter({ fetch: tapEchoFetch(status) }).createPaymentLink(link),
      expect: ProviderError,
    }),
  ),
  {
    name: 'getPayment: HTTP 200 whose errors list echoes the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: tapEchoFetch(200) }).getPayment('chg_1'),
    expect: ProviderError,
  },
  {
    name: 'createPaymentLink: HTTP 400 in the other providers’ shapes, echoing the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 400 }) }).createPaymentLink(link),
    expect: ProviderError,
  },
  {
    name: 'createPaymentLink: HTTP 502 with a text body echoing the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 502, text: true }) }).createPaymentLink(link),
    expect: ProviderError,
  },
  {
    name: 'getPayment: 200 of the wrong shape echoing the headers',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: wrongShapeFetch(200) }).getPayment('chg_1'),
    expect: InvalidResponseError,
  },
  {
    name: 'refund: the connection fails with the request in the cause chain',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: failingFetch() }).refund('chg_1', 100),
    expect: NetworkError,
  },
  {
    name: 'capture: no answer before the timeout',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: hangingFetch() }).capture('auth_1'),
  },
  {
    name: 'settings: a publishable key where the secret key goes',
    secrets: ['pk_test_sweepPublishable7a1d+/='],
    register: false,
    run: () => createTap({ secretKey: 'pk_test_sweepPublishable7a1d+/=' }).getPayment('chg_1'),
    expect: ConfigurationError,
  },
  {
    name: 'settings: a key without sk_test_/sk_live_',
    secrets: ['sweep-tap-prefixless-key-55e0'],
    register: false,
    run: () =>
      createTap({ secretKey: 'sweep-tap-prefixless-key-55e0' }).parseWebhook({ body: '{}', headers: {} }),
    expect: ConfigurationError,
  },
  {
    name: 'webhook: signed with another key, the body holding the configured key',
    secrets: SECRETS,
    register: false,
    run: async () => {
      const text = body({ metadata: { note: SECRET_KEY } });
      return adapter().parseWebhook({
        body: text,
        headers: { hashstring: await signTapWebhook('sk_test_other', text) },
      });
    },
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: a hashstring that is the key itself',
    secrets: SECRETS,
    register: false,
    run: () => adapter().parseWebhook({ body: body({}), headers: { hashstring: SECRET_KEY } }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: an amount that cannot be hashed, the key in the currency',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter().parseWebhook({
        body: body({ amount: 'x', currency: SECRET_KEY }),
        headers: { hashstring: 'a'.repeat(64) },
      }),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: verified, the object contradicting the id, the key in the object',
    secrets: SECRETS,
    register: false,
    run: async () => {
      const text = body({ object: 'authorize', description: SECRET_KEY });
      return adapter().parseWebhook({
        body: text,
        headers: { hashstring: await signTapWebhook(OLD_KEY, text) },
      });
    },
    expect: WebhookParseError,
  },
  {
    name: 'webhook: not JSON, holding the key',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter().parseWebhook({ body: `{"id":"${SECRET_KEY}",`, headers: { hashstring: 'a'.repeat(64) } }),
    expect: WebhookParseError,
  },
];
