/**
 * Checks of what callers pass to an adapter, shared by every provider so that the same mistake
 * gets the same error class and code everywhere, before any request:
 *
 * | check            | code                                   |
 * |------------------|----------------------------------------|
 * | not an object    | `invalid_input`                        |
 * | text missing     | `missing_field` (absent, empty, blank) |
 * | text not a string| `invalid_field`                        |
 * | text too long    | `field_too_long`                       |
 * | URL              | `invalid_url` (absolute http(s) only)  |
 * | id in a path     | `invalid_id`                           |
 * | date             | `invalid_date`, `date_in_past`         |
 *
 * Amounts and currencies are checked by `money.ts` (`invalid_amount`, `invalid_currency`, …).
 */
import { InvalidRequestError } from './errors';
import { assertMinorUnits, getCurrencyExponent, normalizeCurrencyCode } from './money';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Refuses anything but a plain object as a call's input (`createPaymentLink(null)`). */
export function requireObject<T extends object>(
  value: T | null | undefined,
  what: string,
  provider: string,
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError(`${provider}: ${what} expects an input object, got ${describe(value)}.`, {
      provider,
      code: 'invalid_input',
      field: 'input',
    });
  }
  return value;
}

export interface TextOptions {
  /** Longest accepted value, in UTF-16 code units. */
  maxLength?: number | undefined;
  /** What the value is for, added to the "missing" message (`'your own id for this payment'`). */
  hint?: string | undefined;
}

/** A required non-blank string (returned as given, not trimmed). */
export function requiredText(
  value: unknown,
  field: string,
  provider: string,
  options: TextOptions = {},
): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new InvalidRequestError(
      `${provider}: ${field} is required${options.hint ? ` (${options.hint})` : ''}.`,
      { provider, code: 'missing_field', field },
    );
  }
  return optionalText(value, field, provider, options) as string;
}

/** An optional string: undefined stays undefined; anything else must be a string within `maxLength`. */
export function optionalText(
  value: unknown,
  field: string,
  provider: string,
  options: TextOptions = {},
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidRequestError(`${provider}: ${field} must be a string, got ${describe(value)}.`, {
      provider,
      code: 'invalid_field',
      field,
    });
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw new InvalidRequestError(
      `${provider}: ${field} must have at most ${options.maxLength} characters, got ${value.length}.`,
      { provider, code: 'field_too_long', field },
    );
  }
  return value;
}

/**
 * An optional absolute http(s) URL (where the payer is sent, or where webhooks go). Anything else
 * (`javascript:`, `data:`, a relative path, a URL with `user:password@`) is refused: a provider
 * would send the payer's browser there.
 */
export function optionalHttpUrl(value: unknown, field: string, provider: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && URL.canParse(value)) {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '')
      return value;
  }
  throw new InvalidRequestError(`${provider}: ${field} must be an absolute http(s) URL.`, {
    provider,
    code: 'invalid_url',
    field,
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
const UNSAFE_IN_SEGMENT = /[/\\?#\u0000-\u001f\u007f]/;

/** An id the caller passes (a payment, invoice or transaction id): a non-blank string of valid Unicode. */
export function requiredId(value: unknown, field: string, provider: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '' || hasLoneSurrogate(value)) {
    throw new InvalidRequestError(
      `${provider}: ${field} must be a non-empty string, got ${describe(value)}.`,
      {
        provider,
        code: 'invalid_id',
        field,
      },
    );
  }
}

/** True when `text` holds a UTF-16 surrogate without its pair (not valid Unicode: it cannot be encoded). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/**
 * A provider id that goes into a URL path, percent-encoded. Ids that are empty, `.` or `..`, or
 * that contain `/`, `\`, `?`, `#` or control characters are refused: once in a path they would
 * reach another endpoint (`refund('..')` → `/payments/refund`).
 */
export function pathSegment(value: unknown, field: string, provider: string): string {
  requiredId(value, field, provider);
  if (value === '.' || value === '..' || UNSAFE_IN_SEGMENT.test(value) || hasLoneSurrogate(value)) {
    throw new InvalidRequestError(
      `${provider}: ${field} ${JSON.stringify(value.slice(0, 40))} is not a valid id (no "/", "\\", "?", "#", ".." or control characters).`,
      { provider, code: 'invalid_id', field },
    );
  }
  return encodeURIComponent(value);
}

/** An optional `Date` with a valid time, later than `now` (default: the current time). */
export function optionalFutureDate(
  value: unknown,
  field: string,
  provider: string,
  now: number = Date.now(),
): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidRequestError(`${provider}: ${field} must be a valid Date.`, {
      provider,
      code: 'invalid_date',
      field,
    });
  }
  if (value.getTime() <= now) {
    throw new InvalidRequestError(`${provider}: ${field} is in the past.`, {
      provider,
      code: 'date_in_past',
      field,
    });
  }
  return value;
}

/** Which optional `createPaymentLink` fields a provider can carry. Absent = not supported. */
export type LinkFieldSupport = Partial<
  Record<
    | 'description'
    | 'successUrl'
    | 'cancelUrl'
    | 'failureUrl'
    | 'pendingUrl'
    | 'webhookUrl'
    | 'expiresAt'
    | 'metadata'
    | 'customer',
    true
  >
>;

export interface LinkInputSpec {
  provider: string;
  /** The optional fields this provider carries; any other one given is refused (`unsupported_field`). */
  supports: LinkFieldSupport;
  /** Longest reference the provider stores (default 255). */
  referenceMaxLength?: number | undefined;
  /** Why a field is not supported, to say in the error (default: "<provider> has no such field"). */
  unsupportedHint?: Partial<Record<keyof LinkFieldSupport, string>> | undefined;
}

/** A `createPaymentLink` input after the shared checks. */
export interface CheckedLinkInput {
  /** Integer minor units, positive and safe. */
  amount: number;
  /** An upper-case ISO 4217 code paybridge knows the exponent of. */
  currency: string;
  reference: string;
  description: string | undefined;
  successUrl: string | undefined;
  cancelUrl: string | undefined;
  failureUrl: string | undefined;
  pendingUrl: string | undefined;
  webhookUrl: string | undefined;
  expiresAt: Date | undefined;
  metadata: Record<string, string> | undefined;
  customer: Record<string, string> | undefined;
}

const URL_FIELDS = ['successUrl', 'cancelUrl', 'failureUrl', 'pendingUrl', 'webhookUrl'] as const;
const CUSTOMER_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'postalCode',
  'country',
] as const;

/** A record of strings (metadata, customer): plain object, string values only. */
function stringRecord(
  value: unknown,
  field: string,
  provider: string,
  allowed?: readonly string[],
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError(
      `${provider}: ${field} must be an object of strings, got ${describe(value)}.`,
      {
        provider,
        code: 'invalid_field',
        field,
      },
    );
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (allowed !== undefined && !allowed.includes(key)) {
      throw new InvalidRequestError(`${provider}: ${field}.${key} is not a field of ${field}.`, {
        provider,
        code: 'invalid_field',
        field: `${field}.${key}`,
      });
    }
    if (typeof item !== 'string') {
      throw new InvalidRequestError(`${provider}: ${field}.${key} must be a string, got ${describe(item)}.`, {
        provider,
        code: 'invalid_field',
        field: `${field}.${key}`,
      });
    }
    // defineProperty: a `__proto__` key stays a plain key.
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Runs money checks of core/money.ts (which know no provider) so that their errors name `provider`,
 * like every other input error of an adapter.
 */
export function withProvider<T>(provider: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidRequestError && error.provider === undefined) {
      throw new InvalidRequestError(`${provider}: ${error.message}`, {
        provider,
        code: error.code,
        ...(error.field !== undefined && { field: error.field }),
      });
    }
    throw error;
  }
}

/**
 * The checks every adapter's `createPaymentLink` shares, in one place so that the same mistake
 * gets the same error class and code from every adapter, before any request: the input is an
 * object, `reference` a non-blank string, URLs absolute http(s), `expiresAt` a future date,
 * `metadata` and `customer` records of strings, and a field the provider cannot carry is refused
 * (`unsupported_field`) rather than silently dropped. Amount and currency are left to the adapter
 * (its money rules differ) but are read here so nothing else needs the raw input.
 */
export function checkLinkInput(input: unknown, spec: LinkInputSpec): CheckedLinkInput {
  const { provider, supports } = spec;
  const value = requireObject(
    input as Record<string, unknown> | null | undefined,
    'createPaymentLink',
    provider,
  );
  for (const field of [
    'description',
    ...URL_FIELDS,
    'expiresAt',
    'metadata',
    'customer',
  ] as const satisfies readonly (keyof LinkFieldSupport)[]) {
    if (value[field] !== undefined && supports[field] !== true) {
      const hint = spec.unsupportedHint?.[field] ?? `${provider} has no place for it`;
      throw new InvalidRequestError(`${provider}: ${field} is not supported (${hint}); leave it out.`, {
        provider,
        code: 'unsupported_field',
        field,
      });
    }
  }
  const reference = requiredText(value['reference'], 'reference', provider, {
    maxLength: spec.referenceMaxLength ?? 255,
    hint: 'your own id for this payment, such as an order number',
  });
  const urls = Object.fromEntries(
    URL_FIELDS.map((field) => [field, optionalHttpUrl(value[field], field, provider)]),
  ) as Record<(typeof URL_FIELDS)[number], string | undefined>;
  const { amount, currency } = withProvider(provider, () => {
    assertMinorUnits(value['amount']);
    const code = normalizeCurrencyCode(value['currency']);
    getCurrencyExponent(code);
    return { amount: value['amount'] as number, currency: code };
  });
  return {
    amount,
    currency,
    reference,
    description: optionalText(value['description'], 'description', provider),
    ...urls,
    expiresAt: optionalFutureDate(value['expiresAt'], 'expiresAt', provider),
    metadata: stringRecord(value['metadata'], 'metadata', provider),
    customer: stringRecord(value['customer'], 'customer', provider, CUSTOMER_FIELDS),
  };
}

/**
 * Refuses an `idempotencyKey` on a call the provider cannot make idempotent (`unsupported_option`),
 * rather than ignoring it: a caller who passes one relies on it.
 */
export function refuseIdempotencyKey(
  options: { idempotencyKey?: unknown } | undefined,
  provider: string,
  why: string,
): void {
  const key = options?.idempotencyKey;
  if (key === undefined) return;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new InvalidRequestError(`${provider}: idempotencyKey must be a non-blank string.`, {
      provider,
      code: 'invalid_option',
      field: 'idempotencyKey',
    });
  }
  throw new InvalidRequestError(`${provider}: idempotencyKey is not supported here (${why}).`, {
    provider,
    code: 'unsupported_option',
    field: 'idempotencyKey',
  });
}

/**
 * A `PaymentTarget` checked: `{ paymentId }` for a string (the id `createPaymentLink` returned),
 * `{ transactionId }` for `{ transactionId }`. Either id must be a valid path segment.
 */
export function readTarget(
  target: unknown,
  provider: string,
): { paymentId: string; transactionId?: undefined } | { transactionId: string; paymentId?: undefined } {
  if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
    const transactionId = (target as { transactionId?: unknown }).transactionId;
    pathSegment(transactionId, 'transactionId', provider);
    return { transactionId: transactionId as string };
  }
  pathSegment(target, 'paymentId', provider);
  return { paymentId: target as string };
}
