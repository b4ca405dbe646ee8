/**
 * The retry policy of adapters' HTTP calls, as ky options: idempotent methods only (a POST only
 * where the caller says it is safe), 408/429/5xx, network errors and timeouts, exponential backoff
 * with jitter, and `Retry-After` honoured up to a bound.
 */
import type { Options } from 'ky';
import type { RetryOptions } from './types';

export const DEFAULT_RETRY_LIMIT = 2;
export const DEFAULT_BACKOFF_LIMIT_MS = 10_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
const RETRY_AFTER_STATUS = [429, 503];
const SAFE_METHODS = ['get', 'put', 'head', 'delete', 'options'];

/** Seconds to wait from a `Retry-After` value (delta seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Epoch seconds from 2024 on: a reset header with such a value is a moment, not a delay. */
const EPOCH_THRESHOLD_SECONDS = Date.UTC(2024, 0, 1) / 1000;

/**
 * Seconds the provider asks to wait, from the same headers ky honours, in the same order:
 * `Retry-After` (authoritative when present), else `RateLimit-Reset`, `X-RateLimit-Retry-After`,
 * `X-RateLimit-Reset` or `X-Rate-Limit-Reset` (the reset headers may carry an epoch time).
 */
export function retryWaitSeconds(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) return parseRetryAfter(retryAfter);
  const reset = (value: string | null): number | undefined => {
    if (value === null || !/^\d+$/.test(value.trim())) return parseRetryAfter(value);
    const n = Number(value.trim());
    return n >= EPOCH_THRESHOLD_SECONDS ? Math.max(0, Math.ceil(n - Date.now() / 1000)) : n;
  };
  const rateLimitReset = headers.get('ratelimit-reset');
  if (rateLimitReset !== null) return reset(rateLimitReset);
  const symfony = headers.get('x-ratelimit-retry-after');
  if (symfony !== null) return parseRetryAfter(symfony);
  return reset(headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset'));
}

/** ky's retry options for one call. `isHTTPError` comes from the lazily loaded ky. */
export function retryOptions(
  isHTTPError: (error: unknown) => error is { response: Response },
  retry: number | RetryOptions | false | undefined,
  retryPost: boolean,
  deadline: { started: number; totalTimeout: number },
): Options['retry'] {
  if (retry === false) return { limit: 0 };
  const o: RetryOptions = typeof retry === 'number' ? { limit: retry } : (retry ?? {});
  const maxRetryAfter = o.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS;
  return {
    limit: o.limit ?? DEFAULT_RETRY_LIMIT,
    methods: retryPost ? [...SAFE_METHODS, 'post', 'patch'] : SAFE_METHODS,
    statusCodes: RETRY_STATUS,
    afterStatusCodes: RETRY_AFTER_STATUS,
    backoffLimit: o.backoffLimit ?? DEFAULT_BACKOFF_LIMIT_MS,
    maxRetryAfter,
    retryOnTimeout: true,
    jitter: true,
    // ky caps a long Retry-After at maxRetryAfter and, when the wait would pass the total deadline,
    // sleeps out the whole remaining budget and throws a bare TimeoutError. Give up at once instead,
    // so the caller gets the ProviderError with retryAfterSeconds and can schedule the retry.
    shouldRetry: ({ error }) => {
      if (!isHTTPError(error) || !RETRY_AFTER_STATUS.includes(error.response.status)) return undefined;
      const seconds = retryWaitSeconds(error.response.headers);
      if (seconds === undefined) return undefined;
      const waitMs = seconds * 1000;
      const tooLate = Date.now() - deadline.started + waitMs >= deadline.totalTimeout;
      return waitMs > maxRetryAfter || tooLate ? false : undefined;
    },
  };
}
