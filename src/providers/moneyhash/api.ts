/**
 * What MoneyHash sends and answers: endpoint paths and zod schemas. The schemas are minimal and
 * loose (extra fields pass through untouched) and built on first use, so importing the adapter
 * costs nothing (it does not even load zod: core/lazy.ts).
 *
 * Sources of the endpoints: MoneyHash's public API docs unless marked "Magento plugin", which means
 * the path is only known from MoneyHash's own Magento 2 module (no doc page describes it).
 */
import { pathSegment } from '../../core/input';
import { type LazyModule, lazySchemas } from '../../core/lazy';
import type * as z from './zod';

/** The zod functions the schemas are built from (./zod.ts). */
type Zod = typeof z;

/** Production API host. Test or live is decided by the API key, not the host. */
export const DEFAULT_BASE_URL = 'https://web.moneyhash.io';

/** Create a payment intent (the hosted link). Source: MoneyHash docs (v1.1; v1.4 takes the same body). */
export const CREATE_INTENT_PATH = '/api/v1.1/payments/intent/';

/**
 * Retrieve an intent. Source: Magento plugin (v1.4). [UNCONFIRMED] whether v1.1 serves the same path,
 * so v1.4 is used.
 */
export const intentPath = (intentId: string): string =>
  `/api/v1.4/payments/intent/${enc(intentId, 'intentId')}/`;

/** Close (cancel) an intent: it becomes `CLOSED` and MoneyHash sends `intent.closed`. Source: MoneyHash docs (v1.4). */
export const closeIntentPath = (intentId: string): string =>
  `/api/v1.4/payments/intent/${enc(intentId, 'intentId')}/close/`;

/** Capture an authorized transaction, `{ amount }`. Source: MoneyHash docs (v1.1). Takes the transaction id. */
export const captureTransactionPath = (transactionId: string): string =>
  `/api/v1.1/payments/transactions/${enc(transactionId, 'transactionId')}/capture/`;

/**
 * Void an authorized transaction. Source: Magento plugin (v1.4), no doc page. [UNCONFIRMED]
 * Takes the transaction id.
 */
export const voidTransactionPath = (transactionId: string): string =>
  `/api/v1.4/payments/transactions/${enc(transactionId, 'transactionId')}/void/`;

/**
 * Refund a captured transaction, `{ amount, amount_currency }`. Source: Magento plugin (v1.4), no doc
 * page. [UNCONFIRMED] Takes the transaction id.
 */
export const refundTransactionPath = (transactionId: string): string =>
  `/api/v1.4/payments/transactions/${enc(transactionId, 'transactionId')}/refund/`;

/** The organisation's webhook signature secret (`data.webhook_signature_secret`). Source: MoneyHash docs. */
export const WEBHOOK_SIGNATURE_KEY_PATH = '/api/v1/organizations/get-webhook-signature-key/';

/** The header that carries the request's idempotency key (sent by Lago; [UNCONFIRMED] in MoneyHash's docs). */
export const IDEMPOTENCY_HEADER = 'X-Idempotency-Key';

/** The header that carries the API key. */
export const API_KEY_HEADER = 'X-Api-Key';

/** The webhook signature header (read case-insensitively). */
export const SIGNATURE_HEADER = 'MoneyHash-Signature';

/** An id as a path segment: `..`, `/`, `?`, `#` are refused before any request (core/input.ts). */
function enc(id: string, field: string): string {
  return pathSegment(id, field, 'moneyhash');
}

function build(z: Zod) {
  // -------------------------------------------------------------------------------------------
  // Shared pieces
  // -------------------------------------------------------------------------------------------

  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));
  const flag = z.nullish(z.boolean());
  const numberOrString = z.union([z.number(), z.string()]);

  /** An amount as MoneyHash writes it: `50`, `"50.00"` or `{ value: "50.00", currency: "EGP", … }`. */
  const amount = z.union([z.number(), z.string(), z.looseObject({ value: numberOrString, currency: text })]);
  const optionalAmount = z.nullish(amount);

  /** `intent.payment_status`: the authorization/capture state and running balances. */
  const paymentStatus = z.looseObject({
    status: text,
    balances: z.nullish(
      z.looseObject({
        total_authorized: optionalAmount,
        total_captured: optionalAmount,
        total_refunded: optionalAmount,
        total_voided: optionalAmount,
        available_to_capture: optionalAmount,
        available_to_refund: optionalAmount,
        available_to_void: optionalAmount,
      }),
    ),
  });

  const customFields = z.nullish(z.record(z.string(), z.unknown()));

  /** A transaction as the intent object embeds it (`active_transaction`, `transactions_history[]`). */
  const embeddedTransaction = z.looseObject({
    id: z.string(),
    status: text,
    amount: optionalAmount,
    amount_currency: text,
    custom_fields: customFields,
    merchant_reference: text,
    custom_message: text,
    created: text,
  });

  /** The intent object of the intent webhooks and of `GET …/intent/{id}/`. */
  const intent = z.looseObject({
    id,
    status: z.string(),
    amount: optionalAmount,
    amount_currency: text,
    custom_fields: customFields,
    merchant_reference: text,
    active_transaction: z.nullish(embeddedTransaction),
    payment_status: z.nullish(paymentStatus),
    is_live: flag,
    created: text,
    expiration_date: text,
  });

  const operation = z.looseObject({
    id: text,
    type: text,
    status: text,
    amount: optionalAmount,
    latest_status: z.nullish(
      z.looseObject({
        id: text,
        value: text,
        code: z.nullish(z.union([z.string(), z.number()])),
        message: text,
        created: text,
      }),
    ),
    statuses: z.nullish(z.array(z.looseObject({ id: text, value: text, created: text }))),
  });
  const operations = z.nullish(z.array(operation));

  // -------------------------------------------------------------------------------------------
  // API answers. Every answer is the envelope { status: { code, message, errors }, data }.
  // -------------------------------------------------------------------------------------------

  /** `POST /api/v1.1/payments/intent/` → `data.id` (intent id) and `data.embed_url` (hosted page). */
  const createIntentResponse = z.looseObject({
    data: z.looseObject({
      id,
      // http(s) only: the payer's browser is sent there.
      embed_url: z.url({ protocol: /^https?$/ }),
      status: text,
    }),
  });

  /** `GET …/intent/{id}/`: `data.intent` (Magento plugin reads it there) or, tolerated, the intent as `data`. */
  const wrappedIntent = z.looseObject({ intent });
  const getIntentResponse = z.looseObject({
    data: z.union([
      z.pipe(
        wrappedIntent,
        z.transform((d: z.output<typeof wrappedIntent>) => d.intent),
      ),
      intent,
    ]),
  });

  /** `POST …/close/`: the closed intent, wherever it is in `data`. Only the envelope is required. */
  const closedIntent = z.looseObject({ id: text, status: text });
  const wrappedClosedIntent = z.looseObject({ intent: closedIntent });
  const closeIntentResponse = z.looseObject({
    data: z.nullish(
      z.union([
        z.pipe(
          wrappedClosedIntent,
          z.transform((d: z.output<typeof wrappedClosedIntent>) => d.intent),
        ),
        closedIntent,
      ]),
    ),
  });

  /** Capture / void / refund answers: an update of the intent and its transaction, read loosely. */
  const transactionOperationResponse = z.looseObject({
    data: z.nullish(
      z.looseObject({
        id: text,
        intent: z.nullish(z.union([z.looseObject({ id: text }), z.string()])),
        intent_id: text,
        transaction: z.nullish(z.looseObject({ id: text, operations })),
        operations,
      }),
    ),
  });

  /** `GET /api/v1/organizations/get-webhook-signature-key/` → `data.webhook_signature_secret`. */
  const webhookSecretResponse = z.looseObject({
    data: z.looseObject({ webhook_signature_secret: z.string().check(z.minLength(1)) }),
  });

  return {
    amount,
    paymentStatus,
    intent,
    operation,
    createIntentResponse,
    getIntentResponse,
    closeIntentResponse,
    transactionOperationResponse,
    webhookSecretResponse,
  };
}

/**
 * Webhook bodies, one schema per family (seed: MoneyHash's "Webhook Types" page). Each lists the
 * fields the event mapping reads (events.ts, payments.ts) and nothing else: objects in zod's default
 * mode check those keys and never visit the others, so merchant metadata and fields paybridge does
 * not use cost nothing and cannot fail a delivery. `custom_fields` (the merchant's own object) is
 * read for its `reference` only. The event's `raw` is the parsed body, untouched.
 */
function buildWebhooks(z: Zod) {
  const text = z.nullish(z.string());
  const id = z.string().check(z.minLength(1));
  const flag = z.nullish(z.boolean());
  const numberOrString = z.union([z.number(), z.string()]);
  const amount = z.nullish(
    z.union([z.number(), z.string(), z.object({ value: numberOrString, currency: text })]),
  );
  /** The merchant's object: only `reference` is read (referenceOf, payments.ts). */
  const customFields = z.nullish(z.object({ reference: z.optional(z.unknown()) }));
  const paymentStatus = z.nullish(
    z.object({
      status: text,
      balances: z.nullish(z.object({ total_captured: amount, total_refunded: amount })),
    }),
  );

  /** `intent.{processed,time_expired,closed}`: wrapped in `data`. */
  const intentWebhook = z.object({
    type: z.string(),
    intent_type: text,
    data: z.object({
      intent_id: text,
      intent: z.object({
        id,
        status: z.string(),
        amount,
        amount_currency: text,
        custom_fields: customFields,
        merchant_reference: text,
        active_transaction: z.nullish(
          z.object({
            id: z.string(),
            status: text,
            custom_fields: customFields,
            merchant_reference: text,
            custom_message: text,
          }),
        ),
        payment_status: paymentStatus,
        is_live: flag,
      }),
    }),
    api_version: text,
  });

  const operation = z.object({
    id: text,
    type: text,
    status: text,
    amount,
    latest_status: z.nullish(z.object({ id: text, message: text, created: text })),
    statuses: z.nullish(z.array(z.object({ id: text, created: text }))),
  });

  /** `transaction.{operation}.{status}` (payments and payouts): no `data` wrapper. */
  const transactionWebhook = z.object({
    type: z.string(),
    status_id: text,
    operation_id: text,
    intent: z.object({
      id,
      custom_fields: customFields,
      amount,
      amount_currency: text,
      merchant_reference: text,
      payment_status: paymentStatus,
      is_live: flag,
    }),
    transaction: z.object({
      id,
      type: text,
      status: text,
      created: text,
      merchant_reference: text,
      custom_fields: customFields,
      custom_message: text,
      operations: z.nullish(z.array(operation)),
    }),
    api_version: text,
  });

  /** `card_token.{created,updated,deleted}`. */
  const cardTokenWebhook = z.object({
    type: z.string(),
    data: z.object({
      intent_id: text,
      customer_id: text,
      card_token: z.object({ id, brand: text, last_4: text, customer: text }),
    }),
  });

  /** `customer.created`. */
  const customerWebhook = z.object({
    type: z.string(),
    data: z.object({
      customer_id: text,
      customer: z.nullish(z.object({ id: text, is_live: flag })),
    }),
  });

  /** `account.method.{active,inactive}`. */
  const methodWebhook = z.object({
    type: z.string(),
    account: z.nullish(z.object({ id: text })),
    service_provider: z.nullish(z.object({ code: text })),
    method: z.object({ id: text, code: text }),
  });

  /** `subscription` (the bare word): status in `current_status.value`. */
  const subscriptionWebhook = z.object({
    type: z.string(),
    id,
    current_status: z.object({ value: z.string(), created: text }),
    is_live: flag,
  });

  /** `payout.bulk.*`: the bulk request in `data`. */
  const bulkWebhook = z.object({ type: z.string(), data: z.object({ id, status: text }) });

  /** `payout.item.*`: one item of a bulk request in `data`. */
  const bulkItemWebhook = z.object({
    type: z.string(),
    data: z.object({
      id,
      bulk_payout_request_id: id,
      status: text,
      merchant_reference: text,
      linked_intent_id: text,
    }),
  });

  /** The historical-transaction webhook: no `type` at all. */
  const historicalWebhook = z.object({ intent: id, status: z.string(), message: text });

  return {
    intentWebhook,
    transactionWebhook,
    cardTokenWebhook,
    customerWebhook,
    methodWebhook,
    subscriptionWebhook,
    bulkWebhook,
    bulkItemWebhook,
    historicalWebhook,
  };
}

export type MoneyHashSchemas = ReturnType<typeof build>;

/**
 * The schemas: `schemas.load()` builds them on first call (loading zod); `schemas.ready()` returns
 * them without waiting once zod is loaded (undefined before).
 */
export const schemas: LazyModule<MoneyHashSchemas> = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  build,
);

export type MoneyHashWebhookSchemas = ReturnType<typeof buildWebhooks>;

/** The webhook schemas, built (and zod loaded) on the first `load()`; apart from the API's, so a parse builds only these. */
export const webhookSchemas: LazyModule<MoneyHashWebhookSchemas> = /* @__PURE__ */ lazySchemas(
  () => import('./zod'),
  buildWebhooks,
);

export type MoneyHashAmount = z.output<MoneyHashSchemas['amount']>;
export type MoneyHashPaymentStatus = z.output<MoneyHashSchemas['paymentStatus']>;
export type MoneyHashIntent = z.output<MoneyHashSchemas['intent']>;
export type MoneyHashOperationObject = z.output<MoneyHashSchemas['operation']>;
export type MoneyHashTransactionWebhook = z.output<MoneyHashWebhookSchemas['transactionWebhook']>;
/** An operation of a transaction webhook, as read. */
export type MoneyHashWebhookOperation = z.output<
  MoneyHashWebhookSchemas['transactionWebhook']
>['transaction']['operations'] extends ReadonlyArray<infer O> | null | undefined
  ? O
  : never;
/** The intent of an intent webhook, as read. */
export type MoneyHashWebhookIntent = z.output<MoneyHashWebhookSchemas['intentWebhook']>['data']['intent'];
export type MoneyHashOperationResponse = z.output<MoneyHashSchemas['transactionOperationResponse']>;
