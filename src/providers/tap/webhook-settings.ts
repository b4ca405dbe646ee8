/**
 * What Tap's `parseWebhook` reads from the settings, in one place for `createTap` and
 * `createTapWebhooks` (paybridge/tap/webhooks): the keys that verify `hashstring` (Tap signs with
 * the secret API key), the currency exponents, the amount rounding and how refunds are verified.
 * Nothing here imports the HTTP client.
 */
import { readSecrets } from '../../core/config';
import { ConfigurationError } from '../../core/errors';
import type { CurrencyOptions } from '../../core/money';
import type { ParseWebhookOptions, WebhookInput } from '../../core/types';
import { tapExponents } from './amount';
import type { TapWebhooksSettings } from './types';
import { parseTapWebhook, type TapWebhookEvent } from './webhooks';

const PROVIDER = 'tap' as const;

/** A Tap secret key: `sk_test_…` or `sk_live_…`; a publishable `pk_…` key is refused. */
export function checkSecretKey(key: string, setting: string): string {
  if (key.startsWith('pk_')) {
    throw new ConfigurationError(
      `tap: \`${setting}\` is a publishable key (pk_…). Server calls and webhook signatures use the secret key ` +
        "(sk_test_… or sk_live_…) from Tap's dashboard → goSell → API Credentials.",
      { provider: PROVIDER, code: 'publishable_key' },
    );
  }
  if (!key.startsWith('sk_test_') && !key.startsWith('sk_live_')) {
    throw new ConfigurationError(
      `tap: \`${setting}\` must be a secret key starting with sk_test_ or sk_live_.`,
      {
        provider: PROVIDER,
        code: 'invalid_secret_key',
      },
    );
  }
  return key;
}

/** A setting that is one of `values` (or unset); anything else is a `ConfigurationError`. */
function oneOf<T extends string>(value: T | undefined, setting: string, values: readonly T[]): T | undefined {
  if (value === undefined || values.includes(value)) return value;
  throw new ConfigurationError(`tap: \`${setting}\` must be ${values.map((v) => `'${v}'`).join(' or ')}.`, {
    provider: PROVIDER,
    code: 'invalid_setting',
  });
}

/** Tap's decimals per currency, with the `currencyExponents` setting (checked once, on first use). */
export function tapCurrencies(settings: TapWebhooksSettings, check: () => void): () => CurrencyOptions {
  let currencies: CurrencyOptions | undefined;
  return () => {
    check();
    currencies ??= tapExponents(settings.currencyExponents);
    return currencies;
  };
}

/**
 * The adapter's `parseWebhook`. The keys webhooks are verified with, read on every call: Tap signs
 * with the secret API key, so `webhookSecret` when set (a list while rotating), else `secretKey`,
 * else `TAP_SECRET_KEY` and `TAP_SECRET_KEY_PREVIOUS` from the environment.
 */
export function tapWebhookParser(
  settings: TapWebhooksSettings,
  check: () => void,
  exponents: () => CurrencyOptions,
): (input: WebhookInput, options?: ParseWebhookOptions) => Promise<TapWebhookEvent> {
  function webhookKeys(): string[] {
    check();
    const keys =
      settings.webhookSecret !== undefined
        ? readSecrets(settings.webhookSecret, { provider: PROVIDER, setting: 'webhookSecret' })
        : readSecrets(settings.secretKey, {
            provider: PROVIDER,
            setting: 'secretKey',
            envVar: 'TAP_SECRET_KEY',
          });
    const setting = settings.webhookSecret !== undefined ? 'webhookSecret' : 'secretKey';
    return keys.map((key) => checkSecretKey(key, setting));
  }

  return async (input, options = {}) =>
    parseTapWebhook(input, {
      ...options,
      webhookSecret: webhookKeys(),
      exponents: exponents().exponents,
      amountRounding: oneOf(settings.amountRounding, 'amountRounding', ['half-up', 'refuse']),
      refundWebhookVerification: oneOf(settings.refundWebhookVerification, 'refundWebhookVerification', [
        'hashstring',
        'none',
      ]),
    });
}
