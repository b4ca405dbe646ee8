/**
 * A `createPaymentLink` input → the body of `POST /invoices`, checked before any request: the
 * shared checks (core/input.ts), then Moyasar's own limits (minimum amount, metadata limits, the
 * reference stored as a metadata value).
 */
import { InvalidRequestError } from '../../core/errors';
import { checkLinkInput } from '../../core/input';
import { REFERENCE_METADATA_KEY } from './api';

const PROVIDER = 'moyasar';

/** The smallest invoice amount Moyasar accepts, in minor units of any currency (its reference: `>= 100`). */
export const MOYASAR_MIN_AMOUNT = 100;
/** Invoices per `POST /invoices/bulk` call. */
export const MOYASAR_BULK_LIMIT = 50;
/** Moyasar's metadata limits. paybridge's own reference key counts toward `maxKeys`. */
export const MOYASAR_METADATA_LIMITS = Object.freeze({ maxKeys: 30, maxKeyLength: 40, maxValueLength: 500 });

/** A checked input and the invoice body built from it. */
export interface PreparedInvoice {
  reference: string;
  amount: number;
  currency: string;
  body: Record<string, unknown>;
}

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`moyasar: ${message}`, { provider: PROVIDER, code, field });
}

/** The invoice's metadata: the caller's (within Moyasar's limits) plus the reference. */
function invoiceMetadata(
  metadata: Record<string, string> | undefined,
  reference: string,
): Record<string, string> {
  const { maxKeys, maxKeyLength, maxValueLength } = MOYASAR_METADATA_LIMITS;
  const entries = Object.entries(metadata ?? {});
  if (entries.length + 1 > maxKeys) {
    throw invalid(
      `metadata has ${entries.length} keys; Moyasar allows ${maxKeys}, one of which paybridge uses for the reference ` +
        `(${REFERENCE_METADATA_KEY}), so at most ${maxKeys - 1}.`,
      'metadata_too_many_keys',
      'metadata',
    );
  }
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    const field = `metadata.${key}`;
    if (key === REFERENCE_METADATA_KEY) {
      throw invalid(
        `the metadata key "${REFERENCE_METADATA_KEY}" is reserved for the reference; pass it as \`reference\`.`,
        'metadata_reserved_key',
        field,
      );
    }
    if (key.length === 0 || key.length > maxKeyLength) {
      throw invalid(
        `metadata keys must have 1 to ${maxKeyLength} characters.`,
        'metadata_key_too_long',
        field,
      );
    }
    if (value.length > maxValueLength) {
      throw invalid(
        `metadata values must have at most ${maxValueLength} characters.`,
        'metadata_value_too_long',
        field,
      );
    }
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  out[REFERENCE_METADATA_KEY] = reference;
  return out;
}

/** Validates a link input and builds the invoice body. Throws `InvalidRequestError` before any request. */
export function prepareInvoice(input: unknown): PreparedInvoice {
  const checked = checkLinkInput(input, {
    provider: PROVIDER,
    supports: {
      description: true,
      successUrl: true,
      cancelUrl: true,
      webhookUrl: true,
      expiresAt: true,
      metadata: true,
    },
    // The reference is stored as an invoice metadata value.
    referenceMaxLength: MOYASAR_METADATA_LIMITS.maxValueLength,
    unsupportedHint: {
      failureUrl: 'a Moyasar invoice has one success_url and one back_url',
      pendingUrl: 'a Moyasar invoice has one success_url and one back_url',
      customer: 'a Moyasar invoice carries no customer; the payer enters their details on the hosted page',
    },
  });
  const { amount, currency } = checked;
  if (amount < MOYASAR_MIN_AMOUNT) {
    throw invalid(
      `amount must be at least ${MOYASAR_MIN_AMOUNT} minor units of ${currency} (Moyasar's minimum), got ${amount}.`,
      'amount_below_minimum',
      'amount',
    );
  }
  if (checked.description !== undefined && checked.description.trim() === '') {
    throw invalid('description must not be blank when given.', 'missing_field', 'description');
  }
  const body: Record<string, unknown> = {
    amount,
    currency,
    description: checked.description ?? `Order ${checked.reference}`,
  };
  if (checked.successUrl !== undefined) body['success_url'] = checked.successUrl;
  if (checked.cancelUrl !== undefined) body['back_url'] = checked.cancelUrl;
  if (checked.webhookUrl !== undefined) body['callback_url'] = checked.webhookUrl;
  if (checked.expiresAt !== undefined) body['expired_at'] = checked.expiresAt.toISOString();
  body['metadata'] = invoiceMetadata(checked.metadata, checked.reference);
  return { reference: checked.reference, amount, currency, body };
}
