/**
 * paybridge core: the contract, the unified status, errors, money helpers and webhook input
 * handling. Provider adapters live in `paybridge/moneyhash`, `paybridge/moyasar` and `paybridge/moneygo`.
 */
import type { ParseWebhookOptions, PaymentProvider, WebhookEvent, WebhookInput } from './core/types';

export { timingSafeEqual } from './core/crypto';
export * from './core/errors';
export * from './core/money';
export { registerSecret } from './core/redact';
export * from './core/status';
export type * from './core/types';
export { PAYBRIDGE_VERSION } from './core/version';
export { DEFAULT_MAX_WEBHOOK_BYTES, DEFAULT_TOLERANCE_SECONDS } from './core/webhook-input';

/**
 * Verifies and parses a webhook with any adapter: `parseWebhook(moyasar, { body, headers })`.
 * The same as `provider.parseWebhook(input, options)`; never does I/O.
 */
export function parseWebhook<P extends string, E extends WebhookEvent<P>>(
  provider: Pick<PaymentProvider<P, never, E>, 'parseWebhook'>,
  input: WebhookInput,
  options?: ParseWebhookOptions,
): Promise<E> {
  return provider.parseWebhook(input, options);
}
