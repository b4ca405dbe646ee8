/**
 * Calling user hooks (observability, outcomes) so that they can never change what they observe:
 * called, never awaited, and whatever they throw or reject is dropped.
 */

/** Calls `hook` with `argument`; a throw or a rejection is dropped (a hook never changes an outcome). */
export function callHook<T>(hook: ((argument: T) => unknown) | undefined, argument: T): void {
  if (hook === undefined) return;
  try {
    const result = hook(argument);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      Promise.resolve(result).catch(() => {});
    }
  } catch {
    // An observer that fails must not fail the call it observes.
  }
}

/** A monotonic clock in milliseconds, for durations. */
export const monotonicNow = (): number => globalThis.performance?.now() ?? Date.now();
