/**
 * The one HTTP client factory adapters use, built on ky: base URL, credentials per attempt,
 * `User-Agent`, per-attempt timeout and total deadline, retries with backoff and `Retry-After`
 * for idempotent calls only, error mapping through the adapter's parser, and zod validation of
 * every 2xx body. Nothing here knows a provider.
 *
 * ky and zod are loaded by the first request (together), not when the adapter is imported.
 */
import type { KyInstance, Options } from 'ky';
import {
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  type ProviderErrorDetails,
  TimeoutError,
} from './errors';
import { lazyModule, type ZodParse, zodParse } from './lazy';
import type { CommonSettings, RequestOptions, RetryOptions } from './types';
import { PAYBRIDGE_VERSION } from './version';
import type * as z from './zod';

type KyModule = typeof import('./ky');

/** ky, loaded by the first request of any client. */
const kyModule = lazyModule('ky', () => import('./ky'));

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
export const DEFAULT_RETRY_LIMIT = 2;
/**
 * Largest answer body read, in bytes after decompression (default 8 MiB). No provider answer
 * paybridge reads comes near it; past it the body is dropped unread (a gzip bomb stops here).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const USER_AGENT = `paybridge/${PAYBRIDGE_VERSION}`;

/** What the adapter's error parser gets: the HTTP status, the parsed body (JSON or text) and the headers. */
export interface ErrorContext {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Everything but `status`, which the client fills in from the response. */
export type ParsedProviderError = Omit<ProviderErrorDetails, 'status'> & { status?: number };

export interface HttpClientConfig {
  provider: string;
  baseUrl: string;
  fetch?: typeof fetch | undefined;
  timeout?: number | undefined;
  totalTimeout?: number | undefined;
  retry?: number | RetryOptions | false | undefined;
  headers?: Record<string, string> | undefined;
  /** Adds credentials to each attempt's request (called per attempt, so a refreshed token applies). */
  authorize?: ((request: Request) => void | Promise<void>) | undefined;
  /** Maps an error response to details. */
  parseError: (context: ErrorContext) => ParsedProviderError;
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
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest<S extends z.ZodSchema> {
  method: HttpMethod;
  /** Path below the base URL, e.g. `/invoices` or `/api/v1.1/payments/intent/`. */
  path: string;
  json?: unknown;
  searchParams?: URLSearchParams | Record<string, string | number | boolean | undefined> | undefined;
  /** The expected 2xx body. */
  schema: S;
  /** A POST or PATCH that is safe to send twice (GET, PUT and DELETE always are). */
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

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
const SAFE_METHODS = ['get', 'put', 'head', 'delete', 'options'];

const RETRY_AFTER_STATUS = [429, 503];

function retryOptions(
  { isHTTPError }: KyModule,
  retry: HttpClientConfig['retry'],
  retryPost: boolean,
  deadline: { started: number; totalTimeout: number },
): Options['retry'] {
  if (retry === false) return { limit: 0 };
  const o: RetryOptions = typeof retry === 'number' ? { limit: retry } : (retry ?? {});
  const maxRetryAfter = o.maxRetryAfter ?? 60_000;
  return {
    limit: o.limit ?? DEFAULT_RETRY_LIMIT,
    methods: retryPost ? [...SAFE_METHODS, 'post', 'patch'] : SAFE_METHODS,
    statusCodes: RETRY_STATUS,
    afterStatusCodes: RETRY_AFTER_STATUS,
    backoffLimit: o.backoffLimit ?? 10_000,
    maxRetryAfter,
    retryOnTimeout: true,
    jitter: true,
    // ky caps a long Retry-After at maxRetryAfter and, when the wait would pass the total deadline,
    // sleeps out the whole remaining budget and throws a bare TimeoutError. Give up at once instead,
    // so the caller gets the ProviderError with retryAfterSeconds and can schedule the retry.
    shouldRetry: ({ error }) => {
      if (!isHTTPError(error) || !RETRY_AFTER_STATUS.includes(error.response.status)) return undefined;
      const seconds = parseRetryAfter(error.response.headers.get('retry-after'));
      if (seconds === undefined) return undefined;
      const waitMs = seconds * 1000;
      const tooLate = Date.now() - deadline.started + waitMs >= deadline.totalTimeout;
      return waitMs > maxRetryAfter || tooLate ? false : undefined;
    },
  };
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Reading the answer's body failed after the status line arrived. */
class BodyReadFailure {
  constructor(
    readonly kind: 'too_large' | 'undecodable' | 'cut' | 'timeout',
    readonly cause?: unknown,
  ) {}
}

const decoder = new TextDecoder('utf-8');

/**
 * Reads an answer's body as text: at most `maxBytes` (decoded), within `timeoutMs`. Fetch reads
 * bodies lazily, after the status line, so a connection cut mid-body, a body that cannot be
 * decompressed or one that never ends all surface here, never as a raw `TypeError`.
 */
async function readBodyText(response: Response, maxBytes: number, timeoutMs: number): Promise<string> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers.has('content-encoding')) {
    await response.body.cancel().catch(() => {});
    throw new BodyReadFailure('too_large');
  }
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyReadFailure('timeout')), timeoutMs);
  });
  const chunks: string[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), expired]);
      } catch (error) {
        if (error instanceof BodyReadFailure) throw error;
        const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
        throw new BodyReadFailure(
          typeof code === 'string' && code.startsWith('Z_') ? 'undecodable' : 'cut',
          error,
        );
      }
      if (step.done) break;
      total += step.value.byteLength;
      if (total > maxBytes) throw new BodyReadFailure('too_large');
      chunks.push(decoder.decode(step.value, { stream: true }));
    }
    chunks.push(decoder.decode());
    return chunks.join('');
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function parseJsonText(text: string): { body: unknown; json: boolean } {
  if (text.length === 0) return { body: undefined, json: true };
  try {
    return { body: JSON.parse(text), json: true };
  } catch {
    return { body: text, json: false };
  }
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

/** Builds the client an adapter uses for all its calls. */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  const provider = config.provider;
  const origin = new URL(config.baseUrl).origin;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let instance: KyInstance | undefined;
  const api = (ky: KyModule): KyInstance => {
    instance ??= ky.ky.create({
      prefix: config.baseUrl,
      fetch: config.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args)),
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

  const toProviderError = (details: ParsedProviderError, status: number, headers: Headers): ProviderError =>
    new ProviderError(
      {
        ...details,
        status: details.status ?? status,
        retryAfterSeconds: details.retryAfterSeconds ?? parseRetryAfter(headers.get('retry-after')),
        requestId:
          details.requestId ??
          (config.requestIdHeader ? (headers.get(config.requestIdHeader) ?? undefined) : undefined),
      },
      { provider },
    );

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

  async function send<S extends z.ZodSchema>(
    req: HttpRequest<S>,
    allowRefresh: boolean,
  ): Promise<HttpResponse<z.output<S>>> {
    const method = req.method;
    const headers: Record<string, string> = { ...req.headers };
    const idempotencyKey = req.options?.idempotencyKey;
    if (idempotencyKey !== undefined && config.idempotencyHeader)
      headers[config.idempotencyHeader] = idempotencyKey;
    const retryPost =
      req.idempotent === true ||
      (idempotencyKey !== undefined && !!config.idempotencyHeader && config.retryWithIdempotencyKey === true);
    const timeout = req.options?.timeout ?? config.timeout ?? DEFAULT_TIMEOUT_MS;
    const totalTimeout = config.totalTimeout ?? DEFAULT_TOTAL_TIMEOUT_MS;
    const signal = req.options?.signal;
    const { ky, z } = await transport();
    const { isHTTPError, isNetworkError, isTimeoutError } = ky;
    const started = Date.now();
    let response: Response;
    try {
      response = await api(ky)(req.path.replace(/^\/+/, ''), {
        method,
        json: req.json,
        searchParams: req.searchParams,
        headers,
        timeout,
        signal,
        retry: retryOptions(ky, config.retry, retryPost, { started, totalTimeout }),
      });
    } catch (error) {
      if (PaybridgeError.isInstance(error)) throw error;
      if (isHTTPError(error)) {
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
          return send(req, false);
        }
        const details = config.parseError({ status, body: error.data, headers: error.response.headers });
        throw toProviderError(details, status, error.response.headers);
      }
      if (signal?.aborted) {
        // The caller's signal, whatever its reason (ky and fetch surface it in several shapes).
        const reason: unknown = signal.reason;
        if (reason instanceof Error && reason.name === 'TimeoutError') {
          throw new TimeoutError(
            `The ${method} ${req.path} request to ${provider} hit the caller's deadline.`,
            {
              provider,
            },
          );
        }
        throw new NetworkError(`The ${method} ${req.path} request to ${provider} was aborted.`, {
          provider,
          code: 'aborted',
          cause: reason,
        });
      }
      // ky throws the same TimeoutError for the per-attempt timeout and the total deadline.
      if (isTimeoutError(error) && (timeout >= totalTimeout || Date.now() - started + 2 >= totalTimeout)) {
        throw new TimeoutError(
          `${provider} did not answer ${method} ${req.path} before the deadline (${totalTimeout} ms in total, retries included). ` +
            (method === 'GET' ? '' : 'The provider may still have carried out the request.'),
          { provider, timeoutMs: totalTimeout },
        );
      }
      if (isTimeoutError(error)) {
        throw new TimeoutError(
          `${provider} did not answer ${method} ${req.path} in time (timeout ${timeout} ms per attempt). ` +
            (method === 'GET' ? '' : 'The provider may still have carried out the request.'),
          { provider, timeoutMs: timeout },
        );
      }
      if (isNetworkError(error)) {
        throw new NetworkError(
          `Could not reach ${provider} for ${method} ${req.path}: ${describeCause(error.cause)}.`,
          {
            provider,
            cause: error.cause,
          },
        );
      }
      if (error instanceof Error && error.name === 'AbortError') {
        throw new NetworkError(`The ${method} ${req.path} request to ${provider} was aborted.`, {
          provider,
          code: 'aborted',
          cause: error,
        });
      }
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new TimeoutError(`${provider} did not answer ${method} ${req.path} before the deadline.`, {
          provider,
          timeoutMs: totalTimeout,
        });
      }
      throw new NetworkError(
        `The ${method} ${req.path} request to ${provider} failed: ${describeCause(error)}.`,
        {
          provider,
          cause: error,
        },
      );
    }
    if (response.redirected && new URL(response.url).origin !== origin) {
      // A custom fetch that followed a redirect anyway: the answer is not the configured provider's.
      throw redirectRefused(method, req.path, response.status, response.url);
    }
    let text: string;
    try {
      text = await readBodyText(
        response,
        maxResponseBytes,
        Math.max(1, Math.min(timeout, totalTimeout - (Date.now() - started))),
      );
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
    const inBody = config.errorInBody?.(body, response.status);
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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${typeof code === 'string' ? `${code}: ` : ''}${cause.message}${inner}`;
  }
  return String(cause);
}

/** The transport settings every adapter takes from its `CommonSettings`, ready to spread into `createHttpClient`. */
export function transportSettings(
  settings: Pick<
    CommonSettings,
    'fetch' | 'timeout' | 'totalTimeout' | 'retry' | 'headers' | 'maxResponseBytes'
  >,
): Pick<HttpClientConfig, 'fetch' | 'timeout' | 'totalTimeout' | 'retry' | 'headers' | 'maxResponseBytes'> {
  const { fetch, timeout, totalTimeout, retry, headers, maxResponseBytes } = settings;
  return { fetch, timeout, totalTimeout, retry, headers, maxResponseBytes };
}
