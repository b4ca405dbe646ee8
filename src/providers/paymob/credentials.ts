/**
 * Paymob's settings, read and checked on first use (constructing the adapter never throws): the
 * three keys, the integration ids, and the host, from `region`, `baseUrl` or the keys' country
 * prefix. Every credential is read through core/config.ts, so it is registered for redaction.
 */
import { type CredentialSpec, normalizeBaseUrl, readSetting, requireSetting } from '../../core/config';
import { ConfigurationError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import { PAYMOB_KEY_REGIONS, PAYMOB_REGIONS, type PaymobRegion } from './api';
import { type IntegrationId, settingsIntegrationIds } from './links';
import type { PaymobExpiryField, PaymobSettings } from './types';

const PROVIDER = 'paymob';

const EXPIRY_FIELDS: readonly PaymobExpiryField[] = ['expiration', 'expires_at'];

const SECRET_KEY: CredentialSpec = { provider: PROVIDER, setting: 'secretKey', envVar: 'PAYMOB_SECRET_KEY' };
const PUBLIC_KEY: CredentialSpec = {
  provider: PROVIDER,
  setting: 'publicKey',
  envVar: 'PAYMOB_PUBLIC_KEY',
  secret: false,
};
const API_KEY: CredentialSpec = { provider: PROVIDER, setting: 'apiKey', envVar: 'PAYMOB_API_KEY' };
const INTEGRATION_IDS: CredentialSpec = {
  provider: PROVIDER,
  setting: 'integrationIds',
  envVar: 'PAYMOB_INTEGRATION_IDS',
  secret: false,
};

function invalidSetting(message: string, code = 'invalid_setting'): ConfigurationError {
  return new ConfigurationError(`paymob: ${message}`, { provider: PROVIDER, code });
}

/** The region a key names by its country prefix (`egy_sk_test_…` → egypt), if it names one. */
export function regionOfKey(key: string | undefined): PaymobRegion | undefined {
  const match = key === undefined ? null : /^([a-z]{3})_/i.exec(key);
  const prefix = match?.[1]?.toLowerCase();
  return prefix !== undefined && Object.hasOwn(PAYMOB_KEY_REGIONS, prefix)
    ? PAYMOB_KEY_REGIONS[prefix]
    : undefined;
}

export interface PaymobConfig {
  baseUrl: string;
  expiryField: PaymobExpiryField;
}

export interface PaymobCredentials {
  /** The host and the expiry field, checked once. */
  config(): PaymobConfig;
  /** The secret key; a public key is refused. */
  secretKey(): string;
  /** The public key; a secret key is refused (it would go into the checkout URL). */
  publicKey(): string;
  apiKey(): string;
  /** The settings' (or environment's) integration ids; empty when none. */
  integrationIds(): IntegrationId[];
}

export function paymobCredentials(settings: PaymobSettings, check: () => void): PaymobCredentials {
  let resolved: PaymobConfig | undefined;

  function secretKey(): string {
    check();
    const key = requireSetting(settings.secretKey, SECRET_KEY);
    if (/(^|_)pk_/.test(key)) {
      throw invalidSetting(
        'secretKey is a public key (…_pk_…). Server calls need the secret key (…_sk_test_… or …_sk_live_…) from ' +
          "Paymob's dashboard → Settings → API Keys.",
        'publishable_key',
      );
    }
    return key;
  }

  function publicKey(): string {
    check();
    const key = requireSetting(settings.publicKey, PUBLIC_KEY);
    if (/(^|_)sk_/.test(key) || key === readSetting(settings.secretKey, SECRET_KEY)) {
      // It goes into the checkout URL the payer sees: a secret key there would leak.
      registerSecret(key);
      throw invalidSetting(
        'publicKey is a secret key; the public key (…_pk_test_… / …_pk_live_…) goes into the checkout URL.',
        'secret_key_as_public_key',
      );
    }
    return key;
  }

  function config(): PaymobConfig {
    check();
    if (resolved) return resolved;
    const { region, baseUrl } = settings;
    const expiryField = settings.expiryField ?? 'expiration';
    if (!EXPIRY_FIELDS.includes(expiryField)) {
      throw invalidSetting(`expiryField must be 'expiration' or 'expires_at', got ${String(expiryField)}.`);
    }
    if (region !== undefined && baseUrl !== undefined) {
      throw invalidSetting('pass region or baseUrl, not both (baseUrl is the host itself; region picks it).');
    }
    if (region !== undefined && (typeof region !== 'string' || !Object.hasOwn(PAYMOB_REGIONS, region))) {
      throw invalidSetting(
        `region must be one of ${Object.keys(PAYMOB_REGIONS).join(', ')}, got ${String(region)}.`,
      );
    }
    let url: string;
    if (baseUrl !== undefined) {
      url = normalizeBaseUrl(baseUrl, PROVIDER);
    } else {
      const keyRegion =
        regionOfKey(readSetting(settings.secretKey, SECRET_KEY)) ??
        regionOfKey(readSetting(settings.publicKey, PUBLIC_KEY));
      if (region !== undefined && keyRegion !== undefined && keyRegion !== region) {
        throw invalidSetting(
          `region is '${region}' but the keys are for '${keyRegion}' (their prefix): keys work only on their own country's host.`,
          'region_mismatch',
        );
      }
      url = PAYMOB_REGIONS[region ?? keyRegion ?? 'egypt'];
    }
    resolved = { baseUrl: url, expiryField };
    return resolved;
  }

  return {
    config,
    secretKey,
    publicKey,
    apiKey: () => {
      check();
      return requireSetting(settings.apiKey, API_KEY);
    },
    integrationIds: () =>
      settingsIntegrationIds(settings.integrationIds ?? readSetting(undefined, INTEGRATION_IDS)),
  };
}
