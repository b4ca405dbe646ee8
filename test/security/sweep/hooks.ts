/**
 * Secrets-sweep rows for the observability hooks: every adapter and the webhook handler driven
 * with credentials configured and the secrets put where a hook could pick them up (an id in the
 * path, a reference in the query string, a provider echoing the request in its request-id header,
 * an event id, a tenant), recording every argument every hook gets. The sweep then looks for the
 * secrets in those arguments in every encoding.
 */
import { readFileSync } from 'node:fs';
import { createWebhookHandler, type WebhookOutcome } from '../../../src';
import { createHttpClient } from '../../../src/core/http';
import { transportSettings } from '../../../src/core/http-settings';
import type { HttpHooks } from '../../../src/core/types';
import * as z from '../../../src/core/zod';
import { createMoneyGo } from '../../../src/providers/moneygo/index';
import { createMoneyHash } from '../../../src/providers/moneyhash/index';
import { createMoyasar } from '../../../src/providers/moyasar/index';
import { createPaymob } from '../../../src/providers/paymob/index';
import { createTap } from '../../../src/providers/tap/index';
import { echoFetch, failingFetch } from './echo';

/** A row that did not do what it is there to do: the sweep fails rather than check nothing. */
export class RowBroken extends Error {}

const paid = JSON.parse(
  readFileSync(new URL('../../fixtures/moyasar/webhook-payment-paid.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Where one row's hooks write: every argument of every call. */
export interface HookRecorder {
  hooks: HttpHooks;
  onOutcome: (outcome: WebhookOutcome) => void;
  readonly calls: unknown[];
}

export function hookRecorder(): HookRecorder {
  const calls: unknown[] = [];
  const record = (argument: unknown) => void calls.push(argument);
  return {
    calls,
    hooks: { onRequest: record, onResponse: record, onRetry: record },
    onOutcome: record,
  };
}

export interface HookSweepRow {
  name: string;
  /** The credentials configured; the adapters register them for redaction themselves. */
  secrets: string[];
  /** Runs the path (it may fail: only the hooks' arguments are checked). */
  run(recorder: HookRecorder): Promise<unknown>;
}

// No `/` in these: they must pass as ids and references, to reach a path and a query string.
const MOYASAR_KEY = 'sk_test_hooksweep+Moyasar9f2c71=';
const MONEYHASH_KEY = 'hooksweep-moneyhash+api-key-4b8e=';
const MONEYGO_SECRET = 'hooksweep-moneygo-client+secret-e92b=';
const PAYMOB_API_KEY = 'hooksweep-paymob+api-key-71aa=';
const TAP_KEY = 'sk_test_hooksweepTap5c1f0d9e';
const CORE_KEY = 'hooksweep-core+api-key-0c0ffee=';

/** A fetch that answers the same paths with an echo of the request, 503 first (retried GETs). */
const echo = (status: number) => echoFetch({ status });

export const hookRows: HookSweepRow[] = [
  {
    name: 'moyasar: getPayment with the secret key as the invoice id (the path), answered 503 then retried',
    secrets: [MOYASAR_KEY],
    run: ({ hooks }) =>
      createMoyasar({
        secretKey: MOYASAR_KEY,
        hooks,
        fetch: echo(503),
        retry: { limit: 1, backoffLimit: 1 },
      }).getPayment(MOYASAR_KEY),
  },
  {
    name: 'moyasar: findPaymentLinkByReference with the key as the reference (the query string)',
    secrets: [MOYASAR_KEY],
    run: ({ hooks }) =>
      createMoyasar({ secretKey: MOYASAR_KEY, hooks, fetch: echo(400) }).findPaymentLinkByReference(
        MOYASAR_KEY,
      ),
  },
  {
    name: 'moneyhash: getPayment with the API key as the intent id, the connection failing',
    secrets: [MONEYHASH_KEY],
    run: ({ hooks }) =>
      createMoneyHash({ apiKey: MONEYHASH_KEY, hooks, fetch: failingFetch(), retry: false }).getPayment(
        MONEYHASH_KEY,
      ),
  },
  {
    name: 'moneygo: the token request (client_secret in its body), then getPayment with the secret as external_id',
    secrets: [MONEYGO_SECRET],
    run: ({ hooks }) =>
      createMoneyGo({
        clientId: 'hooksweep-client',
        clientSecret: MONEYGO_SECRET,
        formSecret: 'hooksweep-form-secret',
        walletTo: 'U155332',
        baseUrl: 'https://api.money-go.test',
        hooks,
        retry: false,
        fetch: echoFetch({
          status: 422,
          routes: {
            '/token': { status: 200, json: { expires_in: 3600, access_token: `tok-${MONEYGO_SECRET}` } },
          },
        }),
      }).getPayment(MONEYGO_SECRET),
  },
  {
    name: 'paymob: the token request (api_key in its body), then getTransaction with the key as the id',
    secrets: [PAYMOB_API_KEY],
    run: ({ hooks }) =>
      createPaymob({
        secretKey: 'egy_sk_test_hooksweep',
        publicKey: 'egy_pk_test_hooksweep',
        apiKey: PAYMOB_API_KEY,
        webhookSecret: 'hooksweep-hmac',
        integrationIds: [1],
        hooks,
        retry: false,
        fetch: echoFetch({
          status: 500,
          routes: { '/api/auth/tokens': { status: 201, json: { token: `tok-${PAYMOB_API_KEY}` } } },
        }),
      }).getTransaction(PAYMOB_API_KEY),
  },
  {
    name: 'tap: getPayment with the key inside the charge id',
    secrets: [TAP_KEY],
    run: ({ hooks }) =>
      createTap({ secretKey: TAP_KEY, hooks, fetch: echo(404), retry: false }).getPayment(`chg_${TAP_KEY}`),
  },
  {
    name: 'core: a provider that echoes the request (the key in a header, raw and base64) in its request-id header',
    secrets: [CORE_KEY],
    run: ({ hooks }) =>
      createHttpClient({
        provider: 'echo',
        baseUrl: 'https://api.echo.test',
        requestIdHeader: 'x-request-id',
        authorize: (request) => request.headers.set('authorization', `Basic ${btoa(`${CORE_KEY}:`)}`),
        parseError: () => ({ message: 'refused' }),
        ...transportSettings({ hooks, retry: false }, 'echo'),
        fetch: async (input) => {
          const request = input as Request;
          const said = `${request.headers.get('authorization')} ${CORE_KEY}`;
          return Response.json({ ok: true }, { status: 500, headers: { 'x-request-id': said } });
        },
      }).request({ method: 'GET', operation: 'echo', path: `/keys/${CORE_KEY}`, schema: z.unknown() }),
  },
  {
    name: 'webhook handler: a verified Moyasar event whose ids hold the key, for a tenant named after it',
    secrets: [MOYASAR_KEY],
    async run({ onOutcome }) {
      const moyasar = createMoyasar({ secretKey: MOYASAR_KEY, webhookSecret: 'hooksweep-webhook-token' });
      const handler = createWebhookHandler({
        provider: () => ({ tenant: `shop-${MOYASAR_KEY}`, provider: moyasar }),
        onEvent: () => {},
        onOutcome,
      });
      const body = {
        ...paid,
        id: `evt-${MOYASAR_KEY}`,
        secret_token: 'hooksweep-webhook-token',
        data: { ...(paid['data'] as object), invoice_id: `inv-${MOYASAR_KEY}` },
      };
      const verified = await handler.handle({ body: JSON.stringify(body), headers: {} });
      if (verified.status !== 200) throw new RowBroken(`the webhook was not processed: ${verified.status}`);
      await handler.handle({ body: JSON.stringify({ ...body, secret_token: MOYASAR_KEY }), headers: {} });
    },
  },
];
