/** Checks shared by the adapters' fuzz properties. */
import { expect } from 'vitest';
import { PAYMENT_STATUSES } from '../../src/core/status';
import type { WebhookEventKind } from '../../src/core/types';
import { prototypePolluted } from './arbitraries';
import { expectPaybridgeError, type Outcome } from './assert';

const KINDS: ReadonlySet<WebhookEventKind> = new Set<WebhookEventKind>([
  'payment',
  'payout',
  'card_token',
  'customer',
  'payment_method',
  'subscription',
  'bulk_payout',
  'settlement',
  'card_authentication',
  'unknown',
]);

/** An accepted webhook is a well-formed event of this provider; a refused one is a PaybridgeError. */
export function expectEventOrPaybridgeError(result: Outcome, provider: string): void {
  if (result.ok) {
    const event = result.value as { provider?: unknown; kind?: unknown; status?: unknown; id?: unknown };
    expect(event.provider).toBe(provider);
    expect(KINDS.has(event.kind as WebhookEventKind)).toBe(true);
    expect(typeof event.id).toBe('string');
    if (event.kind === 'payment' || event.kind === 'payout') {
      expect(PAYMENT_STATUSES).toContain(event.status);
    }
  } else {
    expectPaybridgeError(result.error);
  }
  expect(prototypePolluted()).toBe(false);
}

/** Pads a JSON object text to exactly `size` bytes with trailing spaces (still the same JSON). */
export function padJsonTo(text: string, size: number): string {
  return text.length >= size ? text : text + ' '.repeat(size - Buffer.byteLength(text));
}
