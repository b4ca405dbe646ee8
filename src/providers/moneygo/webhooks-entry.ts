/**
 * paybridge/moneygo/webhooks: verifying and parsing Money-Go webhooks, and nothing else. It bundles
 * without the HTTP client (ky) and the API's code.
 *
 * ```ts
 * import { createWebhookHandler } from 'paybridge';
 * import { createMoneyGoWebhooks } from 'paybridge/moneygo/webhooks';
 *
 * const moneygo = createMoneyGoWebhooks(); // MONEYGO_FORM_SECRET
 * const handler = createWebhookHandler({ provider: moneygo, confirm: 'never', onEvent });
 * ```
 *
 * `parseWebhook` is the one of `createMoneyGo` (same settings, same events, same errors). But
 * Money-Go's signature does not cover `status`: every event
 * needs confirming with the API before an order is fulfilled, which takes `getPayment`, and there is
 * none here. Under the webhook handler's default `confirm: 'unverified'` every payment event is
 * answered 500 `configuration_error` (and Money-Go retries); with `confirm: 'never'` it is handed to
 * `onEvent` unconfirmed (`event.confirmed === false`), for a program that only records or queues
 * deliveries and confirms elsewhere. To fulfil orders from webhooks, use `createMoneyGo`.
 *
 * @module paybridge/moneygo/webhooks
 */
import { adapterSettings, guardAdapter } from '../../core/guard';
import type { MoneyGoWebhooks, MoneyGoWebhooksSettings } from './types';
import { moneyGoWebhookParser, webhookVerificationOf } from './webhook-settings';

export type { MoneyGoWebhooks, MoneyGoWebhooksSettings } from './types';
export type { MoneyGoWebhookEvent, MoneyGoWebhookVerification } from './webhooks';

const PROVIDER = 'moneygo' as const;

/**
 * Creates Money-Go's webhook parser: `{ name, parseWebhook }`, as in `createMoneyGo`. Never throws:
 * settings are read and checked on first use.
 */
export function createMoneyGoWebhooks(rawSettings?: MoneyGoWebhooksSettings | null): MoneyGoWebhooks {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  let verification: ReturnType<typeof webhookVerificationOf> | undefined;
  return guardAdapter<MoneyGoWebhooks>(
    {
      name: PROVIDER,
      parseWebhook: moneyGoWebhookParser(settings, () => {
        check();
        verification ??= webhookVerificationOf(settings);
        return verification;
      }),
    },
    PROVIDER,
  );
}
