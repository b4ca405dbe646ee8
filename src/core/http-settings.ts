/**
 * The settings of adapters' HTTP calls, checked where they are first read (a bad value is a
 * `ConfigurationError` naming the setting, never a default in disguise), and the per-call options
 * (a bad one is the caller's `InvalidRequestError`).
 */
import { ConfigurationError, InvalidRequestError } from './errors';
import type { HttpClientConfig } from './http';
import { checkHooks } from './http-hooks';
import type { CommonSettings, RequestOptions, RetryOptions } from './types';

/** The longest timer a runtime keeps (2^31 − 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** Per-call options, checked before anything is sent: a bad one is the caller's input error. */
export function callOptions(options: RequestOptions | undefined, provider: string): RequestOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new InvalidRequestError(`${provider}: request options must be an object.`, {
      provider,
      code: 'invalid_option',
      field: 'options',
    });
  }
  const timeout = options.timeoutMs ?? options.timeout;
  if (timeout !== undefined && !validMs(timeout)) {
    throw new InvalidRequestError(`${provider}: timeoutMs must be a positive number of milliseconds.`, {
      provider,
      code: 'invalid_option',
      field: 'timeoutMs',
    });
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidRequestError(`${provider}: signal must be an AbortSignal.`, {
      provider,
      code: 'invalid_option',
      field: 'signal',
    });
  }
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || key.trim() === '' || key.length > 255)) {
    throw new InvalidRequestError(
      `${provider}: idempotencyKey must be a non-blank string of at most 255 characters.`,
      {
        provider,
        code: 'invalid_option',
        field: 'idempotencyKey',
      },
    );
  }
  return options;
}

const validMs = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TIMER_MS;

type TransportKeys =
  | 'fetch'
  | 'timeout'
  | 'totalTimeout'
  | 'retry'
  | 'headers'
  | 'maxResponseBytes'
  | 'hooks';

function invalidSetting(provider: string, setting: string, what: string): ConfigurationError {
  return new ConfigurationError(`${provider}: \`${setting}\` must be ${what}.`, {
    provider,
    code: 'invalid_setting',
  });
}

function checkRetry(retry: unknown, provider: string): CommonSettings['retry'] {
  if (retry === undefined || retry === false) return retry;
  const count = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (typeof retry === 'number') {
    if (!count(retry))
      throw invalidSetting(provider, 'retry', 'false, a whole number of retries or { limit, … }');
    return retry;
  }
  if (typeof retry !== 'object' || retry === null || Array.isArray(retry)) {
    throw invalidSetting(provider, 'retry', 'false, a whole number of retries or { limit, … }');
  }
  const r = retry as RetryOptions;
  if (r.limit !== undefined && !count(r.limit))
    throw invalidSetting(provider, 'retry.limit', 'a whole number ≥ 0');
  if (r.backoffLimit !== undefined && !validMs(r.backoffLimit))
    throw invalidSetting(provider, 'retry.backoffLimit', 'a positive number of milliseconds');
  if (r.maxRetryAfter !== undefined && !validMs(r.maxRetryAfter))
    throw invalidSetting(provider, 'retry.maxRetryAfter', 'a positive number of milliseconds');
  return r;
}

/**
 * The transport settings every adapter takes from its `CommonSettings`, checked (a bad value is a
 * `ConfigurationError` naming the setting) and ready to spread into `createHttpClient`. Called on
 * first use, never at construction. `timeoutMs` / `totalTimeoutMs` win over their deprecated
 * aliases `timeout` / `totalTimeout`.
 */
export function transportSettings(
  settings: Pick<CommonSettings, TransportKeys | 'timeoutMs' | 'totalTimeoutMs'>,
  provider = 'paybridge',
): Pick<HttpClientConfig, TransportKeys> {
  const { fetch, headers, maxResponseBytes } = settings;
  const timeout = settings.timeoutMs ?? settings.timeout;
  const totalTimeout = settings.totalTimeoutMs ?? settings.totalTimeout;
  if (fetch !== undefined && typeof fetch !== 'function')
    throw invalidSetting(provider, 'fetch', 'a fetch function');
  if (timeout !== undefined && !validMs(timeout))
    throw invalidSetting(provider, 'timeoutMs', 'a positive number of milliseconds');
  if (totalTimeout !== undefined && !validMs(totalTimeout))
    throw invalidSetting(provider, 'totalTimeoutMs', 'a positive number of milliseconds');
  if (
    maxResponseBytes !== undefined &&
    (typeof maxResponseBytes !== 'number' || !Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0)
  ) {
    throw invalidSetting(provider, 'maxResponseBytes', 'a positive whole number of bytes');
  }
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Array.isArray(headers) ||
      Object.values(headers).some((v) => typeof v !== 'string' || /[\r\n\0]/.test(v)))
  ) {
    throw invalidSetting(provider, 'headers', 'a record of string header values without line breaks');
  }
  return {
    fetch,
    timeout,
    totalTimeout,
    retry: checkRetry(settings.retry, provider),
    headers,
    maxResponseBytes,
    hooks: checkHooks(settings.hooks, provider),
  };
}
