/**
 * What MoneyHash sends and answers: endpoint paths and zod schemas. The schemas are minimal and
 * loose (extra fields pass through untouched) and built on first use, so importing the adapter
 * costs nothing.
 *
 * Sources of the endpoints: MoneyHash's public API docs unless marked "Magento plugin", which means
 * the path is only known from MoneyHash's own Magento 2 module (no doc page describes it).
 */
import { z } from 'zod';

/** Production API host. Test or live is decided by the API key, not the host. */
export const DEFAULT_BASE_URL = 'https://web.moneyhash.io';

/** Create a payment intent (the hosted link). Source: MoneyHash docs (v1.1; v1.4 takes the same body). */
export const CREATE_INTENT_PATH = '/api/v1.1/payments/intent/';

/**
 * Retrieve an intent. Source: Magento plugin (v1.4). [UNCONFIRMED] whether v1.1 serves the same path,
 * so v1.4 is used.
 */
export const intentPath = (intentId: string): string => `/api/v1.4/payments/intent/${enc(intentId)}/`;

/** Close (cancel) an intent: it becomes `CLOSED` and MoneyHash sends `intent.closed`. Source: MoneyHash docs (v1.4). */
export const closeIntentPath = (intentId: string): string =>
  `/api/v1.4/payments/intent/${enc(intentId)}/close/`;

/** Capture an authorized transaction, `{ amount }`. Source: MoneyHash docs (v1.1). Takes the transaction id. */
export const captureTransactionPath = (transactionId: string): string =>
  `/api/v1.1/payments/transactions/${enc(transactionId)}/capture/`;

/**
 * Void an authorized transaction. Source: Magento plugin (v1.4), no doc page. [UNCONFIRMED]
 * Takes the transaction id.
 */
export const voidTransactionPath = (transactionId: string): string =>
  `/api/v1.4/payments/transactions/${enc(transactionId)}/void/`;

/**
 * Refund a captured transaction, `{ amount, amount_currency }`. Source: Magento plugin (v1.4), no doc
 * page. [UNCONFIRMED] Takes the transaction id.
 */
export const refundTransactionPath = (transactionId: string): string =>
  `/api/v1.4/payments/transactions/${enc(transactionId)}/refund/`;

/** The organisation's webhook signature secret (`data.webhook_signature_secret`). Source: MoneyHash docs. */
export const WEBHOOK_SIGNATURE_KEY_PATH = '/api/v1/organizations/get-webhook-signature-key/';

/** The header that carries the request's idempotency key (sent by Lago; [UNCONFIRMED] in MoneyHash's docs). */
export const IDEMPOTENCY_HEADER = 'X-Idempotency-Key';

/** The header that carries the API key. */
export const API_KEY_HEADER = 'X-Api-Key';

/** The webhook signature header (read case-insensitively). */
export const SIGNATURE_HEADER = 'MoneyHash-Signature';

function enc(id: string): string {
  return encodeURIComponent(id);
}

/** Builds a schema once, on first use. */
function lazy<T>(build: () => T): () => T {
  let cached: T | undefined;
  return () => {
    cached ??= build();
    return cached;
  };
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** An amount as MoneyHash writes it: `50`, `"50.00"` or `{ value: "50.00", currency: "EGP", … }`. */
export const amountSchema = lazy(() =>
  z.union([
    z.number(),
    z.string(),
    z.looseObject({ value: z.union([z.number(), z.string()]), currency: z.string().nullish() }),
  ]),
);
export type MoneyHashAmount = z.output<ReturnType<typeof amountSchema>>;

const nullishString = () => z.string().nullish();
const nullishAmount = () => amountSchema().nullish();

/** `intent.payment_status`: the authorization/capture state and running balances. */
export const paymentStatusSchema = lazy(() =>
  z.looseObject({
    status: nullishString(),
    balances: z
      .looseObject({
        total_authorized: nullishAmount(),
        total_captured: nullishAmount(),
        total_refunded: nullishAmount(),
        total_voided: nullishAmount(),
        available_to_capture: nullishAmount(),
        available_to_refund: nullishAmount(),
        available_to_void: nullishAmount(),
      })
      .nullish(),
  }),
);
export type MoneyHashPaymentStatus = z.output<ReturnType<typeof paymentStatusSchema>>;

const customFields = () => z.record(z.string(), z.unknown()).nullish();

/** A transaction as the intent object embeds it (`active_transaction`, `transactions_history[]`). */
export const embeddedTransactionSchema = lazy(() =>
  z.looseObject({
    id: z.string(),
    status: nullishString(),
    amount: nullishAmount(),
    amount_currency: nullishString(),
    custom_fields: customFields(),
    merchant_reference: nullishString(),
    custom_message: nullishString(),
    created: nullishString(),
  }),
);

/** The intent object of the intent webhooks and of `GET …/intent/{id}/`. */
export const intentSchema = lazy(() =>
  z.looseObject({
    id: z.string().min(1),
    status: z.string(),
    amount: nullishAmount(),
    amount_currency: nullishString(),
    custom_fields: customFields(),
    merchant_reference: nullishString(),
    active_transaction: embeddedTransactionSchema().nullish(),
    payment_status: paymentStatusSchema().nullish(),
    is_live: z.boolean().nullish(),
    created: nullishString(),
    expiration_date: nullishString(),
  }),
);
export type MoneyHashIntent = z.output<ReturnType<typeof intentSchema>>;

// ---------------------------------------------------------------------------------------------
// API answers. Every answer is the envelope { status: { code, message, errors }, data }.
// ---------------------------------------------------------------------------------------------

/** One entry of `status.errors`: usually `{ field: message }`, sometimes `{ field: [messages] }` or a bare string. */
export const envelopeSchema = lazy(() =>
  z.looseObject({
    status: z
      .looseObject({
        code: z.union([z.number(), z.string()]).nullish(),
        message: z.unknown().optional(),
        errors: z.unknown().optional(),
      })
      .nullish(),
    data: z.unknown().optional(),
  }),
);

/** `POST /api/v1.1/payments/intent/` → `data.id` (intent id) and `data.embed_url` (hosted page). */
export const createIntentResponseSchema = lazy(() =>
  z.looseObject({
    data: z.looseObject({
      id: z.string().min(1),
      embed_url: z.url(),
      status: nullishString(),
    }),
  }),
);

/** `GET …/intent/{id}/`: `data.intent` (Magento plugin reads it there) or, tolerated, the intent as `data`. */
export const getIntentResponseSchema = lazy(() =>
  z.looseObject({
    data: z.union([z.looseObject({ intent: intentSchema() }).transform((d) => d.intent), intentSchema()]),
  }),
);

/** `POST …/close/`: the closed intent, wherever it is in `data`. Only the envelope is required. */
export const closeIntentResponseSchema = lazy(() =>
  z.looseObject({
    data: z
      .union([
        z
          .looseObject({ intent: z.looseObject({ id: nullishString(), status: nullishString() }) })
          .transform((d) => d.intent),
        z.looseObject({ id: nullishString(), status: nullishString() }),
      ])
      .nullish(),
  }),
);

const operationSchema = lazy(() =>
  z.looseObject({
    id: nullishString(),
    type: nullishString(),
    status: nullishString(),
    amount: nullishAmount(),
    latest_status: z
      .looseObject({
        id: nullishString(),
        value: nullishString(),
        code: z.union([z.string(), z.number()]).nullish(),
        message: nullishString(),
        created: nullishString(),
      })
      .nullish(),
    statuses: z
      .array(z.looseObject({ id: nullishString(), value: nullishString(), created: nullishString() }))
      .nullish(),
  }),
);
export type MoneyHashOperationObject = z.output<ReturnType<typeof operationSchema>>;

/** Capture / void / refund answers: an update of the intent and its transaction, read loosely. */
export const transactionOperationResponseSchema = lazy(() =>
  z.looseObject({
    data: z
      .looseObject({
        id: nullishString(),
        intent: z.union([z.looseObject({ id: nullishString() }), z.string()]).nullish(),
        intent_id: nullishString(),
        transaction: z
          .looseObject({ id: nullishString(), operations: z.array(operationSchema()).nullish() })
          .nullish(),
        operations: z.array(operationSchema()).nullish(),
      })
      .nullish(),
  }),
);

/** `GET /api/v1/organizations/get-webhook-signature-key/` → `data.webhook_signature_secret`. */
export const webhookSecretResponseSchema = lazy(() =>
  z.looseObject({ data: z.looseObject({ webhook_signature_secret: z.string().min(1) }) }),
);

// ---------------------------------------------------------------------------------------------
// Webhook bodies, one schema per family (seed: MoneyHash's "Webhook Types" page).
// ---------------------------------------------------------------------------------------------

/** `intent.{processed,time_expired,closed}`: wrapped in `data`. */
export const intentWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    intent_type: nullishString(),
    data: z.looseObject({ intent_id: nullishString(), intent: intentSchema() }),
    api_version: nullishString(),
  }),
);

/** `transaction.{operation}.{status}` (payments and payouts): no `data` wrapper. */
export const transactionWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    status_id: nullishString(),
    operation_id: nullishString(),
    intent: z.looseObject({
      id: z.string().min(1),
      created: nullishString(),
      custom_fields: customFields(),
      amount: nullishAmount(),
      amount_currency: nullishString(),
      merchant_reference: nullishString(),
      payment_status: paymentStatusSchema().nullish(),
      is_live: z.boolean().nullish(),
    }),
    transaction: z.looseObject({
      id: z.string().min(1),
      type: nullishString(),
      status: nullishString(),
      created: nullishString(),
      merchant_reference: nullishString(),
      custom_fields: customFields(),
      custom_message: nullishString(),
      operations: z.array(operationSchema()).nullish(),
    }),
    api_version: nullishString(),
  }),
);
export type MoneyHashTransactionWebhook = z.output<ReturnType<typeof transactionWebhookSchema>>;

/** `card_token.{created,updated,deleted}`. */
export const cardTokenWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    data: z.looseObject({
      intent_id: nullishString(),
      customer_id: nullishString(),
      card_token: z.looseObject({
        id: z.string().min(1),
        brand: nullishString(),
        last_4: nullishString(),
        customer: nullishString(),
      }),
    }),
  }),
);

/** `customer.created`. */
export const customerWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    data: z.looseObject({
      customer_id: nullishString(),
      customer: z.looseObject({ id: nullishString(), is_live: z.boolean().nullish() }).nullish(),
    }),
  }),
);

/** `account.method.{active,inactive}`. */
export const methodWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    account: z.looseObject({ id: nullishString() }).nullish(),
    service_provider: z.looseObject({ id: nullishString(), code: nullishString() }).nullish(),
    method: z.looseObject({
      id: nullishString(),
      code: nullishString(),
      type: nullishString(),
      active: z.boolean().nullish(),
    }),
  }),
);

/** `subscription` (the bare word): status in `current_status.value`. */
export const subscriptionWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.string().min(1),
    current_status: z.looseObject({ value: z.string(), created: nullishString() }),
    is_live: z.boolean().nullish(),
  }),
);

/** `payout.bulk.*`: the bulk request in `data`. */
export const bulkWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    data: z.looseObject({ id: z.string().min(1), status: nullishString() }),
  }),
);

/** `payout.item.*`: one item of a bulk request in `data`. */
export const bulkItemWebhookSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    data: z.looseObject({
      id: z.string().min(1),
      bulk_payout_request_id: z.string().min(1),
      status: nullishString(),
      merchant_reference: nullishString(),
      linked_intent_id: nullishString(),
    }),
  }),
);

/** The historical-transaction webhook: no `type` at all. */
export const historicalWebhookSchema = lazy(() =>
  z.looseObject({ intent: z.string().min(1), status: z.string(), message: nullishString() }),
);
