/** Random ids shaped like each provider's (Web Crypto only, so the builders run on any runtime). */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A MoneyHash-style short id (`gQlovBL`): 7 alphanumerics. */
export function shortId(length = 7): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return out;
}

/** A random UUID v4 (Moyasar ids, MoneyHash transaction ids, event ids). */
export function uuid(): string {
  return globalThis.crypto.randomUUID();
}
