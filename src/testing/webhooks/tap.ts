/**
 * Signed Tap webhooks for tests: charge, authorization, refund and invoice objects shaped like Tap's
 * documented samples, POSTed with the `hashstring` header (HMAC-SHA256 with the secret API key over
 * the documented fields). The amount is written the way Tap's Java servers write it (`1.0`,
 * `10.5`), exactly, so the adapter's rendering to the currency's decimals (`1.00`) is exercised.
 */
import { formatMinorUnits, normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import { jsonWithNumber, tapExponents } from '../../providers/tap/amount';
import { signTapWebhook } from '../../providers/tap/signature';
import type { TapObjectKind } from '../../providers/tap/status';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId } from '../ids';
import { checkAmount, JSON_HEADERS, majorUnitsNumber, pickType, type SignedWebhook } from './common';

/** The Tap status each unified status is built from, per object. */
export const TAP_STATUS_FOR_STATUS: Readonly<
  Record<TapObjectKind, Readonly<Partial<Record<PaymentStatus, string>>>>
> = Object.freeze({
  charge: Object.freeze({
    pending: 'INITIATED',
    succeeded: 'CAPTURED',
    failed: 'DECLINED',
    canceled: 'CANCELLED',
    expired: 'TIMEDOUT',
  }),
  authorize: Object.freeze({
    pending: 'INITIATED',
    authorized: 'AUTHORIZED',
    succeeded: 'CAPTURED',
    failed: 'DECLINED',
    canceled: 'VOID',
    expired: 'TIMEDOUT',
  }),
  refund: Object.freeze({ refunded: 'REFUNDED', partially_refunded: 'REFUNDED', succeeded: 'PENDING' }),
  invoice: Object.freeze({
    pending: 'CREATED',
    succeeded: 'PAID',
    canceled: 'CANCELLED',
    expired: 'EXPIRED',
  }),
});

/** Tap's `response` for a charge or authorization status (its charge response codes). */
export const TAP_RESPONSE_FOR_STATUS: Readonly<Record<string, { code: string; message: string }>> =
  Object.freeze({
    CAPTURED: { code: '000', message: 'Captured' },
    AUTHORIZED: { code: '001', message: 'Authorized' },
    INITIATED: { code: '100', message: 'Initiated' },
    'IN PROGRESS': { code: '200', message: 'In Progress' },
    ABANDONED: { code: '301', message: 'Abandoned' },
    CANCELLED: { code: '302', message: 'Canceled' },
    FAILED: { code: '401', message: 'Failed' },
    DECLINED: { code: '507', message: 'Declined, Insufficient Funds' },
    VOID: { code: '601', message: 'Void' },
    RESTRICTED: { code: '701', message: 'Restricted' },
    TIMEDOUT: { code: '801', message: 'Timed Out' },
    UNKNOWN: { code: '901', message: 'Unknown' },
    REFUNDED: { code: '000', message: 'Refunded' },
    PENDING: { code: '100', message: 'Pending' },
  });

const PREFIX: Record<TapObjectKind, string> = {
  charge: 'chg_',
  authorize: 'auth_',
  refund: 're_',
  invoice: 'inv_',
};

/** A Tap-shaped id for an object (`chg_TS…`). */
export function tapId(object: TapObjectKind): string {
  return `${PREFIX[object]}TS0${shortId(24)}`;
}

/**
 * The amount as Tap's servers write it: the shortest decimal with at least one fraction digit
 * (`100 SAR` → `1.0`, `1050 SAR` → `10.5`, `1500 KWD` → `1.5`), from exact string work.
 */
export function tapAmountText(
  amount: number,
  currency: string,
  exponents?: Readonly<Record<string, number>>,
): string {
  const text = formatMinorUnits(amount, currency, { ...tapExponents(exponents), minimal: true });
  return text.includes('.') ? text : `${text}.0`;
}

export interface TapObjectOptions {
  /** The object (default `'charge'`). */
  object?: TapObjectKind;
  /** Build the object in the Tap status that reports this unified status (see `TAP_STATUS_FOR_STATUS`). */
  status?: PaymentStatus;
  /** Tap's status, verbatim. Wins over `status`. */
  tapStatus?: string;
  /** The object's id (default: a new `chg_…`, `auth_…`, `re_…` or `inv_…`). */
  id?: string;
  /** Minor units (default 10 000 = 100.00 SAR). */
  amount?: number;
  currency?: string;
  /** Your reference: `reference.transaction` and `reference.order` (charges, authorizations, invoices). */
  reference?: string;
  /** A refund's `charge_id` (default: a new charge id). */
  chargeId?: string;
  /** `post.url`. */
  webhookUrl?: string;
  /** `redirect.url`. */
  successUrl?: string;
  /** The hosted page (`transaction.url`; an invoice's `url`). */
  url?: string;
  /** `post.attempt` (default 1): Tap counts its delivery attempts here, outside the signature. */
  attempt?: number;
  /** When the object was created (default now). */
  created?: Date;
  /** `reference.gateway` and `reference.payment` (signed; defaults: random digits). */
  gatewayReference?: string;
  paymentReference?: string;
  description?: string;
  metadata?: Record<string, string>;
  /** `response.message` (e.g. why a card was declined). */
  message?: string;
  live?: boolean;
  /** Decimals over `TAP_CURRENCY_EXPONENTS`, as the adapter's `currencyExponents` setting. */
  exponents?: Readonly<Record<string, number>>;
}

const digits = (n: number) =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(n)), (b) => b % 10).join('');

/** A Tap object (charge, authorization, refund or invoice) as a JSON value; `amount` as a JSON number. */
export function tapObject(options: TapObjectOptions = {}): Record<string, unknown> {
  const object = options.object ?? 'charge';
  const status =
    options.tapStatus ??
    pickType(
      'tap',
      TAP_STATUS_FOR_STATUS[object],
      undefined,
      options.status,
      object === 'refund' ? 'REFUNDED' : object === 'invoice' ? 'PAID' : 'CAPTURED',
    );
  const currency = normalizeCurrencyCode(options.currency ?? 'SAR');
  const amount = checkAmount(options.amount ?? 10_000, 'amount');
  const major = majorUnitsNumber(amount, currency);
  const id = options.id ?? tapId(object);
  const created = (options.created ?? new Date()).getTime();
  const response = TAP_RESPONSE_FOR_STATUS[status] ?? { code: '901', message: status };
  const post = { attempt: options.attempt ?? 1, status: 'PENDING', url: options.webhookUrl ?? null };
  const common = {
    id,
    object,
    live_mode: options.live ?? false,
    api_version: 'V2',
    status,
    amount: major,
    currency,
    description: options.description ?? '',
    metadata: options.metadata ?? {},
  };
  if (object === 'refund') {
    return {
      ...common,
      charge_id: options.chargeId ?? tapId('charge'),
      created,
      reason: 'requested_by_customer',
      reference: { merchant: options.reference ?? null },
      response: { code: response.code, message: options.message ?? response.message },
      post,
    };
  }
  if (object === 'invoice') {
    return {
      ...common,
      url: options.url ?? `https://tap.company/invoices/${id}`,
      created,
      updated: created,
      due: created,
      expiry: created + 86_400_000,
      reference: { invoice: options.reference ?? null, order: options.reference ?? null },
      post,
    };
  }
  return {
    ...common,
    customer_initiated: true,
    method: 'POST',
    threeDSecure: true,
    save_card: false,
    transaction: {
      timezone: 'UTC+03:00',
      created: String(created),
      expiry: { period: 30, type: 'MINUTE' },
      asynchronous: false,
      amount: major,
      currency,
      ...(options.url !== undefined && { url: options.url }),
    },
    reference: {
      track: `tck_TS0${shortId(24)}`,
      payment: options.paymentReference ?? digits(19),
      gateway: options.gatewayReference ?? digits(15),
      acquirer: digits(12),
      transaction: options.reference ?? null,
      order: options.reference ?? null,
    },
    response: { code: response.code, message: options.message ?? response.message },
    customer: {
      id: `cus_TS0${shortId(24)}`,
      first_name: 'Test',
      last_name: 'Payer',
      email: 'payer@example.com',
    },
    source: {
      object: 'source',
      type: 'CARD_NOT_PRESENT',
      payment_method: 'VISA',
      channel: 'INTERNET',
      id: 'src_all',
    },
    redirect: { status: 'PENDING', url: options.successUrl ?? 'https://shop.example/return' },
    post,
  };
}

export interface TapWebhookOptions extends TapObjectOptions {
  /** The secret API key that signs `hashstring` (default: the simulator's test key). */
  secretKey?: string;
}

/**
 * A Tap object (as built by `tapObject`, its `amount` `minor` units) as a delivery: the JSON text
 * with the amount written exactly, Tap-style (`1.0`), and the `hashstring` header over it.
 */
export async function signedTapObject(
  value: Record<string, unknown>,
  minor: number,
  options: { secretKey?: string | undefined; exponents?: Readonly<Record<string, number>> | undefined } = {},
): Promise<SignedWebhook> {
  const { amount: _amount, ...rest } = value;
  const body = jsonWithNumber(
    'amount',
    tapAmountText(minor, String(value['currency']), options.exponents),
    rest,
  );
  const exponents = tapExponents(options.exponents);
  const hashstring = await signTapWebhook(
    options.secretKey ?? TEST_CREDENTIALS.tap.secretKey,
    body,
    exponents,
  );
  return { body, headers: { ...JSON_HEADERS, hashstring } };
}

/** A Tap webhook: the object's JSON text and the `hashstring` header (`tapObject` options). */
export function tapWebhook(options: TapWebhookOptions = {}): Promise<SignedWebhook> {
  return signedTapObject(tapObject(options), checkAmount(options.amount ?? 10_000, 'amount'), options);
}
