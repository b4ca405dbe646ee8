/**
 * Money-Go's settings that shape every call (environment, base URL, the time zone of `expired_at`,
 * the webhook verification mode), checked once, on first use.
 */
import { normalizeBaseUrl } from '../../core/config';
import { ConfigurationError } from '../../core/errors';
import { MONEYGO_BASE_URLS } from './api';
import { parseTimeZoneOffset } from './time';
import type { MoneyGoSettings } from './types';
import { webhookVerificationOf } from './webhook-settings';

const PROVIDER = 'moneygo' as const;

/** The settings that shape every call, checked once, on first use (constructing never throws). */
export interface Resolved {
  baseUrl: string;
  zoneOffsetMinutes: number;
  verification: 'checkout-signature' | 'none';
}

export function resolveSettings(settings: MoneyGoSettings): Resolved {
  const environment = settings.environment ?? 'production';
  if (typeof environment !== 'string' || !Object.hasOwn(MONEYGO_BASE_URLS, environment)) {
    throw new ConfigurationError(
      `moneygo: environment must be 'production' or 'test', got ${String(environment)}.`,
      {
        provider: PROVIDER,
        code: 'invalid_setting',
      },
    );
  }
  const verification = webhookVerificationOf(settings);
  return {
    baseUrl: normalizeBaseUrl(
      settings.baseUrl ?? MONEYGO_BASE_URLS[environment as keyof typeof MONEYGO_BASE_URLS],
      PROVIDER,
    ),
    zoneOffsetMinutes: parseTimeZoneOffset(settings.expiresAtTimeZone),
    verification,
  };
}
