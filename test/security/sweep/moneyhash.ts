/** Secrets-sweep rows for the MoneyHash adapter. The adapter registers its credentials itself (register: false). */
import { readFileSync } from 'node:fs';
import {
  InvalidResponseError,
  NetworkError,
  ProviderError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createMoneyHash, type MoneyHashSettings } from '../../../src/providers/moneyhash/index';
import { signMoneyHashWebhook } from '../../../src/providers/moneyhash/signature';
import { echoFetch, failingFetch, hangingFetch, wrongShapeFetch } from './echo';
import type { SweepRow } from './types';

const API_KEY = 'sweep-moneyhash-api+key/c41a99=';
const WEBHOOK_SECRET = 'sweep-moneyhash-signature+secret/07d3';
const SECRETS = [API_KEY, WEBHOOK_SECRET];
const link = { amount: 10_500, currency: 'SAR', reference: 'order-1042' };
const adapter = (extra: MoneyHashSettings = {}) =>
  createMoneyHash({
    apiKey: API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    flowId: 'flow_sweep',
    retry: false,
    timeout: 200,
    ...extra,
  });
const event = readFileSync(
  new URL('../../fixtures/moneyhash/seed.transaction.purchase.successful.json', import.meta.url),
  'utf8',
);
const T = 1_767_225_600;
const now = new Date(T * 1000);
const webhook = async (body: string, header?: string, extra: MoneyHashSettings = {}) =>
  adapter(extra).parseWebhook(
    {
      body,
      headers: { 'MoneyHash-Signature': header ?? (await signMoneyHashWebhook(WEBHOOK_SECRET, body, T)) },
    },
    { now },
  );

export const moneyhashRows: SweepRow[] = [
  ...[200, 400, 401, 403, 404, 429, 500].map(
    (status): SweepRow => ({
      name: `createPaymentLink: HTTP ${status} error envelope echoing the request (X-Api-Key included)`,
      secrets: SECRETS,
      register: false,
      run: () =>
        adapter({
          fetch: echoFetch({ status }),
        }).createPaymentLink(link),
      expect: ProviderError,
    }),
  ),
  {
    name: 'createPaymentLink: HTTP 502 text echoing the request',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 502, text: true }) }).createPaymentLink(link),
    expect: ProviderError,
  },
  {
    name: 'createPaymentLink: 200 of the wrong shape echoing the headers',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: wrongShapeFetch() }).createPaymentLink(link),
  },
  {
    name: 'getPayment: the connection fails with the request in the cause chain',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: failingFetch() }).getPayment('ePgw3gN'),
    expect: NetworkError,
  },
  {
    name: 'cancelPaymentLink: no answer before the timeout',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: hangingFetch() }).cancelPaymentLink('ePgw3gN'),
  },
  {
    name: 'fetchWebhookSecret: HTTP 401 echo',
    secrets: SECRETS,
    register: false,
    run: () => adapter({ fetch: echoFetch({ status: 401 }) }).fetchWebhookSecret(),
    expect: ProviderError,
  },
  {
    name: 'fetchWebhookSecret: 200 of the wrong shape holding the secret',
    secrets: SECRETS,
    register: false,
    run: () =>
      adapter({
        fetch: async () => Response.json({ data: { webhook_signature_secret: 42, other: WEBHOOK_SECRET } }),
      }).fetchWebhookSecret(),
    expect: InvalidResponseError,
  },
  {
    name: 'webhook: a body changed after signing',
    secrets: SECRETS,
    register: false,
    run: async () =>
      webhook(event.replace('successful', 'failed'), await signMoneyHashWebhook(WEBHOOK_SECRET, event, T)),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: a signature made with the API key instead of the webhook secret',
    secrets: SECRETS,
    register: false,
    run: async () => webhook(event, await signMoneyHashWebhook(API_KEY, event, T)),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: a header whose v3 is the secret itself',
    secrets: SECRETS,
    register: false,
    run: () => webhook(event, `t=${T},v3=${WEBHOOK_SECRET}`),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: a stale timestamp',
    secrets: SECRETS,
    register: false,
    run: async () => webhook(event, await signMoneyHashWebhook(WEBHOOK_SECRET, event, T - 3_600)),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: signed, but not JSON and holding the API key',
    secrets: SECRETS,
    register: false,
    run: () => webhook(`{"key":"${API_KEY}"`),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: signed, a known family with an unreadable shape holding the secrets',
    secrets: SECRETS,
    register: false,
    run: () =>
      webhook(
        JSON.stringify({
          type: 'transaction.purchase.successful',
          intent: { id: API_KEY, amount: { value: WEBHOOK_SECRET, currency: API_KEY } },
          transaction: { id: 5, operations: WEBHOOK_SECRET },
        }),
      ),
  },
];
