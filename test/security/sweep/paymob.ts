/**
 * Secrets-sweep rows for the Paymob adapter: the secret key (`Authorization: Token …`), the API
 * key and the auth token it buys (`Authorization: Bearer …`), and the HMAC secret. Credentials are
 * registered by the adapter (register: false).
 */
import { createHmac } from 'node:crypto';
import {
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  ProviderError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createPaymob, type PaymobSettings } from '../../../src/providers/paymob/index';
import { paymobTransactionMessage } from '../../../src/providers/paymob/signature';
import { paymobTransactionObject } from '../../../src/testing/webhooks/paymob';
import { echoFetch, failingFetch, hangingFetch, wrongShapeFetch } from './echo';
import type { SweepRow } from './types';

const SECRET_KEY = 'egy_sk_test_sweep+Paymob/Key3e1=';
const API_KEY = 'sweep-paymob-api+key/77d0=';
const HMAC_SECRET = 'sweep-paymob-hmac+secret/5c2a';
const AUTH_TOKEN = 'sweep-paymob-auth+token/0b9e==';
const SECRETS = [SECRET_KEY, API_KEY, HMAC_SECRET, AUTH_TOKEN];
const tokenRoute = { '/api/auth/tokens': { status: 201, json: { token: AUTH_TOKEN } } };
const adapter = (extra: PaymobSettings = {}) =>
  createPaymob({
    secretKey: SECRET_KEY,
    publicKey: 'egy_pk_test_sweep_public',
    apiKey: API_KEY,
    webhookSecret: HMAC_SECRET,
    integrationIds: [4_100_001],
    baseUrl: 'https://accept.paymob.test',
    retry: false,
    timeout: 200,
    ...extra,
  });
const link = { amount: 100_000, currency: 'EGP', reference: 'order-1042' };

/** A verified callback whose body holds the credentials (in unsigned fields), changed by `change`. */
function callback(change: (obj: Record<string, unknown>) => void, hmacKey = HMAC_SECRET) {
  const obj = paymobTransactionObject({ reference: `${SECRET_KEY} ${API_KEY}` });
  obj['data'] = { message: `${HMAC_SECRET} ${SECRET_KEY}` };
  const message = paymobTransactionMessage(obj);
  change(obj);
  const hmac = createHmac('sha512', hmacKey).update(message).digest('hex');
  return {
    body: JSON.stringify({ type: 'TRANSACTION', obj }),
    url: `/webhooks/paymob?hmac=${hmac}&key=${API_KEY}`,
  };
}

export const paymobRows: SweepRow[] = [
  ...[400, 401, 403, 404, 406, 429, 500].map(
    (status): SweepRow => ({
      name: `createPaymentLink: HTTP ${status} whose body and headers echo the request (Token auth included)`,
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
    name: 'createPaymentLink: no answer before the timeout',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: hangingFetch() }).createPaymentLink(link),
  },
  {
    name: 'getPayment: the token endpoint refuses the API key and echoes it',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 403 }) }).getPayment('217503754'),
    expect: ProviderError,
  },
  {
    name: 'getPayment: the inquiry answers 500 echoing the Bearer token',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 500, routes: tokenRoute }) }).getPayment('217503754'),
    expect: ProviderError,
  },
  {
    name: 'getPayment: the inquiry answers 401 twice (token refreshed once), echoing it',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 401, routes: tokenRoute }) }).getPayment('217503754'),
    expect: ProviderError,
  },
  {
    name: 'getPayment: the connection fails with the request in the cause chain',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: failingFetch() }).getPayment('217503754'),
    expect: NetworkError,
  },
  {
    name: 'refund: HTTP 400 echo (Token auth)',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 400 }) }).refund({ transactionId: '192036465' }, 100),
    expect: ProviderError,
  },
  {
    name: 'settings: the secret key given as the public key (it would go into the checkout URL)',
    secrets: [SECRET_KEY],
    register: false,
    run: () => adapter({ publicKey: SECRET_KEY }).createPaymentLink(link),
    expect: ConfigurationError,
  },
  {
    name: 'settings: a public key given as the secret key',
    secrets: ['egy_pk_test_sweepPublic71c2'],
    register: false,
    run: () => adapter({ secretKey: 'egy_pk_test_sweepPublic71c2' }).createPaymentLink(link),
    expect: ConfigurationError,
  },
  {
    name: 'webhook: a wrong hmac, the body and URL holding the credentials',
    secrets: SECRETS,
    register: false,
    run: () => adapter().parseWebhook(callback(() => {}, 'not-the-secret')),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: a signed field changed, the body holding the credentials',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter().parseWebhook(
        callback((obj) => {
          obj['amount_cents'] = 1;
        }),
      ),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: verified, then unreadable (amount_cents not minor units), the body holding the credentials',
    secrets: SECRETS,
    register: false,
    run: async () => {
      const obj = paymobTransactionObject({ reference: SECRET_KEY });
      obj['amount_cents'] = `${API_KEY}`;
      obj['currency'] = 'EGP';
      const hmac = createHmac('sha512', HMAC_SECRET).update(paymobTransactionMessage(obj)).digest('hex');
      return adapter().parseWebhook({
        body: JSON.stringify({ type: 'TRANSACTION', obj }),
        url: `/webhooks/paymob?hmac=${hmac}`,
      });
    },
    expect: WebhookParseError,
  },
  {
    name: 'webhook: no HMAC secret configured, the body holds the secret key',
    secrets: [SECRET_KEY],
    register: false,
    run: () =>
      createPaymob({ secretKey: SECRET_KEY }).parseWebhook({
        body: JSON.stringify({ type: 'TRANSACTION', obj: { id: SECRET_KEY } }),
        url: '/webhooks/paymob?hmac=00',
      }),
    expect: WebhookVerificationError,
  },
  {
    name: 'parseRedirect: a wrong hmac, the query holding the credentials',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter().parseRedirect(
        `https://shop.example/paid?id=1&merchant_order_id=${encodeURIComponent(SECRET_KEY)}&hmac=${'a'.repeat(128)}`,
      ),
    expect: WebhookVerificationError,
  },
];
