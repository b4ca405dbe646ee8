import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SECRET = 'whsec_moneyhash_test_0123456789';
/** A fixed clock: 2026-05-22T08:15:00Z. */
export const T = 1_779_437_700;
export const NOW = new Date(T * 1000);

/** The v3 recipe of PROVIDERS.md, written out here with node:crypto so the tests do not trust the code under test. */
export function v3(secret: string, body: string | Uint8Array, t: number): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return createHmac('sha256', secret)
    .update(`${bytes.toString('base64')}${t}`)
    .digest('hex');
}

export function signedHeaders(body: string | Uint8Array, t = T, secret = SECRET): Record<string, string> {
  return {
    'moneyhash-signature': `t=${t},v1=${'0'.repeat(64)},v2=${'1'.repeat(64)},v3=${v3(secret, body, t)}`,
  };
}

/** The raw text of a fixture, exactly as stored (pretty-printed: the signature covers these bytes). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/moneyhash/${name}.json`, import.meta.url), 'utf8');
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
