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
} from './paymob';
export {
  signedTapObject,
  TAP_STATUS_FOR_STATUS,
  type TapObjectOptions,
  type TapWebhookOptions,
  tapObject,
  tapWebhook,
} from './tap';
