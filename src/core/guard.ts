/**
 * The last line of the promise "every public function answers bad input with a `PaybridgeError`".
 * Inputs are checked where they are read (core/input.ts, the adapters), but a caller can still hand
 * over an object whose getter throws, a Proxy, or a detached buffer, and JavaScript then throws
 * from wherever the value is touched. An adapter's methods are wrapped so that anything that is not
 * a `PaybridgeError` reaches the caller as one: `WebhookParseError` (`unreadable_input`) from the
 * webhook parsers, `InvalidRequestError` (`invalid_input`) from everything else, with the original
 * error (redacted) as `cause`.
 */
import { ConfigurationError, InvalidRequestError, PaybridgeError, WebhookParseError } from './errors';

const WEBHOOK_METHODS = new Set(['parseWebhook', 'parseInvoiceCallback']);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error a caller gets for `error`, thrown inside `method` of `provider`'s adapter. */
export function asPaybridgeError(error: unknown, provider: string, method: string): PaybridgeError {
  if (PaybridgeError.isInstance(error)) return error;
  if (WEBHOOK_METHODS.has(method)) {
    return new WebhookParseError(
      'unreadable_input',
      `${provider}: ${method} could not read its input (${describe(error)}). Pass { body, headers } as your framework received them.`,
      { provider, cause: error },
    );
  }
  return new InvalidRequestError(`${provider}: ${method} could not read its input (${describe(error)}).`, {
    provider,
    code: 'invalid_input',
    cause: error,
  });
}

const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/** The adapter with every method guarded (see the module comment); other members are kept as they are. */
export function guardAdapter<T extends object>(adapter: T, provider: string): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(adapter)) {
    if (typeof member !== 'function') {
      guarded[name] = member;
    } else if (member instanceof AsyncGeneratorFunction) {
      guarded[name] = async function* (...args: unknown[]) {
        try {
          yield* member.apply(adapter, args);
        } catch (error) {
          throw asPaybridgeError(error, provider, name);
        }
      };
    } else {
      guarded[name] = async (...args: unknown[]) => {
        try {
          return await member.apply(adapter, args);
        } catch (error) {
          throw asPaybridgeError(error, provider, name);
        }
      };
    }
  }
  return guarded as T;
}

/**
 * An adapter's settings: `undefined` and `null` are no settings; anything but an object is refused
 * by `check()`, on first use (constructing an adapter never throws).
 */
export function adapterSettings<S extends object>(
  raw: S | null | undefined,
  provider: string,
): { settings: S; check(): void } {
  if (raw === undefined || raw === null) return { settings: {} as S, check() {} };
  if (typeof raw === 'object' && !Array.isArray(raw)) return { settings: raw, check() {} };
  return {
    settings: {} as S,
    check() {
      throw new ConfigurationError(
        `${provider}: settings must be an object (or nothing, to read every setting from the environment).`,
        { provider, code: 'invalid_setting' },
      );
    },
  };
}
