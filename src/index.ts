/**
 * paybridge core: the contract, the unified status, errors, money helpers, webhook input
 * handling and the webhook handler with its in-memory store. Provider adapters live in `paybridge/moneyhash`, `paybridge/moyasar` and `paybridge/moneygo`.
 */
import { ConfigurationError } from './core/errors';
import { asPaybridgeError } from './core/guard';
import type { ParseWebhookOptions, PaymentProvider, WebhookEvent, WebhookInput } from './core/types';

export { timingSafeEqual } from './core/crypto';
export * from './core/errors';
export type { ErrorContext, ParsedProviderError } from './core/http';
export * from './core/money';
export { registerSecret } from './core/redact';
export * from './core/status';
export type * from './core/types';
export { PAYBRIDGE_VERSION } from './core/version';
export {
  createWebhookHandler,
  type NodeRequestLike,
  type NodeResponseLike,
  type WebhookErrorCode,
  type WebhookErrorContext,
  type WebhookHandleResult,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookProvider,
  type WebhookResponseBody,
} from './core/webhook-handler';
export { DEFAULT_MAX_WEBHOOK_BYTES, DEFAULT_TOLERANCE_SECONDS } from './core/webhook-input';
export {
  type ClaimResult,
  createMemoryStore,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_MEMORY_STORE_MAX_ENTRIES,
  DEFAULT_PROCESSED_TTL_MS,
  type MemoryStoreOptions,
  type MemoryWebhookStore,
  type WebhookStore,
  WebhookStoreError,
} from './core/webhook-store';

/**
 * Verifies and parses a webhook with any adapter: `parseWebhook(moyasar, { body, headers })`.
 * The same as `provider.parseWebhook(input, options)`; never does I/O.
 */
export async function parseWebhook<P extends string, E extends WebhookEvent<P>>(
  provider: Pick<PaymentProvider<P, never, E>, 'parseWebhook'>,
  input: WebhookInput,
  options?: ParseWebhookOptions,
): Promise<E> {
  if (typeof provider?.parseWebhook !== 'function') {
    throw new ConfigurationError(
      'parseWebhook(provider, input) needs an adapter (createMoyasar(…), …) first.',
      {
        code: 'invalid_input',
      },
    );
  }
  try {
    return await provider.parseWebhook(input, options);
  } catch (error) {
    const name = (provider as { name?: unknown }).name;
    throw asPaybridgeError(error, typeof name === 'string' ? name : 'paybridge', 'parseWebhook');
  }
}
