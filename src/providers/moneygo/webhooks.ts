/**
 * Money-Go webhooks (POSTed to the checkout's `status_url`): verify, then parse. Pure: no I/O, no
 * HTTP client.
 *
 * What the verification proves, and what it does not: Money-Go does not publish how it computes
 * the webhook's `signature` [UNCONFIRMED]. Its fields match the stored checkout, so paybridge
 * recomputes the checkout signature from the body's own `wallet_to`, `wallet_from`, `amount` (as
 * the minimal decimal string) and `payment_id` with your form secret, and compares in constant
 * time. That signature does NOT cover `status` (nor `transaction_id`, `cancel`, `commission`, and
 * not `currency_to`: 1 USD and 1 JPY have the same amount text):
 * a match proves the webhook concerns a real order signed with your form secret, for that amount
 * and those wallets, not that it was paid. Anyone who saw one genuine webhook of an order could
 * replay it with `"status": "SUCCESS"`. Fulfil orders only after `confirmWebhook(event)` (or
 * `getPayment(reference)`) has confirmed the status with Money-Go's API.
 */

import { secretsArgument } from '../../core/config';
import { NO_COVERAGE } from '../../core/coverage';
import { timingSafeEqual } from '../../core/crypto';
import { PaybridgeError, WebhookParseError, WebhookVerificationError } from '../../core/errors';
import { prettifyZodError } from '../../core/lazy';
import { parseProviderAmount } from '../../core/money';
import type {
  OpenEventType,
  ParseWebhookOptions,
  PaymentEvent,
  WebhookCoverage,
  WebhookInput,
} from '../../core/types';
import { boundedEventId, normalizeWebhookInput, parseWebhookJson } from '../../core/webhook-input';
import { dottedPath } from '../../core/webhook-shape';
import { formatMoneyGoAmount } from './amount';
import { webhookSchemas } from './api';
import { signCheckout } from './signature';
import { isCancelled, toPaymentStatus } from './status';

const PROVIDER = 'moneygo' as const;

/**
 * What the checkout signature covers: `payment_id` (the reference) and the amount's text, but
 * neither `status` nor `currency_to`, so neither the status nor the amount (without its currency).
 */
const CHECKOUT_SIGNATURE_COVERAGE: WebhookCoverage = Object.freeze({
  paymentId: true,
  status: false,
  amount: false,
  reference: true,
});

/**
 * How `parseWebhook` authenticates a Money-Go webhook:
 * - `'checkout-signature'` (default): the body's `signature` must equal the checkout signature
 *   recomputed from the body with the form secret (see the module comment for what that proves).
 * - `'none'`: no check; events come back with `signatureVerified: false`. Use it only together
 *   with `confirmWebhook` (which checks every field that matters against the API), e.g. if your
 *   account's webhooks turn out to be signed differently.
 */
export type MoneyGoWebhookVerification = 'checkout-signature' | 'none';

/**
 * The event types this version knows: only `''`, since Money-Go sends no type (every webhook is a
 * payment status). An event's `type` is `OpenEventType<MoneyGoEventType>`.
 */
export type MoneyGoEventType = '';

/** The `type` of every Money-Go event: Money-Go's webhook has no type field. */
const NO_EVENT_TYPE: MoneyGoEventType = '';

/** A Money-Go webhook: a payment event with the wallets and flags Money-Go sends. */
export interface MoneyGoWebhookEvent extends PaymentEvent<'moneygo', OpenEventType<MoneyGoEventType>> {
  /** True when the body's signature matched the recomputed checkout signature; false with `webhookVerification: 'none'`. */
  signatureVerified: boolean;
  /** `payment_id`: the `reference` the checkout was created with. */
  paymentId: string;
  reference: string;
  /** Minor units of `currency` (`currency_to`). */
  amount: number;
  currency: string;
  /** The payer's wallet. */
  walletFrom: string;
  /** The merchant's wallet. */
  walletTo: string;
  currencyFrom?: string | undefined;
  /** Minor units of `currency`, where Money-Go sent a readable commission. */
  commission?: number | undefined;
  /** The `cancel` flag (true makes `status` `canceled`). */
  cancel: boolean;
}

export interface ParseMoneyGoWebhookOptions extends ParseWebhookOptions {
  /** The "token for the form" that signed the checkout. Required unless `verification` is `'none'`. */
  formSecret?: string | readonly string[] | undefined;
  /** Default `'checkout-signature'`. */
  verification?: MoneyGoWebhookVerification | undefined;
}

/**
 * The event's dedupe key: `${payment_id}:${unified status}` (bounded: a longer key becomes a
 * digest). Money-Go sends no event id. The key is built only from what the checkout signature
 * covers (`payment_id`) and the status after normalisation (`"SUCCESS"`, `"success"` and
 * `" SUCCESS "` are all `succeeded`; the `cancel` flag makes it `canceled`), so a re-post of one
 * genuine webhook with `transaction_id`, `commission` or the spelling of `status` changed is the
 * same event, while the PENDING and the SUCCESS webhook of one payment stay distinct.
 */
export function moneyGoWebhookEventId(body: {
  payment_id: string;
  status?: string | null | undefined;
  cancel?: unknown;
}): Promise<string> {
  return boundedEventId(`${body.payment_id}:${toPaymentStatus(body.status ?? '', body.cancel)}`);
}

function invalidShape(message: string, path?: string): WebhookParseError {
  return new WebhookParseError('invalid_shape', `Money-Go webhook: ${message}`, { provider: PROVIDER, path });
}

/** Reads an amount field into minor units of `currency`, turning money errors into a parse error. */
function minorUnits(value: number | string, currency: string, field: string): number {
  try {
    return parseProviderAmount(value, currency, { field }).amount;
  } catch (error) {
    if (PaybridgeError.isInstance(error)) throw invalidShape(error.message, field);
    throw error;
  }
}

/** Verifies (unless `verification: 'none'`), then parses a Money-Go webhook. Rejects only with `PaybridgeError`s. */
export async function parseMoneyGoWebhook(
  input: WebhookInput,
  options: ParseMoneyGoWebhookOptions = {},
): Promise<MoneyGoWebhookEvent> {
  const verification = options.verification ?? 'checkout-signature';
  const { text } = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  const secrets = secretsArgument(options.formSecret, 'formSecret', PROVIDER);
  if (verification === 'checkout-signature' && secrets.length === 0) {
    throw new WebhookVerificationError(
      'missing_secret',
      'Money-Go webhooks are verified with the form secret: pass `formSecret` in the settings or set MONEYGO_FORM_SECRET.',
      { provider: PROVIDER },
    );
  }
  const raw = parseWebhookJson(text, PROVIDER);
  let signatureVerified = false;
  const received = raw['signature'];
  if (verification === 'checkout-signature') {
    if (typeof received !== 'string' || received.trim() === '') {
      throw new WebhookVerificationError(
        'missing_signature',
        'The Money-Go webhook has no `signature` field. Was the body changed on its way, or is this not a Money-Go webhook?',
        { provider: PROVIDER },
      );
    }
  }
  // The first parse loads zod; later ones do not wait (only a failure waits, for zod's message).
  const parsed = (webhookSchemas.ready() ?? (await webhookSchemas.load())).webhook.safeParse(raw);
  if (!parsed.success) {
    throw invalidShape(
      `the body is not a Money-Go payment webhook: ${await prettifyZodError(parsed.error)}`,
      dottedPath(parsed.error.issues[0]?.path ?? []),
    );
  }
  const body = parsed.data;
  const currency = body.currency_to.trim().toUpperCase();
  const amount = minorUnits(body.amount, currency, 'amount');

  if (verification === 'checkout-signature') {
    const fields = {
      walletTo: body.wallet_to,
      walletFrom: body.wallet_from,
      amount: formatMoneyGoAmount(amount, currency),
      id: body.payment_id,
    };
    const signature = String(received).trim().toLowerCase();
    let matched = false;
    // Any one of the form secrets (several while one is being rotated).
    for (const secret of secrets) {
      let expected: string;
      try {
        expected = await signCheckout(fields, secret);
      } catch (error) {
        if (PaybridgeError.isInstance(error)) throw invalidShape(error.message);
        throw error;
      }
      matched = timingSafeEqual(expected, signature) || matched;
    }
    if (!matched) {
      throw new WebhookVerificationError(
        'bad_signature',
        'The Money-Go webhook signature does not match the checkout signature recomputed from its wallet_to, ' +
          'wallet_from, amount and payment_id with your form secret. Check formSecret (MONEYGO_FORM_SECRET) and that the ' +
          'raw body reaches parseWebhook unchanged. Do not act on this webhook.',
        { provider: PROVIDER },
      );
    }
    signatureVerified = true;
  }

  let commission: number | undefined;
  if (body.commission !== undefined && body.commission !== null) {
    try {
      commission = parseProviderAmount(body.commission, currency, { field: 'commission' }).amount;
    } catch (error) {
      if (!PaybridgeError.isInstance(error)) throw error;
      commission = undefined; // informative only: an odd commission does not make the event unreadable
    }
  }

  const providerStatus = body.status ?? '';
  return {
    kind: 'payment',
    provider: PROVIDER,
    coverage: signatureVerified ? CHECKOUT_SIGNATURE_COVERAGE : NO_COVERAGE,
    id: await moneyGoWebhookEventId(body),
    type: NO_EVENT_TYPE,
    raw,
    status: toPaymentStatus(providerStatus, body.cancel),
    providerStatus,
    paymentId: body.payment_id,
    reference: body.payment_id,
    amount,
    currency,
    transactionId: body.transaction_id ?? undefined,
    signatureVerified,
    walletFrom: body.wallet_from,
    walletTo: body.wallet_to,
    currencyFrom: body.currency_from ?? undefined,
    commission,
    cancel: isCancelled(body.cancel),
  };
}
