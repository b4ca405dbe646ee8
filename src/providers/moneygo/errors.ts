/**
 * Money-Go's error answers → `MoneyGoError` (a `ProviderError`) with a stable `code`.
 *
 * Money-Go reports validation failures as HTTP 422 with a message text (Symfony validator
 * style), and sometimes `{"status": false, …}` in a 200 body. The documented messages are in
 * `MONEYGO_ERROR_MESSAGES`; matching ignores case, surrounding spaces and a trailing period. The
 * body shape is not documented, so the message is looked for in `message`, `error`,
 * `error_description`, `errors` (strings, objects or a field → messages map), `violations`,
 * `detail`, `title` and the same keys under `data`. A message not in the table is kept verbatim
 * with the code `provider_error`.
 */
import {
  type FieldError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  type ProviderErrorDetails,
  TimeoutError,
} from '../../core/errors';
import { lazySchemas } from '../../core/lazy';
import { normalizeCurrencyCode, toMinorUnits } from '../../core/money';
import {
  type ErrorContext,
  type ErrorDescription,
  fromDescription,
  type ParsedProviderError,
  providerErrorParser,
} from '../../core/provider-error';
import type { MoneyGoPayment } from './types';

const PROVIDER = 'moneygo' as const;

/** The stable codes of Money-Go's documented errors, plus the generic ones paybridge adds. */
export type MoneyGoErrorCode =
  | 'duplicate_reference'
  | 'missing_field'
  | 'wallet_to_not_found'
  | 'wallet_from_not_found'
  | 'amount_not_numeric'
  | 'signature_mismatch'
  | 'amount_below_minimum'
  | 'amount_above_maximum'
  | 'insufficient_funds'
  | 'currency_mismatch'
  | 'currency_disabled'
  | 'direction_inactive'
  | 'sender_blocked'
  | 'recipient_blocked'
  | 'user_blocked'
  | 'duplicate_request'
  | 'rate_limited'
  | 'captcha'
  | 'invalid_hash'
  | 'invalid_credentials'
  | 'payment_not_found'
  // Where no message of the table matched: the category of the HTTP status.
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'provider_error';

interface MessageRow {
  /** The message as Money-Go documents it. */
  message: string;
  code: MoneyGoErrorCode;
  retryable?: boolean;
}

/**
 * Every 422 message of Money-Go's checkout (`/api/processing/checkout`) and top-up
 * (`/api/processing/pay`) tables, with its code. `Minimum/Maximum amount exceeded %min%/%max% for
 * %currency%` are matched by pattern (see `MONEYGO_LIMIT_PATTERNS`); `User is blocked` is refined
 * by its `translation` field.
 */
export const MONEYGO_ERROR_MESSAGES: readonly MessageRow[] = Object.freeze([
  { message: 'Order id is not unique', code: 'duplicate_reference' },
  { message: 'This value should not be blank.', code: 'missing_field' },
  { message: 'Wallet to not exists', code: 'wallet_to_not_found' },
  { message: 'Wallet from not exists', code: 'wallet_from_not_found' },
  { message: 'This value should be of type numeric.', code: 'amount_not_numeric' },
  { message: 'Signature not identical', code: 'signature_mismatch' },
  { message: 'Amount is not correct', code: 'insufficient_funds' },
  { message: 'Currencies are not equals', code: 'currency_mismatch' },
  { message: 'Currency is disabled', code: 'currency_disabled' },
  { message: 'Direction not active', code: 'direction_inactive' },
  { message: 'User is blocked', code: 'user_blocked' },
  { message: 'Route locked to avoid duplication', code: 'duplicate_request' },
  { message: 'Method locked please try again later', code: 'rate_limited', retryable: true },
  { message: 'Captcha string', code: 'captcha' },
  { message: 'Hash is not valid', code: 'invalid_hash' },
  { message: 'Deposit your wallet, you not have funds', code: 'insufficient_funds' },
]);

/** `Minimum amount exceeded 1 for USD` / `Maximum amount exceeded 10000.00 for USD`. */
export const MONEYGO_LIMIT_PATTERNS: ReadonlyArray<{
  pattern: RegExp;
  code: 'amount_below_minimum' | 'amount_above_maximum';
}> = Object.freeze([
  { pattern: /^minimum amount exceeded\s+(\S+)\s+for\s+(\S+?)\.?$/i, code: 'amount_below_minimum' },
  { pattern: /^maximum amount exceeded\s+(\S+)\s+for\s+(\S+?)\.?$/i, code: 'amount_above_maximum' },
]);

/** `User is blocked`'s `translation` → who is blocked. */
const BLOCKED_TRANSLATIONS: Readonly<Record<string, MoneyGoErrorCode>> = {
  'server_error.sender_account_is_blocked': 'sender_blocked',
  'server_error.recipient_account_is_blocked': 'recipient_blocked',
};

export interface MoneyGoErrorExtras {
  /** For `amount_below_minimum` / `amount_above_maximum`: the limit exactly as Money-Go wrote it (`"0.50"`). */
  limit?: string | undefined;
  /** The currency of `limit` (`"USD"`). */
  limitCurrency?: string | undefined;
  /** `limit` in integer minor units of `limitCurrency`, when both are readable. */
  limitMinor?: number | undefined;
  /** Money-Go's `translation` key, where it sends one (`server_error.sender_account_is_blocked`). */
  translation?: string | undefined;
}

export interface MoneyGoErrorDetails extends ProviderErrorDetails, MoneyGoErrorExtras {}

/**
 * An error answer from Money-Go. `code` is one of `MoneyGoErrorCode`; the amount-limit errors carry
 * the limit (`limit`, `limitCurrency`, `limitMinor`), a blocked user the `translation`.
 */
export class MoneyGoError extends ProviderError {
  static override readonly errorName: string = 'MoneyGoError';
  readonly limit: string | undefined;
  readonly limitCurrency: string | undefined;
  readonly limitMinor: number | undefined;
  readonly translation: string | undefined;
  constructor(details: MoneyGoErrorDetails) {
    super(details, { provider: PROVIDER });
    this.limit = details.limit;
    this.limitCurrency = details.limitCurrency;
    this.limitMinor = details.limitMinor;
    this.translation = details.translation;
  }

  /** Copies a `ProviderError` from the HTTP client into a `MoneyGoError`, adding the parsed extras. */
  static from(error: ProviderError): MoneyGoError {
    if (error instanceof MoneyGoError) return error;
    const extras = describeMoneyGoError(error.status, error.body);
    return new MoneyGoError({
      status: error.status,
      code: error.code,
      category: error.category,
      providerType: error.providerType,
      message: error.message,
      fieldErrors: error.fieldErrors,
      retryable: error.retryable,
      requestId: error.requestId,
      retryAfterSeconds: error.retryAfterSeconds,
      body: error.body,
      limit: extras.limit,
      limitCurrency: extras.limitCurrency,
      limitMinor: extras.limitMinor,
      translation: extras.translation,
    });
  }
}

interface Found {
  field: string;
  message: string;
  translation?: string | undefined;
}

const MESSAGE_KEYS = ['message', 'error', 'error_description', 'detail', 'title', 'msg'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function fieldOf(entry: Record<string, unknown>): string {
  return (
    str(entry['propertyPath']) ??
    str(entry['property_path']) ??
    str(entry['field']) ??
    str(entry['property']) ??
    ''
  );
}

/** Collects every message the body carries, in the order a reader would see them. */
function collect(body: unknown, out: Found[], field = '', depth = 0): void {
  if (depth > 4 || body === undefined || body === null) return;
  const text = str(body);
  if (text !== undefined) {
    out.push({ field, message: text });
    return;
  }
  if (Array.isArray(body)) {
    for (const item of body) collect(item, out, field, depth + 1);
    return;
  }
  if (!isRecord(body)) return;
  const translation = str(body['translation']);
  const ownField = fieldOf(body) || field;
  for (const key of MESSAGE_KEYS) {
    const value = body[key];
    const message = str(value);
    if (message !== undefined) out.push({ field: ownField, message, translation });
    else if (isRecord(value) || Array.isArray(value)) collect(value, out, ownField, depth + 1);
  }
  for (const key of ['errors', 'violations']) {
    const value = body[key];
    if (Array.isArray(value)) {
      for (const item of value) collect(item, out, ownField, depth + 1);
    } else if (isRecord(value)) {
      // Either a field → message(s) map, or a single error object.
      const looksLikeError = MESSAGE_KEYS.some((k) => k in value);
      if (looksLikeError) collect(value, out, ownField, depth + 1);
      else for (const [name, messages] of Object.entries(value)) collect(messages, out, name, depth + 1);
    }
  }
  if (isRecord(body['data'])) collect(body['data'], out, ownField, depth + 1);
}

/** The first `translation` string anywhere in the body (Money-Go's `User is blocked` carries one). */
function findTranslation(body: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (Array.isArray(body)) {
    for (const item of body) {
      const t = findTranslation(item, depth + 1);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const own = str(body['translation']);
  if (own !== undefined) return own;
  for (const value of Object.values(body)) {
    const t = findTranslation(value, depth + 1);
    if (t !== undefined) return t;
  }
  return undefined;
}

const normalize = (message: string): string =>
  message.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();

const BY_MESSAGE: ReadonlyMap<string, MessageRow> = new Map(
  MONEYGO_ERROR_MESSAGES.map((row) => [normalize(row.message), row]),
);

interface Classified {
  code: MoneyGoErrorCode;
  retryable?: boolean | undefined;
  extras: MoneyGoErrorExtras;
}

function classifyOne(found: Found): Classified | undefined {
  const row = BY_MESSAGE.get(normalize(found.message));
  if (row) {
    const blocked = found.translation ? BLOCKED_TRANSLATIONS[found.translation] : undefined;
    return {
      code: row.code === 'user_blocked' && blocked ? blocked : row.code,
      retryable: row.retryable,
      extras: { translation: found.translation },
    };
  }
  for (const { pattern, code } of MONEYGO_LIMIT_PATTERNS) {
    const match = pattern.exec(found.message.trim());
    if (!match) continue;
    const limit = match[1]!;
    const rawCurrency = match[2]!;
    const placeholder = limit.startsWith('%') || rawCurrency.startsWith('%');
    let limitCurrency: string | undefined;
    let limitMinor: number | undefined;
    try {
      limitCurrency = placeholder ? undefined : normalizeCurrencyCode(rawCurrency);
      if (limitCurrency !== undefined) {
        limitMinor = toMinorUnits(limit, limitCurrency, { allowExtraZeroDecimals: true, field: 'limit' });
      }
    } catch (error) {
      if (!PaybridgeError.isInstance(error)) throw error;
      // An unknown currency or an unreadable limit: keep the texts, leave limitMinor out.
      limitCurrency ??= placeholder ? undefined : rawCurrency;
    }
    return {
      code,
      extras: {
        limit: placeholder ? undefined : limit,
        limitCurrency,
        limitMinor,
        translation: found.translation,
      },
    };
  }
  return undefined;
}

export interface DescribedError extends ErrorDescription, MoneyGoErrorExtras {}

/**
 * Reads a Money-Go error answer (any HTTP status, any body shape) into a refined code (where a
 * documented message matched), a message, field errors and the extras. Pure.
 */
export function describeMoneyGoError(status: number, body: unknown): DescribedError {
  const found: Found[] = [];
  collect(body, found);
  const translation = findTranslation(body);
  const messages = found.map((f) => ({ ...f, translation: f.translation ?? translation }));
  let classified: Classified | undefined;
  for (const f of messages) {
    classified = classifyOne(f);
    if (classified) break;
  }
  const blocked = translation === undefined ? undefined : BLOCKED_TRANSLATIONS[translation];
  if (!classified && blocked) classified = { code: blocked, extras: { translation } };
  const fieldErrors: FieldError[] = messages
    .filter((f) => f.field !== '')
    .map((f) => ({ field: f.field, message: f.message }));
  const text =
    messages.length > 0
      ? [...new Set(messages.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)))].join('; ')
      : `HTTP ${status} without a message`;
  return {
    code: classified?.code,
    message: `Money-Go refused the request${classified ? ` (${classified.code})` : ''}: ${text}`,
    fieldErrors,
    retryable:
      classified?.retryable ?? (classified?.code === 'rate_limited' || status === 429 || status >= 500),
    translation,
    ...classified?.extras,
  };
}

/**
 * Money-Go's error bodies are not documented (Symfony validator texts in various shapes), so the
 * schema takes any JSON and the description walks it (see `collect`).
 */
const errorSchemas = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  (z: typeof import('./zod')) => ({ errorBody: z.unknown() }),
);

/** The adapter's `parseError`. */
export const parseMoneyGoError = providerErrorParser(errorSchemas, (body, context: ErrorContext) =>
  describeMoneyGoError(context.status, body ?? context.body),
);

/** `errorInBody` for the HTTP client: `{"status": false, …}` is an error even with HTTP 200. */
export function moneyGoErrorInBody(body: unknown, status: number): ParsedProviderError | undefined {
  if (!isRecord(body) || body['status'] !== false) return undefined;
  return fromDescription(
    { category: 'invalid_request', ...describeMoneyGoError(status, body) },
    { status, body },
  );
}

/** One disagreement between a webhook and Money-Go's API. */
export interface MoneyGoMismatch {
  field: 'status' | 'amount' | 'currency' | 'walletFrom' | 'walletTo' | 'merchantWallet' | 'transactionId';
  /** What the webhook said. */
  event: string | number | undefined;
  /** What the API (or, for `merchantWallet`, your settings) says. */
  expected: string | number | undefined;
}

/**
 * `confirmWebhook` found that the API does not confirm the webhook. `payment` is the API's answer:
 * act on it (a webhook that arrives after the payment moved on is stale, not forged), never on
 * the event.
 */
export class MoneyGoConfirmationError extends PaybridgeError {
  static override readonly errorName: string = 'MoneyGoConfirmationError';
  readonly mismatches: readonly MoneyGoMismatch[];
  readonly payment: MoneyGoPayment;
  readonly eventId: string;
  constructor(eventId: string, mismatches: MoneyGoMismatch[], payment: MoneyGoPayment) {
    const list = mismatches
      .map((m) => `${m.field}: webhook ${String(m.event)}, Money-Go ${String(m.expected)}`)
      .join('; ');
    super(
      'webhook_not_confirmed',
      `Money-Go's API does not confirm webhook ${eventId} (${list}). Do not act on the webhook; payment holds what the API says.`,
      { provider: PROVIDER },
    );
    this.mismatches = mismatches;
    this.payment = payment;
    this.eventId = eventId;
  }
}

/** A timeout, or a dropped connection after the request may have reached Money-Go. */
export function mayHaveBeenCarriedOut(error: unknown): error is TimeoutError | NetworkError {
  return (
    error instanceof TimeoutError ||
    (error instanceof NetworkError && error.code !== 'aborted' && error.mayHaveReachedProvider)
  );
}

/** The same error with advice added (a timeout or a dropped connection after a POST). */
export function withAdvice(error: TimeoutError | NetworkError, advice: string): TimeoutError | NetworkError {
  if (error instanceof TimeoutError) {
    return new TimeoutError(error.message + advice, { provider: PROVIDER, timeoutMs: error.timeoutMs });
  }
  return new NetworkError(error.message + advice, { provider: PROVIDER, cause: error.cause });
}
