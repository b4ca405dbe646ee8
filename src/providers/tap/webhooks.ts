/**
 * Tap webhooks (POSTed to a charge's `post.url`): verify the `hashstring` header, then parse.
 * Pure: no I/O, no HTTP client.
 *
 * What the signature covers (signature.ts): the object's `id`, `amount` (rendered with its
 * currency's decimals from the exact text received), `currency`, `status`, `reference.gateway`,
 * `reference.payment` and `created` (invoices: `updated` instead of the references). NOT covered:
 * `reference.order` / `reference.transaction` (your reference), `metadata`, `customer`, `object`,
 * `post.attempt`, and a refund's `charge_id`. Hence:
 *
 * - which recipe and status table apply is decided by the signed id's prefix (`chg_`, `auth_`,
 *   `re_`, `inv_`), never by the unsigned `object`;
 * - charge, authorization and invoice events have `coverage: { paymentId: true, status: true, amount: true,
 *   reference: false }`: the reference came outside the signature;
 * - refund events have no coverage at all: the refund's own id, amount and status are signed, but
 *   not which charge it refunds (`charge_id`, which becomes `paymentId`);
 * - the event id is built from signed fields only (`id:status:created`, invoices `id:status`), so
 *   Tap's retries (which change `post.attempt`) and any change to an unsigned field keep it.
 *
 * The signature has no timestamp of the delivery (`created` is when the charge was made, and Tap
 * retries), so `toleranceSeconds` does not apply: deduplicate on `event.id`.
 */
import { secretsArgument } from '../../core/config';
import { NO_COVERAGE } from '../../core/coverage';
import { timingSafeEqual } from '../../core/crypto';
import { PaybridgeError, WebhookParseError, WebhookVerificationError } from '../../core/errors';
import { type CurrencyOptions, normalizeCurrencyCode, toMinorUnits } from '../../core/money';
import type {
  OpenEventType,
  ParseWebhookOptions,
  PaymentEvent,
  UnknownEvent,
  WebhookCoverage,
  WebhookInput,
} from '../../core/types';
import { boundedEventId, normalizeWebhookInput, parseWebhookJson } from '../../core/webhook-input';
import { readWebhookShape } from '../../core/webhook-shape';
import type { TapAmountRounding } from './amount';
import { type TapWebhookSchemas, webhookSchemas } from './api';
import { epochDate, referenceOf } from './payments';
import { type SignedFields, signedFields, tapHashstring } from './signature';
import { kindOfObject, statusRow, type TapEventType, type TapObjectKind } from './status';
import type { TapRefundWebhookVerification } from './types';
import type * as z from './zod';

const PROVIDER = 'tap' as const;

/** The header Tap signs webhooks in (read case-insensitively). */
export const TAP_SIGNATURE_HEADER = 'hashstring';

/** What `hashstring` vouches for on charge, authorization and invoice events: not your reference. */
export const TAP_SIGNED_COVERAGE: WebhookCoverage = Object.freeze({
  paymentId: true,
  status: true,
  amount: true,
  reference: false,
});

/** A verified Tap payment event. */
export interface TapPaymentEvent extends PaymentEvent<'tap', OpenEventType<TapEventType>> {
  /** The object the signed id names: `charge`, `authorize`, `refund` or `invoice`. */
  object: TapObjectKind;
  /** False only for a refund accepted unverified (`refundWebhookVerification: 'none'`). */
  signatureVerified: boolean;
  /** A refund event's refund id (`re_…`); its `paymentId` is the refunded charge. */
  refundId?: string | undefined;
  /** Tap's `response.code` (unsigned; informative). */
  responseCode?: string | undefined;
}

/**
 * A verified Tap webhook. Its `type` is its `object` (`'charge'`, `'authorize'`, `'refund'`,
 * `'invoice'`), `''` or any other string (`kind: 'unknown'`); `isEventType(event, 'refund')` narrows it.
 */
export type TapWebhookEvent = TapPaymentEvent | UnknownEvent<'tap', OpenEventType<TapEventType>>;

export interface ParseTapWebhookOptions extends ParseWebhookOptions {
  /** The secret API key(s) Tap signs with (several while rotating). Missing → `missing_secret`. */
  webhookSecret: string | readonly string[] | undefined;
  /** Exponents over the global table (`tapExponents(…)`). */
  exponents?: CurrencyOptions['exponents'];
  amountRounding?: TapAmountRounding | undefined;
  refundWebhookVerification?: TapRefundWebhookVerification | undefined;
}

function shapeError(message: string, cause?: unknown): WebhookParseError {
  return new WebhookParseError('invalid_shape', `Tap webhook: ${message}`, { provider: PROVIDER, cause });
}

/** Whether `hashstring` is the HMAC of the message under any of the secrets (each one compared). */
async function signatureMatches(
  received: string,
  message: string,
  secrets: readonly string[],
): Promise<boolean> {
  let matched = false;
  for (const secret of secrets)
    matched = timingSafeEqual(await tapHashstring(secret, message), received) || matched;
  return matched;
}

/** Checks `hashstring`; false only where an unverified refund is allowed and the check failed. */
async function verify(
  header: string | undefined,
  fields: SignedFields,
  secrets: readonly string[],
  allowUnverified: boolean,
): Promise<boolean> {
  const received = header?.trim().toLowerCase() ?? '';
  if (received === '') {
    if (allowUnverified) return false;
    throw new WebhookVerificationError(
      'missing_signature',
      'Tap webhook: the `hashstring` header is missing. Tap signs every webhook in it; pass the request headers ' +
        'to parseWebhook as received.',
      { provider: PROVIDER },
    );
  }
  if (!/^[0-9a-f]{64}$/.test(received)) {
    if (allowUnverified) return false;
    throw new WebhookVerificationError(
      'malformed_signature',
      'Tap webhook: the `hashstring` header is not 64 hex digits (an HMAC-SHA256).',
      { provider: PROVIDER },
    );
  }
  if (await signatureMatches(received, fields.message, secrets)) return true;
  if (allowUnverified) return false;
  throw new WebhookVerificationError(
    'bad_signature',
    "Tap webhook: `hashstring` does not match. Check that the secret API key (TAP_SECRET_KEY) is this account's " +
      'and of the same mode (test or live) as the charge, and that the raw body reaches parseWebhook unchanged. ' +
      'Do not act on this webhook.',
    { provider: PROVIDER },
  );
}

/** The signed amount (already rendered with the currency's decimals) in minor units. */
function minorUnits(
  fields: SignedFields,
  exponents: CurrencyOptions['exponents'],
): { amount: number; currency: string } {
  try {
    const currency = normalizeCurrencyCode(fields.currency);
    return { amount: toMinorUnits(fields.amount, currency, { exponents }), currency };
  } catch (error) {
    if (PaybridgeError.isInstance(error))
      throw shapeError(`the amount cannot be read: ${error.message}`, error);
    throw error;
  }
}

function parseObject<K extends keyof TapWebhookSchemas>(
  s: TapWebhookSchemas,
  schema: K,
  body: unknown,
): z.output<TapWebhookSchemas[K]> {
  return readWebhookShape(
    s[schema],
    body,
    PROVIDER,
    (where) => `Tap webhook: the body is not a Tap ${schema} object${where ? ` (at "${where}")` : ''}.`,
  ) as z.output<TapWebhookSchemas[K]>;
}

/**
 * Verifies a Tap webhook (`hashstring`) and parses it into a typed event. Rejects with
 * `WebhookVerificationError` (`missing_secret`, `missing_signature`, `malformed_signature`,
 * `bad_signature`) or `WebhookParseError`; never does I/O.
 */
export async function parseTapWebhook(
  input: WebhookInput,
  options: ParseTapWebhookOptions,
): Promise<TapWebhookEvent> {
  const secrets = secretsArgument(options.webhookSecret, 'webhookSecret', PROVIDER);
  if (secrets.length === 0) {
    throw new WebhookVerificationError(
      'missing_secret',
      'Tap webhook: no key to verify with. Tap signs webhooks with your secret API key: pass `secretKey` ' +
        '(or set TAP_SECRET_KEY), or `webhookSecret` while rotating keys.',
      { provider: PROVIDER },
    );
  }
  const { text, header } = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  const body = parseWebhookJson(text, PROVIDER);
  const fields = signedFields(body, text, {
    exponents: options.exponents,
    amountRounding: options.amountRounding,
  });
  const unverifiedRefundAllowed = fields.kind === 'refund' && options.refundWebhookVerification === 'none';
  const signatureVerified = await verify(
    header(TAP_SIGNATURE_HEADER),
    fields,
    secrets,
    unverifiedRefundAllowed,
  );

  // Verified (or an unverified refund, explicitly allowed): from here on the body is read.
  const kind = fields.kind;
  const object = body['object'];
  const declared = kindOfObject(object);
  if (kind !== undefined && declared !== undefined && declared !== kind) {
    throw shapeError(
      `\`object\` says "${declared}" but the signed id ${fields.id.slice(0, 40)} names a ${kind}.`,
    );
  }
  const common = {
    provider: PROVIDER,
    type: typeof object === 'string' ? object : '',
    createdAt: epochDate(fields.created),
    live: typeof body['live_mode'] === 'boolean' ? body['live_mode'] : undefined,
    raw: body,
  };
  if (kind === undefined) {
    return {
      ...common,
      kind: 'unknown',
      id: await boundedEventId(`${fields.id}:${fields.status}:${fields.created}`),
    };
  }
  const s = webhookSchemas.ready() ?? (await webhookSchemas.load());
  const { amount, currency } = minorUnits(fields, options.exponents);
  const row = statusRow(kind, fields.status);
  const event = {
    ...common,
    kind: 'payment' as const,
    object: kind,
    signatureVerified,
    status: row.status,
    providerStatus: fields.status,
    operation: row.operation,
    operationOutcome: row.outcome,
    amount,
    currency,
  };
  if (kind === 'refund') {
    const refund = parseObject(s, 'refund', body);
    const chargeId = refund.charge_id;
    if (typeof chargeId !== 'string' || chargeId === '') throw shapeError('the refund names no `charge_id`.');
    return {
      ...event,
      id: await boundedEventId(`${fields.id}:${fields.status}:${fields.created}`),
      // The refund's id, amount and status are signed; which charge it refunds is not.
      coverage: NO_COVERAGE,
      paymentId: chargeId,
      refundId: fields.id,
      reference: undefined,
      responseCode: refund.response?.code == null ? undefined : String(refund.response.code),
      message: refund.response?.message ?? undefined,
    };
  }
  if (kind === 'invoice') {
    const invoice = parseObject(s, 'invoice', body);
    return {
      ...event,
      // `updated` may move between deliveries of one change: the id leaves it out.
      id: await boundedEventId(`${fields.id}:${fields.status}`),
      coverage: TAP_SIGNED_COVERAGE,
      paymentId: fields.id,
      reference: invoice.reference?.order ?? invoice.reference?.invoice ?? undefined,
    };
  }
  const charge = parseObject(s, 'charge', body);
  return {
    ...event,
    id: await boundedEventId(`${fields.id}:${fields.status}:${fields.created}`),
    coverage: TAP_SIGNED_COVERAGE,
    paymentId: fields.id,
    reference: referenceOf(charge),
    responseCode: charge.response?.code == null ? undefined : String(charge.response.code),
    message: charge.response?.message ?? undefined,
  };
}
