/** Secrets-sweep rows for the Money-Go adapter, the OAuth access token included. Credentials are registered by the adapter. */
import { readFileSync } from 'node:fs';
import {
  NetworkError,
  ProviderError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createMoneyGo, type MoneyGoSettings } from '../../../src/providers/moneygo/index';
import { echoFetch, failingFetch, hangingFetch, wrongShapeFetch } from './echo';
import type { SweepRow } from './types';

const CLIENT_SECRET = 'sweep-moneygo-client+secret/e92b=';
const FORM_SECRET = 'sweep-moneygo-form+secret/5c1f';
const ACCESS_TOKEN = 'sweep-moneygo-access+token/a7d044==';
const SECRETS = [CLIENT_SECRET, FORM_SECRET, ACCESS_TOKEN];
const tokenRoute = {
  '/token': { status: 200, json: { token_type: 'Bearer', expires_in: 3600, access_token: ACCESS_TOKEN } },
};
const adapter = (extra: MoneyGoSettings = {}) =>
  createMoneyGo({
    clientId: 'sweep-client',
    clientSecret: CLIENT_SECRET,
    formSecret: FORM_SECRET,
    walletTo: 'U155332',
    baseUrl: 'https://api.money-go.test',
    retry: false,
    timeout: 200,
    ...extra,
  });
const link = {
  amount: 1_050,
  currency: 'USD',
  reference: 'order-1042',
  walletFrom: 'U127056',
  userInfo: 'customer-7',
};
const seed = JSON.parse(
  readFileSync(new URL('../../fixtures/moneygo/webhook.seed.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const webhook = (body: unknown, extra: MoneyGoSettings = {}) =>
  adapter(extra).parseWebhook({ body: JSON.stringify(body), headers: {} });

export const moneygoRows: SweepRow[] = [
  ...[401, 400, 422, 500].map(
    (status): SweepRow => ({
      name: `token: HTTP ${status} echoing the client secret sent`,
      secrets: SECRETS,
      register: false,
      run: () => adapter({ fetch: echoFetch({ status }) }).createPaymentLink(link),
      expect: ProviderError,
    }),
  ),
  ...[200, 401, 422, 500].map(
    (status): SweepRow => ({
      name: `checkout: HTTP ${status} echoing the bearer token and the signed body`,
      secrets: SECRETS,
      register: false,
      run: () => adapter({ fetch: echoFetch({ status, routes: tokenRoute }) }).createPaymentLink(link),
    }),
  ),
  {
    name: 'checkout: HTTP 502 text echoing the request',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter({ fetch: echoFetch({ status: 502, text: true, routes: tokenRoute }) }).createPaymentLink(link),
    expect: ProviderError,
  },
  {
    name: 'token: 200 of the wrong shape echoing the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: wrongShapeFetch() }).createPaymentLink(link),
  },
  {
    name: 'getPayment: the connection fails with the request in the cause chain',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: failingFetch() }).getPayment('order-1042'),
    expect: NetworkError,
  },
  {
    name: 'checkout: no answer before the timeout',
    secrets: SECRETS,
    register: false,
    run: () => {
      const hang = hangingFetch();
      const token = echoFetch({ status: 500, routes: tokenRoute });
      return adapter({
        fetch: (input, init) =>
          new URL(input instanceof Request ? input.url : String(input)).pathname === '/token'
            ? token(input, init)
            : hang(input, init),
      }).createPaymentLink(link);
    },
  },
  {
    name: 'webhook: a signature that does not match (the form secret in the body)',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...seed, signature: FORM_SECRET }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: no signature',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...seed, signature: undefined, note: CLIENT_SECRET }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: an unreadable amount',
    secrets: SECRETS,
    register: false,
    run: () => webhook({ ...seed, amount: { value: FORM_SECRET } }),
  },
  {
    name: 'webhook: not JSON, holding the form secret',
    secrets: SECRETS,
    register: false,
    run: () => adapter().parseWebhook({ body: `{"signature":"${FORM_SECRET}"`, headers: {} }),
    expect: WebhookParseError,
  },
];
