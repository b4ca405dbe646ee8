/**
 * Paymob webhooks: verify, then parse. Pure: no I/O, no HTTP client.
 *
 * Where the signature is. Paymob appends `?hmac=<hex>` to the URL it calls (the processed callback
 * POST, the browser's GET redirect, the card-token POST); the body itself is not signed. So
 * `parseWebhook` needs the request URL: `WebhookInput.url` (absolute, or the path and query as
 * Node's `req.url`), which `createWebhookHandler` passes on every transport.
 *
 * What is signed. The HMAC covers a fixed list of fields (signature.ts), not the body: for a
 * transaction `amount_cents`, `currency`, `id`, `order.id`, `success`, `pending`, `is_auth`,
 * `is_capture`, `is_voided`, `is_refunded`, `has_parent_transaction`, `error_occured`, … but NOT
 * `order.merchant_order_id` (your reference), `is_refund`, `is_void`, `is_captured`,
 * `refunded_amount_cents` nor `data.message`. Events say so in `coverage`: `reference` is never
 * covered, `status` only when the status table read signed fields alone.
 *
 * Event ids are built from what was verified only: `txn:<id>:<sha256 of the signed message>`. A
 * transaction re-sent with a signed flag changed (`is_refunded`, `is_voided`) gets a new id; a
 * copy that differs only in unsigned fields (the reference, `refunded_amount_cents`, `is_refund`)
 * gets the same id and is deduplicated. Limit: two partial refunds reported only through the
 * parent's unsigned `refunded_amount_cents` have one id (the signed message does not change): the
 * second is taken for a duplicate; `getPayment` has the total.
 *
 * No timestamp is signed (`created_at` is when the transaction was made, not when the callback was
 * sent), so there is no freshness window: `toleranceSeconds` does not apply. Deduplicate on `id`.
 */
import { secretsArgument } from '../../core/config';
import { sha256HexNow } from '../../core/crypto';
import { WebhookParseError, WebhookVerificationError } from '../../core/errors';
import { ownProperty as own } from '../../core/own';
import type { ParseWebhookOptions, UnknownEvent, WebhookInput } from '../../core/types';
import {
  boundedEventId,
  MAX_EVENT_ID_LENGTH,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../core/webhook-input';
import {
  flagsText,
  outcomeOf,
  querySource,
  type TransactionView,
  viewTransaction,
  viewTransactionObject,
} from './payments';
import {
  matchesAnySecretNow,
  PAYMOB_HMAC_PATTERN,
  paymobCardTokenMessage,
  paymobRedirectMessage,
  paymobTransactionMessage,
  UnsignableFieldError,
} from './signature';
import { paymobEventKind } from './status';
import type { PaymobCardTokenEvent, PaymobPaymentEvent, PaymobWebhookEvent } from './types';

const PROVIDER = 'paymob' as const;

export interface PaymobWebhookOptions extends ParseWebhookOptions {
  /** The HMAC secret (several while rotating). Missing → `missing_secret`. */
  webhookSecret: string | readonly string[] | undefined;
}

function shapeError(message: string, cause?: unknown): WebhookParseError {
  return new WebhookParseError('invalid_shape', `Paymob webhook: ${message}`, { provider: PROVIDER, cause });
}

function secretsOf(given: string | readonly string[] | undefined): string[] {
  const secrets = secretsArgument(given, 'webhookSecret', PROVIDER);
  if (secrets.length === 0) {
    throw new WebhookVerificationError(
      'missing_secret',
      'Paymob webhook: no HMAC secret is configured. Pass `webhookSecret` (or set PAYMOB_HMAC_SECRET) to the HMAC ' +
        "secret of Paymob's dashboard (Settings → API Keys), as it is shown: it is used as text, not hex-decoded.",
      { provider: PROVIDER },
    );
  }
  return secrets;
}

/** The `hmac` of the callback URL's query: present and 128 hex digits, or a verification error. */
function receivedHmac(query: URLSearchParams | undefined, where: string): string {
  const hmac = query?.get('hmac');
  if (hmac === undefined || hmac === null || hmac.trim() === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      `Paymob webhook: ${where}. Paymob signs in the query string of the URL it calls (?hmac=…).`,
      { provider: PROVIDER },
    );
  }
  if (!PAYMOB_HMAC_PATTERN.test(hmac)) {
    throw new WebhookVerificationError(
      'malformed_signature',
      'Paymob webhook: the hmac query parameter is not 128 hex digits (an HMAC-SHA512).',
      { provider: PROVIDER },
    );
  }
  return hmac;
}

/** The signed message, or a parse error when a signed field holds an object or a list. */
function messageOf(build: () => string): string {
  try {
    return build();
  } catch (error) {
    if (error instanceof UnsignableFieldError) throw shapeError(`${error.message}.`);
    throw error;
  }
}

const BAD_SIGNATURE =
  'Check that webhookSecret is the HMAC secret of the same Paymob account and mode, as the dashboard shows it ' +
  '(used as text, not hex-decoded), and that the body and URL reach parseWebhook unchanged.';

function refuseUnless(matched: boolean, what: string): void {
  if (!matched) {
    throw new WebhookVerificationError(
      'bad_signature',
      `Paymob webhook: the hmac does not match the ${what}. ${BAD_SIGNATURE}`,
      { provider: PROVIDER },
    );
  }
}

/**
 * Throws `bad_signature` unless `hmac` is the HMAC of `message` under one of `secrets`: at once
 * when the crypto backend answers synchronously (node:crypto), else through the promise returned.
 */
function verify(
  secrets: readonly string[],
  message: string,
  hmac: string,
  what: string,
): undefined | Promise<void> {
  const matched = matchesAnySecretNow(secrets, message, hmac);
  if (typeof matched !== 'boolean') return matched.then((answer) => refuseUnless(answer, what));
  refuseUnless(matched, what);
  return undefined;
}

/**
 * `prefix` + the SHA-256 of `message`, bounded (`boundedEventId`): a string when the backend hashes
 * synchronously and the id is short enough to be kept as it is (every ordinary callback), else a promise.
 */
function eventId(prefix: string, message: string): string | Promise<string> {
  const digest = sha256HexNow(message);
  if (typeof digest !== 'string') return digest.then((hex) => boundedEventId(prefix + hex));
  const id = prefix + digest;
  return id.length <= MAX_EVENT_ID_LENGTH ? id : boundedEventId(id);
}

function objectAt(record: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = own(record, key);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

type Common = { type: string; source: 'callback' | 'redirect'; raw: unknown };

/** A verified transaction (callback `obj` or redirect query) as an event (a promise only when its id is). */
function transactionEvent(
  read: () => TransactionView,
  message: string,
  common: Common,
): PaymobPaymentEvent | Promise<PaymobPaymentEvent> {
  let view: TransactionView;
  try {
    view = read();
  } catch (error) {
    throw shapeError(`the transaction cannot be read: ${(error as Error).message}`, error);
  }
  const orderId = view.orderId;
  if (orderId === undefined)
    throw shapeError('the transaction has no order id (obj.order.id, or order in a redirect).');
  const id = eventId(`txn:${view.id}:`, message);
  return typeof id === 'string'
    ? paymentEvent(view, orderId, id, common)
    : id.then((id) => paymentEvent(view, orderId, id, common));
}

function paymentEvent(
  view: TransactionView,
  orderId: string,
  id: string,
  common: Common,
): PaymobPaymentEvent {
  const outcome = outcomeOf(view);
  // `has_parent_transaction` is signed: a refund, void or capture transaction carries its own amount.
  const child = view.flags.has_parent_transaction;
  return {
    provider: PROVIDER,
    kind: 'payment',
    id,
    type: common.type,
    source: common.source,
    createdAt: view.createdAt,
    live: view.live,
    raw: common.raw,
    coverage: { paymentId: true, status: outcome.signedOnly, amount: true, reference: false },
    status: outcome.status,
    providerStatus: flagsText(view),
    statusRow: outcome.row,
    paymentId: orderId,
    transactionId: view.id,
    reference: view.reference,
    amount: child ? undefined : view.amount,
    currency: view.currency,
    operationAmount: child ? view.amount : undefined,
    parentTransactionId: view.parentTransactionId,
    operation: outcome.operation,
    operationOutcome: outcome.operationOutcome,
    message: view.message,
  };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

async function cardTokenEvent(
  obj: Record<string, unknown>,
  message: string,
  body: Record<string, unknown>,
): Promise<PaymobCardTokenEvent> {
  const token = text(own(obj, 'token'));
  if (token === undefined) throw shapeError('the card token callback has no obj.token.');
  return {
    provider: PROVIDER,
    kind: 'card_token',
    id: await eventId(`token:${text(own(obj, 'id')) ?? ''}:`, message),
    type: 'TOKEN',
    raw: body,
    action: 'created',
    tokenId: token,
    customerId: undefined,
    maskedPan: text(own(obj, 'masked_pan')),
    cardSubtype: text(own(obj, 'card_subtype')),
    email: text(own(obj, 'email')),
    orderId: text(own(obj, 'order_id')),
  };
}

/** The recipes tried, in order, on a callback of a type paybridge does not know. */
const RECIPES = [
  ['transaction', paymobTransactionMessage],
  ['card_token', paymobCardTokenMessage],
] as const;

/**
 * Verifies a Paymob callback POST (the `hmac` of its URL) and parses it. `TRANSACTION` → a payment
 * event, `TOKEN` → a card-token event. Any other `type` is verified with the transaction recipe,
 * then the card-token recipe, and returned as `kind: 'unknown'` when one verifies; when none does,
 * it is refused (`bad_signature`): nothing unverified is returned. Subscription callbacks (their
 * `hmac` is in the body, over `trigger_type` + "for" + the subscription id) are not supported and
 * are refused the same way.
 *
 * Not `async`: a transaction callback is answered synchronously when the crypto backend hashes
 * synchronously (node:crypto), and errors found on the way are thrown. Callers turn both into a
 * promise (`paymobWebhookParsers`: a rejection, never a throw).
 */
export function parsePaymobWebhook(
  input: WebhookInput,
  options: PaymobWebhookOptions,
): PaymobWebhookEvent | Promise<PaymobWebhookEvent> {
  const secrets = secretsOf(options.webhookSecret);
  const webhook = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  if (webhook.url === undefined) {
    throw new WebhookVerificationError(
      'missing_signature',
      'Paymob webhook: no url was given. Paymob signs in the query string of the callback URL (?hmac=…): pass ' +
        '{ body, headers, url } with the request URL (Node: req.url; fetch: request.url). createWebhookHandler does.',
      { provider: PROVIDER },
    );
  }
  const hmac = receivedHmac(webhook.url.searchParams, 'the callback URL has no hmac parameter');
  const body = parseWebhookJson(webhook.text, PROVIDER);
  const type = typeof own(body, 'type') === 'string' ? (own(body, 'type') as string) : '';
  const obj = objectAt(body, 'obj');
  const kind = paymobEventKind(type);
  if (kind === 'payment') {
    if (obj === undefined) throw shapeError(`a ${type} callback must have an obj object.`);
    const message = messageOf(() => paymobTransactionMessage(obj));
    const common = { type, source: 'callback', raw: body } as const;
    // Waited for only when the backend answered with a promise: on node:crypto, no microtask at all.
    const verifying = verify(secrets, message, hmac, 'transaction fields');
    if (verifying !== undefined)
      return verifying.then(() => transactionEvent(() => viewTransactionObject(obj), message, common));
    return transactionEvent(() => viewTransactionObject(obj), message, common);
  }
  return otherCallback(secrets, hmac, body, type, obj, kind);
}

/** A card-token callback, or one of a type paybridge does not know (see `parsePaymobWebhook`). */
async function otherCallback(
  secrets: readonly string[],
  hmac: string,
  body: Record<string, unknown>,
  type: string,
  obj: Record<string, unknown> | undefined,
  kind: 'card_token' | undefined,
): Promise<PaymobWebhookEvent> {
  if (kind !== undefined) {
    if (obj === undefined) throw shapeError(`a ${type} callback must have an obj object.`);
    const message = messageOf(() => paymobCardTokenMessage(obj));
    await verify(secrets, message, hmac, 'card token fields');
    return cardTokenEvent(obj, message, body);
  }
  if (obj !== undefined) {
    for (const [recipe, build] of RECIPES) {
      let message: string;
      try {
        message = build(obj);
      } catch {
        continue;
      }
      if (await matchesAnySecretNow(secrets, message, hmac)) {
        const event: UnknownEvent<'paymob'> = {
          provider: PROVIDER,
          kind: 'unknown',
          id: await eventId(`${recipe}:`, message),
          type,
          raw: body,
        };
        return event;
      }
    }
  }
  throw new WebhookVerificationError(
    'bad_signature',
    `Paymob webhook: no HMAC recipe paybridge knows verifies this ${type ? `"${type}"` : 'untyped'} callback ` +
      '(transaction and card-token recipes tried; subscription callbacks are not supported), so it is refused ' +
      `rather than returned unverified. ${BAD_SIGNATURE}`,
    { provider: PROVIDER },
  );
}

/** The query of a redirect given as a URL (absolute, or a path with its query), a `URL` or the query itself. */
function redirectQuery(url: unknown): URLSearchParams {
  if (url instanceof URLSearchParams) return url;
  if (url instanceof URL) return url.searchParams;
  if (typeof url === 'string') {
    try {
      return new URL(url, 'http://localhost').searchParams;
    } catch {
      // falls through
    }
  }
  throw new WebhookParseError(
    'invalid_url',
    'Paymob redirect: pass the URL the browser was sent to (absolute, or the path with its query), a URL or its URLSearchParams.',
    { provider: PROVIDER },
  );
}

/**
 * Verifies and parses the browser redirect to `redirection_url`: the transaction as query
 * parameters plus `hmac`, verified with the transaction recipe (signature.ts,
 * `paymobRedirectMessage`). The result is a payment event with `source: 'redirect'` and the same
 * id a callback POST of the same transaction state gets.
 */
export async function parsePaymobRedirect(
  url: string | URL | URLSearchParams,
  webhookSecret: string | readonly string[] | undefined,
): Promise<PaymobPaymentEvent> {
  const secrets = secretsOf(webhookSecret);
  const query = redirectQuery(url);
  const hmac = receivedHmac(query, 'the redirect URL has no hmac parameter');
  const message = paymobRedirectMessage(query);
  await verify(secrets, message, hmac, 'redirect parameters');
  return transactionEvent(() => viewTransaction(querySource(query)), message, {
    type: '',
    source: 'redirect',
    raw: Object.fromEntries(query),
  });
}
