/**
 * Money-Go's OAuth access token (`POST /token`, client credentials): the core token cache with
 * Money-Go's defaults, for answers without `expires_in`.
 */
import {
  createTokenCache as createCoreTokenCache,
  type FetchedToken,
  type TokenCache,
} from '../../core/token-cache';

export type { FetchedToken, TokenCache } from '../../core/token-cache';

/** Lifetime assumed when the token answer has no `expires_in` (a 401 still refreshes it earlier). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
/** A token is renewed this many seconds before it expires (at most half its lifetime). */
export const DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS = 60;

export interface TokenCacheOptions {
  /** Milliseconds since the epoch (tests). Default `Date.now`. */
  now?: () => number;
  refreshMarginSeconds?: number;
}

export function createTokenCache(
  fetchToken: () => Promise<FetchedToken>,
  options: TokenCacheOptions = {},
): TokenCache {
  return createCoreTokenCache(fetchToken, {
    lifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
    refreshMarginSeconds: options.refreshMarginSeconds ?? DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS,
    now: options.now,
  });
}
