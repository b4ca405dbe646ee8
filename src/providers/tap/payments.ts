/**
 * Tap's answers in unified terms: a charge or authorization as a `TapLink` or a `TapPayment`, an
 * invoice as a `TapPayment`, a refund as a `TapRefund`. Amounts are major-unit decimals read
 * exactly into integer minor units (`parseProviderAmount`); an unreadable one is an
 * `InvalidResponseError`.
 */
import { InvalidResponseError } from '../../core/errors';
import { type CurrencyOptions, normalizeCurrencyCode, parseProviderAmount } from '../../core/money';
import { readAnswer } from '../../core/response';
import type { TapChargeObject, TapInvoiceObject, TapRefundObject } from './api';
import { statusRow, type TapObjectKind } from './status';
import type { TapLink, TapPayment, TapRefund } from './types';

const PROVIDER = 'tap';

/** A major-unit amount Tap sent → minor units of `currency` (throws the core's errors). */
export function readAmount(
  value: number | string,
  currency: string,
  exponents: CurrencyOptions,
): {
  amount: number;
  currency: string;
} {
  return parseProviderAmount(value, normalizeCurrencyCode(currency), { ...exponents, unit: 'major' });
}

/** Runs the reading of a 2xx body; what cannot be read becomes `InvalidResponseError`. */
const fromResponse = <T>(what: string, read: () => T): T => readAnswer(PROVIDER, 'Tap', what, read);

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/** The merchant reference paybridge sent (`reference.transaction`, else `reference.order`). */
export function referenceOf(object: {
  reference?: { transaction?: string | null; order?: string | null } | null | undefined;
}): string | undefined {
  return present(object.reference?.transaction) ?? present(object.reference?.order);
}

/** Epoch milliseconds (a string of digits or a number) → a Date, or undefined. */
export function epochDate(value: string | number | null | undefined): Date | undefined {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,15}$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isSafeInteger(ms) ? new Date(ms) : undefined;
}

/** When a charge's hosted page stops taking payments: created + `transaction.expiry.period` minutes. */
function expiresAtOf(charge: TapChargeObject): Date | undefined {
  const created = epochDate(charge.transaction?.created);
  const expiry = charge.transaction?.expiry;
  const period = expiry?.period;
  if (created === undefined || typeof period !== 'number' || !Number.isSafeInteger(period)) return undefined;
  if (expiry?.type !== undefined && expiry.type !== null && expiry.type.toUpperCase() !== 'MINUTE')
    return undefined;
  return new Date(created.getTime() + period * 60_000);
}

const httpUrl = (value: string | null | undefined): string | undefined =>
  typeof value === 'string' && /^https?:\/\//i.test(value) && URL.canParse(value) ? value : undefined;

/** A created charge or authorization as a link: its hosted page is `transaction.url`. */
export function toLink(
  charge: TapChargeObject,
  object: 'charge' | 'authorize',
  fallbackReference: string,
  exponents: CurrencyOptions,
): TapLink {
  const { amount, currency } = fromResponse(`a ${object}`, () =>
    readAmount(charge.amount, charge.currency, exponents),
  );
  const url = httpUrl(charge.transaction?.url);
  if (url === undefined) {
    throw new InvalidResponseError(
      `Tap created ${object} ${charge.id} (status ${charge.status}) without a hosted page (transaction.url http(s)); ` +
        "check the source: only src_… sources open Tap's hosted page.",
      { provider: PROVIDER, path: 'transaction.url' },
    );
  }
  return {
    provider: PROVIDER,
    object,
    id: charge.id,
    url,
    status: statusRow(object, charge.status).status,
    amount,
    currency,
    reference: referenceOf(charge) ?? fallbackReference,
    expiresAt: expiresAtOf(charge),
    raw: charge,
  };
}

/** A charge or authorization as the payment `getPayment`, `capture` and `void` return. */
export function chargeToPayment(
  charge: TapChargeObject,
  object: 'charge' | 'authorize',
  exponents: CurrencyOptions,
): TapPayment {
  const { amount, currency } = fromResponse(`a ${object}`, () =>
    readAmount(charge.amount, charge.currency, exponents),
  );
  const status = statusRow(object, charge.status).status;
  return {
    provider: PROVIDER,
    object,
    id: charge.id,
    status,
    providerStatus: charge.status,
    amount,
    currency,
    reference: referenceOf(charge),
    // A charge moves its whole amount when captured; an authorization's capture may be partial
    // (it is a charge of its own), so its captured amount is not known here.
    capturedAmount: object === 'charge' ? (status === 'succeeded' ? amount : 0) : undefined,
    url: httpUrl(charge.transaction?.url),
    responseCode:
      charge.response?.code === null || charge.response?.code === undefined
        ? undefined
        : String(charge.response.code),
    message: present(charge.response?.message),
    live: charge.live_mode ?? undefined,
    raw: charge,
  };
}

/** An invoice as the payment `getPayment('inv_…')` returns. */
export function invoiceToPayment(invoice: TapInvoiceObject, exponents: CurrencyOptions): TapPayment {
  const { amount, currency } = fromResponse('an invoice', () =>
    readAmount(invoice.amount, invoice.currency, exponents),
  );
  return {
    provider: PROVIDER,
    object: 'invoice',
    id: invoice.id,
    status: statusRow('invoice', invoice.status).status,
    providerStatus: invoice.status,
    amount,
    currency,
    reference: present(invoice.reference?.order) ?? present(invoice.reference?.invoice),
    url: httpUrl(invoice.url),
    responseCode: undefined,
    message: undefined,
    live: undefined,
    raw: invoice,
  };
}

/** A refund object. */
export function toRefund(refund: TapRefundObject, exponents: CurrencyOptions): TapRefund {
  const { amount, currency } = fromResponse('a refund', () =>
    readAmount(refund.amount, refund.currency, exponents),
  );
  return {
    provider: PROVIDER,
    operation: 'refund',
    id: refund.id,
    chargeId: present(refund.charge_id),
    outcome: statusRow('refund', refund.status).outcome,
    providerStatus: refund.status,
    amount,
    currency,
    reason: present(refund.reason),
    message: present(refund.response?.message),
    raw: refund,
  };
}

/** `getPayment` routes by prefix: `auth_…` authorizations, `inv_…` invoices, anything else a charge. */
export function paymentKindOf(id: string): Exclude<TapObjectKind, 'refund'> {
  if (id.startsWith('auth_')) return 'authorize';
  if (id.startsWith('inv_')) return 'invoice';
  return 'charge';
}
