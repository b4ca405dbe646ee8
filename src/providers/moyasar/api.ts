/**
 * zod schemas of what Moyasar answers and sends: only the fields paybridge reads, every object
 * loose (extra fields pass through to `raw`), statuses as plain strings (new values must not
 * break parsing; status.ts maps unknown ones to `pending`). Built on first use and cached, so
 * importing `paybridge/moyasar` builds nothing and does not even load zod (core/lazy.ts).
 */
import { type LazyModule, lazySchemas } from '../../core/lazy';
import { normalizeCurrencyCode, parseProviderAmount } from '../../core/money';
import type * as z from './zod';

/** The zod functions the schemas are built from (./zod.ts). */
type Zod = typeof z;

/** The metadata key under which paybridge stores `reference` on every invoice it creates. */
export const REFERENCE_METADATA_KEY = 'paybridge_reference';

function build(z: Zod) {
  /** Amounts are integers in the smallest currency unit; read as number or digit string, converted later. */
  const amount = z.union([z.number(), z.string()]);
  const optionalAmount = z.nullish(amount);
  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));
  const metadata = z.nullish(z.record(z.string(), z.unknown()));

  const source = z.nullish(
    z.looseObject({
      type: text,
      company: text,
      message: text,
    }),
  );

  const payment = z.looseObject({
    id,
    status: z.string(),
    amount,
    currency: z.string(),
    fee: optionalAmount,
    refunded: optionalAmount,
    captured: optionalAmount,
    invoice_id: text,
    description: text,
    metadata,
    source,
    created_at: text,
    updated_at: text,
  });

  const invoice = z.looseObject({
    id,
    status: z.string(),
    amount,
    currency: z.string(),
    description: text,
    url: z.string().check(z.minLength(1)),
    callback_url: text,
    success_url: text,
    back_url: text,
    expired_at: text,
    created_at: text,
    updated_at: text,
    metadata,
    /** Present on create, fetch and cancel; list items carry `payment_id` instead. */
    payments: z.nullish(z.array(payment)),
  });

  const page = z.nullish(z.number());
  const meta = z.nullish(
    z.looseObject({
      current_page: page,
      next_page: page,
      prev_page: page,
      total_pages: page,
      total_count: page,
    }),
  );

  const invoiceList = z.looseObject({ invoices: z.array(invoice), meta });
  const bulkInvoices = z.looseObject({ invoices: z.array(invoice) });

  /** The webhook envelope; `secret_token` is checked before this schema is applied. */
  const webhookEnvelope = z.looseObject({
    id,
    type: z.string(),
    created_at: text,
    account_name: text,
    live: z.nullish(z.boolean()),
    data: z.unknown(),
  });

  /** `data` of `balance_transferred`: a transfer. */
  const transfer = z.looseObject({
    id,
    amount: optionalAmount,
    currency: text,
    status: text,
  });

  /** `data` of `card_auth_*` events. */
  const cardAuthentication = z.looseObject({ id });

  /** An error body: `errors` is a map of message arrays (or single messages), a string, or null. */
  const errorBody = z.looseObject({
    type: text,
    message: text,
    errors: z.optional(
      z.union([
        z.record(z.string(), z.union([z.array(z.unknown()), z.string(), z.null()])),
        z.string(),
        z.null(),
      ]),
    ),
  });

  return {
    payment,
    invoice,
    invoiceList,
    bulkInvoices,
    webhookEnvelope,
    transfer,
    cardAuthentication,
    errorBody,
  };
}

export type MoyasarSchemas = ReturnType<typeof build>;

/**
 * The schemas: `schemas.load()` builds them on first call (loading zod); `schemas.ready()` returns
 * them without waiting once zod is loaded (undefined before).
 */
export const schemas: LazyModule<MoyasarSchemas> = lazySchemas(() => import('./zod'), build);

/** A Moyasar payment object (one attempt to pay), as parsed: documented fields typed, the rest kept. */
export type MoyasarPaymentObject = z.output<MoyasarSchemas['payment']>;
/** A Moyasar invoice object, as parsed. */
export type MoyasarInvoice = z.output<MoyasarSchemas['invoice']>;
/** `GET /invoices`: a page of invoices and its `meta`. */
export type MoyasarInvoiceList = z.output<MoyasarSchemas['invoiceList']>;
/** The webhook envelope, as parsed (without `secret_token`, which is checked before). */
export type MoyasarWebhookEnvelope = z.output<MoyasarSchemas['webhookEnvelope']>;
/** An error body. */
export type MoyasarErrorBody = z.output<MoyasarSchemas['errorBody']>;

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
