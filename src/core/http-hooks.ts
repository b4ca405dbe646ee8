/**
 * The observability hooks of adapters' HTTP calls (`CommonSettings.hooks`): one observer per call
 * wraps the `fetch` ky uses for that call, so it sees every attempt (ky's retries and the resend
 * after a 401) with the credentials already added, and reports each attempt's start, its answer's
 * status line (or its failure) and the retry before the next one.
 *
 * Hooks get no headers and no body, and a URL without user info or query string, run through
 * `redact`; they are called, never awaited, and whatever they throw or reject is dropped.
 */
import { ConfigurationError } from './errors';
import { callHook, monotonicNow as now } from './hooks';
import { redact } from './redact';
import type {
  HttpAttemptError,
  HttpHooks,
  HttpMethod,
  HttpRequestInfo,
  HttpResponseInfo,
  HttpRetryInfo,
} from './types';

/** The operation reported for a request that names none (adapters always name theirs). */
export const UNNAMED_OPERATION = 'request';

const HOOK_NAMES: ReadonlyArray<keyof HttpHooks> = ['onRequest', 'onResponse', 'onRetry'];

/**
 * The `hooks` setting, checked (an object of `onRequest` / `onResponse` / `onRetry` functions;
 * anything else is a `ConfigurationError`, as a misspelt hook that never fires would be a silent
 * gap in the logs) and copied.
 */
export function checkHooks(hooks: unknown, provider: string): HttpHooks | undefined {
  if (hooks === undefined) return undefined;
  const invalid = (what: string) =>
    new ConfigurationError(`${provider}: \`hooks\` ${what}.`, { provider, code: 'invalid_setting' });
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) {
    throw invalid('must be an object with onRequest, onResponse and/or onRetry functions');
  }
  const record = hooks as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(HOOK_NAMES as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw invalid(
      `has no hook named ${unknown.map((k) => JSON.stringify(k)).join(', ')} (onRequest, onResponse, onRetry)`,
    );
  }
  const checked: HttpHooks = {};
  for (const name of HOOK_NAMES) {
    const hook = record[name];
    if (hook === undefined) continue;
    if (typeof hook !== 'function') throw invalid(`.${name} must be a function`);
    checked[name] = hook as never;
  }
  return checked;
}

/** The origin and path of `url`: no user info, no query string, no fragment; secrets redacted. */
export function hookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return redact(`${parsed.origin}${parsed.pathname}`);
  } catch {
    return '';
  }
}

/** What one call's observer needs to know about it. */
export interface ObservedCall {
  provider: string;
  operation: string;
  method: HttpMethod;
  /** The caller's own signal: an abort by it is `'aborted'`, any other abort a timeout. */
  signal: AbortSignal | undefined;
  /** The response header that carries the provider's request id, if any. */
  requestIdHeader: string | undefined;
}

export interface CallObserver {
  /** `fetch` for ky's options of this call: reports each attempt it sends. */
  wrap(fetch: typeof globalThis.fetch): typeof globalThis.fetch;
}

/**
 * An observer of one adapter call. Its attempts are numbered across ky's retries and the resend
 * after a 401, so `attempt` and `onRetry` tell the whole story of the call.
 */
export function observeCall(hooks: HttpHooks, call: ObservedCall): CallObserver {
  let attempts = 0;
  let previous:
    | { status: number | undefined; error: HttpAttemptError | undefined; endedAt: number }
    | undefined;

  function attemptError(signal: AbortSignal | null | undefined): HttpAttemptError {
    if (call.signal?.aborted) return 'aborted';
    return signal?.aborted ? 'timeout' : 'network';
  }

  return {
    wrap(fetch) {
      return async (input, init) => {
        // ky hands over a Request (with the attempt's signal and the credentials already set).
        const url = input instanceof Request ? input.url : String(input);
        const signal = input instanceof Request ? input.signal : (init?.signal ?? undefined);
        attempts += 1;
        const info: HttpRequestInfo = Object.freeze({
          provider: call.provider,
          operation: call.operation,
          method: call.method,
          url: hookUrl(url),
          attempt: attempts,
        });
        if (previous !== undefined) {
          const retry: HttpRetryInfo = {
            ...info,
            previousStatus: previous.status,
            previousError: previous.error,
            delayMs: Math.max(0, now() - previous.endedAt),
          };
          callHook(hooks.onRetry, Object.freeze(retry));
        }
        callHook(hooks.onRequest, info);
        const started = now();
        let settled = false;
        const settle = (
          status: number | undefined,
          headers: Headers | undefined,
          error?: HttpAttemptError,
        ) => {
          if (settled) return;
          settled = true;
          const endedAt = now();
          previous = { status, error, endedAt };
          const requestId =
            headers !== undefined && call.requestIdHeader !== undefined
              ? (headers.get(call.requestIdHeader) ?? undefined)
              : undefined;
          const answered: HttpResponseInfo = {
            ...info,
            status,
            durationMs: endedAt - started,
            requestId: requestId === undefined ? undefined : redact(requestId),
            error,
          };
          callHook(hooks.onResponse, Object.freeze(answered));
        };
        // ky aborts the attempt's signal on its timeout and races the fetch: a fetch that ignores
        // the signal would never settle, so the abort itself ends the attempt.
        const onAbort = () => settle(undefined, undefined, attemptError(signal));
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const response = await fetch(input, init);
          settle(response.status, response.headers);
          return response;
        } catch (error) {
          settle(undefined, undefined, attemptError(signal));
          throw error;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      };
    },
  };
}
