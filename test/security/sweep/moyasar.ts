/** Secrets-sweep rows for the Moyasar adapter. The adapter registers its credentials itself (register: false). */
import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  ProviderError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createMoyasar, type MoyasarSettings } from '../../../src/providers/moyasar/index';
import { echoFetch, failingFetch, hangingFetch, wrongShapeFetch } from './echo';
import type { SweepRow } from './types';

const SECRET_KEY = 'sk_test_sweep+Moyasar/Key9f2c71=';
const WEBHOOK_SECRET = 'sweep-moyasar-webhook+secret/4b8e=';
const SECRETS = [SECRET_KEY, WEBHOOK_SECRET];
const link = { amount: 10_500, currency: 'SAR', reference: 'order-1042', description: 'Order' };
const adapter = (extra: MoyasarSettings = {}) =>
  createMoyasar({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    retry: false,
    timeout: 200,
    ...extra,
  });
const paid = JSON.parse(
  readFileSync(new URL('../../fixtures/moyasar/webhook-payment-paid.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const webhook = (body: unknown) => adapter().parseWebhook({ body: JSON.stringify(body), headers: {} });

export const moyasarRows: SweepRow[] = [
  ...[401, 400, 403, 404, 429, 500].map(
    (status): SweepRow => ({
      name: `createPaymentLink: HTTP ${status} whose body and headers echo the request (Basic auth included)`,
      secrets: SECRETS,
      register: false,
      run: () => adapter({ fetch: echoFetch({ status }) }).createPaymentLink(link),
      expect: ProviderError,
    }),
  ),
  {
    name: 'createPaymentLink: HTTP 502 with a text body echoing the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 502, text: true }) }).createPaymentLink(link),
    expect: ProviderError,
  },
  {
    name: 'createPaymentLink: 201 of the wrong shape echoing the headers',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: wrongShapeFetch(201) }).createPaymentLink(link),
    expect: InvalidResponseError,
  },
  {
    name: 'getPayment: the connection fails with the request in the cause chain',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: failingFetch() }).getPayment('inv_1'),
    expect: NetworkError,
  },
  {
    name: 'createPaymentLink: no answer before the timeout',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: hangingFetch() }).createPaymentLink(link),
  },
  {
    name: 'refund: HTTP 400 echo',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 400 }) }).refund('pay_1', 100),
    expect: ProviderError,
  },
  {
    name: 'settings: a publishable key where the secret key goes',
    secrets: ['pk_test_sweepPublishable7a1d'],
    register: false,
    run: () => createMoyasar({ secretKey: 'pk_test_sweepPublishable7a1d' }).getPayment('inv_1'),
    expect: ConfigurationError,
  },
  {
    name: 'settings: a key without a mode prefix',
    secrets: ['sweep-moyasar-prefixless-key-55e0'],
    register: false,
    run: () => createMoyasar({ secretKey: 'sweep-moyasar-prefixless-key-55e0' }).getPayment('inv_1'),
    expect: ConfigurationError,
  },
  {
    name: 'webhook: a wrong secret_token',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...paid, secret_token: `${WEBHOOK_SECRET}-not` }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: the right token, the wrong mode (live event, test key)',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...paid, secret_token: WEBHOOK_SECRET, live: true }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: verified, but data is not a payment object',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...paid, secret_token: WEBHOOK_SECRET, data: { id: 5, key: SECRET_KEY } }),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: not JSON, holding the token',
    secrets: SECRETS,
    register: false,
    run: () => adapter().parseWebhook({ body: `{"secret_token":"${WEBHOOK_SECRET}",`, headers: {} }),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: no webhook secret configured, the body holds the API key',
    secrets: [SECRET_KEY],
    register: false,
    run: () =>
      createMoyasar({ secretKey: SECRET_KEY }).parseWebhook({
        body: JSON.stringify({ ...paid, secret_token: SECRET_KEY }),
        headers: {},
      }),
    expect: WebhookVerificationError,
  },
];
