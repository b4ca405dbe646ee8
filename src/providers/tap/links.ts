/**
 * A `createPaymentLink` input → the body of `POST /v2/charges` (or `/v2/authorize`), checked
 * before any request: the shared checks (core/input.ts), then Tap's own rules (a customer with a
 * first name and an email or phone, a return URL, Tap's length limits, an expiry of 5 to 60
 * minutes). The amount is written into the JSON text exactly (amount.ts).
 */
import { InvalidRequestError } from '../../core/errors';
import { checkLinkInput, optionalText, requiredText } from '../../core/input';
import type { CurrencyOptions } from '../../core/money';
import type { RequestOptions } from '../../core/types';
import { formatTapAmount, jsonWithNumber } from './amount';
import { paths, TAP_HOSTED_SOURCE } from './api';

const PROVIDER = 'tap';

/** Tap's limits on what a charge carries (its response codes 1120-1128: each "less than" the number). */
export const TAP_LIMITS = Object.freeze({
  /** `reference.transaction` / `reference.order`. */
  referenceLength: 99,
  descriptionLength: 999,
  metadataKeyLength: 249,
  metadataValueLength: 999,
  /** `transaction.expiry.period`, in minutes. */
  minExpiryMinutes: 5,
  maxExpiryMinutes: 60,
  /** Items per page of a list (`limit`: Tap's maximum, and paybridge's default; Tap's own default is 25). */
  maxListPageSize: 50,
});

/** A checked input and the request built from it. */
export interface PreparedCharge {
  object: 'charge' | 'authorize';
  path: string;
  /** The JSON body, with the amount as exact decimal text. */
  jsonText: string;
  reference: string;
  amount: number;
  currency: string;
}

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`tap: ${message}`, { provider: PROVIDER, code, field });
}

/** An idempotency key, checked as the HTTP client checks it (so it is refused before it lands in a body). */
export function idempotencyKeyOf(options: RequestOptions | undefined): string | undefined {
  const key: unknown = options?.idempotencyKey;
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.trim() === '' || key.length > 255) {
    throw new InvalidRequestError(
      'tap: idempotencyKey must be a non-blank string of at most 255 characters.',
      {
        provider: PROVIDER,
        code: 'invalid_option',
        field: 'idempotencyKey',
      },
    );
  }
  return key;
}

/** `"+965 50000000"`, `"00966-5123 4567"` → `{ country_code, number }`; anything else is refused. */
export function tapPhone(phone: string): { country_code: string; number: string } {
  const match = /^\s*(?:\+|00)?(\d{1,4})[\s-]+(\d[\d\s-]{3,})\s*$/.exec(phone);
  if (!match) {
    throw invalid(
      'customer.phone must be written "+<country code> <number>" (e.g. "+965 50000000"): Tap takes the ' +
        'country code and the number apart.',
      'invalid_field',
      'customer.phone',
    );
  }
  return { country_code: match[1]!, number: match[2]!.replace(/[\s-]/g, '') };
}

/** Tap's `customer`: an id, or a first name and an email or a phone (Tap's codes 1129, 1130, 1139). */
function tapCustomer(
  customer: Record<string, string> | undefined,
  customerId: unknown,
): Record<string, unknown> {
  const id = optionalText(customerId, 'customerId', PROVIDER);
  if (id !== undefined) {
    if (customer !== undefined)
      throw invalid('pass customer or customerId, not both.', 'invalid_field', 'customerId');
    return { id: requiredText(id, 'customerId', PROVIDER) };
  }
  if (customer === undefined) {
    throw invalid(
      "customer is required: Tap needs the payer's first name and an email or a phone (or a Tap customerId).",
      'missing_field',
      'customer',
    );
  }
  const blank = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value;
  const firstName = blank(customer['firstName']) ?? blank(customer['name']);
  if (firstName === undefined) {
    throw invalid(
      "customer.firstName (or customer.name) is required: Tap needs the payer's first name.",
      'missing_field',
      'customer.firstName',
    );
  }
  const email = blank(customer['email']);
  const phone = blank(customer['phone']);
  if (email === undefined && phone === undefined) {
    throw invalid('customer.email or customer.phone is required by Tap.', 'missing_field', 'customer.email');
  }
  const out: Record<string, unknown> = { first_name: firstName };
  const lastName = blank(customer['lastName']);
  if (lastName !== undefined) out['last_name'] = lastName;
  if (email !== undefined) out['email'] = email;
  if (phone !== undefined) out['phone'] = tapPhone(phone);
  return out;
}

function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (key.length === 0 || key.length > TAP_LIMITS.metadataKeyLength) {
      throw invalid(
        `metadata keys must have 1 to ${TAP_LIMITS.metadataKeyLength} characters.`,
        'metadata_key_too_long',
        `metadata.${key}`,
      );
    }
    if (value.length > TAP_LIMITS.metadataValueLength) {
      throw invalid(
        `metadata values must have at most ${TAP_LIMITS.metadataValueLength} characters.`,
        'metadata_value_too_long',
        `metadata.${key}`,
      );
    }
  }
  return metadata;
}

/** `expiresAt` → minutes from now (rounded to the nearest minute), within Tap's 5 to 60. */
function expiryMinutes(expiresAt: Date, now: number): number {
  const minutes = Math.round((expiresAt.getTime() - now) / 60_000);
  const { minExpiryMinutes: min, maxExpiryMinutes: max } = TAP_LIMITS;
  if (minutes < min || minutes > max) {
    throw invalid(
      `expiresAt must be ${min} to ${max} minutes ahead (Tap's transaction.expiry); got about ${minutes} minutes.`,
      'expires_at_out_of_range',
      'expiresAt',
    );
  }
  return minutes;
}

/** Validates a link input and builds the charge request. Throws `InvalidRequestError` before any request. */
export function prepareCharge(
  input: unknown,
  options: RequestOptions | undefined,
  exponents: CurrencyOptions,
): PreparedCharge {
  const checked = checkLinkInput(input, {
    provider: PROVIDER,
    supports: {
      description: true,
      successUrl: true,
      webhookUrl: true,
      expiresAt: true,
      metadata: true,
      customer: true,
    },
    referenceMaxLength: TAP_LIMITS.referenceLength,
    unsupportedHint: {
      cancelUrl: 'Tap sends the payer back to successUrl (redirect.url) whatever happened, with ?tap_id=',
      failureUrl: 'Tap sends the payer back to successUrl (redirect.url) whatever happened, with ?tap_id=',
      pendingUrl: 'Tap sends the payer back to successUrl (redirect.url) whatever happened, with ?tap_id=',
    },
  });
  const raw = input as Record<string, unknown>;
  const operation = raw['operation'] ?? 'purchase';
  if (operation !== 'purchase' && operation !== 'authorize') {
    throw invalid('operation must be "purchase" or "authorize".', 'invalid_field', 'operation');
  }
  const source = optionalText(raw['source'], 'source', PROVIDER) ?? TAP_HOSTED_SOURCE;
  if (!/^src_\S+$/.test(source)) {
    throw invalid(
      'source must be a Tap source id for a hosted page, such as "src_all" or "src_card".',
      'invalid_field',
      'source',
    );
  }
  const customer = tapCustomer(checked.customer, raw['customerId']);
  if (checked.successUrl === undefined) {
    throw invalid(
      "successUrl is required: it is Tap's redirect.url, where the payer returns with ?tap_id=<charge id>.",
      'missing_field',
      'successUrl',
    );
  }
  const description = optionalText(checked.description, 'description', PROVIDER, {
    maxLength: TAP_LIMITS.descriptionLength,
  });
  const idempotent = idempotencyKeyOf(options);
  const body: Record<string, unknown> = {
    currency: checked.currency,
    customer,
    source: { id: source },
    redirect: { url: checked.successUrl },
  };
  if (checked.webhookUrl !== undefined) body['post'] = { url: checked.webhookUrl };
  body['reference'] = {
    transaction: checked.reference,
    order: checked.reference,
    ...(idempotent !== undefined && { idempotent }),
  };
  if (description !== undefined) body['description'] = description;
  if (checked.metadata !== undefined) body['metadata'] = checkMetadata(checked.metadata);
  if (checked.expiresAt !== undefined) {
    body['transaction'] = {
      expiry: { period: expiryMinutes(checked.expiresAt, Date.now()), type: 'MINUTE' },
    };
  }
  const amountText = formatTapAmount(checked.amount, checked.currency, exponents);
  return {
    object: operation === 'authorize' ? 'authorize' : 'charge',
    path: operation === 'authorize' ? paths.authorizations : paths.charges,
    jsonText: jsonWithNumber('amount', amountText, body),
    reference: checked.reference,
    amount: checked.amount,
    currency: checked.currency,
  };
}
