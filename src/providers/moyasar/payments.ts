/**
 * Moyasar's answers in unified terms: an invoice as a `PaymentLink` or a `Payment` (refined by its
 * decisive payment), a payment as a `MoyasarTransaction`. Amounts are integers in minor units,
 * read exactly; an unreadable one is an `InvalidResponseError`.
 */
import { normalizeCurrencyCode, parseProviderAmount } from '../../core/money';
import { readAnswer } from '../../core/response';
import type { PaymentLink } from '../../core/types';
import { type MoyasarInvoice, type MoyasarPaymentObject, REFERENCE_METADATA_KEY } from './api';
import { capturedAmountOf, decisivePayment, invoiceStatusOf, paymentStatusOf } from './status';
import type { MoyasarInvoicePayment, MoyasarTransaction } from './types';

const PROVIDER = 'moyasar';

/** The merchant reference paybridge stored in `metadata`, if any. */
export function referenceOf(metadata: Record<string, unknown> | null | undefined): string | undefined {
  const value = metadata?.[REFERENCE_METADATA_KEY];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads an amount Moyasar sent (integer minor units, as a number or a digit string). Throws the
 * core's `InvalidRequestError` for anything else; callers turn it into the error of their context.
 */
export function readAmount(value: number | string, currency: string, field: string): number {
  return parseProviderAmount(value, currency, { unit: 'minor', field }).amount;
}

/** A payment's status and amounts as integers: what status.ts and the mappers work from. */
export interface PaymentFigures {
  id: string;
  status: string;
  currency: string;
  amount: number;
  refunded: number | undefined;
  captured: number | undefined;
  fee: number | undefined;
  created_at: string | null | undefined;
}

/** The figures of a parsed payment object (throws as `readAmount` does). */
export function paymentFigures(payment: MoyasarPaymentObject): PaymentFigures {
  const currency = normalizeCurrencyCode(payment.currency);
  const optional = (value: number | string | null | undefined, field: string) =>
    value === null || value === undefined ? undefined : readAmount(value, currency, field);
  return {
    id: payment.id,
    status: payment.status,
    currency,
    amount: readAmount(payment.amount, currency, 'amount'),
    refunded: optional(payment.refunded, 'refunded'),
    captured: optional(payment.captured, 'captured'),
    fee: optional(payment.fee, 'fee'),
    created_at: payment.created_at,
  };
}

/** Runs the reading of a 2xx body; what cannot be read becomes `InvalidResponseError`. */
const fromResponse = <T>(what: string, read: () => T): T => readAnswer(PROVIDER, 'Moyasar', what, read);

export interface InvoiceView {
  invoice: MoyasarInvoice;
  currency: string;
  amount: number;
  decisive: PaymentFigures | undefined;
}

/** An invoice's currency, amount and decisive payment, read exactly. */
export function viewInvoice(invoice: MoyasarInvoice): InvoiceView {
  return fromResponse('an invoice', () => {
    const currency = normalizeCurrencyCode(invoice.currency);
    const payments = (invoice.payments ?? []).map(paymentFigures);
    return {
      invoice,
      currency,
      amount: readAmount(invoice.amount, currency, 'amount'),
      decisive: decisivePayment(payments),
    };
  });
}

function toDate(value: string | null | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An invoice as a link. */
export function toLink(invoice: MoyasarInvoice, fallbackReference?: string): PaymentLink<'moyasar'> {
  const view = viewInvoice(invoice);
  return {
    provider: PROVIDER,
    id: invoice.id,
    url: invoice.url,
    status: invoiceStatusOf(invoice.status, view.decisive),
    amount: view.amount,
    currency: view.currency,
    reference: referenceOf(invoice.metadata) ?? fallbackReference ?? '',
    expiresAt: toDate(invoice.expired_at),
    raw: invoice,
  };
}

/** An invoice as the payment `getPayment` returns. */
export function toInvoicePayment(invoice: MoyasarInvoice): MoyasarInvoicePayment {
  const view = viewInvoice(invoice);
  const decisive = view.decisive;
  return {
    provider: PROVIDER,
    id: invoice.id,
    status: invoiceStatusOf(invoice.status, decisive),
    providerStatus: invoice.status,
    amount: view.amount,
    currency: view.currency,
    reference: referenceOf(invoice.metadata),
    capturedAmount: decisive ? capturedAmountOf(decisive) : 0,
    refundedAmount: decisive ? (decisive.refunded ?? 0) : 0,
    transactionId: decisive?.id,
    url: invoice.url,
    raw: invoice,
  };
}

/** A Moyasar payment object as a transaction. */
export function toTransaction(payment: MoyasarPaymentObject): MoyasarTransaction {
  const figures = fromResponse('a payment', () => paymentFigures(payment));
  return {
    provider: PROVIDER,
    id: payment.id,
    invoiceId: payment.invoice_id ?? undefined,
    status: paymentStatusOf(figures),
    providerStatus: payment.status,
    amount: figures.amount,
    currency: figures.currency,
    reference: referenceOf(payment.metadata),
    capturedAmount: capturedAmountOf(figures),
    refundedAmount: figures.refunded ?? 0,
    fee: figures.fee,
    message: payment.source?.message ?? undefined,
    raw: payment,
  };
}

/** The most recently created invoice (by `created_at`), or undefined. */
export function newest(invoices: MoyasarInvoice[]): MoyasarInvoice | undefined {
  let best: MoyasarInvoice | undefined;
  for (const invoice of invoices) {
    if (best === undefined || (invoice.created_at ?? '') > (best.created_at ?? '')) best = invoice;
  }
  return best;
}
