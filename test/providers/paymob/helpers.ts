import { readFileSync } from 'node:fs';
import { getResponse, type HttpHandler } from 'msw';
import { createPaymob, type PaymobSettings } from 'paybridge/paymob';
import { TEST_CREDENTIALS } from 'paybridge/testing';

const dir = new URL('../../fixtures/paymob/', import.meta.url);

/** A fixture's exact text (`name` with its extension). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** A JSON fixture, parsed (a fresh copy on every call). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** TV-P1 (fact sheet): the docs' processed callback, its HMAC secret ("Used HMAC Secret") and HMAC. */
export const TV_P1 = Object.freeze({
  file: 'transaction_processed_callback_card_success.json',
  key: '04DC1A9490B8CC2094C011FC055ADCDB',
  message:
    '1000002024-06-13T11:33:44.592345EGPfalsefalse1920364654097558truefalsefalsefalsetruefalse217503754302852false2346MasterCardcardtrue',
  hmac: 'fa8ac0b7f3852e60c50e7fdd4ea5ef0bda96030c19dea1d55df8c76d6c08ab1877774662cbb04981dc84839ad4da560bcc8cb53b8973548657f7e8f8d2e79930',
});

/** TV-P2 (fact sheet): Odoo's redirect data (query strings, flat `order`) and its HMAC. */
export const TV_P2 = Object.freeze({
  key: 'dummy_hmac',
  message:
    '1111112025-04-01T17:29:16.967925EGPfalsefalsedummy_id1234truefalsefalsefalsetruefalse12312false1111Visacardtrue',
  hmac: '51860052ecc6d9f08ac30a549359019e2eee837913b5673094c242c817ddf57c055ba5e3e9c0894b1171e62c2d37cd55ff98a46a0e28e1ccf2e4a907e6683aa5',
});

/**
 * TV-P3 (fact sheet): the card-token message of the docs' sample. The docs' HMAC was made with an
 * unpublished secret; `derivedHmac` is self-computed with the TV-P1 key: DERIVED, not published by Paymob.
 */
export const TV_P3 = Object.freeze({
  file: 'card_token_callback.json',
  message:
    'MasterCard2024-11-13T12:32:23.859982test@test.com8555026xxxx-xxxx-xxxx-2346246628264064419e98aceb96f5a370ddf46460db9d555f88bf12448f80e1839b39f78ab',
  docsHmac:
    'a32f46ddee403d2e7685fc78b3713b90f536c8411dde89e68479b8a3498a85e7e1473c924c0587b8de4807d9dc612c84e7be92dba87f76cdf2e9b6ac04dbad4d',
  derivedHmac:
    'c7f713f29a09a20715c8bf0d1fe4c21a87bcaf27b43d8bec4d4ee97712a20a6204790289e83f63929f2136947490aa34ae1ad0c3300e765763dd92cea2953596',
});

/** The docs' GET redirect URL sample (HMAC made with an unpublished secret): string-building only. */
export const GET_SAMPLE = Object.freeze({
  file: 'transaction_response_callback_card_redirect_url.txt',
  /** The fact sheet's expected message for it. */
  message:
    '500002024-06-25T15:16:25.910710+04:00EGPfalsefalse3160042936truefalsefalsefalsetruefalse378804211false2346MasterCardcardtrue',
});

/** The GET sample URL with the docs' HTML-entity artefact (`¤cy=` for `&currency=`) repaired. */
export function getSampleUrl(): string {
  return fixtureText(GET_SAMPLE.file).trim().replace('¤cy=', '&currency=');
}

/**
 * The wallet redirect sample (the docs show the query as a key/value object whose first key is the
 * URL up to `?id`) as the query it stands for.
 */
export function walletSampleQuery(): URLSearchParams {
  const params = fixture('transaction_response_callback_params_wallet.json');
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const name = key.endsWith('?id') ? 'id' : key;
    query.set(name, value === null ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value));
  }
  return query;
}

/** A callback URL carrying `hmac`. */
export const hookUrl = (hmac: string) => `/webhooks/paymob?hmac=${hmac}`;

export const BASE = 'https://accept.paymob.com';

/** Requests an adapter sent (copies: their bodies can be read). */
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/**
 * An adapter whose fetch asks msw `handlers` (no global interception), recording every request.
 * Anything unhandled answers 599.
 */
export function harness(handlers: HttpHandler[], settings: PaymobSettings = {}) {
  const requests: Recorded[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the text
    }
    requests.push({ method: request.method, url: new URL(request.url), headers: request.headers, body });
    const response = await getResponse(handlers, request);
    // HttpResponse.error() (a dropped connection): fetch rejects with a TypeError, as a real one does.
    if (response?.type === 'error') throw new TypeError('fetch failed');
    return response ?? new Response('not mocked', { status: 599 });
  };
  const { integrationIds, ...credentials } = TEST_CREDENTIALS.paymob;
  const adapter = createPaymob({ ...credentials, integrationIds, retry: 0, fetch, ...settings });
  return { adapter, requests };
}

/** The shared helper, re-exported so this folder's tests import their helpers from one place. */
export { rejection } from '../../helpers/async';
