/**
 * What MoneyHash's `parseWebhook` reads from the settings, in one place for `createMoneyHash` and
 * `createMoneyHashWebhooks` (paybridge/moneyhash/webhooks): the signature secret and whether the
 * compact-JSON signature is accepted. Nothing here imports the HTTP client.
 */
import { readSecrets } from '../../core/config';
import type { ParseWebhookOptions, WebhookInput } from '../../core/types';
import type { MoneyHashWebhookEvent, MoneyHashWebhooksSettings } from './types';
import { parseMoneyHashWebhook } from './webhooks';

const PROVIDER = 'moneyhash' as const;

/**
 * The adapter's `parseWebhook`: the secret (`webhookSecret`, `MONEYHASH_WEBHOOK_SECRET` and its
 * `_PREVIOUS`) read on every call, after `check()` (settings that are not an object).
 */
export function moneyHashWebhookParser(
  settings: MoneyHashWebhooksSettings,
  check: () => void,
): (input: WebhookInput, options?: ParseWebhookOptions) => Promise<MoneyHashWebhookEvent> {
  // async: a bad setting must reject the promise, never throw synchronously.
  return async (input, options = {}) => {
    check();
    const secret = readSecrets(settings.webhookSecret, {
      provider: PROVIDER,
      setting: 'webhookSecret',
      envVar: 'MONEYHASH_WEBHOOK_SECRET',
    });
    // The options parseMoneyHashWebhook reads, named one by one: nothing else of the caller's
    // object is passed on.
    const { now, toleranceSeconds, maxBodyBytes } = options ?? {};
    return parseMoneyHashWebhook(input, {
      now,
      toleranceSeconds,
      maxBodyBytes,
      secret,
      acceptCompactJsonSignature: settings.acceptCompactJsonSignature === true,
    });
  };
}
