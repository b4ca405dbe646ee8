/** The signed webhook builders, one file per provider (Web-standard: they run on any runtime). */
export { majorUnitsNumber, type SignedWebhook } from './common';
export {
  MONEYGO_STATUS_FOR_STATUS,
  type MoneyGoWebhookOptions,
  moneyGoWebhook,
  moneyGoWebhookPayload,
} from './moneygo';
export {
  MONEYHASH_EVENT_FOR_STATUS,
  type MoneyHashWebhookOptions,
  moneyHashWebhook,
  moneyHashWebhookPayload,
  signMoneyHashBody,
} from './moneyhash';
export {
  MOYASAR_EVENT_FOR_STATUS,
  MOYASAR_PAYMENT_STATUS_FOR_EVENT,
  type MoyasarPaymentOptions,
  type MoyasarWebhookOptions,
  moyasarPaymentObject,
  moyasarWebhook,
  moyasarWebhookPayload,
} from './moyasar';
export {
  signedTapObject,
  TAP_STATUS_FOR_STATUS,
  type TapObjectOptions,
  type TapWebhookOptions,
  tapObject,
  tapWebhook,
} from './tap';
