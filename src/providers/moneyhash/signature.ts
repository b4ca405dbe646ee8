/**
 * MoneyHash's webhook signature, version 3 (the latest; v1/v2 recipes are not public):
 *
 *   message  = base64(raw body bytes) + t          (standard base64 with padding, no separator)
 *   v3       = lowercase hex(HMAC-SHA256(key = webhook signature secret as UTF-8, message))
 *
 * sent as `MoneyHash-Signature: t=<unix seconds>,v1=<hex>,v2=<hex>,v3=<hex>`.
 */
import { base64, hmacSha256Hex } from '../../core/crypto';

/** The v3 signature of `body` at Unix time `timestamp` (seconds). */
export function computeV3Signature(
  secret: string,
  body: Uint8Array | string,
  timestamp: number | string,
): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return hmacSha256Hex(secret, `${base64(bytes)}${timestamp}`);
}

export interface MoneyHashSignatureHeader {
  t: number;
  /** Every `vN=` value by version name (`v1`, `v2`, `v3`). */
  signatures: Record<string, string>;
}

/**
 * Reads a `t=…,v1=…,v3=…` header (spaces tolerated, other parts ignored): hands each `vN=` value to
 * `version` and returns `t`, or undefined when there is no `t` or a malformed one.
 */
function readHeader(header: string, version: (key: string, value: string) => void): number | undefined {
  let t: number | undefined;
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (/^v\d+$/.test(key)) {
      version(key, value);
    }
  }
  return t;
}

/** Parses `t=…,v1=…,v3=…` (spaces tolerated, unknown parts kept); undefined when it has no `t`. */
export function parseSignatureHeader(header: string): MoneyHashSignatureHeader | undefined {
  const signatures: Record<string, string> = Object.create(null);
  const t = readHeader(header, (key, value) => {
    signatures[key] = value;
  });
  return t === undefined ? undefined : { t, signatures };
}

/**
 * The `t` and `v3` of a header, by the same rules (the last `v3=` wins), without the record of
 * every version: verification reads only v3, and a null-prototype record is a dictionary-mode
 * object to V8 (about 1 µs a webhook).
 */
export function readV3Header(header: string): { t: number; v3: string | undefined } | undefined {
  let v3: string | undefined;
  const t = readHeader(header, (key, value) => {
    if (key === 'v3') v3 = value;
  });
  return t === undefined ? undefined : { t, v3 };
}

/** The `MoneyHash-Signature` value for `body` at `timestamp` (tests, simulators): `t=…,v3=…`. */
export async function signMoneyHashWebhook(
  secret: string,
  body: Uint8Array | string,
  timestamp: number,
): Promise<string> {
  return `t=${timestamp},v3=${await computeV3Signature(secret, body, timestamp)}`;
}
