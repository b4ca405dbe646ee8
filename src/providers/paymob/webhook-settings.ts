/**
 * What Paymob's `parseWebhook` and `parseRedirect` read from the settings, in one place for
 * `createPaymob` and `createPaymobWebhooks` (paybridge/paymob/webhooks): the HMAC secret. Nothing
 * here imports the HTTP client.
 */
import { readSecrets } from '../../core/config';
import type { Paymob, PaymobWebhooksSettings } from './types';
import { parsePaymobRedirect, parsePaymobWebhook } from './webhooks';

const PROVIDER = 'paymob' as const;

/**
 * The adapter's `parseWebhook` and `parseRedirect`: the HMAC secret (`webhookSecret`,
 * `PAYMOB_HMAC_SECRET` and its `_PREVIOUS`) read on every call, after `check()`.
 */
export function paymobWebhookParsers(
  settings: PaymobWebhooksSettings,
  check: () => void,
): Pick<Paymob, 'parseWebhook' | 'parseRedirect'> {
  const webhookSecrets = () => {
    check();
    return readSecrets(settings.webhookSecret, {
      provider: PROVIDER,
      setting: 'webhookSecret',
      envVar: 'PAYMOB_HMAC_SECRET',
    });
  };
  return {
    // Not `async`: it hands back parsePaymobWebhook's own promise (an async wrapper would add
    // microtasks to every call); a setting that cannot be read still rejects, never throws.
    parseWebhook(input, options = {}) {
      try {
        return parsePaymobWebhook(input, { ...options, webhookSecret: webhookSecrets() });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async parseRedirect(url) {
      return parsePaymobRedirect(url, webhookSecrets());
    },
  };
}
