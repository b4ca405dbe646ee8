/**
 * Reading a verified webhook body through a zod schema. Webhook schemas are strict about the
 * fields the mapping reads and blind to everything else: zod objects in their default (strip) mode
 * check the keys they list and never visit the others (merchant metadata, fields paybridge does not
 * use), and their output holds only those keys; the event's `raw` is the parsed body itself. A
 * failure is a `WebhookParseError('invalid_shape')` naming the path of the first bad field.
 *
 * Imports only zod's types: the schemas come from a provider's lazily built set (core/lazy.ts).
 */
import { WebhookParseError } from './errors';
import type { output, ZodMiniType } from './zod';

/** A path as zod reports it, dotted: `transaction.operations.0.type`; `''` for the body itself. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * `value` read through `schema`, or a `WebhookParseError('invalid_shape')` whose message is
 * `describe(path, message)` for the first issue (`path` prefixed with `at`, as in `data.amount`)
 * and whose `path` is that path.
 */
export function readWebhookShape<S extends ZodMiniType>(
  schema: S,
  value: unknown,
  provider: string,
  describe: (path: string, message: string) => string,
  at: readonly PropertyKey[] = [],
): output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = dottedPath([...at, ...(issue?.path ?? [])]);
  throw new WebhookParseError('invalid_shape', describe(path, issue?.message ?? 'Invalid input'), {
    provider,
    path,
  });
}
