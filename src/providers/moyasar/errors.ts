/**
 * Moyasar's error answers: `{ type, message, errors }`, where `errors` is a map of message arrays
 * (or single messages), a string, or null. Types seen: `invalid_request_error`,
 * `authentication_error`, `rate_limit_error`, `api_connection_error`, `account_inactive_error`,
 * `api_error`, `3ds_auth_error` (an open set): kept verbatim as `providerType`; the `category` comes
 * from the HTTP status (core/provider-error.ts).
 */
import { type FieldError, PaybridgeError } from '../../core/errors';
import { lazySchemas } from '../../core/lazy';
import { describeFieldErrors, type ErrorDescription, providerErrorParser } from '../../core/provider-error';
import type { PaymentLink } from '../../core/types';
import type * as z from './zod';

const errorSchemas = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  (z: typeof import('./zod')) => ({
    errorBody: z.looseObject({
      type: z.nullish(z.string()),
      message: z.nullish(z.string()),
      errors: z.optional(
        z.union([
          z.record(z.string(), z.union([z.array(z.unknown()), z.string(), z.null()])),
          z.string(),
          z.null(),
        ]),
      ),
    }),
  }),
);

type MoyasarErrorBody = z.output<Awaited<ReturnType<typeof errorSchemas.load>>['errorBody']>;

function fieldErrorsOf(errors: MoyasarErrorBody['errors']): FieldError[] {
  if (typeof errors === 'string') return errors === '' ? [] : [{ field: '', message: errors }];
  if (typeof errors !== 'object' || errors === null) return [];
  const out: FieldError[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const message of list) {
      if (message === null || message === undefined) continue;
      out.push({ field, message: typeof message === 'string' ? message : JSON.stringify(message) });
    }
  }
  return out;
}

/** Moyasar's error body → message, its `type` verbatim and field errors. */
export function describeMoyasarError(
  body: MoyasarErrorBody | undefined,
  context: { status: number; body: unknown },
): ErrorDescription {
  const raw = context.body;
  const fieldErrors = fieldErrorsOf(body?.errors);
  const base =
    body?.message ??
    (typeof body?.errors === 'string' ? body.errors : undefined) ??
    (typeof raw === 'string' && raw.length > 0 && raw.length <= 200 && !raw.trimStart().startsWith('<')
      ? raw
      : undefined) ??
    `HTTP ${context.status}`;
  const details = describeFieldErrors(fieldErrors.filter((e) => e.field !== '' || e.message !== base));
  return {
    message: `Moyasar ${body?.type ?? 'error'} (HTTP ${context.status}): ${base}${details ? ` (${details})` : ''}`,
    providerType: body?.type ?? undefined,
    fieldErrors,
  };
}

/** The adapter's `parseError`. */
export const parseMoyasarError = providerErrorParser(errorSchemas, describeMoyasarError);

/** `createPaymentLinks` failed after earlier chunks were created: those links are in `created`. */
export class MoyasarBulkCreateError extends PaybridgeError {
  static override readonly errorName: string = 'MoyasarBulkCreateError';
  /** The links created before the failure, in input order. */
  readonly created: PaymentLink<'moyasar'>[];
  /** References of the inputs not (known to be) created. */
  readonly notCreated: string[];
  constructor(created: PaymentLink<'moyasar'>[], notCreated: string[], cause: unknown) {
    super(
      'bulk_partially_created',
      `Moyasar bulk create stopped after ${created.length} invoices; ${notCreated.length} were not created ` +
        `(${PaybridgeError.isInstance(cause) ? cause.message : 'see cause'}). The created links are on error.created.`,
      { provider: 'moyasar', cause },
    );
    this.created = created;
    this.notCreated = notCreated;
  }
}
