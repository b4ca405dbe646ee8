/**
 * MoneyHash's error answers. Every answer is the envelope `{ status: { code, message, errors },
 * data }`; `errors` is a list of `{ field: message }` objects (sometimes `{ field: [messages] }` or a
 * bare string). The code inside the body need not equal the HTTP status, and an envelope whose
 * `status.code` is not 2xx is an error even in a 200 answer (`errorInBody`). The body code is kept
 * verbatim as `providerType`; the category comes from it (core/provider-error.ts).
 */
import type { FieldError } from '../../core/errors';
import { lazySchemas } from '../../core/lazy';
import {
  categoryOf,
  describeFieldErrors,
  type ErrorContext,
  type ErrorDescription,
  fromDescription,
  type ParsedProviderError,
  providerErrorParser,
} from '../../core/provider-error';
import type * as z from './zod';

const errorSchemas = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  (z: typeof import('./zod')) => ({
    errorBody: z.looseObject({
      status: z.looseObject({
        code: z.nullish(z.union([z.number(), z.string()])),
        message: z.optional(z.unknown()),
        errors: z.optional(z.unknown()),
      }),
    }),
  }),
);

type Envelope = z.output<Awaited<ReturnType<typeof errorSchemas.load>>['errorBody']>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field errors, at most 5 levels deep (deeper ones are not field errors, and could not be walked safely). */
function fieldErrorsOf(errors: unknown): FieldError[] {
  const out: FieldError[] = [];
  const add = (field: string, value: unknown, depth = 0) => {
    if (depth > 5) return;
    if (Array.isArray(value)) for (const v of value) add(field, v, depth + 1);
    else if (typeof value === 'string') out.push({ field, message: value });
    else if (isRecord(value))
      for (const [k, v] of Object.entries(value)) add(field ? `${field}.${k}` : k, v, depth + 1);
    else if (value !== null && value !== undefined) out.push({ field, message: String(value) });
  };
  if (Array.isArray(errors)) for (const entry of errors) add('', entry);
  else add('', errors);
  return out;
}

function bodyCode(envelope: Envelope): number | undefined {
  const raw = envelope.status.code;
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isInteger(code) ? code : undefined;
}

/** The envelope's error, described; without an envelope, only the HTTP status speaks. */
export function describeMoneyHashError(
  envelope: Envelope | undefined,
  context: Pick<ErrorContext, 'status'>,
): ErrorDescription {
  if (envelope === undefined) {
    return { message: `MoneyHash answered HTTP ${context.status} without its error envelope.` };
  }
  const code = bodyCode(envelope);
  const inBodyError = code !== undefined && (code < 200 || code > 299);
  const fieldErrors = fieldErrorsOf(envelope.status.errors);
  const raw = envelope.status.message;
  const message = typeof raw === 'string' ? raw.trim() : '';
  const text =
    [message, describeFieldErrors(fieldErrors)].filter((part) => part !== '').join(' — ') || 'no message';
  return {
    message: `MoneyHash answered ${code !== undefined ? `code ${code}` : `HTTP ${context.status}`}: ${text}`,
    providerType: code === undefined ? undefined : String(code),
    fieldErrors,
    // The code in the body says what kind of error it is (MoneyHash answers some errors with 200);
    // `status` stays the HTTP status.
    ...(inBodyError && {
      category: categoryOf(code),
      retryable: code === 408 || code === 429 || code >= 500,
    }),
  };
}

/** The adapter's `parseError`. */
export const parseMoneyHashError = providerErrorParser(errorSchemas, describeMoneyHashError);

/**
 * `errorInBody`: an envelope whose `status.code` is outside 2xx, in a 2xx answer. It reads only
 * `status.code`, `status.message` and `status.errors`, each checked by type as it is read.
 */
export function moneyHashErrorInBody(body: unknown, httpStatus: number): ParsedProviderError | undefined {
  if (!isRecord(body) || !isRecord(body['status'])) return undefined;
  const envelope = body as Envelope;
  const code = bodyCode(envelope);
  if (code === undefined || (code >= 200 && code <= 299)) return undefined;
  return fromDescription(describeMoneyHashError(envelope, { status: httpStatus }), {
    status: httpStatus,
    body,
  });
}
