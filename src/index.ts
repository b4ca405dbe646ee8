/**
 * paybridge core: the contract, the unified status, errors, money helpers and the webhook handler
 * with its in-memory store. Provider adapters live in `paybridge/moneyhash`, `paybridge/moyasar`,
 * `paybridge/moneygo` and `paybridge/paymob`.
 *
 * The public surface is this list, by name (README, "The public surface"): nothing is re-exported
 * wholesale, so no internal helper becomes API by accident.
 *
 * @module paybridge
 */
import { ConfigurationError } from './core/errors';
import { asPaybridgeError } from './core/guard';
import type { ParseWebhookOptions, PaymentProvider, WebhookEvent, WebhookInput } from './core/types';

export type { ConfirmPolicy } from './core/confirmation';
export { timingSafeEqual } from './core/crypto';
export type {
  DeliveredEvent,
  DeliveryFacts,
  EventContext,
  EventSource,
  OrderingPolicy,
} from './core/delivery';
export {
  ConfigurationError,
  type FieldError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  type PaybridgeErrorOptions,
  ProviderError,
  type ProviderErrorCategory,
  type ProviderErrorDetails,
  TimeoutError,
  WebhookParseError,
  type WebhookParseReason,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './core/errors';
export { isEventType } from './core/event-type';
export { createMemoryStore, type MemoryStoreOptions, type MemoryWebhookStore } from './core/memory-store';
export {
  assertMinorUnits,
  type CurrencyOptions,
  type FormatOptions,
  formatMinorUnits,
  getCurrencyExponent,
  ISO_4217_EXPONENTS,
  isKnownCurrency,
  type MinorAmountOptions,
  type Money,
  normalizeCurrencyCode,
  type ParseDecimalOptions,
  resetCurrencyExponents,
  setCurrencyExponents,
  toMinorUnits,
} from './core/money';
export type { OutcomeHook, WebhookOutcome, WebhookOutcomeKind } from './core/outcome';
export {
  createReconciler,
  type ReconcileCounts,
  type Reconciler,
  type ReconcilerErrorContext,
  type ReconcilerOptions,
  type ReconcilerProvider,
} from './core/reconciler';
export { registerSecret } from './core/redact';
export {
  isFinalStatus,
  isOpenStatus,
  isPaymentStatus,
  isSuccessfulStatus,
  isUnsuccessfulStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
  wasCaptured,
} from './core/status';
export { furthestStatus, isBackwards, STATUS_RANK } from './core/status-order';
export type {
  BulkPayoutEvent,
  CardAuthenticationEvent,
  CardTokenEvent,
  CommonSettings,
  CreatePaymentLinkInput,
  Customer,
  CustomerEvent,
  HttpAttemptError,
  HttpHooks,
  HttpMethod,
  HttpRequestInfo,
  HttpResponseInfo,
  HttpRetryInfo,
  LinkInputWithout,
  OpenEventType,
  OperationOutcome,
  ParseWebhookOptions,
  Payment,
  PaymentEvent,
  PaymentLink,
  PaymentMethodEvent,
  PaymentOperation,
  PaymentProvider,
  PaymentTarget,
  PayoutEvent,
  RequestOptions,
  RetryOptions,
  SettlementEvent,
  SubscriptionEvent,
  UnknownEvent,
  WebhookCoverage,
  WebhookEvent,
  WebhookEventKind,
  WebhookInput,
} from './core/types';
export { PAYBRIDGE_VERSION } from './core/version';
export {
  createWebhookHandler,
  DEFAULT_BODY_TIMEOUT_MS,
  type WebhookErrorCode,
  type WebhookErrorContext,
} from './core/webhook-handler';
export type {
  NodeRequestLike,
  NodeResponseLike,
  ProviderResolver,
  ResolvedProvider,
  WebhookHandleResult,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookProvider,
  WebhookRequestInfo,
  WebhookResponseBody,
} from './core/webhook-handler-types';
export {
  DEFAULT_MAX_WEBHOOK_BYTES,
  DEFAULT_TOLERANCE_SECONDS,
  MAX_EVENT_ID_LENGTH,
} from './core/webhook-input';
export {
  type ClaimResult,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_MEMORY_STORE_MAX_ENTRIES,
  DEFAULT_PROCESSED_TTL_MS,
  type TrackedPayment,
  type TrackingScope,
  type WebhookStore,
  WebhookStoreError,
} from './core/webhook-store';

/**
 * Verifies and parses a webhook with any adapter: `parseWebhook(moyasar, { body, headers })`.
 * The same as `provider.parseWebhook(input, options)`; never does I/O; rejects only with a
 * `PaybridgeError`.
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
