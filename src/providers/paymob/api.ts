/**
 * What Paymob answers and sends: the hosts per region, the endpoint paths, and zod schemas with only
 * the fields paybridge reads (loose objects: extra fields pass through to `raw`). Built on first use
 * and cached, so importing `paybridge/paymob` builds nothing and loads no zod (core/lazy.ts). Error
 * bodies are in errors.ts.
 */
import { pathSegment } from '../../core/input';
import { type LazyModule, lazySchemas } from '../../core/lazy';
import type * as z from './zod';

type Zod = typeof z;

/**
 * Paymob's host per region (test and live share a host; the keys and integration ids decide the
 * mode). Egypt, Saudi Arabia, the UAE and Oman are in Paymob's official Postman collection;
 * Pakistan only in Paymob's WooCommerce plugin (fact sheet: [UNCONFIRMED] that every endpoint
 * exists there).
 */
export const PAYMOB_REGIONS = Object.freeze({
  egypt: 'https://accept.paymob.com',
  ksa: 'https://ksa.paymob.com',
  uae: 'https://uae.paymob.com',
  oman: 'https://oman.paymob.com',
  pakistan: 'https://pakistan.paymob.com',
});

/** A region of `PAYMOB_REGIONS`. */
export type PaymobRegion = keyof typeof PAYMOB_REGIONS;

/** The default host (Egypt), used when neither `region` nor `baseUrl` is set and the key names no country. */
export const PAYMOB_DEFAULT_BASE_URL = PAYMOB_REGIONS.egypt;

/**
 * The country prefix of Paymob's keys (`egy_sk_test_…`) → region, as Paymob's official plugin
 * reads them (its first three characters).
 */
export const PAYMOB_KEY_REGIONS: Readonly<Record<string, PaymobRegion>> = Object.freeze({
  egy: 'egypt',
  ksa: 'ksa',
  sau: 'ksa',
  are: 'uae',
  uae: 'uae',
  omn: 'oman',
  pak: 'pakistan',
});

const segment = (value: string, field: string) => pathSegment(value, field, 'paymob');

/** Endpoints below the host. Ids are checked and encoded as one path segment. */
export const paths = {
  authToken: '/api/auth/tokens',
  intention: '/v1/intention/',
  transactionInquiry: '/api/ecommerce/orders/transaction_inquiry',
  order: (orderId: string) => `/api/ecommerce/orders/${segment(orderId, 'paymentId')}`,
  transaction: (transactionId: string) =>
    `/api/acceptance/transactions/${segment(transactionId, 'transactionId')}`,
  refund: '/api/acceptance/void_refund/refund',
  void: '/api/acceptance/void_refund/void',
  capture: '/api/acceptance/capture',
  unifiedCheckout: '/unifiedcheckout/',
} as const;

function build(z: Zod) {
  const id = z.union([z.number(), z.string().check(z.minLength(1))]);
  /** Minor units, read exactly later (a number or a digit string). */
  const amount = z.union([z.number(), z.string()]);
  const flag = z.nullish(z.boolean());
  const text = z.nullish(z.string());

  const token = z.looseObject({ token: z.string().check(z.minLength(1)) });

  const intention = z.looseObject({
    id: z.string().check(z.minLength(1)),
    client_secret: z.string().check(z.minLength(1)),
    intention_order_id: id,
    special_reference: text,
    status: text,
    created: text,
    intention_detail: z.nullish(z.looseObject({ amount: z.nullish(amount), currency: text })),
  });

  const order = z.looseObject({
    id,
    amount_cents: z.nullish(amount),
    currency: text,
    merchant_order_id: z.nullish(z.union([z.string(), z.number()])),
  });

  /** A transaction (inquiry answers, refund/void/capture answers; the same shape as a callback's `obj`). */
  const transaction = z.looseObject({
    id,
    amount_cents: amount,
    currency: z.string(),
    success: flag,
    pending: flag,
    is_auth: flag,
    is_capture: flag,
    is_captured: flag,
    is_voided: flag,
    is_refunded: flag,
    is_void: flag,
    is_refund: flag,
    has_parent_transaction: flag,
    error_occured: flag,
    is_live: flag,
    refunded_amount_cents: z.nullish(amount),
    captured_amount: z.nullish(amount),
    parent_transaction: z.nullish(z.unknown()),
    created_at: text,
    order: z.nullish(z.union([order, id])),
    data: z.nullish(z.looseObject({ message: z.nullish(z.unknown()) })),
  });

  return { token, intention, order, transaction };
}

export type PaymobSchemas = ReturnType<typeof build>;

/** The schemas, built on the first `load()` (which loads zod). */
export const schemas: LazyModule<PaymobSchemas> = /* @__PURE__ */ lazySchemas(() => import('./zod'), build);

/** An intention as `POST /v1/intention/` answers it, parsed. */
export type PaymobIntention = z.output<PaymobSchemas['intention']>;
/** A transaction object, parsed. */
export type PaymobTransactionObject = z.output<PaymobSchemas['transaction']>;
/** An order object, parsed. */
export type PaymobOrderObject = z.output<PaymobSchemas['order']>;
