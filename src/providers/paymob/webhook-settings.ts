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
    // Not `async`: parsePaymobWebhook answers a transaction callback synchronously on node:crypto,
    // and an async wrapper would add microtasks to every call. Still a promise every time, and
    // every error (a setting, the input, the signature) a rejection, never a throw.
    parseWebhook(input, options = {}) {
      try {
        const event = parsePaymobWebhook(input, { ...options, webhookSecret: webhookSecrets() });
        return event instanceof Promise ? event : Promise.resolve(event);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async parseRedirect(url) {
      return parsePaymobRedirect(url, webhookSecrets());
    },
  };
}
