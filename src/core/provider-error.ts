/**
 * One pattern for every provider's error answers. A provider gives the zod schema of its error
 * body and a function from the parsed body to a description (message, its own type verbatim, field
 * errors, a refined code where it has one); core builds the `ProviderError`, with a `category`
 * normalised from the HTTP status so that the same failure reads the same whatever the provider:
 *
 * | HTTP          | category          |
 * |---------------|-------------------|
 * | 400, 422      | `invalid_request` |
 * | 401           | `authentication`  |
 * | 403           | `permission`      |
 * | 404           | `not_found`       |
 * | 409           | `conflict`        |
 * | 429           | `rate_limited`    |
 * | 408, 5xx      | `unavailable`     |
 * | anything else | `provider_error`  |
 *
 * `code` is the provider-specific refined code where the adapter knows one (Money-Go's
 * `insufficient_funds`), else the category; `providerType` is the provider's own type or code,
 * verbatim.
 */
import type { FieldError, ProviderErrorCategory, ProviderErrorDetails } from './errors';
import type { LazyModule } from './lazy';
import type * as z from './zod';

export type { ProviderErrorCategory } from './errors';

/** What the adapter's error parser gets: the HTTP status, the parsed body (JSON or text) and the headers. */
export interface ErrorContext {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Everything but `status`, which the client fills in from the response. */
export type ParsedProviderError = Omit<ProviderErrorDetails, 'status'> & { status?: number };

/** The category of an HTTP error status (see the table above). */
export function categoryOf(status: number): ProviderErrorCategory {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'provider_error';
}

/** What a provider says about one error answer. Everything but `message` is optional. */
export interface ErrorDescription {
  /** The provider's message, with field errors folded in where useful. */
  message: string;
  /** The provider's own error type or code, verbatim. */
  providerType?: string | undefined;
  /** A refined stable code the adapter derives (default: the category). */
  code?: string | undefined;
  /** Overrides the category derived from the status (rarely needed). */
  category?: ProviderErrorCategory | undefined;
  fieldErrors?: FieldError[] | undefined;
  retryable?: boolean | undefined;
  /** The status to report, where the body carries a truer one than the HTTP status (MoneyHash's envelope). */
  status?: number | undefined;
}

/**
 * An error parser for `createHttpClient` from a provider's error-body schema and its description:
 * the body is validated with the schema (zod is loaded with the first request, and the provider's
 * schemas with it); a body that does not fit is described as `undefined`.
 */
export function providerErrorParser<B>(
  schemas: LazyModule<{ errorBody: z.ZodMiniType<B> }>,
  describe: (body: B | undefined, context: ErrorContext) => ErrorDescription,
): (context: ErrorContext) => Promise<ParsedProviderError> {
  return async (context) => {
    const { errorBody } = schemas.ready() ?? (await schemas.load());
    const parsed = context.body === undefined ? undefined : errorBody.safeParse(context.body);
    return fromDescription(describe(parsed?.success ? parsed.data : undefined, context), context);
  };
}

/** Turns a description into the details the client builds its `ProviderError` from. */
export function fromDescription(
  description: ErrorDescription,
  context: Pick<ErrorContext, 'status' | 'body'>,
): ParsedProviderError {
  const status = description.status ?? context.status;
  const category = description.category ?? categoryOf(status);
  return {
    status: description.status,
    category,
    code: description.code ?? category,
    providerType: description.providerType,
    message: description.message,
    fieldErrors: description.fieldErrors ?? [],
    retryable: description.retryable ?? (status === 408 || status === 429 || status >= 500),
    body: context.body,
  };
}

/** Field errors joined for a message: `amount: must be positive; currency: unknown`. */
export function describeFieldErrors(fieldErrors: readonly FieldError[]): string {
  return fieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
}
