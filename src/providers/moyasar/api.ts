/**
 * What Moyasar answers and sends: the endpoints, and zod schemas with only the fields paybridge
 * reads, every object loose (extra fields pass through to `raw`), statuses as plain strings (new
 * values must not break parsing; status.ts maps unknown ones to `pending`). Built on first use and
 * cached, so importing `paybridge/moyasar` builds nothing and does not even load zod (core/lazy.ts).
 * Error bodies are in errors.ts.
 */
import { pathSegment } from '../../core/input';
import { type LazyModule, lazySchemas } from '../../core/lazy';
import type * as z from './zod';

/** The zod functions the schemas are built from (./zod.ts). */
type Zod = typeof z;

/** Moyasar's API, version 1. */
export const MOYASAR_DEFAULT_BASE_URL = 'https://api.moyasar.com/v1';

/** The metadata key under which paybridge stores `reference` on every invoice it creates. */
export const REFERENCE_METADATA_KEY = 'paybridge_reference';

const segment = (value: string, field: string) => pathSegment(value, field, 'moyasar');

/** Endpoints below the base URL (`…/v1`). Ids are checked and encoded as one path segment. */
export const paths = {
  invoices: '/invoices',
  bulkInvoices: '/invoices/bulk',
  invoice: (invoiceId: string) => `/invoices/${segment(invoiceId, 'invoiceId')}`,
  payments: '/payments',
  cancelInvoice: (invoiceId: string) => `/invoices/${segment(invoiceId, 'invoiceId')}/cancel`,
  payment: (paymentId: string) => `/payments/${segment(paymentId, 'transactionId')}`,
  paymentOperation: (paymentId: string, operation: 'refund' | 'capture' | 'void') =>
    `/payments/${segment(paymentId, 'transactionId')}/${operation}`,
} as const;

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
    // http(s) only: the payer's browser is sent there.
    url: z.url({ protocol: /^https?$/ }),
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
  const paymentList = z.looseObject({ payments: z.array(payment), meta });
  const bulkInvoices = z.looseObject({ invoices: z.array(invoice) });

  return {
    payment,
    invoice,
    invoiceList,
    paymentList,
    bulkInvoices,
  };
}

/**
 * Webhook bodies: only what the event mapping reads (webhooks.ts). Objects in zod's default mode
 * check the keys they list and never visit the others, so the merchant's `metadata` (read for
 * paybridge's reference key only) and fields paybridge does not use cost nothing and cannot fail a
 * delivery. The event's `raw` is the parsed body. `secret_token` is checked before any of these.
 */
function buildWebhooks(z: Zod) {
  const amount = z.union([z.number(), z.string()]);
  const optionalAmount = z.nullish(amount);
  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));

  const envelope = z.object({
    id,
    type: z.string(),
    created_at: text,
    live: z.nullish(z.boolean()),
    data: z.unknown(),
  });

  /** `data` of payment events: what the status, amounts, ids, reference and message come from. */
  const payment = z.object({
    id,
    status: z.string(),
    amount,
    currency: z.string(),
    refunded: optionalAmount,
    captured: optionalAmount,
    invoice_id: text,
    metadata: z.nullish(z.object({ [REFERENCE_METADATA_KEY]: z.optional(z.unknown()) })),
    source: z.nullish(z.object({ message: text })),
  });

  /** `data` of `balance_transferred`: a transfer. */
  const transfer = z.object({ id, amount: optionalAmount, currency: text, status: text });

  /** `data` of `card_auth_*` events. */
  const cardAuthentication = z.object({ id });

  return { envelope, payment, transfer, cardAuthentication };
}

export type MoyasarWebhookSchemas = ReturnType<typeof buildWebhooks>;

/** The webhook schemas, built (and zod loaded) on the first `load()`, apart from the API's. */
export const webhookSchemas: LazyModule<MoyasarWebhookSchemas> = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  buildWebhooks,
);

export type MoyasarSchemas = ReturnType<typeof build>;

/**
 * The schemas: `schemas.load()` builds them on first call (loading zod); `schemas.ready()` returns
 * them without waiting once zod is loaded (undefined before).
 */
export const schemas: LazyModule<MoyasarSchemas> = /* @__PURE__ */ lazySchemas(() => import('./zod'), build);

/** A Moyasar payment object (one attempt to pay), as parsed: documented fields typed, the rest kept. */
export type MoyasarPaymentObject = z.output<MoyasarSchemas['payment']>;
/** A Moyasar invoice object, as parsed. */
export type MoyasarInvoice = z.output<MoyasarSchemas['invoice']>;
/** `GET /invoices`: a page of invoices and its `meta`. */
export type MoyasarInvoiceList = z.output<MoyasarSchemas['invoiceList']>;
/** `GET /payments`: a page of payments and its `meta`. */
export type MoyasarPaymentList = z.output<MoyasarSchemas['paymentList']>;
/** A webhook delivery's envelope (the event's `raw`, with `secret_token` redacted). */
export interface MoyasarWebhookEnvelope {
  id: string;
  type: string;
  created_at?: string | null | undefined;
  account_name?: string | null | undefined;
  live?: boolean | null | undefined;
  data?: unknown;
  [key: string]: unknown;
}
