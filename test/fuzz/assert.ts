import { PaybridgeError } from '../../src/core/errors';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs `fn` (sync or async) and returns what it gave or threw. */
export async function outcome(fn: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Fails with a readable message unless `error` is a PaybridgeError subclass. */
export function expectPaybridgeError(error: unknown): asserts error is PaybridgeError {
  if (!PaybridgeError.isInstance(error) || !(error instanceof PaybridgeError)) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`expected a PaybridgeError subclass, got ${what}`);
  }
}
