/**
 * The auth-token cache for the calls that need one (transaction inquiry and retrieval): one token,
 * obtained with the API key (`POST /api/auth/tokens`), shared by every call, fetched once even when
 * many calls need it at the same moment, renewed before it expires, and dropped when the API answers
 * 401 for it. A failed fetch is not cached. The token goes in the `Authorization: Bearer` header,
 * never in a URL.
 */
import { registerSecret } from '../../core/redact';

/**
 * How long a token is valid: Paymob's Postman collection says "Token expires after 60 minutes" and
 * the answer carries no lifetime.
 */
export const PAYMOB_TOKEN_LIFETIME_SECONDS = 3_600;
/** A token is renewed this long before it expires. */
export const PAYMOB_TOKEN_REFRESH_MARGIN_SECONDS = 300;

export interface TokenCache {
  /** A valid token: the cached one, the one being fetched, or a new one. */
  get(): Promise<string>;
  /** Forgets `token` (the one a 401 was answered for); another token than the cached one is ignored. */
  invalidate(token: string | undefined): void;
}

export function createTokenCache(
  fetchToken: () => Promise<string>,
  now: () => number = Date.now,
): TokenCache {
  let current: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    if (inFlight) return inFlight;
    const attempt = (async () => {
      const token = await fetchToken();
      registerSecret(token);
      current = {
        token,
        renewAt: now() + (PAYMOB_TOKEN_LIFETIME_SECONDS - PAYMOB_TOKEN_REFRESH_MARGIN_SECONDS) * 1000,
      };
      return token;
    })();
    inFlight = attempt;
    const clear = () => {
      if (inFlight === attempt) inFlight = undefined;
    };
    attempt.then(clear, clear);
    return attempt;
  };

  return {
    get: () => (current && now() < current.renewAt ? Promise.resolve(current.token) : refresh()),
    invalidate(token) {
      if (current && token === current.token) current = undefined;
    },
  };
}
