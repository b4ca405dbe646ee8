/**
 * The OAuth access-token cache: one token shared by every call, fetched once even when many calls
 * need it at the same moment, refreshed shortly before it expires, and dropped when the API
 * answers 401 for it. A failed fetch is not cached: the next call tries again.
 */
import { registerSecret } from '../../core/redact';

/** What the token endpoint answered. */
export interface FetchedToken {
  accessToken: string;
  /** Lifetime in seconds, as `expires_in` said (absent: `DEFAULT_TOKEN_LIFETIME_SECONDS`). */
  expiresIn?: number | undefined;
}

/** Lifetime assumed when the token answer has no `expires_in` (a 401 still refreshes it earlier). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
/** A token is renewed this many seconds before it expires (at most half its lifetime). */
export const DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS = 60;

export interface TokenCacheOptions {
  /** Milliseconds since the epoch (tests). Default `Date.now`. */
  now?: () => number;
  refreshMarginSeconds?: number;
}

export interface TokenCache {
  /** A valid token: the cached one, the one being fetched, or a new one. */
  get(): Promise<string>;
  /**
   * Forgets `token` (the one a 401 was answered for), so the next `get` fetches a new one. A token
   * other than the cached one is ignored: another call already replaced it.
   */
  invalidate(token?: string): void;
}

export function createTokenCache(
  fetchToken: () => Promise<FetchedToken>,
  options: TokenCacheOptions = {},
): TokenCache {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginSeconds ?? DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS;
  let current: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    if (inFlight) return inFlight;
    const attempt = (async () => {
      const fetched = await fetchToken();
      registerSecret(fetched.accessToken);
      const lifetime = fetched.expiresIn ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      const early = Math.min(margin, Math.floor(lifetime / 2));
      current = { token: fetched.accessToken, renewAt: now() + (lifetime - early) * 1000 };
      return fetched.accessToken;
    })();
    inFlight = attempt;
    // Success or failure, the next caller after this settles starts from the cache, never from a rejected promise.
    const clear = () => {
      if (inFlight === attempt) inFlight = undefined;
    };
    attempt.then(clear, clear);
    return attempt;
  };

  return {
    get() {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      return refresh();
    },
    invalidate(token) {
      if (current && (token === undefined || token === current.token)) current = undefined;
    },
  };
}
