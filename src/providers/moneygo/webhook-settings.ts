/**
 * What Money-Go's `parseWebhook` reads from the settings, in one place for `createMoneyGo` and
 * `createMoneyGoWebhooks` (paybridge/moneygo/webhooks): the verification mode and the form secret.
 * Nothing here imports the HTTP client.
 */
import { readSecrets } from '../../core/config';
import { ConfigurationError } from '../../core/errors';
import type { ParseWebhookOptions, WebhookInput } from '../../core/types';
import type { MoneyGoWebhooksSettings } from './types';
import { type MoneyGoWebhookEvent, type MoneyGoWebhookVerification, parseMoneyGoWebhook } from './webhooks';

const PROVIDER = 'moneygo' as const;

/** The `webhookVerification` setting, checked (default `'checkout-signature'`). */
export function webhookVerificationOf(settings: MoneyGoWebhooksSettings): MoneyGoWebhookVerification {
  const verification = settings.webhookVerification ?? 'checkout-signature';
  if (verification !== 'checkout-signature' && verification !== 'none') {
    throw new ConfigurationError(
      `moneygo: webhookVerification must be 'checkout-signature' or 'none', got ${String(verification)}.`,
      { provider: PROVIDER, code: 'invalid_setting' },
    );
  }
  return verification;
}

/**
 * The adapter's `parseWebhook`: `verification()` gives the checked mode (the full adapter checks
 * all of its settings there first); the form secret (`formSecret`, `MONEYGO_FORM_SECRET` and its
 * `_PREVIOUS`) is read on every call.
 */
export function moneyGoWebhookParser(
  settings: MoneyGoWebhooksSettings,
  verification: () => MoneyGoWebhookVerification,
): (input: WebhookInput, options?: ParseWebhookOptions) => Promise<MoneyGoWebhookEvent> {
  return async (input, options = {}) => {
    const mode = verification();
    return parseMoneyGoWebhook(input, {
      ...options,
      verification: mode,
      formSecret:
        mode === 'none'
          ? undefined
          : readSecrets(settings.formSecret, {
              provider: PROVIDER,
              setting: 'formSecret',
              envVar: 'MONEYGO_FORM_SECRET',
            }),
    });
  };
}
