/**
 * paybridge/testing: test your payment code without provider accounts.
 *
 * - Signed webhook builders (`moneyHashWebhook`, `moyasarWebhook`, `moneyGoWebhook`, `tapWebhook`): `{ body, headers }`
 *   ready for `parseWebhook` or an HTTP POST to your own handler.
 * - `startSimulator()`: a local HTTP server emulating the providers' APIs, with hosted checkout pages and
 *   real, signed, retried webhook deliveries.
 * - msw mocks of the APIs live in `paybridge/testing/msw`, so that this entry point never
 *   loads msw (an optional peer dependency).
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
export { SimulatorActionError } from './emulators/common';
export type { MoneyGoEmulatorOptions } from './emulators/moneygo';
export type { MoneyHashEmulatorOptions } from './emulators/moneyhash';
export type { MoyasarEmulatorOptions } from './emulators/moyasar';
export type { TapEmulatorOptions } from './emulators/tap';
export {
  DEFAULT_RETRY_DELAYS,
  type Delivery,
  type DeliveryAttempt,
  type Simulator,
  type SimulatorActOptions,
  type SimulatorOptions,
  type SimulatorSettings,
  startSimulator,
} from './simulator/index';
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
  type SignedWebhook,
  signedTapObject,
  signMoneyHashBody,
  TAP_STATUS_FOR_STATUS,
  type TapObjectOptions,
  type TapWebhookOptions,
  tapObject,
  tapWebhook,
} from './webhooks/index';
