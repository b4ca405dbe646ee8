/**
 * Moyasar webhooks: verify, then parse. Pure: no I/O, no HTTP client.
 *
 * Authenticity. Moyasar documents no signature header. The secret configured on a webhook in the
 * dashboard is echoed in every delivery's JSON body as `secret_token`; that is the only proof of
 * origin, and it is compared here in constant time with `webhookSecret` before anything else of
 * the body is used. (The "HMAC-SHA256 signature" some integration guides mention is not documented
 * by Moyasar; paybridge does not invent a header.) The token is static, so it proves origin, not
 * freshness: Moyasar retries a delivery with the same event `id` for hours, so there is no
 * timestamp window (`toleranceSeconds` is ignored); deduplicate on `event.id` instead.
 *
 * Invoice `callback_url` POSTs are a different thing: the bare invoice object, with no secret.
 * `parseInvoiceCallback` reads them and marks the result `verified: false`.
 */
import { secretsArgument } from '../../core/config';
import { FULL_COVERAGE } from '../../core/coverage';
import { timingSafeEqual } from '../../core/crypto';
import { WebhookParseError, WebhookVerificationError } from '../../core/errors';
import { normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import type {
  CardAuthenticationEvent,
  OpenEventType,
  ParseWebhookOptions,
  PaymentEvent,
  SettlementEvent,
  UnknownEvent,
  WebhookInput,
} from '../../core/types';
import {
  boundedEventId,
  MAX_EVENT_ID_LENGTH,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../core/webhook-input';
import { readWebhookShape } from '../../core/webhook-shape';
import { type MoyasarWebhookSchemas, schemas, webhookSchemas } from './api';
import { paymentFigures, readAmount, referenceOf } from './payments';
import {
  decisivePayment,
  eventMapping,
  invoiceStatusOf,
  type MoyasarEventType,
  refineByRefunds,
} from './status';
import type * as z from './zod';

const PROVIDER = 'moyasar';

/** The value that replaces `secret_token` in the `raw` copy an event carries. */
export const REDACTED_SECRET_TOKEN = '[REDACTED]';

/**
 * A verified Moyasar webhook event. Its `type` is one of `MOYASAR_EVENT_TYPES` or any other string
 * (`kind: 'unknown'`); `isEventType(event, 'payment_paid')` narrows it (`===` does not, on such a union).
 */
export type MoyasarWebhookEvent =
  | PaymentEvent<'moyasar', OpenEventType<MoyasarEventType>>
  | CardAuthenticationEvent<'moyasar', OpenEventType<MoyasarEventType>>
  | SettlementEvent<'moyasar', OpenEventType<MoyasarEventType>>
  | UnknownEvent<'moyasar', OpenEventType<MoyasarEventType>>;

/** The `type` of an event (internal shorthand). */
type EventType = OpenEventType<MoyasarEventType>;

export interface MoyasarWebhookOptions extends ParseWebhookOptions {
  /** The secret token configured on the webhook in Moyasar's dashboard (several while rotating). Missing → `missing_secret`. */
  webhookSecret: string | readonly string[] | undefined;
  /**
   * The `live` value deliveries must carry (`true` for a `sk_live_` key, `false` for `sk_test_`);
   * `undefined` skips the check. A mismatch, or a missing `live`, is refused as `mode_mismatch`.
   */
  expectedLive?: boolean | undefined;
}

type Envelope = z.output<MoyasarWebhookSchemas['envelope']>;

function shapeError(message: string, cause?: unknown, path?: string): WebhookParseError {
  return new WebhookParseError('invalid_shape', `Moyasar webhook: ${message}`, {
    provider: PROVIDER,
    cause,
    path,
  });
}

/** `(at "data.amount")`, or nothing for the body itself. */
const at = (path: string): string => (path === '' ? '' : ` (at "${path}")`);

/** `value` (at `prefix` in the body) through a webhook schema; a failure names the first bad field. */
function read<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  prefix: readonly string[],
  what: string,
): z.output<S> {
  return readWebhookShape(schema, value, PROVIDER, (path) => `Moyasar webhook: ${what}${at(path)}.`, prefix);
}

/** Refuses to go on without a secret: checked before the body is even read. */
function requireSecrets(secrets: string[]): void {
  if (secrets.length === 0) {
    throw new WebhookVerificationError(
      'missing_secret',
      'Moyasar webhook: no webhook secret is configured. Pass `webhookSecret` (or set MOYASAR_WEBHOOK_SECRET) ' +
        "to the secret token shown on the webhook in Moyasar's dashboard.",
      { provider: PROVIDER },
    );
  }
}

/** Checks `secret_token` against the secret: the first thing done with a parsed body. */
function verifySecretToken(body: Record<string, unknown>, secrets: readonly string[]): void {
  const token = Object.hasOwn(body, 'secret_token') ? body['secret_token'] : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      "Moyasar webhook: the body has no `secret_token` string. Moyasar puts the webhook's secret token in every " +
        'delivery; a body without one did not come from a Moyasar webhook (an invoice callback_url POST has none: ' +
        'read those with parseInvoiceCallback).',
      { provider: PROVIDER },
    );
  }
  // Every configured secret is compared (several while one is being rotated), so the time taken
  // does not depend on which one matched.
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(secret, token) || matched;
  if (!matched) {
    throw new WebhookVerificationError(
      'bad_signature',
      "Moyasar webhook: `secret_token` does not match the configured webhook secret. Check that `webhookSecret` is the secret token of this webhook in Moyasar's dashboard.",
      { provider: PROVIDER },
    );
  }
}

function parseEnvelope(s: MoyasarWebhookSchemas, body: Record<string, unknown>): Envelope {
  return read(s.envelope, body, [], 'the envelope is not { id, type, data, … }');
}

function checkMode(envelope: Envelope, expectedLive: boolean | undefined): void {
  if (expectedLive === undefined) return;
  const live = envelope.live;
  if (live !== expectedLive) {
    const got = typeof live === 'boolean' ? (live ? 'a live' : 'a test') : 'an unmarked';
    throw new WebhookVerificationError(
      'mode_mismatch',
      `Moyasar webhook: ${got} event reached an adapter configured with a ${expectedLive ? 'live' : 'test'} key. ` +
        'Point test and live webhooks at separate endpoints, or set checkLiveMode: false.',
      { provider: PROVIDER },
    );
  }
}

function toDate(value: string | null | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function redactedRaw(body: Record<string, unknown>): Record<string, unknown> {
  return { ...body, secret_token: REDACTED_SECRET_TOKEN };
}

interface Common {
  provider: 'moyasar';
  id: string;
  type: EventType;
  createdAt: Date | undefined;
  live: boolean | undefined;
  raw: unknown;
}

function paymentEvent(
  s: MoyasarWebhookSchemas,
  common: Common,
  data: unknown,
  mapping: {
    status: PaymentStatus;
    operation?: PaymentEvent['operation'];
    operationOutcome?: PaymentEvent['operationOutcome'];
  },
): PaymentEvent<'moyasar', EventType> {
  const payment = read(
    s.payment,
    data,
    ['data'],
    `\`data\` of a ${common.type} event is not a payment object`,
  );
  let figures: {
    currency: string;
    amount: number;
    refunded: number | undefined;
    captured: number | undefined;
  };
  try {
    const currency = normalizeCurrencyCode(payment.currency);
    const optional = (value: number | string | null | undefined, field: string) =>
      value === null || value === undefined ? undefined : readAmount(value, currency, field);
    figures = {
      currency,
      amount: readAmount(payment.amount, currency, 'amount'),
      refunded: optional(payment.refunded, 'refunded'),
      captured: optional(payment.captured, 'captured'),
    };
  } catch (error) {
    const field = (error as { field?: unknown }).field;
    throw shapeError(
      `the payment's amounts cannot be read: ${(error as Error).message}`,
      error,
      typeof field === 'string' ? `data.${field}` : undefined,
    );
  }
  // The event type says what happened; the payment it carries may have been refunded since
  // (a payment_paid delivered after a refund): the same refinement as getPayment's.
  const status = refineByRefunds(mapping.status, figures);
  const invoiceId = payment.invoice_id ?? undefined;
  return {
    ...common,
    kind: 'payment',
    // The whole body came with the secret token: every field is as Moyasar sent it.
    coverage: FULL_COVERAGE,
    status,
    providerStatus: payment.status,
    paymentId: invoiceId !== undefined && invoiceId !== '' ? invoiceId : payment.id,
    transactionId: payment.id,
    reference: referenceOf(payment.metadata),
    amount: figures.amount,
    currency: figures.currency,
    refundedAmount: figures.refunded,
    operation: mapping.operation,
    operationOutcome: mapping.operationOutcome,
    message: payment.source?.message ?? undefined,
  };
}

function settlementEvent(
  s: MoyasarWebhookSchemas,
  common: Common,
  data: unknown,
): SettlementEvent<'moyasar', EventType> {
  const transfer = read(
    s.transfer,
    data,
    ['data'],
    '`data` of a balance_transferred event is not a transfer',
  );
  let amount: number | undefined;
  let currency: string | undefined;
  try {
    if (typeof transfer.currency === 'string') currency = normalizeCurrencyCode(transfer.currency);
    if (transfer.amount !== null && transfer.amount !== undefined && currency !== undefined) {
      amount = readAmount(transfer.amount, currency, 'amount');
    }
  } catch (error) {
    throw shapeError(`the transfer's amount cannot be read: ${(error as Error).message}`, error);
  }
  return {
    ...common,
    kind: 'settlement',
    settlementId: transfer.id,
    amount,
    currency,
    settlementStatus: transfer.status ?? undefined,
  };
}

function cardAuthenticationEvent(
  s: MoyasarWebhookSchemas,
  common: Common,
  data: unknown,
  outcome: 'authenticated' | 'failed',
): CardAuthenticationEvent<'moyasar', EventType> {
  const { id } = read(
    s.cardAuthentication,
    data,
    ['data'],
    `\`data\` of a ${common.type} event has no \`id\``,
  );
  return { ...common, kind: 'card_authentication', authenticationId: id, outcome };
}

/**
 * Verifies a Moyasar webhook delivery (`secret_token`, then the `live` flag) and parses it into a
 * typed event. Rejects with `WebhookVerificationError` (`missing_secret`, `missing_signature`,
 * `bad_signature`, `mode_mismatch`) or `WebhookParseError`; never does I/O.
 */
export async function parseMoyasarWebhook(
  input: WebhookInput,
  options: MoyasarWebhookOptions,
): Promise<MoyasarWebhookEvent> {
  const secrets = secretsArgument(options.webhookSecret, 'webhookSecret', PROVIDER);
  requireSecrets(secrets);
  const { text } = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  const body = parseWebhookJson(text, PROVIDER);
  verifySecretToken(body, secrets);
  // Verified: from here on the body is Moyasar's. (The first parse loads zod; later ones do not wait.)
  const s = webhookSchemas.ready() ?? (await webhookSchemas.load());
  const envelope = parseEnvelope(s, body);
  checkMode(envelope, options.expectedLive);
  const common: Common = {
    provider: PROVIDER,
    id: envelope.id.length <= MAX_EVENT_ID_LENGTH ? envelope.id : await boundedEventId(envelope.id),
    type: envelope.type,
    createdAt: toDate(envelope.created_at),
    live: envelope.live ?? undefined,
    raw: redactedRaw(body),
  };
  const mapping = eventMapping(envelope.type);
  if (mapping === undefined) return { ...common, kind: 'unknown' };
  switch (mapping.kind) {
    case 'payment':
      return paymentEvent(s, common, envelope.data, mapping);
    case 'settlement':
      return settlementEvent(s, common, envelope.data);
    case 'card_authentication':
      return cardAuthenticationEvent(s, common, envelope.data, mapping.outcome);
  }
}

/**
 * An invoice `callback_url` POST, read but NOT verified: Moyasar sends the bare invoice object with
 * no secret, so anyone can forge one. Use it only as a hint to call `getPayment(invoiceId)`.
 */
export interface MoyasarInvoiceCallback {
  provider: 'moyasar';
  /** Always false: nothing in an invoice callback proves it came from Moyasar. */
  verified: false;
  invoiceId: string;
  /** The status the body claims (unverified). */
  status: PaymentStatus;
  providerStatus: string;
  amount: number;
  currency: string;
  reference: string | undefined;
  raw: unknown;
}

/**
 * Reads an invoice `callback_url` POST (the invoice object). The result is marked `verified: false`:
 * confirm with `getPayment(result.invoiceId)` before acting on it. Rejects only with `WebhookParseError`.
 */
export async function parseInvoiceCallback(
  input: WebhookInput,
  options: Pick<ParseWebhookOptions, 'maxBodyBytes'> = {},
): Promise<MoyasarInvoiceCallback> {
  const { text } = normalizeWebhookInput(input, { provider: PROVIDER, maxBytes: options.maxBodyBytes });
  const body = parseWebhookJson(text, PROVIDER);
  const s = schemas.ready() ?? (await schemas.load());
  const parsed = s.invoice.safeParse(body);
  if (!parsed.success) throw shapeError('the invoice callback body is not an invoice object.');
  const invoice = parsed.data;
  try {
    const currency = normalizeCurrencyCode(invoice.currency);
    const payments = (invoice.payments ?? []).map(paymentFigures);
    return {
      provider: PROVIDER,
      verified: false,
      invoiceId: invoice.id,
      status: invoiceStatusOf(invoice.status, decisivePayment(payments)),
      providerStatus: invoice.status,
      amount: readAmount(invoice.amount, currency, 'amount'),
      currency,
      reference: referenceOf(invoice.metadata),
      raw: body,
    };
  } catch (error) {
    if (error instanceof WebhookParseError) throw error;
    throw shapeError(`the invoice's amounts cannot be read: ${(error as Error).message}`, error);
  }
}
