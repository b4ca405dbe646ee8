/**
 * paybridge/paymob/webhooks: verifying and parsing Paymob callbacks (the HMAC in the callback URL's
 * query) and redirects, and nothing else. It bundles without the HTTP client (ky) and the API's code.
 *
 * ```ts
 * import { createWebhookHandler } from 'paybridge';
 * import { createPaymobWebhooks } from 'paybridge/paymob/webhooks';
 *
 * const paymob = createPaymobWebhooks(); // PAYMOB_HMAC_SECRET
 * const handler = createWebhookHandler({ provider: paymob, confirm: 'never', onEvent });
 * ```
 *
 * `parseWebhook` and `parseRedirect` are the ones of `createPaymob` (same settings, same events,
 * same errors). There is no `getPayment`: Paymob's HMAC does not cover your reference
 * (`merchant_order_id`), so under the webhook handler's default `confirm: 'unverified'` a payment
 * event is answered 500 `configuration_error` (and Paymob retries). Pass `confirm: 'never'` to hand
 * events to `onEvent` unconfirmed (`event.coverage.reference === false`: match the order by
 * `event.paymentId`, which the HMAC covers, not by `event.reference`), or use `createPaymob`.
 *
 * @module paybridge/paymob/webhooks
 */
import { adapterSettings, guardAdapter } from '../../core/guard';
import type { PaymobWebhooks, PaymobWebhooksSettings } from './types';
import { paymobWebhookParsers } from './webhook-settings';

export type { PaymobPaymentEvent, PaymobWebhookEvent, PaymobWebhooks, PaymobWebhooksSettings } from './types';

const PROVIDER = 'paymob' as const;

/**
 * Creates Paymob's webhook parser: `{ name, parseWebhook, parseRedirect }`, as in `createPaymob`.
 * Never throws: settings are read and checked on first use.
 */
export function createPaymobWebhooks(rawSettings?: PaymobWebhooksSettings | null): PaymobWebhooks {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  return guardAdapter<PaymobWebhooks>({ name: PROVIDER, ...paymobWebhookParsers(settings, check) }, PROVIDER);
}
