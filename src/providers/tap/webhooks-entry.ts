/**
 * paybridge/tap/webhooks: verifying (`hashstring`) and parsing Tap webhooks, and nothing else. It
 * bundles without the HTTP client (ky) and the API's code.
 *
 * ```ts
 * import { createWebhookHandler } from 'paybridge';
 * import { createTapWebhooks } from 'paybridge/tap/webhooks';
 *
 * const tap = createTapWebhooks(); // TAP_SECRET_KEY: Tap signs webhooks with the secret key
 * const handler = createWebhookHandler({ provider: tap, confirm: 'never', onEvent });
 * ```
 *
 * `parseWebhook` is the one of `createTap` (same settings, same events, same errors). There is no
 * `getPayment`: Tap's `hashstring` does not cover your order reference, nor which charge a refund
 * refunds, so under the webhook handler's default `confirm: 'unverified'` a payment event is
 * answered 500 `configuration_error` (and Tap retries). Pass `confirm: 'never'` to hand events to
 * `onEvent` unconfirmed (read `event.coverage`: a charge's `event.paymentId` is its signed id, its
 * `event.reference` is not signed, and a refund's `paymentId` is not either), or use `createTap`.
 *
 * @module paybridge/tap/webhooks
 */
import { adapterSettings, guardAdapter } from '../../core/guard';
import type { TapWebhooks, TapWebhooksSettings } from './types';
import { tapCurrencies, tapWebhookParser } from './webhook-settings';

export type { TapWebhooks, TapWebhooksSettings } from './types';
export type { TapPaymentEvent, TapWebhookEvent } from './webhooks';

const PROVIDER = 'tap' as const;

/**
 * Creates Tap's webhook parser: `{ name, parseWebhook }`, as in `createTap`. Never throws: settings
 * are read and checked on first use.
 */
export function createTapWebhooks(rawSettings?: TapWebhooksSettings | null): TapWebhooks {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  return guardAdapter<TapWebhooks>(
    { name: PROVIDER, parseWebhook: tapWebhookParser(settings, check, tapCurrencies(settings, check)) },
    PROVIDER,
  );
}
