/**
 * What Money-Go answers: its hosts, the endpoints, and zod schemas that are minimal, tolerant of
 * extra fields, and built on first use (so importing `paybridge/moneygo` does not construct them,
 * nor load zod: core/lazy.ts). Error bodies are in errors.ts.
 */
import { type LazyModule, lazySchemas } from '../../core/lazy';
import type * as z from './zod';

/** Money-Go's hosts. The test host comes from Money-Go's PHP SDK and is not in its public docs [UNCONFIRMED]. */
export const MONEYGO_BASE_URLS = Object.freeze({
  production: 'https://api.money-go.com',
  test: 'https://api.money-go-test.com',
});

/** Endpoints below the host. */
export const paths = {
  token: '/token',
  checkout: '/api/processing/checkout',
  transactionShow: '/api/transaction/show',
  walletExists: '/api/wallet-exists',
  transfer: '/api/transaction/transfer',
} as const;

/** The zod functions the schemas are built from (./zod.ts). */
type Zod = typeof z;

function build(z: Zod) {
  /** A JSON number or a decimal string (PHP sends either, depending on the endpoint). */
  const amountValue = () => z.union([z.number(), z.string()]);

  /** Documented as a boolean; PHP integrations also produce 0/1 and "0"/"1". Read with `isCancelled` (status.ts). */
  const cancelFlag = () => z.union([z.boolean(), z.number(), z.string()]);

  /** An id Money-Go may write as a number or a string. */
  const idValue = () => z.pipe(z.union([z.number(), z.string()]), z.transform(String));

  const nonEmpty = () => z.string().check(z.minLength(1));

  /** `[]` (PHP's empty array), where an object is expected and there is none. */
  const emptyArray = () => z.array(z.unknown()).check(z.maxLength(0));

  const text = z.nullish(z.string());

  const token = z.looseObject({
    access_token: nonEmpty(),
    token_type: z.optional(z.string()),
    /** Seconds; a string of digits is accepted too. Absent: see `DEFAULT_TOKEN_LIFETIME_SECONDS`. */
    expires_in: z.optional(
      z.union([
        z.number().check(z.int(), z.nonnegative()),
        z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)),
      ]),
    ),
  });

  const checkout = z.looseObject({
    status: z.optional(z.boolean()),
    data: z.looseObject({
      url: z.url({ protocol: /^https?$/ }),
      expired_at: text,
    }),
  });

  const currency = z.looseObject({
    code: nonEmpty(),
    /** Money-Go's spelling: the number of decimals of the currency. */
    precession: z.nullish(z.number().check(z.int(), z.nonnegative())),
  });

  /** `data` of `/api/wallet-exists`: the wallets, or empty (`[]`, `{}`, `null`) when there is no such wallet. */
  const walletExists = z.looseObject({
    status: z.optional(z.boolean()),
    data: z.nullish(
      z.union([
        z.looseObject({
          wallet_to_id: z.nullish(idValue()),
          number_to: text,
          wallet_from_id: z.nullish(idValue()),
          number_from: text,
          currency: z.nullish(z.union([currency, z.string()])),
        }),
        emptyArray(),
      ]),
    ),
  });

  const processingPay = z.looseObject({
    payment_id: text,
    transaction_id: z.nullish(idValue()),
    wallet_from: text,
    wallet_to: text,
    currency_to: text,
    currency_from: text,
    amount: z.nullish(amountValue()),
    status: text,
    cancel: z.nullish(cancelFlag()),
  });

  const transaction = z.looseObject({
    id: idValue(),
    external_id: text,
    amount: amountValue(),
    commission: z.nullish(amountValue()),
    type: text,
    status: z.string(),
    currency: z.nullish(z.union([currency, nonEmpty()])),
    processing_pay: z.nullish(processingPay),
  });

  /** `data` of `/api/transaction/show`: a transaction, or empty when none has that id. */
  const transactionShow = z.looseObject({
    status: z.optional(z.boolean()),
    data: z.nullish(z.union([transaction, emptyArray()])),
  });

  /** `/api/transaction/transfer`: not documented beyond `status`; `data` is read where it looks like a transaction. */
  const transfer = z.looseObject({
    status: z.optional(z.boolean()),
    data: z.optional(z.unknown()),
  });

  const transferData = z.looseObject({
    id: z.optional(idValue()),
    external_id: text,
    status: text,
  });

  return { token, checkout, walletExists, transaction, transactionShow, transfer, transferData };
}

/**
 * The webhook body: only what verification and mapping read (webhooks.ts). An object in zod's
 * default mode: the keys listed are checked, the others are never visited (they stay in `raw`, the
 * parsed body).
 */
function buildWebhooks(z: Zod) {
  const amountValue = () => z.union([z.number(), z.string()]);
  const nonEmpty = () => z.string().check(z.minLength(1));
  const text = z.nullish(z.string());
  const webhook = z.object({
    payment_id: z.union([nonEmpty(), z.pipe(z.number(), z.transform(String))]),
    signature: z.optional(z.unknown()),
    transaction_id: z.nullish(z.pipe(z.union([z.number(), z.string()]), z.transform(String))),
    wallet_from: nonEmpty(),
    wallet_to: nonEmpty(),
    currency_to: nonEmpty(),
    currency_from: text,
    amount: amountValue(),
    commission: z.nullish(amountValue()),
    status: text,
    cancel: z.nullish(z.union([z.boolean(), z.number(), z.string()])),
  });
  return { webhook };
}

export type MoneyGoSchemas = ReturnType<typeof build>;
export type MoneyGoWebhookSchemas = ReturnType<typeof buildWebhooks>;

/** The webhook schema, built (and zod loaded) on the first `load()`, apart from the API's. */
export const webhookSchemas: LazyModule<MoneyGoWebhookSchemas> = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  buildWebhooks,
);

/**
 * The schemas: `schemas.load()` builds them on first call (loading zod); `schemas.ready()` returns
 * them without waiting once zod is loaded (undefined before).
 */
export const schemas: LazyModule<MoneyGoSchemas> = /* @__PURE__ */ lazySchemas(() => import('./zod'), build);

export type MoneyGoTransactionData = z.output<MoneyGoSchemas['transaction']>;
export type MoneyGoWebhookBody = z.output<MoneyGoWebhookSchemas['webhook']>;
