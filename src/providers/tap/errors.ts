/**
 * Tap's error answers: `{ "errors": [{ "code": "1144", "description": "Charge not found" }],
 * "http_code": "400" }` ("errors are returned in an array of error objects"; `http_code` only in
 * some answers). The first error's code is kept verbatim as `providerType`; the category comes from
 * the HTTP status (core/provider-error.ts), and `code` is refined where Tap's code says more
 * (`TAP_ERROR_CODES`).
 */
import type { FieldError } from '../../core/errors';
import { lazySchemas } from '../../core/lazy';
import {
  type ErrorContext,
  type ErrorDescription,
  fromDescription,
  type ParsedProviderError,
  type ProviderErrorCategory,
  providerErrorParser,
} from '../../core/provider-error';
import type * as z from './zod';

/** Tap error codes paybridge refines: Tap's code → paybridge `code` (and category, where it differs). */
export const TAP_ERROR_CODES: Readonly<Record<string, { code: string; category?: ProviderErrorCategory }>> =
  Object.freeze({
    /** "Secret API Key and Environment are mismatched". */
    '1101': { code: 'key_environment_mismatch', category: 'authentication' },
    /** Redirect URL missing / invalid. */
    '1110': { code: 'missing_redirect_url' },
    '1111': { code: 'invalid_redirect_url' },
    '1117': { code: 'invalid_amount' },
    '1118': { code: 'invalid_currency' },
    '1119': { code: 'unsupported_currency' },
    /** "Customer id or Customer information is required", first name, phone or email. */
    '1129': { code: 'missing_customer' },
    '1130': { code: 'missing_customer' },
    '1139': { code: 'missing_customer' },
    /** "Charge not found". */
    '1144': { code: 'not_found', category: 'not_found' },
    '1150': { code: 'capture_exceeds_authorized' },
    '1156': { code: 'invalid_refund_reason' },
    '1157': { code: 'invalid_refund_reason' },
    '1161': { code: 'refund_exceeds_charge' },
    '2104': { code: 'invalid_api_key', category: 'authentication' },
    /** "Please use the secret key, the public key given". */
    '2106': { code: 'publishable_key', category: 'authentication' },
  });

const errorSchemas = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  (z: typeof import('./zod')) => {
    const code = z.nullish(z.union([z.string(), z.number()]));
    return {
      errorBody: z.looseObject({
        errors: z.nullish(
          z.array(z.looseObject({ code, description: z.nullish(z.string()), error: z.nullish(z.string()) })),
        ),
        http_code: code,
        message: z.nullish(z.string()),
      }),
    };
  },
);

type TapErrorBody = z.output<Awaited<ReturnType<typeof errorSchemas.load>>['errorBody']>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: string | number | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/** Tap's error body → message, the first code verbatim, and a refined code where Tap's says more. */
export function describeTapError(
  body: TapErrorBody | undefined,
  context: { status: number; body: unknown },
): ErrorDescription {
  const errors = body?.errors ?? [];
  const fieldErrors: FieldError[] = errors.map((e) => ({
    field: '',
    message: [text(e.code), e.description ?? e.error ?? undefined].filter(Boolean).join(': '),
  }));
  const first = text(errors[0]?.code);
  const raw = context.body;
  const summary =
    fieldErrors.map((e) => e.message).join('; ') ||
    body?.message ||
    (typeof raw === 'string' && raw.length > 0 && raw.length <= 200 && !raw.trimStart().startsWith('<')
      ? raw
      : `HTTP ${context.status}`);
  const refined =
    first !== undefined && Object.hasOwn(TAP_ERROR_CODES, first) ? TAP_ERROR_CODES[first] : undefined;
  return {
    message: `Tap error (HTTP ${context.status}): ${summary}`,
    providerType: first,
    code: refined?.code,
    category: refined?.category,
    fieldErrors,
  };
}

/** The adapter's `parseError`. */
export const parseTapError: (context: ErrorContext) => Promise<ParsedProviderError> = providerErrorParser(
  errorSchemas,
  describeTapError,
);

/**
 * A 2xx answer that is an error body (an `errors` list and no object `id`). Tap documents errors
 * only with 4xx/5xx statuses; this keeps an error answered with 200 from being read as an object.
 */
export function tapErrorInBody(body: unknown, status: number): ParsedProviderError | undefined {
  if (!isRecord(body)) return undefined;
  const errors = body['errors'];
  if (!Array.isArray(errors) || errors.length === 0 || typeof body['id'] === 'string') return undefined;
  const httpCode = Number(body['http_code']);
  const reported = Number.isInteger(httpCode) && httpCode >= 400 && httpCode <= 599 ? httpCode : 400;
  const list = errors.filter(isRecord).map((e) => ({
    code: typeof e['code'] === 'string' || typeof e['code'] === 'number' ? e['code'] : undefined,
    description: typeof e['description'] === 'string' ? e['description'] : undefined,
  }));
  const description = describeTapError({ errors: list }, { status: reported, body });
  return fromDescription({ ...description, status: reported }, { status, body });
}
