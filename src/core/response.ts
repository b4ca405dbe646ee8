/**
 * Reading a provider's 2xx answer into paybridge's types: what cannot be read (an amount, a
 * currency, an id the mapping refuses) is the provider's fault, not the caller's, so it becomes
 * `InvalidResponseError`; any other `PaybridgeError` passes through as it is.
 */
import { InvalidRequestError, InvalidResponseError, PaybridgeError } from './errors';

/** `read()`, with what it cannot read reported as `<Name> answered with <what> paybridge cannot read: …`. */
export function readAnswer<T>(provider: string, name: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (PaybridgeError.isInstance(error) && !(error instanceof InvalidRequestError)) throw error;
    throw new InvalidResponseError(
      `${name} answered with ${what} paybridge cannot read: ${(error as Error).message}`,
      {
        provider,
        cause: error,
      },
    );
  }
}
