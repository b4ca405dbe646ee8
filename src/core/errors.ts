import { redact } from './redact';

const BRAND = Symbol.for('paybridge.error');

/** The brand of one error class: `Symbol.for('paybridge.error.<errorName>')`. */
const classBrand = (errorName: string): symbol => Symbol.for(`paybridge.error.${errorName}`);

/** A paybridge error class, as `isInstance` sees it (`errorName` is its stable, minifier-proof name). */
type ErrorClass<T> = (abstract new (...args: never[]) => T) & { readonly errorName?: string };

/** Options every paybridge error accepts. */
export interface PaybridgeErrorOptions {
  /** The provider the error concerns (`'moneyhash'`, `'moyasar'`, `'moneygo'`), if any. */
  provider?: string | undefined;
  /** The underlying error. It is copied into a plain, redacted `Error`: no request, headers or secrets survive. */
  cause?: unknown;
}

/** Copies an arbitrary thrown value into a plain `Error` whose message and stack are redacted, recursively. */
function sanitizeCause(cause: unknown, depth = 0): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  // Only an error of this very copy is kept as is: a branded error from another bundled copy was
  // redacted with that copy's secrets, not ours, so it is copied and redacted like any other.
  if (cause instanceof PaybridgeError) return cause;
  try {
    const source = cause instanceof Error ? cause : undefined;
    const copy = new Error(redact(source ? String(source.message) : String(cause)));
    const name = redact(String(source?.name ?? 'Error'));
    copy.name = name;
    copy.stack = typeof source?.stack === 'string' ? redact(source.stack) : `${name}: ${copy.message}`;
    const code = (source as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') (copy as Error & { code: string }).code = redact(code);
    if (source && 'cause' in source && depth < 4) {
      const inner = sanitizeCause(source.cause, depth + 1);
      if (inner) copy.cause = inner;
    }
    return copy;
  } catch {
    // A cause whose message, name or toString throws: keep that it happened, nothing of it.
    return new Error('[a cause that could not be read]');
  }
}

/**
 * The base class of every error paybridge throws. Every instance is branded with
 * `Symbol.for('paybridge.error')` and with one symbol per paybridge class it belongs to, so
 * `ConfigurationError.isInstance(error)` (and the same on every error class) works across bundled
 * copies where `instanceof` does not. Messages, stacks and causes are redacted at construction
 * (see `registerSecret`).
 */
export class PaybridgeError extends Error {
  /**
   * The class's stable name: the error's `name`, and its brand. Every paybridge error class
   * declares its own (a minifier may rename classes, never this string).
   */
  static readonly errorName: string = 'PaybridgeError';
  /** Machine-readable code, stable across versions (e.g. `'invalid_amount'`, `'bad_signature'`). */
  readonly code: string;
  /** The provider concerned, if any. */
  readonly provider: string | undefined;

  constructor(code: string, message: string, options: PaybridgeErrorOptions = {}) {
    super(redact(message));
    this.name = Object.hasOwn(new.target, 'errorName') ? new.target.errorName : new.target.name;
    // Codes can come from a provider's body (ProviderError), so they are redacted like messages.
    this.code = redact(code);
    this.provider = options.provider;
    const cause = sanitizeCause(options.cause);
    if (cause) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
    if (this.stack) this.stack = redact(this.stack);
    Object.defineProperty(this, BRAND, { value: true });
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'errorName')) {
        Object.defineProperty(this, classBrand((c as unknown as { errorName: string }).errorName), {
          value: true,
        });
      }
    }
  }

  /**
   * True for an error of this class (or a subclass), from this copy of the library or another:
   * `PaybridgeError.isInstance(e)`, `WebhookVerificationError.isInstance(e)`, …
   */
  static isInstance<T extends PaybridgeError>(this: ErrorClass<T>, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const branded = value as Record<symbol, unknown>;
    if (branded[BRAND] !== true) return false;
    // `this` is the class isInstance was called on: that is the point of one static on every class.
    // biome-ignore-start lint/complexity/noThisInStatic: polymorphic on purpose.
    if (!Object.hasOwn(this, 'errorName')) return value instanceof this;
    // The base brand alone marks a paybridge error (copies older than the class brands carry only it).
    if (this.errorName === 'PaybridgeError') return true;
    return branded[classBrand(this.errorName as string)] === true;
    // biome-ignore-end lint/complexity/noThisInStatic: polymorphic on purpose.
  }

  /** A plain object for logs: name, code, provider, message and the subclass's own public fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    if (this.provider !== undefined) out['provider'] = this.provider;
    for (const [key, value] of Object.entries(this)) {
      if (key === 'code' || key === 'provider' || value === undefined) continue;
      out[key] = typeof value === 'string' ? redact(value) : value;
    }
    if (this.cause instanceof Error) out['cause'] = { name: this.cause.name, message: this.cause.message };
    return out;
  }
}

/** Missing or malformed settings (no API key, a publishable key where a secret one is needed, a bad base URL). */
export class ConfigurationError extends PaybridgeError {
  static override readonly errorName: string = 'ConfigurationError';
  constructor(message: string, options: PaybridgeErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'configuration_error', message, options);
  }
}

/** Bad input caught before any network call: a non-integer amount, an unknown currency, a field over a provider limit. */
export class InvalidRequestError extends PaybridgeError {
  static override readonly errorName: string = 'InvalidRequestError';
  /** The input field at fault, when there is one (`'amount'`, `'metadata.order'`). */
  readonly field: string | undefined;
  constructor(message: string, options: PaybridgeErrorOptions & { code?: string; field?: string } = {}) {
    super(options.code ?? 'invalid_request', message, options);
    this.field = options.field;
  }
}

/** One field-level error reported by a provider. */
export interface FieldError {
  /** The provider's field name (`'amount'`, `'billing_data.email'`), or `''` when not tied to a field. */
  field: string;
  message: string;
}

/**
 * What kind of failure a provider reported, the same words for every provider (from the HTTP
 * status; see core/provider-error.ts).
 */
export type ProviderErrorCategory =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'provider_error';

export interface ProviderErrorDetails {
  /** The HTTP status of the response (which may differ from the status inside the body). */
  status: number;
  /** A stable code: a refined one paybridge derives for this provider, else the category. */
  code?: string;
  /** The normalised kind of failure (default `'provider_error'`). */
  category?: ProviderErrorCategory | undefined;
  /** The provider's error type, verbatim (`'invalid_request_error'`), where it sends one. */
  providerType?: string | undefined;
  message: string;
  fieldErrors?: FieldError[];
  /** Whether the same request may succeed if sent again later (rate limits, 5xx, timeouts). */
  retryable?: boolean;
  /** The provider's request id, where it sends one. */
  requestId?: string | undefined;
  /** Seconds the provider asked us to wait (`Retry-After`). */
  retryAfterSeconds?: number | undefined;
  /** The parsed error body, redacted. */
  body?: unknown;
}

/** The provider answered with an error. */
export class ProviderError extends PaybridgeError {
  static override readonly errorName: string = 'ProviderError';
  readonly status: number;
  /** The normalised kind of failure: `authentication`, `rate_limited`, `not_found`, `invalid_request`, `unavailable`, … */
  readonly category: ProviderErrorCategory;
  readonly providerType: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly body: unknown;
  constructor(details: ProviderErrorDetails, options: PaybridgeErrorOptions = {}) {
    super(details.code ?? details.category ?? 'provider_error', details.message, options);
    this.status = details.status;
    this.category = details.category ?? 'provider_error';
    this.providerType = redactOptional(details.providerType);
    this.fieldErrors = (details.fieldErrors ?? []).map((e) => ({
      field: redact(e.field),
      message: redact(e.message),
    }));
    this.retryable = details.retryable ?? (details.status === 429 || details.status >= 500);
    this.requestId = redactOptional(details.requestId);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.body = details.body === undefined ? undefined : redactValue(details.body);
  }
}

/** The request never got an answer: DNS failure, refused or reset connection. */
export class NetworkError extends PaybridgeError {
  static override readonly errorName: string = 'NetworkError';
  /** Whether the request may have reached the provider (a POST may have been carried out). */
  readonly mayHaveReachedProvider: boolean;
  constructor(
    message: string,
    options: PaybridgeErrorOptions & {
      code?: 'network_error' | 'aborted';
      mayHaveReachedProvider?: boolean;
    } = {},
  ) {
    super(options.code ?? 'network_error', message, options);
    this.mayHaveReachedProvider = options.mayHaveReachedProvider ?? true;
  }
}

/** No answer within the per-attempt timeout or the total deadline. The provider may still have acted. */
export class TimeoutError extends PaybridgeError {
  static override readonly errorName: string = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: PaybridgeErrorOptions & { timeoutMs?: number } = {}) {
    super('timeout', message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The provider answered 2xx with a body paybridge cannot read. */
export class InvalidResponseError extends PaybridgeError {
  static override readonly errorName: string = 'InvalidResponseError';
  /** Path of the first offending field (`'data.embed_url'`), when known. */
  readonly path: string | undefined;
  readonly status: number | undefined;
  constructor(
    message: string,
    options: PaybridgeErrorOptions & {
      path?: string;
      status?: number;
      code?: 'invalid_response' | 'response_too_large';
    } = {},
  ) {
    super(options.code ?? 'invalid_response', message, options);
    this.path = options.path;
    this.status = options.status;
  }
}

export type WebhookVerificationReason =
  | 'missing_secret'
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'missing_timestamp'
  | 'mode_mismatch'
  /** The handler's confirmation: the provider's API contradicts the event (answered 409). */
  | 'not_confirmed'
  /** The handler's confirmation: the provider's API has not reached the event's status yet (503). */
  | 'not_yet_confirmed';

/** The webhook is not authentic (or cannot be checked): do not act on it, answer 401. */
export class WebhookVerificationError extends PaybridgeError {
  static override readonly errorName: string = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string, options: PaybridgeErrorOptions = {}) {
    super(reason, message, options);
    this.reason = reason;
  }
}

export type WebhookParseReason =
  | 'empty_body'
  | 'body_too_large'
  | 'not_json'
  | 'invalid_shape'
  | 'parsed_body'
  | 'invalid_body_type'
  | 'invalid_headers'
  /** The webhook URL given is not a URL. */
  | 'invalid_url'
  /** The input could not be read at all (a throwing getter, a Proxy, a detached buffer). */
  | 'unreadable_input';

/** The webhook body cannot be read: answer 400. */
export class WebhookParseError extends PaybridgeError {
  static override readonly errorName: string = 'WebhookParseError';
  readonly reason: WebhookParseReason;
  /** Path of the offending field in the body (`'data.amount'`, `'transaction.operations.0.type'`), when known. */
  readonly path: string | undefined;
  constructor(
    reason: WebhookParseReason,
    message: string,
    options: PaybridgeErrorOptions & { path?: string | undefined } = {},
  ) {
    super(reason, message, options);
    this.reason = reason;
    this.path = options.path;
  }
}

const redactOptional = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : redact(value);

/** Deep-copies JSON-like data with every string redacted (for error bodies kept on errors). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  // An all-digit secret echoed as a JSON number.
  if ((typeof value === 'number' || typeof value === 'bigint') && redact(String(value)) !== String(value))
    return '[REDACTED]';
  if (value === null || typeof value !== 'object') return value;
  // Deeper structures are dropped rather than kept unredacted.
  if (depth > 8) return '[Truncated]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, not assignment: a `__proto__` key must stay a plain key. Keys are redacted too
    // (providers key field errors by whatever was sent).
    Object.defineProperty(out, redact(k), {
      value: redactValue(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
