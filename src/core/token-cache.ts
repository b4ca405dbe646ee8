/**
 * An access-token cache for adapters whose API wants a token obtained with a key (Money-Go's OAuth
 * token, Paymob's auth token): one token shared by every call, fetched once even when many calls
 * need it at the same moment, renewed shortly before it expires, and dropped when the API answers
 * 401 for it. A failed fetch is not cached: the next call tries again. Every token is registered
 * for redaction as it arrives. `bearerAuthorization` wires it into the HTTP client.
 */
import type { HttpClientConfig } from './http';
import { registerSecret } from './redact';

/** What the token endpoint answered. */
export interface FetchedToken {
  accessToken: string;
  /** Lifetime in seconds, when the answer says (absent: the cache's `lifetimeSeconds`). */
  expiresIn?: number | undefined;
}

export interface TokenCacheOptions {
  /** Lifetime assumed when an answer has no `expiresIn`, in seconds. */
  lifetimeSeconds: number;
  /** A token is renewed this many seconds before it expires (at most half its lifetime). */
  refreshMarginSeconds: number;
  /** Milliseconds since the epoch (tests). Default `Date.now`. */
  now?: (() => number) | undefined;
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
  options: TokenCacheOptions,
): TokenCache {
  const now = options.now ?? Date.now;
  let current: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    if (inFlight) return inFlight;
    const attempt = (async () => {
      const fetched = await fetchToken();
      registerSecret(fetched.accessToken);
      const lifetime = fetched.expiresIn ?? options.lifetimeSeconds;
      const early = Math.min(options.refreshMarginSeconds, Math.floor(lifetime / 2));
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

/**
 * The HTTP client settings that send the cache's token as `Authorization: Bearer …` (a header,
 * never the URL) and, on a 401, drop that token and resend once with a fresh one.
 */
export function bearerAuthorization(
  tokens: TokenCache,
): Pick<HttpClientConfig, 'authorize' | 'onUnauthorized'> {
  return {
    authorize: async (request) => {
      request.headers.set('authorization', `Bearer ${await tokens.get()}`);
    },
    onUnauthorized: async (request) => {
      tokens.invalidate(request.headers.get('authorization')?.replace(/^Bearer\s+/i, ''));
      return true;
    },
  };
}
