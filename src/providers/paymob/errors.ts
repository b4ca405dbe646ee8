/**
 * Paymob's error answers are Django REST Framework bodies: `{"detail": "…"}` (401, 403, 404),
 * field errors as arrays of messages `{"amount": ["This field is required."]}`, nested for nested
 * objects `{"billing_data": {"phone_number": ["This field is required."]}}` (and lists of them for
 * lists), sometimes `{"message": "…"}`. All of it becomes one `ProviderError`: the message names
 * every field error (`billing_data.phone_number: This field is required.`), `fieldErrors` lists
 * them, the `category` comes from the HTTP status (core/provider-error.ts).
 */
import type { FieldError } from '../../core/errors';
import { lazySchemas } from '../../core/lazy';
import { describeFieldErrors, type ErrorDescription, providerErrorParser } from '../../core/provider-error';

const errorSchemas = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  (z: typeof import('./zod')) => ({ errorBody: z.record(z.string(), z.unknown()) }),
);

/** Keys whose text is the error's message rather than a field's. */
const MESSAGE_KEYS = ['detail', 'message', 'non_field_errors', 'error'] as const;

const MAX_DEPTH = 8;
const MAX_FIELD_ERRORS = 50;

/** The texts of a message value: a string, or a list of strings. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return [];
}

/** Field errors of a DRF body, nested objects and lists flattened into dotted paths. */
function collect(value: unknown, path: string, out: FieldError[], depth: number): void {
  if (out.length >= MAX_FIELD_ERRORS || depth > MAX_DEPTH) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push({ field: path, message: String(value) });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'object' && item !== null) collect(item, `${path}[${i}]`, out, depth + 1);
      else collect(item, path, out, depth + 1);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      collect(item, path ? `${path}.${key}` : key, out, depth + 1);
  }
}

/** Paymob's error body → message and field errors. */
export function describePaymobError(
  body: Record<string, unknown> | undefined,
  context: { status: number; body: unknown },
): ErrorDescription {
  const raw = context.body;
  const messages: string[] = [];
  const fieldErrors: FieldError[] = [];
  if (body !== undefined) {
    for (const [key, value] of Object.entries(body)) {
      if ((MESSAGE_KEYS as readonly string[]).includes(key)) messages.push(...texts(value));
      else if (key !== 'code') collect(value, key, fieldErrors, 0);
    }
  }
  const code = typeof body?.['code'] === 'string' ? body['code'] : undefined;
  const base =
    messages.join(' ') ||
    (fieldErrors.length > 0 ? 'invalid request' : undefined) ||
    (typeof raw === 'string' && raw.length > 0 && raw.length <= 200 && !raw.trimStart().startsWith('<')
      ? raw
      : undefined) ||
    `HTTP ${context.status}`;
  const details = describeFieldErrors(fieldErrors);
  const integration = context.status === 404 && /integration id/i.test(messages.join(' '));
  return {
    message: `Paymob (HTTP ${context.status}): ${base}${details ? ` (${details})` : ''}`,
    providerType: code,
    // A wrong, mistyped or test/live-mismatched integration id answers 404 with this text.
    code: integration ? 'integration_not_found' : undefined,
    fieldErrors,
  };
}

/** The adapter's `parseError`. */
export const parsePaymobError = providerErrorParser(errorSchemas, describePaymobError);
