/**
 * Signed Moyasar webhooks for tests: the envelope with the webhook's `secret_token`, and payment
 * objects shaped like Moyasar's documented samples.
 */
import { formatMinorUnits, normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId, uuid } from '../ids';
import { checkAmount, halfOf, JSON_HEADERS, pickType, type SignedWebhook } from './common';

/** The Moyasar event each unified status is built from by default (Moyasar sends none for `pending` or `requires_action`). */
export const MOYASAR_EVENT_FOR_STATUS: Readonly<Partial<Record<PaymentStatus, string>>> = Object.freeze({
  authorized: 'payment_authorized',
  succeeded: 'payment_paid',
  failed: 'payment_failed',
  canceled: 'payment_voided',
  expired: 'payment_expired',
  refunded: 'payment_refunded',
  partially_refunded: 'payment_refunded',
});

/** The payment's `status` inside each event's `data`. */
export const MOYASAR_PAYMENT_STATUS_FOR_EVENT: Readonly<Record<string, string>> = Object.freeze({
  payment_paid: 'paid',
  payment_failed: 'failed',
  payment_faild: 'failed',
  payment_authorized: 'authorized',
  payment_captured: 'captured',
  payment_voided: 'voided',
  payment_refunded: 'refunded',
  payment_verified: 'verified',
  payment_expired: 'expired',
  payment_abandoned: 'initiated',
});

export interface MoyasarPaymentOptions {
  paymentId?: string;
  /** The invoice the payment belongs to (`null` for a payment made without an invoice). */
  invoiceId?: string | null;
  /** Moyasar's payment status (`'paid'`, `'failed'`, …; default `'paid'`). */
  paymentStatus?: string;
  /** Minor units (default 10 000 = 100.00 SAR). */
  amount?: number;
  currency?: string;
  /** Minor units refunded so far (default 0). */
  refunded?: number;
  /** Minor units captured so far (default: `amount` for captured payments, else 0). */
  captured?: number;
  description?: string;
  /** The merchant reference, sent as `metadata.paybridge_reference`. */
  reference?: string;
  metadata?: Record<string, string>;
  /** The source's message (`'APPROVED'`, `'Insufficient Funds'`). */
  message?: string;
  createdAt?: Date;
}

/** A Moyasar payment object (what `GET /v1/payments/{id}` answers and what `payment_*` events carry). */
export function moyasarPaymentObject(options: MoyasarPaymentOptions = {}): Record<string, unknown> {
  const currency = normalizeCurrencyCode(options.currency ?? 'SAR');
  const amount = checkAmount(options.amount ?? 10_000, 'amount');
  const status = options.paymentStatus ?? 'paid';
  const refunded = checkAmount(options.refunded ?? 0, 'refunded');
  const captured = checkAmount(
    options.captured ?? (['paid', 'captured', 'refunded'].includes(status) ? amount : 0),
    'captured',
  );
  const created = (options.createdAt ?? new Date()).toISOString();
  const fmt = (minor: number) => `${formatMinorUnits(minor, currency)} ${currency}`;
  const failed = status === 'failed';
  return {
    id: options.paymentId ?? uuid(),
    status,
    amount,
    fee: 0,
    currency,
    refunded,
    refunded_at: refunded > 0 ? created : null,
    captured,
    captured_at: captured > 0 ? created : null,
    voided_at: status === 'voided' ? created : null,
    description: options.description ?? 'Simulated payment',
    amount_format: fmt(amount),
    fee_format: fmt(0),
    refunded_format: fmt(refunded),
    captured_format: fmt(captured),
    invoice_id: options.invoiceId === undefined ? uuid() : options.invoiceId,
    ip: null,
    callback_url: null,
    created_at: created,
    updated_at: created,
    metadata: {
      ...(options.metadata ?? {}),
      ...(options.reference !== undefined ? { paybridge_reference: options.reference } : {}),
    },
    source: {
      type: 'creditcard',
      company: 'visa',
      name: 'Test Payer',
      number: '4111-11XX-XXXX-1111',
      gateway_id: `moyasar_cc_${shortId(12)}`,
      reference_number: null,
      token: null,
      message: options.message ?? (failed ? 'Insufficient Funds' : 'APPROVED'),
      transaction_url: null,
    },
  };
}

export interface MoyasarWebhookOptions extends Omit<MoyasarPaymentOptions, 'paymentStatus'> {
  /** The event type, verbatim (`'payment_paid'`, …). Wins over `status`. */
  type?: string;
  /** Build the event that reports this unified status (see `MOYASAR_EVENT_FOR_STATUS`). Default `'succeeded'`. */
  status?: PaymentStatus;
  /** The webhook's secret, echoed as `secret_token` (default: the simulator's test secret). */
  secretToken?: string;
  /** The event id (stays the same across Moyasar's retries). */
  eventId?: string;
  /** The payment's status inside `data` (default: the one that goes with the event type). */
  paymentStatus?: string;
  live?: boolean;
  accountName?: string;
  /** The event's `created_at` (default now). */
  eventCreatedAt?: Date;
  /** A complete `data` object to send instead of a built payment (e.g. a transfer for `balance_transferred`). */
  data?: Record<string, unknown>;
}

/** The JSON value of a Moyasar webhook envelope. */
export function moyasarWebhookPayload(options: MoyasarWebhookOptions = {}): Record<string, unknown> {
  const type = pickType('moyasar', MOYASAR_EVENT_FOR_STATUS, options.type, options.status, 'payment_paid');
  const amount = options.amount ?? 10_000;
  const refunded =
    options.refunded ??
    (options.status === 'partially_refunded'
      ? halfOf(amount)
      : type === 'payment_refunded'
        ? amount
        : undefined);
  const data =
    options.data ??
    moyasarPaymentObject({
      ...options,
      amount,
      refunded,
      paymentStatus: options.paymentStatus ?? MOYASAR_PAYMENT_STATUS_FOR_EVENT[type] ?? 'paid',
    });
  return {
    id: options.eventId ?? uuid(),
    type,
    created_at: (options.eventCreatedAt ?? new Date()).toISOString(),
    secret_token: options.secretToken ?? TEST_CREDENTIALS.moyasar.webhookSecret,
    account_name: options.accountName ?? 'Simulator Test Account',
    live: options.live ?? false,
    data,
  };
}

/** A Moyasar webhook: its authenticity is the `secret_token` in the body (Moyasar sends no signature header). */
export async function moyasarWebhook(options: MoyasarWebhookOptions = {}): Promise<SignedWebhook> {
  return { body: JSON.stringify(moyasarWebhookPayload(options)), headers: { ...JSON_HEADERS } };
}
