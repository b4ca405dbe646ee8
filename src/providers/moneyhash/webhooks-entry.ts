/**
 * paybridge/moneyhash/webhooks: verifying and parsing MoneyHash webhooks (the v3 signature), and
 * nothing else. It bundles without the HTTP client (ky) and the API's code: for a program (an edge
 * function, a queue consumer) that only receives webhooks.
 *
 * ```ts
 * import { createWebhookHandler } from 'paybridge';
 * import { createMoneyHashWebhooks } from 'paybridge/moneyhash/webhooks';
 *
 * const moneyhash = createMoneyHashWebhooks(); // MONEYHASH_WEBHOOK_SECRET
 * const handler = createWebhookHandler({ provider: moneyhash, confirm: 'never', onEvent });
 * ```
 *
 * `parseWebhook` is the one of `createMoneyHash` (same settings, same events, same errors). There
 * is no `getPayment`: the webhook handler cannot confirm an event with the API, so pass
 * `confirm: 'never'` (the v3 signature covers the whole body, so no event needs confirming under
 * the default `'unverified'` either), or use `createMoneyHash` where confirmation is wanted.
 * `fetchWebhookSecret` is an API call: it stays in `paybridge/moneyhash`.
 *
 * @module paybridge/moneyhash/webhooks
 */
import { adapterSettings, guardAdapter } from '../../core/guard';
import type { MoneyHashWebhooks, MoneyHashWebhooksSettings } from './types';
import { moneyHashWebhookParser } from './webhook-settings';

export type { MoneyHashWebhookEvent, MoneyHashWebhooks, MoneyHashWebhooksSettings } from './types';

const PROVIDER = 'moneyhash' as const;

/**
 * Creates MoneyHash's webhook parser: `{ name, parseWebhook }`, as in `createMoneyHash`. Never
 * throws: settings are read and checked on first use.
 */
export function createMoneyHashWebhooks(rawSettings?: MoneyHashWebhooksSettings | null): MoneyHashWebhooks {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  return guardAdapter<MoneyHashWebhooks>(
    { name: PROVIDER, parseWebhook: moneyHashWebhookParser(settings, check) },
    PROVIDER,
  );
}
