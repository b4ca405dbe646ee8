/**
 * Signed Paymob callbacks for tests: transaction objects shaped like Paymob's documented sample,
 * the processed callback POST (`{ type: 'TRANSACTION', obj }` with `?hmac=` in its URL), the
 * card-token callback and the browser redirect URL. Signed with Paymob's recipes
 * (providers/paymob/signature.ts) and the simulator's HMAC secret unless told otherwise.
 */
import { InvalidRequestError } from '../../core/errors';
import { normalizeCurrencyCode } from '../../core/money';
import type { PaymentStatus } from '../../core/status';
import {
  computePaymobHmac,
  paymobCardTokenMessage,
  paymobTransactionMessage,
} from '../../providers/paymob/signature';
import type { PaymobFlag } from '../../providers/paymob/status';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId } from '../ids';
import { checkAmount, halfOf, JSON_HEADERS, type SignedWebhook } from './common';

/** A Paymob callback: the body, its headers and the URL Paymob calls, `?hmac=` included. */
export interface PaymobSignedWebhook extends SignedWebhook {
  url: string;
}

/** The flags a transaction carries to report each unified status (Paymob has no `requires_action` or `expired`). */
export const PAYMOB_FLAGS_FOR_STATUS: Readonly<
  Partial<Record<PaymentStatus, Partial<Record<PaymobFlag, boolean>>>>
> = Object.freeze({
  pending: { success: false, pending: true },
  failed: { success: false, pending: false },
  succeeded: { success: true },
  authorized: { success: true, is_auth: true },
  canceled: { success: true, is_voided: true },
  refunded: { success: true, is_refunded: true },
  partially_refunded: { success: true, is_refunded: true },
});

/** Where the builders say Paymob posted, unless told otherwise. */
export const PAYMOB_DEFAULT_CALLBACK_URL = 'https://shop.example/webhooks/paymob';

/** A Paymob-style integer id (9 digits). */
export function paymobId(): number {
  const [n] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return 100_000_000 + ((n ?? 0) % 900_000_000);
}

/** `2024-06-13T11:33:44.592345`: Paymob Egypt's timestamps (microseconds, no offset). */
export function paymobTimestamp(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

export interface PaymobTransactionOptions {
  /** The transaction id (`obj.id`; default random). */
  transactionId?: number | string;
  /** Paymob's order id (`obj.order.id`, the link id; default random). */
  orderId?: number | string;
  /** Minor units (default 100 000 = 1 000.00 EGP). */
  amount?: number;
  currency?: string;
  /** The merchant reference, as `obj.order.merchant_order_id` (unsigned). */
  reference?: string;
  /** The unified status to report (default `succeeded`; see `PAYMOB_FLAGS_FOR_STATUS`). */
  status?: PaymentStatus;
  /** Flags set on top of the status's (e.g. `{ has_parent_transaction: true, is_refund: true }` for a refund child). */
  flags?: Partial<Record<PaymobFlag | 'is_3d_secure' | 'is_standalone_payment' | 'is_live', boolean>>;
  /** `refunded_amount_cents` (default: the whole amount for `refunded`, half for `partially_refunded`). */
  refundedAmount?: number;
  /** `captured_amount`. */
  capturedAmount?: number;
  /** `parent_transaction` of a child transaction. */
  parentTransactionId?: number | string;
  integrationId?: number;
  /** `owner` (the merchant user id). */
  owner?: number;
  /** `created_at`, verbatim (default now, in Paymob Egypt's format). */
  createdAt?: string;
  /** `data.message` (default `Approved`, or a decline text when it failed). */
  message?: string;
  /** `source_data` (default a MasterCard card ending 2346). */
  sourceData?: { type?: string; pan?: string; sub_type?: string };
  /** `payment_key_claims.extra` (the intention's extras). */
  extras?: Record<string, string>;
}

/** A transaction object as Paymob's callbacks (`obj`) and its transaction API carry it. */
export function paymobTransactionObject(options: PaymobTransactionOptions = {}): Record<string, unknown> {
  const status = options.status ?? 'succeeded';
  const statusFlags = PAYMOB_FLAGS_FOR_STATUS[status];
  if (statusFlags === undefined) {
    throw new InvalidRequestError(
      `paymob sends no transaction that reports the status "${status}"; pass \`flags\` to build one.`,
      { code: 'unsupported_status', field: 'status', provider: 'paymob' },
    );
  }
  const amount = checkAmount(options.amount ?? 100_000, 'amount');
  const currency = normalizeCurrencyCode(options.currency ?? 'EGP');
  const flags: Record<string, boolean> = {
    pending: false,
    success: false,
    is_auth: false,
    is_capture: false,
    is_standalone_payment: true,
    is_voided: false,
    is_refunded: false,
    is_3d_secure: true,
    has_parent_transaction: false,
    is_void: false,
    is_refund: false,
    error_occured: false,
    is_live: false,
    is_captured: false,
    ...statusFlags,
    ...options.flags,
  };
  const refunded =
    options.refundedAmount ??
    (status === 'refunded' ? amount : status === 'partially_refunded' ? halfOf(amount) : undefined);
  const orderId = options.orderId ?? paymobId();
  const integrationId = options.integrationId ?? TEST_CREDENTIALS.paymob.integrationIds[0] ?? 4_100_001;
  const owner = options.owner ?? 302_852;
  const failed = flags['success'] !== true && flags['pending'] !== true;
  return {
    id: options.transactionId ?? paymobId(),
    pending: flags['pending'],
    amount_cents: amount,
    success: flags['success'],
    is_auth: flags['is_auth'],
    is_capture: flags['is_capture'],
    is_standalone_payment: flags['is_standalone_payment'],
    is_voided: flags['is_voided'],
    is_refunded: flags['is_refunded'],
    is_3d_secure: flags['is_3d_secure'],
    integration_id: integrationId,
    profile_id: 164_295,
    has_parent_transaction: flags['has_parent_transaction'],
    order: {
      id: orderId,
      created_at: options.createdAt ?? paymobTimestamp(),
      delivery_needed: false,
      amount_cents: amount,
      currency,
      merchant_order_id: options.reference ?? null,
      paid_amount_cents: flags['success'] === true ? amount : 0,
      items: [],
    },
    created_at: options.createdAt ?? paymobTimestamp(),
    transaction_processed_callback_responses: [],
    currency,
    source_data: { pan: '2346', type: 'card', tenure: null, sub_type: 'MasterCard', ...options.sourceData },
    api_source: 'IFRAME',
    is_void: flags['is_void'],
    is_refund: flags['is_refund'],
    data: {
      message: options.message ?? (failed ? 'Do not honor' : 'Approved'),
      txn_response_code: failed ? 'DECLINED' : 'APPROVED',
    },
    is_hidden: false,
    payment_key_claims: { extra: options.extras ?? {}, currency, amount_cents: amount, order_id: orderId },
    error_occured: flags['error_occured'],
    is_live: flags['is_live'],
    refunded_amount_cents: refunded ?? null,
    is_captured: flags['is_captured'],
    captured_amount: options.capturedAmount ?? null,
    owner,
    parent_transaction: options.parentTransactionId ?? null,
  };
}

/** `url` with `?hmac=` (or `&hmac=`) appended, as Paymob calls it. */
export function withHmac(url: string, hmac: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}hmac=${hmac}`;
}

export interface PaymobWebhookOptions extends PaymobTransactionOptions {
  /** The HMAC secret (default: the simulator's). */
  hmacSecret?: string;
  /** The callback URL Paymob calls (default `PAYMOB_DEFAULT_CALLBACK_URL`); `?hmac=` is appended. */
  url?: string;
  /** The body's `type` (default `TRANSACTION`); it is signed with the transaction recipe whatever it says. */
  type?: string;
  /** A complete `obj` to send instead of a built one. */
  obj?: Record<string, unknown>;
}

/** A transaction processed callback: `{ type, obj, … }`, with its HMAC in `url`. */
export async function paymobWebhook(options: PaymobWebhookOptions = {}): Promise<PaymobSignedWebhook> {
  const obj = options.obj ?? paymobTransactionObject(options);
  const hmac = await computePaymobHmac(
    options.hmacSecret ?? TEST_CREDENTIALS.paymob.webhookSecret,
    paymobTransactionMessage(obj),
  );
  const body = {
    type: options.type ?? 'TRANSACTION',
    obj,
    issuer_bank: null,
    transaction_processed_callback_responses: '',
  };
  return {
    body: JSON.stringify(body),
    headers: { ...JSON_HEADERS },
    url: withHmac(options.url ?? PAYMOB_DEFAULT_CALLBACK_URL, hmac),
  };
}

export interface PaymobCardTokenOptions {
  hmacSecret?: string;
  url?: string;
  /** The saved card's token (default random). */
  token?: string;
  orderId?: number | string;
  email?: string;
  maskedPan?: string;
  cardSubtype?: string;
  createdAt?: string;
}

/** A card-token callback (`type: TOKEN`), signed with the card-token recipe. */
export async function paymobCardTokenWebhook(
  options: PaymobCardTokenOptions = {},
): Promise<PaymobSignedWebhook> {
  const obj: Record<string, unknown> = {
    id: paymobId(),
    token: options.token ?? shortId(56).toLowerCase(),
    masked_pan: options.maskedPan ?? 'xxxx-xxxx-xxxx-2346',
    merchant_id: 246_628,
    card_subtype: options.cardSubtype ?? 'MasterCard',
    created_at: options.createdAt ?? paymobTimestamp(),
    email: options.email ?? 'payer@example.com',
    order_id: String(options.orderId ?? paymobId()),
    user_added: false,
  };
  const hmac = await computePaymobHmac(
    options.hmacSecret ?? TEST_CREDENTIALS.paymob.webhookSecret,
    paymobCardTokenMessage(obj),
  );
  return {
    body: JSON.stringify({ type: 'TOKEN', obj }),
    headers: { ...JSON_HEADERS },
    url: withHmac(options.url ?? PAYMOB_DEFAULT_CALLBACK_URL, hmac),
  };
}

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * The query string of the browser redirect for a transaction object, as Paymob sends it: the
 * transaction flattened (`order` is the order id, `source_data.pan` and friends keep their dots),
 * `merchant_order_id`, then `hmac`.
 */
export async function paymobRedirectQuery(
  obj: Record<string, unknown>,
  hmacSecret: string = TEST_CREDENTIALS.paymob.webhookSecret,
): Promise<string> {
  const order = (obj['order'] ?? {}) as Record<string, unknown>;
  const source = (obj['source_data'] ?? {}) as Record<string, unknown>;
  const data = (obj['data'] ?? {}) as Record<string, unknown>;
  const query = new URLSearchParams();
  for (const key of [
    'id',
    'pending',
    'amount_cents',
    'success',
    'is_auth',
    'is_capture',
    'is_standalone_payment',
    'is_voided',
    'is_refunded',
    'is_3d_secure',
    'integration_id',
    'profile_id',
    'has_parent_transaction',
  ])
    query.set(key, text(obj[key]));
  query.set('order', text(order['id']));
  for (const key of [
    'created_at',
    'currency',
    'is_void',
    'is_refund',
    'error_occured',
    'refunded_amount_cents',
    'captured_amount',
    'owner',
  ])
    query.set(key, text(obj[key]));
  query.set('data.message', text(data['message']));
  query.set('source_data.type', text(source['type']));
  query.set('source_data.pan', text(source['pan']));
  query.set('source_data.sub_type', text(source['sub_type']));
  query.set('txn_response_code', text(data['txn_response_code']));
  query.set('merchant_order_id', text(order['merchant_order_id']));
  query.set('hmac', await computePaymobHmac(hmacSecret, paymobTransactionMessage(obj)));
  return query.toString();
}

export interface PaymobRedirectOptions extends PaymobTransactionOptions {
  hmacSecret?: string;
  /** The `redirection_url` (default `https://shop.example/paid`). */
  url?: string;
  obj?: Record<string, unknown>;
}

/** The URL Paymob sends the payer's browser to after paying (`redirection_url` + the transaction + `hmac`). */
export async function paymobRedirectUrl(options: PaymobRedirectOptions = {}): Promise<string> {
  const base = options.url ?? 'https://shop.example/paid';
  const query = await paymobRedirectQuery(
    options.obj ?? paymobTransactionObject(options),
    options.hmacSecret,
  );
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}
