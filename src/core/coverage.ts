/**
 * What a webhook's verification vouches for (`WebhookCoverage`): the constants adapters stamp on
 * their payment events, and the test the handler's confirmation policy applies.
 */
import type { WebhookCoverage, WebhookEvent } from './types';

/** Every field came under the signature (a signature over the exact body). */
export const FULL_COVERAGE: WebhookCoverage = Object.freeze({
  paymentId: true,
  status: true,
  amount: true,
  reference: true,
});

/** Nothing was verified (verification switched off). */
export const NO_COVERAGE: WebhookCoverage = Object.freeze({
  paymentId: false,
  status: false,
  amount: false,
  reference: false,
});

/**
 * True when the event carries a payment status whose fields the verification did not all cover:
 * the events `confirm: 'unverified'` asks the provider's API about. Other kinds of event carry no
 * status to confirm.
 */
export function needsConfirmation(event: WebhookEvent): boolean {
  if (event.kind !== 'payment' && event.kind !== 'payout') return false;
  const { coverage } = event;
  return !(coverage.paymentId && coverage.status && coverage.amount && coverage.reference);
}
