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

/**
 * A provider id that goes into a URL path, percent-encoded. Ids that are empty, `.` or `..`, or
 * that contain `/`, `\`, `?`, `#` or control characters are refused: once in a path they would
 * reach another endpoint (`refund('..')` → `/payments/refund`).
 */
export function pathSegment(value: unknown, field: string, provider: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidRequestError(
      `${provider}: ${field} must be a non-empty string, got ${describe(value)}.`,
      {
        provider,
        code: 'invalid_id',
        field,
      },
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (value === '.' || value === '..' || /[/\\?#\u0000-\u001f\u007f]/.test(value)) {
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
