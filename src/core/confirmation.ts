/**
 * The confirmation policy: which verified events are checked against the provider's API before
 * `onEvent` sees them, and what the answer means. Used by the webhook handler; `confirmWebhook`
 * (Money-Go) stays the building block for code that parses webhooks by hand.
 */
import { needsConfirmation } from './coverage';
import { WebhookVerificationError } from './errors';
import type { PaymentStatus } from './status';
import { isOpenStatus, isUnsuccessfulStatus } from './status';
import { STATUS_RANK } from './status-order';
import type { Payment, PaymentEvent, PayoutEvent, RequestOptions, WebhookEvent } from './types';

const REFUNDS: ReadonlySet<PaymentStatus> = new Set(['refunded', 'partially_refunded']);

/**
 * - `'unverified'` (default): confirm every payment event with a field its verification did not
 *   cover (`event.coverage`): every Money-Go event, Paymob's reference, Tap's order reference.
 * - `'always'`: confirm every payment and payout event.
 * - `'never'`: trust what was verified; `onEvent` reads `event.coverage` itself.
 */
export type ConfirmPolicy = 'unverified' | 'always' | 'never';

export const CONFIRM_POLICIES: readonly ConfirmPolicy[] = ['unverified', 'always', 'never'];

/** An adapter that can confirm: every adapter of paybridge has `getPayment`. */
export interface ConfirmingProvider {
  readonly name: string;
  getPayment(id: string, options?: RequestOptions): Promise<Payment>;
}

/** What asking the API found. */
export type ConfirmationResult =
  /**
   * The API agrees (`stale: false`), or has moved past the event (`stale: true`: a late event).
   * `status`: the API's refund status, where the event could not tell a full refund from a partial
   * one (the handler hands the event over with it).
   */
  | { outcome: 'confirmed'; payment: Payment; stale: boolean; status?: PaymentStatus | undefined }
  /** The API has not reached the event's status yet: ask the provider to retry later. */
  | { outcome: 'pending'; payment: Payment; error: WebhookVerificationError }
  /** The API contradicts the event (another final status, another amount or reference). */
  | { outcome: 'contradicted'; payment: Payment; error: WebhookVerificationError };

/** Whether `policy` asks the API about `event`. */
export function shouldConfirm(
  policy: ConfirmPolicy,
  event: WebhookEvent,
): event is PaymentEvent | PayoutEvent {
  if (event.kind !== 'payment' && event.kind !== 'payout') return false;
  if (policy === 'always') return true;
  if (policy === 'never') return false;
  return needsConfirmation(event);
}

/** Compares a verified event with the API's answer for its payment. */
export function compareWithApi(event: PaymentEvent | PayoutEvent, payment: Payment): ConfirmationResult {
  const provider = event.provider;
  const contradicted = (what: string): ConfirmationResult => ({
    outcome: 'contradicted',
    payment,
    error: new WebhookVerificationError(
      'not_confirmed',
      `${provider}'s API does not confirm event ${event.id}: ${what}. The event was not processed.`,
      { provider },
    ),
  });
  const { coverage } = event;
  if (
    !coverage.amount &&
    event.amount !== undefined &&
    event.currency !== undefined &&
    (event.amount !== payment.amount || event.currency !== payment.currency)
  ) {
    return contradicted(
      `the event says ${event.amount} ${event.currency} (minor units), the API ${payment.amount} ${payment.currency}`,
    );
  }
  if (
    !coverage.reference &&
    event.reference !== undefined &&
    payment.reference !== undefined &&
    event.reference !== payment.reference
  ) {
    return contradicted('the event carries another reference than the API');
  }
  if (payment.status === event.status) return { outcome: 'confirmed', payment, stale: false };
  // A refund whose event could not say whether it was full or partial (Paymob's refund
  // transactions carry their own amount, not the refunded total): the API's total decides.
  if (REFUNDS.has(event.status) && REFUNDS.has(payment.status)) {
    return { outcome: 'confirmed', payment, stale: false, status: payment.status };
  }
  const api = STATUS_RANK[payment.status];
  const said = STATUS_RANK[event.status];
  if (api > said) return { outcome: 'confirmed', payment, stale: true };
  // A failed attempt on a link that stays open for another one (a declined card on a Moyasar
  // invoice): what the event reports happened, and no money moved. Only an outcome that moves money
  // waits for the API to show it.
  if (isUnsuccessfulStatus(event.status) && isOpenStatus(payment.status)) {
    return { outcome: 'confirmed', payment, stale: false };
  }
  if (api < said) {
    return {
      outcome: 'pending',
      payment,
      error: new WebhookVerificationError(
        'not_yet_confirmed',
        `${provider}'s API still reports ${payment.status} where event ${event.id} says ${event.status}; retry later.`,
        { provider },
      ),
    };
  }
  return contradicted(`the event says ${event.status}, the API ${payment.status}`);
}
