/**
 * Paymob's auth token for the calls that need one (transaction inquiry and retrieval), obtained
 * with the API key (`POST /api/auth/tokens`): the core token cache with Paymob's lifetime. The
 * token goes in the `Authorization: Bearer` header, never in a URL.
 */
import { createTokenCache, type TokenCache } from '../../core/token-cache';

/**
 * How long a token is valid: Paymob's Postman collection says "Token expires after 60 minutes" and
 * the answer carries no lifetime.
 */
export const PAYMOB_TOKEN_LIFETIME_SECONDS = 3_600;
/** A token is renewed this long before it expires. */
export const PAYMOB_TOKEN_REFRESH_MARGIN_SECONDS = 300;

/** The token cache, given how to fetch one token. */
export function createPaymobTokenCache(fetchToken: () => Promise<string>, now?: () => number): TokenCache {
  return createTokenCache(async () => ({ accessToken: await fetchToken() }), {
    lifetimeSeconds: PAYMOB_TOKEN_LIFETIME_SECONDS,
    refreshMarginSeconds: PAYMOB_TOKEN_REFRESH_MARGIN_SECONDS,
    now,
  });
}
