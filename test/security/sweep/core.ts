/** Secrets-sweep rows for the provider-independent failure paths: settings, the HTTP client, webhooks, money. */
import { z } from 'zod';
import { normalizeBaseUrl, requireSetting } from '../../../src/core/config';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  ProviderError,
  TimeoutError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../../src/core/errors';
import { createHttpClient, type HttpClientConfig } from '../../../src/core/http';
import { toMinorUnits } from '../../../src/core/money';
import {
  assertFreshTimestamp,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../../src/core/webhook-input';
import { reencode } from './echo';
import type { SweepRow } from './types';

const API_KEY = 'sweep_core_api+key/7f3a9c1e5b==';
const TOKEN = 'sweep-core-oauth+token/Zq81Lm=';
const FORM_SECRET = 'sweep_core_form+secret/94d2';
const WEBHOOK_SECRET = 'whsec_sweep+core/61be0a=';
const ALL = [API_KEY, TOKEN, FORM_SECRET, WEBHOOK_SECRET];

/** A client whose every attempt carries all credentials in headers, and whose fetch is `fetch`. */
function client(fetch: typeof globalThis.fetch, extra: Partial<HttpClientConfig> = {}) {
  return createHttpClient({
    provider: 'sweep',
    baseUrl: 'https://api.sweep.test',
    fetch,
    retry: false,
    timeout: 200,
    totalTimeout: 1_000,
    headers: { 'x-form-secret': FORM_SECRET },
    authorize: (request) => {
      request.headers.set('x-api-key', API_KEY);
      request.headers.set('authorization', `Bearer ${TOKEN}`);
    },
    // A careless parser: copies every field of the body, the header values and the request id verbatim.
    parseError: ({ status, body, headers }) => {
      const b = (typeof body === 'object' && body !== null ? body : { message: String(body) }) as Record<
        string,
        unknown
      >;
      return {
        status,
        code: typeof b['code'] === 'string' ? b['code'] : undefined,
        providerType: typeof b['type'] === 'string' ? b['type'] : undefined,
        message: `sweep said: ${String(b['message'])} (auth ${headers.get('www-authenticate')})`,
        fieldErrors: Object.entries((b['errors'] as Record<string, string>) ?? {}).map(
          ([field, message]) => ({
            field,
            message,
          }),
        ),
        requestId: headers.get('x-request-id') ?? undefined,
        body,
      };
    },
    ...extra,
  });
}

/** Echoes the request back: URL, every header and the body, as the provider's error answer. */
const echo =
  (status: number, extraHeaders: Record<string, string> = {}): typeof globalThis.fetch =>
  async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers = Object.fromEntries(request.headers.entries());
    const body = {
      message: `rejected ${request.url} with ${JSON.stringify(headers)}`,
      code: `bad_key_${API_KEY}`,
      type: `type_${TOKEN}`,
      errors: { [`field_${FORM_SECRET}`]: `value ${WEBHOOK_SECRET}` },
      echo: { headers, body: await request.text() },
      reencoded: reencode(`${request.url} ${JSON.stringify(headers)}`),
      basic: Buffer.from(`${API_KEY}:`).toString('base64'),
    };
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${TOKEN}"`,
        'x-request-id': `req_${API_KEY}`,
        ...extraHeaders,
      },
    });
  };

const schema = z.object({ id: z.string(), url: z.string() });
const post = (c: ReturnType<typeof client>, extra: Record<string, unknown> = {}) =>
  c.request({
    method: 'POST',
    path: `/links?token=${TOKEN}`,
    json: { secret: FORM_SECRET, apiKey: API_KEY },
    schema,
    ...extra,
  });

export const coreRows: SweepRow[] = [
  {
    name: 'settings: a base URL that is not a URL and holds the API key',
    secrets: [API_KEY],
    run: () => normalizeBaseUrl(`https://user:${API_KEY}@ bad host`, 'sweep'),
    expect: ConfigurationError,
  },
  {
    name: 'settings: a blank required credential (the message names the setting, not a value)',
    secrets: ALL,
    run: () => requireSetting('   ', { provider: 'sweep', setting: 'apiKey', envVar: 'SWEEP_API_KEY' }),
    expect: ConfigurationError,
  },
  {
    name: 'http: 401 whose body, headers and request id echo every credential',
    secrets: ALL,
    run: () => post(client(echo(401))),
    expect: ProviderError,
  },
  {
    name: 'http: 422 with field errors keyed by a secret',
    secrets: ALL,
    run: () => post(client(echo(422))),
    expect: ProviderError,
  },
  {
    name: 'http: 500 with a text body holding the credentials',
    secrets: ALL,
    run: () =>
      post(
        client(
          async () =>
            new Response(`upstream said: key=${API_KEY} token ${TOKEN} form ${FORM_SECRET}`, { status: 500 }),
        ),
      ),
    expect: ProviderError,
  },
  {
    name: 'http: 200 that is not JSON and holds the credentials',
    secrets: ALL,
    run: () => post(client(async () => new Response(`<html>${API_KEY} ${TOKEN}</html>`, { status: 200 }))),
    expect: InvalidResponseError,
  },
  {
    name: 'http: 200 of the wrong shape whose fields hold the credentials',
    secrets: ALL,
    run: () =>
      post(
        client(async () =>
          Response.json({
            id: 1,
            url: { key: API_KEY },
            [TOKEN]: FORM_SECRET,
            nested: { deep: WEBHOOK_SECRET },
          }),
        ),
      ),
    expect: InvalidResponseError,
  },
  {
    name: 'http: an error reported inside a 2xx body',
    secrets: ALL,
    run: () =>
      post(
        client(
          async () => Response.json({ status: false, message: `token ${TOKEN} expired`, key: API_KEY }),
          {
            errorInBody: (body) => ({ message: JSON.stringify(body), body }),
          },
        ),
      ),
    expect: ProviderError,
  },
  {
    name: 'http: fetch fails with the URL and credentials in the cause chain',
    secrets: ALL,
    run: () =>
      post(
        client(async (input) => {
          const url = input instanceof Request ? input.url : String(input);
          const root = Object.assign(
            new Error(`connect ECONNREFUSED ${url} (authorization: Bearer ${TOKEN})`),
            {
              code: 'ECONNREFUSED',
            },
          );
          throw new TypeError(`fetch failed for ${url} with ${API_KEY}`, {
            cause: new Error(`socket for ${FORM_SECRET}`, { cause: root }),
          });
        }),
      ),
    expect: NetworkError,
  },
  {
    name: 'http: a real connection refused on loopback, credentials in the query and headers',
    secrets: ALL,
    run: () =>
      createHttpClient({
        provider: 'sweep',
        baseUrl: 'http://127.0.0.1:9',
        retry: false,
        timeout: 2_000,
        authorize: (request) => request.headers.set('authorization', `Bearer ${TOKEN}`),
        parseError: () => ({ message: 'unused' }),
      }).request({ method: 'GET', path: `/x/${API_KEY}`, searchParams: { secret: FORM_SECRET }, schema }),
    expect: NetworkError,
  },
  {
    name: 'http: a timeout on a path that holds a token',
    secrets: ALL,
    run: () =>
      post(
        client(
          (_input, init) =>
            new Promise<Response>((_resolve, reject) => {
              const signal = init?.signal ?? (_input instanceof Request ? _input.signal : undefined);
              if (signal?.aborted) reject(signal.reason);
              signal?.addEventListener('abort', () => reject(signal.reason));
            }),
        ),
        { path: `/links/${TOKEN}` },
      ),
    expect: TimeoutError,
  },
  {
    name: 'http: aborted by the caller with a reason that holds a secret',
    secrets: ALL,
    run: () =>
      post(
        client(
          (_input, init) =>
            new Promise<Response>((_resolve, reject) => {
              const signal = init?.signal ?? (_input instanceof Request ? _input.signal : undefined);
              if (signal?.aborted) reject(signal.reason);
              signal?.addEventListener('abort', () => reject(signal.reason));
            }),
        ),
        { options: { signal: AbortSignal.abort(new DOMException(`stop ${API_KEY}`, 'AbortError')) } },
      ),
    expect: NetworkError,
  },
  {
    name: 'http: the authorize hook fails with a message that holds the client secret',
    secrets: ALL,
    run: () =>
      post(
        client(echo(200), {
          authorize: () => {
            throw new Error(`token request failed: client_secret=${FORM_SECRET}&token=${TOKEN}`);
          },
        }),
      ),
    expect: NetworkError,
  },
  {
    name: 'http: refreshing the token after a 401 fails with a message that holds it',
    secrets: ALL,
    run: () =>
      post(
        client(echo(401), {
          onUnauthorized: async () => {
            throw new Error(`refresh failed for ${TOKEN} using ${FORM_SECRET}`);
          },
        }),
      ),
  },
  {
    name: 'webhook: a body that is not JSON and holds the webhook secret',
    secrets: [WEBHOOK_SECRET],
    run: () =>
      parseWebhookJson(
        normalizeWebhookInput({
          body: `{"secret_token":"${WEBHOOK_SECRET}"`,
          headers: { authorization: `Bearer ${TOKEN}` },
        }).text,
        'sweep',
      ),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: a parsed object instead of the raw body',
    secrets: [WEBHOOK_SECRET],
    run: () => normalizeWebhookInput({ body: { secret_token: WEBHOOK_SECRET } as never, headers: {} }),
    expect: WebhookParseError,
  },
  {
    name: 'webhook: a stale signature timestamp',
    secrets: [WEBHOOK_SECRET],
    run: () => assertFreshTimestamp(1, { provider: 'sweep' }),
    expect: WebhookVerificationError,
  },
  {
    name: 'webhook: an adapter message that quotes the expected signature and the secret',
    secrets: [WEBHOOK_SECRET],
    run: () => {
      throw new WebhookVerificationError('bad_signature', `expected HMAC(${WEBHOOK_SECRET}, body)`, {
        provider: 'sweep',
        cause: new Error(`secret ${WEBHOOK_SECRET}`),
      });
    },
    expect: WebhookVerificationError,
  },
  {
    name: 'money: a credential pasted into an amount field',
    secrets: [API_KEY],
    run: () => toMinorUnits(API_KEY, 'SAR'),
    expect: InvalidRequestError,
  },
  {
    name: 'generic patterns: unregistered bearer tokens and sk_live keys',
    secrets: ['sk_live_51UnregisteredKeyAbc', 'eyUnregisteredBearerToken123'],
    register: false,
    run: () => {
      throw new ProviderError({
        status: 401,
        message:
          'bad key sk_live_51UnregisteredKeyAbc; sent Authorization: Bearer eyUnregisteredBearerToken123',
        body: { authorization: 'Bearer eyUnregisteredBearerToken123', key: 'sk_live_51UnregisteredKeyAbc' },
      });
    },
    expect: ProviderError,
  },
];
