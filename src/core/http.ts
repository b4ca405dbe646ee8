/**
 * The one HTTP client factory adapters use, built on ky: base URL, credentials per attempt,
 * `User-Agent`, per-attempt timeout and total deadline, retries (http-retry.ts), no redirects,
 * bodies read under a size cap and a deadline (http-body.ts), error mapping through the adapter's
 * parser (provider-error.ts), and zod validation of every 2xx body. Nothing here knows a provider.
 *
 * ky and zod are loaded by the first request (together), not when the adapter is imported.
 */
import type { KyInstance } from 'ky';
import { InvalidResponseError, NetworkError, PaybridgeError, ProviderError, TimeoutError } from './errors';
import { BodyReadFailure, parseJsonText, readBodyText } from './http-body';
import { type CallObserver, observeCall, UNNAMED_OPERATION } from './http-hooks';
import { retryOptions, retryWaitSeconds } from './http-retry';
import { callOptions } from './http-settings';
import { lazyModule, type ZodParse, zodParse } from './lazy';
import { categoryOf, type ErrorContext, type ParsedProviderError } from './provider-error';
import type { HttpHooks, HttpMethod, RequestOptions, RetryOptions } from './types';
import { PAYBRIDGE_VERSION } from './version';
import type * as z from './zod';

export type { ErrorContext, ParsedProviderError } from './provider-error';

type KyModule = typeof import('./ky');

/** ky, loaded by the first request of any client. */
const kyModule = /* @__PURE__ */ lazyModule('ky', () => import('./ky'));

/** ky and zod: at once when loaded, else both loaded in parallel. */
async function transport(): Promise<{ ky: KyModule; z: ZodParse }> {
  const ky = kyModule.ready();
  const z = zodParse.ready();
  if (ky !== undefined && z !== undefined) return { ky, z };
  const [loadedKy, loadedZod] = await Promise.all([kyModule.load(), zodParse.load()]);
  return { ky: loadedKy, z: loadedZod };
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 45_000;
export { DEFAULT_RETRY_LIMIT } from './http-retry';
/**
 * Largest answer body read, in bytes after decompression (default 8 MiB). No provider answer
 * paybridge reads comes near it; past it the body is dropped unread (a gzip bomb stops here).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const USER_AGENT = `paybridge/${PAYBRIDGE_VERSION}`;

export interface HttpClientConfig {
  provider: string;
  baseUrl: string;
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout, ms. */
  timeout?: number | undefined;
  /** Deadline of a call including retries, ms. */
  totalTimeout?: number | undefined;
  retry?: number | RetryOptions | false | undefined;
  headers?: Record<string, string> | undefined;
  /** Adds credentials to each attempt's request (called per attempt, so a refreshed token applies). */
  authorize?: ((request: Request) => void | Promise<void>) | undefined;
  /** Maps an error response to details (`providerErrorParser` builds one from a schema and a description). */
  parseError: (context: ErrorContext) => ParsedProviderError | Promise<ParsedProviderError>;
  /** For providers that report errors inside a 2xx body: return details to throw, or undefined. */
  errorInBody?: ((body: unknown, status: number) => ParsedProviderError | undefined) | undefined;
  /**
   * Called once when a request gets a 401, with the request that was refused (its headers show
   * which credentials were used, so a token cache can drop exactly that token); return true to
   * resend it (fresh token).
   */
  onUnauthorized?: ((request: Request) => Promise<boolean>) | undefined;
  /** The header that carries `options.idempotencyKey` (e.g. `X-Idempotency-Key`), where the provider has one. */
  idempotencyHeader?: string | undefined;
  /**
   * Whether a POST that carries an idempotency key may be retried. Only where the provider
   * documents that it honours the key (or the user opted in): otherwise a retried POST may be
   * carried out twice. Default false.
   */
  retryWithIdempotencyKey?: boolean | undefined;
  /** Largest answer body read, in bytes after decompression (default `DEFAULT_MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number | undefined;
  /** The response header that carries the provider's request id, if any. */
  requestIdHeader?: string | undefined;
  /** Overrides the default `User-Agent` (`paybridge/<version>`). */
  userAgent?: string | undefined;
  /** Observability hooks, called for every attempt (checked by `transportSettings`). */
  hooks?: HttpHooks | undefined;
}

export type { HttpMethod } from './types';

export interface HttpRequest<S extends z.ZodSchema> {
  method: HttpMethod;
  /**
   * What the request does, for the observability hooks: the adapter method that sends it on its own
   * (`createPaymentLink`, `getPayment`, `refund`, `token`, …). Every adapter request names one.
   */
  operation?: string | undefined;
  /** Path below the base URL, e.g. `/invoices` or `/api/v1.1/payments/intent/`. */
  path: string;
  json?: unknown;
  /**
   * A JSON body already written as text, sent as it is (with `content-type: application/json`)
   * instead of `json`: for a provider whose numbers must keep their exact decimal text (Tap's
   * major-unit amounts, which `JSON.stringify` would write as `10.5`, or round past 15 digits).
   */
  jsonText?: string | undefined;
  searchParams?: URLSearchParams | Record<string, string | number | boolean | undefined> | undefined;
  /** The expected 2xx body. */
  schema: S;
  /**
   * A POST or PATCH that is safe to send twice (GET, PUT and DELETE always are), e.g. because the
   * provider honours an idempotency field in the body.
   */
  idempotent?: boolean;
  headers?: Record<string, string> | undefined;
  options?: RequestOptions | undefined;
}

export interface HttpResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface HttpClient {
  readonly provider: string;
  request<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<z.output<S>>;
  requestWithResponse<S extends z.ZodSchema>(request: HttpRequest<S>): Promise<HttpResponse<z.output<S>>>;
}

/** The origin of `location` resolved against `base`, or undefined when it is not a URL. */
function originOf(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${typeof code === 'string' ? `${code}: ` : ''}${cause.message}${inner}`;
  }
  return String(cause);
}

/** Builds the client an adapter uses for all its calls. */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  const provider = config.provider;
  const origin = new URL(config.baseUrl).origin;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const baseFetch: typeof fetch =
    config.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  let instance: KyInstance | undefined;
  const api = (ky: KyModule): KyInstance => {
    instance ??= ky.ky.create({
      prefix: config.baseUrl,
      fetch: baseFetch,
      timeout: config.timeout ?? DEFAULT_TIMEOUT_MS,
      totalTimeout: config.totalTimeout ?? DEFAULT_TOTAL_TIMEOUT_MS,
      // Never follow a redirect: fetch would resend the credentials (X-Api-Key, a token request's
      // client_secret on 307/308) to wherever the Location points. A 3xx is refused below.
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        'user-agent': config.userAgent ?? USER_AGENT,
        ...config.headers,
      },
      hooks: {
        beforeRequest: [
          async ({ request }) => {
            await config.authorize?.(request);
          },
        ],
        beforeRetry: [
          async ({ request }) => {
            await config.authorize?.(request);
          },
        ],
      },
    });
    return instance;
  };

  const toProviderError = (details: ParsedProviderError, status: number, headers: Headers): ProviderError => {
    const effective = details.status ?? status;
    return new ProviderError(
      {
        ...details,
        status: effective,
        category: details.category ?? categoryOf(effective),
        retryAfterSeconds: details.retryAfterSeconds ?? retryWaitSeconds(headers),
        requestId:
          details.requestId ??
          (config.requestIdHeader ? (headers.get(config.requestIdHeader) ?? undefined) : undefined),
      },
      { provider },
    );
  };

  /** A 3xx answer: paybridge follows no redirect, so no credential ever leaves the configured origin. */
  function redirectRefused(
    method: string,
    path: string,
    status: number,
    location: string | null,
  ): ProviderError {
    const target = originOf(location, config.baseUrl);
    const where =
      target === undefined
        ? 'without a usable Location'
        : target === origin
          ? `to another path of ${origin}`
          : `to ${target}`;
    return new ProviderError(
      {
        status,
        code: 'redirect_refused',
        category: 'provider_error',
        message:
          `${provider} answered ${method} ${path} with a redirect (HTTP ${status}) ${where}. paybridge follows no ` +
          `redirect, so your credentials never leave ${origin}. If the provider moved, set baseUrl to its new address ` +
          '(an http:// baseUrl redirected to https:// needs the https:// URL).',
        retryable: false,
      },
      { provider },
    );
  }

  /** The answer's status arrived but its body could not be read whole. */
  function bodyReadError(
    failure: BodyReadFailure,
    method: string,
    path: string,
    status: number,
    timeout: number,
  ): PaybridgeError {
    const after = method === 'GET' ? '' : ' The provider has carried out the request.';
    switch (failure.kind) {
      case 'too_large':
        return new InvalidResponseError(
          `${provider} answered ${method} ${path} (HTTP ${status}) with a body larger than ${maxResponseBytes} bytes ` +
            `(maxResponseBytes); it was not read.${after}`,
          { provider, status, code: 'response_too_large' },
        );
      case 'undecodable':
        return new InvalidResponseError(
          `${provider} answered ${method} ${path} (HTTP ${status}) with a body that cannot be decompressed.${after}`,
          { provider, status, cause: failure.cause },
        );
      case 'timeout':
        return new TimeoutError(
          `${provider} answered ${method} ${path} (HTTP ${status}) but did not finish sending the body within ${timeout} ms.${after}`,
          { provider, timeoutMs: timeout },
        );
      default:
        return new NetworkError(
          `The connection to ${provider} was lost while reading the answer to ${method} ${path} (HTTP ${status}).${after}`,
          { provider, cause: failure.cause, mayHaveReachedProvider: true },
        );
    }
  }

  /**
   * Runs an error description; if it throws (an error body nested 20,000 levels deep), the body is
   * treated as unreadable instead: the caller still gets a `ProviderError` for the status.
   */
  async function describeSafely(
    describe: () => ParsedProviderError | undefined | Promise<ParsedProviderError | undefined>,
  ): Promise<ParsedProviderError | undefined> {
    try {
      return await describe();
    } catch {
      return undefined;
    }
  }

  function unreadableError(status: number, body: unknown): ParsedProviderError {
    return {
      category: categoryOf(status),
      code: categoryOf(status),
      message: `${provider} answered HTTP ${status} with an error body paybridge could not read.`,
      retryable: status === 408 || status === 429 || status >= 500,
      body: typeof body === 'string' ? body.slice(0, 200) : undefined,
    };
  }

  /** Runs `onUnauthorized`; a failure that is not a PaybridgeError is wrapped, so its message is redacted. */
  async function refreshCredentials(request: Request): Promise<boolean> {
    try {
      return (await config.onUnauthorized?.(request)) === true;
    } catch (error) {
      if (PaybridgeError.isInstance(error)) throw error;
      throw new NetworkError(
        `Refreshing the ${provider} credentials after a 401 failed: ${describeCause(error)}.`,
        {
          provider,
          cause: error,
        },
      );
    }
  }

  /** Maps what ky or fetch threw (no HTTP answer) to a paybridge error. */
  function transportError(
    error: unknown,
    call: {
      method: string;
      path: string;
      signal: AbortSignal | undefined;
      timeout: number;
      totalTimeout: number;
      started: number;
    },
    isNetworkError: KyModule['isNetworkError'],
    isTimeoutError: KyModule['isTimeoutError'],
  ): PaybridgeError {
    const { method, path, signal, timeout, totalTimeout, started } = call;
    const maybeDone = method === 'GET' ? '' : 'The provider may still have carried out the request.';
    if (signal?.aborted) {
      // The caller's signal, whatever its reason (ky and fetch surface it in several shapes).
      const reason: unknown = signal.reason;
      if (reason instanceof Error && reason.name === 'TimeoutError') {
        return new TimeoutError(`The ${method} ${path} request to ${provider} hit the caller's deadline.`, {
          provider,
        });
      }
      return new NetworkError(`The ${method} ${path} request to ${provider} was aborted.`, {
        provider,
        code: 'aborted',
        cause: reason,
      });
    }
    // ky throws the same TimeoutError for the per-attempt timeout and the total deadline.
    if (isTimeoutError(error) && (timeout >= totalTimeout || Date.now() - started + 2 >= totalTimeout)) {
      return new TimeoutError(
        `${provider} did not answer ${method} ${path} before the deadline (${totalTimeout} ms in total, retries included). ${maybeDone}`,
        { provider, timeoutMs: totalTimeout },
      );
    }
    if (isTimeoutError(error)) {
      return new TimeoutError(
        `${provider} did not answer ${method} ${path} in time (timeout ${timeout} ms per attempt). ${maybeDone}`,
        { provider, timeoutMs: timeout },
      );
    }
    if (isNetworkError(error)) {
      return new NetworkError(
        `Could not reach ${provider} for ${method} ${path}: ${describeCause(error.cause)}.`,
        {
          provider,
          cause: error.cause,
        },
      );
    }
    if (error instanceof Error && error.name === 'AbortError') {
      return new NetworkError(`The ${method} ${path} request to ${provider} was aborted.`, {
        provider,
        code: 'aborted',
        cause: error,
      });
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new TimeoutError(`${provider} did not answer ${method} ${path} before the deadline.`, {
        provider,
        timeoutMs: totalTimeout,
      });
    }
    return new NetworkError(`The ${method} ${path} request to ${provider} failed: ${describeCause(error)}.`, {
      provider,
      cause: error,
    });
  }

  async function send<S extends z.ZodSchema>(
    req: HttpRequest<S>,
    allowRefresh: boolean,
    observed?: CallObserver,
  ): Promise<HttpResponse<z.output<S>>> {
    const method = req.method;
    const options = callOptions(req.options, provider);
    // One observer per call, kept across the resend after a 401: attempts are numbered throughout.
    const observer =
      observed ??
      (config.hooks === undefined
        ? undefined
        : observeCall(config.hooks, {
            provider,
            operation: req.operation ?? UNNAMED_OPERATION,
            method,
            signal: options.signal,
            requestIdHeader: config.requestIdHeader,
          }));
    const headers: Record<string, string> = { ...req.headers };
    if (req.jsonText !== undefined) headers['content-type'] = 'application/json';
    const idempotencyKey = options.idempotencyKey;
    if (idempotencyKey !== undefined && config.idempotencyHeader)
      headers[config.idempotencyHeader] = idempotencyKey;
    const retryPost =
      req.idempotent === true ||
      (idempotencyKey !== undefined && !!config.idempotencyHeader && config.retryWithIdempotencyKey === true);
    const timeout = options.timeoutMs ?? options.timeout ?? config.timeout ?? DEFAULT_TIMEOUT_MS;
    const totalTimeout = config.totalTimeout ?? DEFAULT_TOTAL_TIMEOUT_MS;
    const signal = options.signal;
    const { ky, z } = await transport();
    const started = Date.now();
    let response: Response;
    try {
      response = await api(ky)(req.path.replace(/^\/+/, ''), {
        method,
        json: req.jsonText === undefined ? req.json : undefined,
        body: req.jsonText,
        searchParams: req.searchParams,
        headers,
        timeout,
        signal,
        ...(observer === undefined ? {} : { fetch: observer.wrap(baseFetch) }),
        retry: retryOptions(ky.isHTTPError, config.retry, retryPost, { started, totalTimeout }),
      });
    } catch (error) {
      if (PaybridgeError.isInstance(error)) throw error;
      if (ky.isHTTPError(error)) {
        const status = error.response.status;
        if ((status >= 300 && status < 400) || error.response.type === 'opaqueredirect') {
          throw redirectRefused(method, req.path, status, error.response.headers.get('location'));
        }
        if (
          status === 401 &&
          allowRefresh &&
          config.onUnauthorized &&
          (await refreshCredentials(error.request))
        ) {
          return send(req, false, observer);
        }
        const details = await describeSafely(() =>
          config.parseError({ status, body: error.data, headers: error.response.headers }),
        );
        throw toProviderError(details ?? unreadableError(status, error.data), status, error.response.headers);
      }
      throw transportError(
        error,
        { method, path: req.path, signal, timeout, totalTimeout, started },
        ky.isNetworkError,
        ky.isTimeoutError,
      );
    }
    if ((response.redirected || response.url !== '') && originOf(response.url, config.baseUrl) !== origin) {
      // A custom fetch that followed a redirect anyway (or answered for another host): the answer is
      // not the configured provider's. A custom fetch must honour `redirect: 'manual'` (README).
      throw redirectRefused(method, req.path, response.status, response.url);
    }
    let text: string;
    try {
      const left = Math.max(1, Math.min(timeout, totalTimeout - (Date.now() - started)));
      text = await readBodyText(response, maxResponseBytes, left);
    } catch (error) {
      if (!(error instanceof BodyReadFailure)) throw error;
      throw bodyReadError(error, method, req.path, response.status, timeout);
    }
    const { body, json } = parseJsonText(text);
    if (!json) {
      throw new InvalidResponseError(
        `${provider} answered ${method} ${req.path} with a body that is not JSON.`,
        {
          provider,
          status: response.status,
        },
      );
    }
    const inBody = await describeSafely(() => config.errorInBody?.(body, response.status));
    if (inBody) throw toProviderError(inBody, response.status, response.headers);
    const parsed = z.safeParse(req.schema, body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const path = first ? first.path.map(String).join('.') : '';
      throw new InvalidResponseError(
        `${provider} answered ${method} ${req.path} with an unexpected shape: ${z.prettifyError(parsed.error)}`,
        { provider, status: response.status, path },
      );
    }
    return { data: parsed.data, status: response.status, headers: response.headers };
  }

  return {
    provider,
    request: async (req) => (await send(req, true)).data,
    requestWithResponse: (req) => send(req, true),
  };
}

export { transportSettings } from './http-settings';
