/**
 * paybridge/testing: test your payment code without provider accounts.
 *
 * Web-standard: nothing here imports a `node:` module, so the builders bundle for browsers,
 * Cloudflare Workers, Deno and Bun (test/runtime/ proves it with an esbuild `platform: 'browser'`
 * bundle and on each runtime).
 *
 * - Signed webhook builders (`moneyHashWebhook`, `moyasarWebhook`, `moneyGoWebhook`, `paymobWebhook`,
 *   `tapWebhook`):
 *   `{ body, headers }` (Paymob's also `url`, which carries its `?hmac=`) ready for `parseWebhook` or an
 *   HTTP POST to your own handler.
 * - `TEST_CREDENTIALS` and the tables the builders pick events from.
 * - The local simulator (a `node:http` server) is `paybridge/testing/simulator`, and the msw mocks
 *   are `paybridge/testing/msw`: both are Node-only entry points, so that this one stays portable
 *   and never loads msw (an optional peer dependency).
 *
 * @module paybridge/testing
 */
export {
  PRODUCTION_BASE_URLS,
  PROVIDER_NAMES,
  type ProviderName,
  TEST_CREDENTIALS,
  type TestCredentials,
} from './defaults';
export type {
  ActOptions,
  EmulatedOperation,
  FailureRule,
  LinkView,
  OutgoingWebhook,
  PayerAction,
} from './emulators/common';
export { corruptSignature, SimulatorActionError } from './emulators/common';
export type { MoneyGoEmulatorOptions } from './emulators/moneygo';
export type { MoneyHashEmulatorOptions } from './emulators/moneyhash';
export type { MoyasarEmulatorOptions } from './emulators/moyasar';
export type { PaymobEmulatedIntegration, PaymobEmulatorOptions } from './emulators/paymob';
export type { TapEmulatorOptions } from './emulators/tap';
export {
  MONEYGO_STATUS_FOR_STATUS,
  MONEYHASH_EVENT_FOR_STATUS,
  MOYASAR_EVENT_FOR_STATUS,
  MOYASAR_PAYMENT_STATUS_FOR_EVENT,
  type MoneyGoWebhookOptions,
  type MoneyHashWebhookOptions,
  type MoyasarPaymentOptions,
  type MoyasarWebhookOptions,
  moneyGoWebhook,
  moneyGoWebhookPayload,
  moneyHashWebhook,
  moneyHashWebhookPayload,
  moyasarPaymentObject,
  moyasarWebhook,
  moyasarWebhookPayload,
  PAYMOB_DEFAULT_CALLBACK_URL,
  PAYMOB_FLAGS_FOR_STATUS,
  type PaymobCardTokenOptions,
  type PaymobRedirectOptions,
  type PaymobSignedWebhook,
  type PaymobTransactionOptions,
  type PaymobWebhookOptions,
  paymobCardTokenWebhook,
  paymobRedirectUrl,
  paymobTransactionObject,
  paymobWebhook,
  type SignedWebhook,
  signedTapObject,
  signMoneyHashBody,
  TAP_STATUS_FOR_STATUS,
  type TapObjectOptions,
  type TapWebhookOptions,
  tapObject,
  tapWebhook,
} from './webhooks/index';
