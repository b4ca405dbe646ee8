/**
 * What Tap answers: the endpoints below `https://api.tap.company/v2`, and zod schemas with only
 * the fields paybridge reads, every object loose (extra fields pass through to `raw`), statuses as
 * plain strings (status.ts maps values it does not know to `pending`). Built on first use and
 * cached: importing `paybridge/tap` builds nothing and does not load zod (core/lazy.ts). Error
 * bodies are in errors.ts.
 */
import { pathSegment } from '../../core/input';
import { type LazyModule, lazySchemas } from '../../core/lazy';
import type * as z from './zod';

/** Tap's API, version 2: the version is part of the base URL, as Moyasar's `…/v1` is. */
export const TAP_DEFAULT_BASE_URL = 'https://api.tap.company/v2';

/** The source that opens Tap's hosted page with every method enabled for the merchant. */
export const TAP_HOSTED_SOURCE = 'src_all';

const segment = (value: string, field: string) => pathSegment(value, field, 'tap');

/** Endpoints below the base URL (`…/v2`). Ids are checked and encoded as one path segment. */
export const paths = {
  charges: '/charges',
  charge: (chargeId: string) => `/charges/${segment(chargeId, 'chargeId')}`,
  authorizations: '/authorize',
  authorization: (authorizeId: string) => `/authorize/${segment(authorizeId, 'authorizeId')}`,
  voidAuthorization: (authorizeId: string) => `/authorize/${segment(authorizeId, 'authorizeId')}/void`,
  refunds: '/refunds',
  refund: (refundId: string) => `/refunds/${segment(refundId, 'refundId')}`,
  invoice: (invoiceId: string) => `/invoices/${segment(invoiceId, 'invoiceId')}`,
  /** The documented lists: a POST with the filters and the cursor in the body. */
  chargeList: '/charges/list',
  authorizationList: '/authorize/list',
  refundList: '/refunds/list',
} as const;

function build(z: typeof import('./zod')) {
  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));
  /** Major units, as a JSON number (`1.0`) or, defensively, a decimal string. */
  const amount = z.union([z.number(), z.string()]);
  /** Epoch milliseconds: a string in charges (`"1698392202943"`), a number elsewhere. */
  const epoch = z.nullish(z.union([z.string(), z.number()]));
  const response = z.nullish(
    z.looseObject({ code: z.nullish(z.union([z.string(), z.number()])), message: text }),
  );
  const reference = z.nullish(
    z.looseObject({
      transaction: text,
      order: text,
      gateway: text,
      payment: text,
      merchant: text,
      invoice: text,
    }),
  );
  const link = z.nullish(z.looseObject({ url: text }));

  /** A charge or an authorization (same shape; `object` tells them apart). */
  const charge = z.looseObject({
    id,
    object: text,
    status: z.string(),
    amount,
    currency: z.string(),
    live_mode: z.nullish(z.boolean()),
    transaction: z.nullish(
      z.looseObject({
        url: text,
        created: epoch,
        expiry: z.nullish(z.looseObject({ period: z.nullish(z.number()), type: text })),
      }),
    ),
    reference,
    response,
    customer: z.nullish(z.looseObject({ id: text })),
    source: z.nullish(z.looseObject({ id: text })),
    redirect: link,
    post: link,
  });

  const refund = z.looseObject({
    id,
    object: text,
    status: z.string(),
    amount,
    currency: z.string(),
    charge_id: text,
    created: epoch,
    reason: text,
    reference,
    response,
  });

  const invoice = z.looseObject({
    id,
    object: text,
    status: z.string(),
    amount,
    currency: z.string(),
    url: text,
    created: epoch,
    updated: epoch,
    reference,
  });

  /**
   * A list answer: `{ object: "list", has_more, count, charges: […] }` for charges; the array's
   * name in the other lists is read in lists.ts.
   */
  const list = z.looseObject({ has_more: z.nullish(z.boolean()) });

  return { charge, refund, invoice, list, charges: z.array(charge), refunds: z.array(refund) };
}

/**
 * Webhook bodies: what verification (signature.ts) and the event mapping (webhooks.ts) read, and
 * nothing else. Objects in zod's default mode check the keys they list and never visit the others
 * (`metadata`, `customer`, the URLs), so fields paybridge does not use cost nothing and cannot fail
 * a delivery; the event's `raw` is the parsed body.
 */
function buildWebhooks(z: typeof import('./zod')) {
  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));
  const amount = z.union([z.number(), z.string()]);
  const epoch = z.nullish(z.union([z.string(), z.number()]));
  const response = z.nullish(z.object({ code: z.nullish(z.union([z.string(), z.number()])), message: text }));
  /** The references: `gateway` and `payment` are signed, `transaction`, `order` and `invoice` are yours. */
  const reference = z.nullish(
    z.object({ transaction: text, order: text, gateway: text, payment: text, invoice: text }),
  );
  const signed = { id, object: text, status: z.string(), amount, currency: z.string(), reference };

  const charge = z.object({
    ...signed,
    live_mode: z.nullish(z.boolean()),
    transaction: z.nullish(z.object({ created: epoch })),
    response,
  });
  const refund = z.object({ ...signed, charge_id: text, created: epoch, response });
  const invoice = z.object({ ...signed, created: epoch, updated: epoch });
  return { charge, refund, invoice };
}

export type TapSchemas = ReturnType<typeof build>;
export type TapWebhookSchemas = ReturnType<typeof buildWebhooks>;

/** The webhook schemas, built (and zod loaded) on the first `load()`, apart from the API's. */
export const webhookSchemas: LazyModule<TapWebhookSchemas> = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  buildWebhooks,
);

/** The schemas, built (and zod loaded) on the first `load()`. */
export const schemas: LazyModule<TapSchemas> = /* @__PURE__ */ lazySchemas(() => import('./zod'), build);

/** A Tap charge or authorization object, as parsed: the fields paybridge reads typed, the rest kept. */
export type TapChargeObject = z.output<TapSchemas['charge']>;
/** A Tap refund object, as parsed. */
export type TapRefundObject = z.output<TapSchemas['refund']>;
/** A Tap invoice object, as parsed. */
export type TapInvoiceObject = z.output<TapSchemas['invoice']>;
