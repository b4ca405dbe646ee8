/**
 * A `createPaymentLink` input → the body of `POST /v1/intention/`, checked before any request:
 * the shared checks (core/input.ts), then Paymob's own rules (integration ids, billing data,
 * expiry).
 */
import { ConfigurationError, InvalidRequestError } from '../../core/errors';
import { checkLinkInput } from '../../core/input';
import type { PaymobExpiryField } from './types';

const PROVIDER = 'paymob';

/** The longest intention lifetime Paymob accepts, and its default: 36 days, in seconds. */
export const PAYMOB_MAX_EXPIRATION_SECONDS = 3_110_400;

/**
 * What goes into a required `billing_data` field the customer did not give. Paymob requires
 * `first_name`, `last_name`, `email` and `phone_number` (a missing one is a 400); "NA" is the value
 * Paymob's own samples use for billing data that is not available. Only those four are filled.
 * [UNCONFIRMED] that every integration accepts it as an email: pass `customer.email` to be sure.
 */
export const PAYMOB_BILLING_PLACEHOLDER = 'NA';

/** Longest `first_name` / `last_name` Paymob accepts. */
export const PAYMOB_NAME_MAX_LENGTH = 50;

/** An integration id as sent: digits as an integer, anything else as an integration name. */
export type IntegrationId = number | string;

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`paymob: ${message}`, { provider: PROVIDER, code, field });
}

/** One integration id from the settings or an input; `undefined` when it is not usable. */
function integrationId(value: unknown): IntegrationId | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/**
 * Integration ids from the settings (a list, one id, or the comma-separated environment value);
 * empty when none is configured. A bad one is a `ConfigurationError`.
 */
export function settingsIntegrationIds(value: unknown): IntegrationId[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  return list.map((item, i) => {
    const id = integrationId(item);
    if (id === undefined) {
      throw new ConfigurationError(
        `paymob: integrationIds[${i}] must be a positive integer or an integration name.`,
        { provider: PROVIDER, code: 'invalid_setting' },
      );
    }
    return id;
  });
}

function inputIntegrationIds(value: unknown): IntegrationId[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(
      'integrationIds must be a non-empty array of integration ids.',
      'invalid_field',
      'integrationIds',
    );
  }
  return value.map((item, i) => {
    const id = integrationId(item);
    if (id === undefined) {
      throw invalid(
        `integrationIds[${i}] must be a positive integer or an integration name.`,
        'invalid_field',
        `integrationIds[${i}]`,
      );
    }
    return id;
  });
}

function name(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value.length > PAYMOB_NAME_MAX_LENGTH) {
    throw invalid(
      `${field} must have at most ${PAYMOB_NAME_MAX_LENGTH} characters (Paymob's limit), got ${value.length}.`,
      'field_too_long',
      field,
    );
  }
  return value;
}

/**
 * `billing_data` from `customer`: `firstName` / `lastName` (else `name` split at its first space),
 * `email`, `phone`, and `address` → `street`, `city`, `state`, `postalCode` → `postal_code`,
 * `country`. The four required fields fall back to `PAYMOB_BILLING_PLACEHOLDER`.
 */
export function billingData(customer: Record<string, string> | undefined): Record<string, string> {
  const c = customer ?? {};
  let first = name(c['firstName'], 'customer.firstName');
  let last = name(c['lastName'], 'customer.lastName');
  const full = c['name']?.trim();
  if (first === undefined && last === undefined && full) {
    const space = full.search(/\s/);
    first = name(space < 0 ? full : full.slice(0, space), 'customer.name');
    last = name(space < 0 ? undefined : full.slice(space + 1).trim(), 'customer.name');
  }
  const filled = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? PAYMOB_BILLING_PLACEHOLDER : value;
  const out: Record<string, string> = {
    first_name: filled(first),
    last_name: filled(last),
    email: filled(c['email']),
    phone_number: filled(c['phone']),
  };
  const optional: [string, string | undefined][] = [
    ['street', c['address']],
    ['city', c['city']],
    ['state', c['state']],
    ['postal_code', c['postalCode']],
    ['country', c['country']],
  ];
  for (const [key, value] of optional) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

/** `expiresAt` in the chosen field (see `PaymobSettings.expiryField`). */
function expiry(expiresAt: Date, field: PaymobExpiryField, now: number): Record<string, string | number> {
  if (field === 'expires_at') return { expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  const seconds = Math.ceil((expiresAt.getTime() - now) / 1000);
  if (seconds > PAYMOB_MAX_EXPIRATION_SECONDS) {
    throw invalid(
      `expiresAt is more than 36 days away (${PAYMOB_MAX_EXPIRATION_SECONDS} s, Paymob's longest expiration).`,
      'expiry_too_far',
      'expiresAt',
    );
  }
  return { expiration: seconds };
}

/** A checked input and the intention body built from it. */
export interface PreparedIntention {
  reference: string;
  amount: number;
  currency: string;
  expiresAt: Date | undefined;
  body: Record<string, unknown>;
}

export interface IntentionContext {
  /** The settings' integration ids (read lazily: only when the input gives none). */
  integrationIds: () => IntegrationId[];
  expiryField: PaymobExpiryField;
  now?: number;
}

/** Validates a link input and builds the intention body. Throws before any request. */
export function prepareIntention(input: unknown, context: IntentionContext): PreparedIntention {
  const checked = checkLinkInput(input, {
    provider: PROVIDER,
    supports: { successUrl: true, webhookUrl: true, expiresAt: true, metadata: true, customer: true },
    unsupportedHint: {
      description: 'a Paymob intention has no description; put it in metadata, which is sent as extras',
      cancelUrl: 'a Paymob intention has one redirection_url: successUrl',
      failureUrl: 'a Paymob intention has one redirection_url: successUrl',
      pendingUrl: 'a Paymob intention has one redirection_url: successUrl',
    },
  });
  const fromInput = inputIntegrationIds((input as { integrationIds?: unknown }).integrationIds);
  const paymentMethods = fromInput ?? context.integrationIds();
  if (paymentMethods.length === 0) {
    throw new ConfigurationError(
      'paymob: no integration ids: pass `integrationIds` in the settings (or per link) or set PAYMOB_INTEGRATION_IDS ' +
        '(dashboard → Developers → Payment Integrations; test ids with test keys, live with live).',
      { provider: PROVIDER, code: 'missing_setting' },
    );
  }
  const body: Record<string, unknown> = {
    amount: checked.amount,
    currency: checked.currency,
    payment_methods: paymentMethods,
    billing_data: billingData(checked.customer),
    special_reference: checked.reference,
  };
  if (checked.webhookUrl !== undefined) body['notification_url'] = checked.webhookUrl;
  if (checked.successUrl !== undefined) body['redirection_url'] = checked.successUrl;
  if (checked.metadata !== undefined) body['extras'] = checked.metadata;
  if (checked.expiresAt !== undefined)
    Object.assign(body, expiry(checked.expiresAt, context.expiryField, context.now ?? Date.now()));
  return {
    reference: checked.reference,
    amount: checked.amount,
    currency: checked.currency,
    expiresAt: checked.expiresAt,
    body,
  };
}
