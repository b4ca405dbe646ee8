/**
 * What Moyasar's `parseWebhook` reads from the settings, in one place for `createMoyasar` and
 * `createMoyasarWebhooks` (paybridge/moyasar/webhooks): the webhook's secret token and the `live`
 * flag deliveries must carry, from the secret key's mode. Read on first use, like every setting;
 * nothing here imports the HTTP client.
 */
import { readSecrets, readSetting, requireSetting } from '../../core/config';
import { ConfigurationError } from '../../core/errors';
import type { ParseWebhookOptions, WebhookInput } from '../../core/types';
import type { MoyasarWebhooksSettings } from './types';
import { type MoyasarWebhookEvent, parseMoyasarWebhook } from './webhooks';

const PROVIDER = 'moyasar' as const;

export type KeyMode = 'test' | 'live';

const SECRET_KEY = { provider: PROVIDER, setting: 'secretKey', envVar: 'MOYASAR_SECRET_KEY' };

/** The secret key and its mode (`sk_live_` / `sk_test_`), read and checked once, on first use. */
export function moyasarSecretKey(
  settings: MoyasarWebhooksSettings,
  check: () => void,
): () => { key: string; mode: KeyMode } {
  let resolved: { key: string; mode: KeyMode } | undefined;
  return () => {
    if (resolved) return resolved;
    check();
    const key = requireSetting(settings.secretKey, SECRET_KEY).trim();
    if (key.startsWith('pk_')) {
      throw new ConfigurationError(
        'moyasar: secretKey is a publishable key (pk_…). Server calls need the secret key (sk_test_… or sk_live_…) ' +
          "from Moyasar's dashboard → Settings → API Keys.",
        { provider: PROVIDER, code: 'publishable_key' },
      );
    }
    const mode: KeyMode | undefined = key.startsWith('sk_live_')
      ? 'live'
      : key.startsWith('sk_test_')
        ? 'test'
        : undefined;
    if (mode === undefined) {
      throw new ConfigurationError(
        'moyasar: secretKey must be a secret key starting with sk_test_ or sk_live_.',
        {
          provider: PROVIDER,
          code: 'invalid_secret_key',
        },
      );
    }
    resolved = { key, mode };
    return resolved;
  };
}

/**
 * The adapter's `parseWebhook`: the secret token (`webhookSecret`, `MOYASAR_WEBHOOK_SECRET` and its
 * `_PREVIOUS`) and the live-mode check, read on every call (the environment may rotate).
 */
export function moyasarWebhookParser(
  settings: MoyasarWebhooksSettings,
  check: () => void,
  secretKey: () => { mode: KeyMode },
): (input: WebhookInput, options?: ParseWebhookOptions) => Promise<MoyasarWebhookEvent> {
  /** The `live` value webhooks must carry, or undefined when the check is off. */
  function expectedLive(): boolean | undefined {
    if (settings.checkLiveMode === false) return undefined;
    const key = readSetting(settings.secretKey, SECRET_KEY);
    if (key === undefined && settings.checkLiveMode !== true) return undefined;
    return secretKey().mode === 'live';
  }

  return async (input, options = {}) => {
    check();
    const webhookSecret = readSecrets(settings.webhookSecret, {
      provider: PROVIDER,
      setting: 'webhookSecret',
      envVar: 'MOYASAR_WEBHOOK_SECRET',
    });
    return parseMoyasarWebhook(input, { ...options, webhookSecret, expectedLive: expectedLive() });
  };
}
