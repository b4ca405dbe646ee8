import { PAYMENT_STATUSES } from 'paybridge';
import { describe, expect, it } from 'vitest';
import {
  capturedAmountOf,
  DECISIVE_PAYMENT_RANK,
  decisivePayment,
  eventMapping,
  INVOICE_REFINED_BY_PAYMENT,
  invoiceStatusOf,
  MOYASAR_EVENT_TYPES,
  MOYASAR_INVOICE_STATUS,
  MOYASAR_PAYMENT_STATUS,
  mapInvoiceStatus,
  mapPaymentStatus,
  paymentStatusOf,
  refundStatus,
} from '../../../src/providers/moyasar/status';

describe('moyasar invoice status table', () => {
  const rows: [string, string][] = [
    ['initiated', 'pending'],
    ['paid', 'succeeded'],
    ['failed', 'failed'],
    ['refunded', 'refunded'],
    ['canceled', 'canceled'],
    ['on_hold', 'pending'],
    ['expired', 'expired'],
    ['voided', 'canceled'],
  ];
  it.each(rows)('%s → %s', (moyasar, unified) => {
    expect(mapInvoiceStatus(moyasar)).toBe(unified);
  });
  it('has exactly the rows tested', () => {
    expect(Object.keys(MOYASAR_INVOICE_STATUS).sort()).toEqual(rows.map(([k]) => k).sort());
  });
  it('maps an unknown status to pending, the least final', () => {
    expect(mapInvoiceStatus('under_review')).toBe('pending');
    expect(mapInvoiceStatus('__proto__')).toBe('pending');
  });
});

describe('moyasar payment status table', () => {
  const rows: [string, string][] = [
    ['initiated', 'requires_action'],
    ['paid', 'succeeded'],
    ['failed', 'failed'],
    ['authorized', 'authorized'],
    ['captured', 'succeeded'],
    ['refunded', 'refunded'],
    ['voided', 'canceled'],
    ['verified', 'pending'],
    ['expired', 'expired'],
  ];
  it.each(rows)('%s → %s', (moyasar, unified) => {
    expect(mapPaymentStatus(moyasar)).toBe(unified);
  });
  it('has exactly the rows tested, all of them unified statuses', () => {
    expect(Object.keys(MOYASAR_PAYMENT_STATUS).sort()).toEqual(rows.map(([k]) => k).sort());
    for (const value of Object.values(MOYASAR_PAYMENT_STATUS)) expect(PAYMENT_STATUSES).toContain(value);
  });
  it('maps an unknown status to pending', () => {
    expect(mapPaymentStatus('reversed')).toBe('pending');
  });
});

describe('moyasar event type table', () => {
  const rows: [string, Record<string, unknown>][] = [
    [
      'payment_paid',
      { kind: 'payment', status: 'succeeded', operation: 'purchase', operationOutcome: 'succeeded' },
    ],
    [
      'payment_failed',
      { kind: 'payment', status: 'failed', operation: 'purchase', operationOutcome: 'failed' },
    ],
    [
      'payment_faild',
      { kind: 'payment', status: 'failed', operation: 'purchase', operationOutcome: 'failed' },
    ],
    [
      'payment_refunded',
      { kind: 'payment', status: 'refunded', operation: 'refund', operationOutcome: 'succeeded' },
    ],
    [
      'payment_voided',
      { kind: 'payment', status: 'canceled', operation: 'void', operationOutcome: 'succeeded' },
    ],
    [
      'payment_authorized',
      { kind: 'payment', status: 'authorized', operation: 'authorize', operationOutcome: 'succeeded' },
    ],
    [
      'payment_captured',
      { kind: 'payment', status: 'succeeded', operation: 'capture', operationOutcome: 'succeeded' },
    ],
    ['payment_verified', { kind: 'payment', status: 'pending' }],
    [
      'payment_abandoned',
      { kind: 'payment', status: 'canceled', operation: 'purchase', operationOutcome: 'failed' },
    ],
    [
      'payment_expired',
      { kind: 'payment', status: 'expired', operation: 'purchase', operationOutcome: 'failed' },
    ],
    ['card_auth_authenticated', { kind: 'card_authentication', outcome: 'authenticated' }],
    ['card_auth_failed', { kind: 'card_authentication', outcome: 'failed' }],
    ['balance_transferred', { kind: 'settlement' }],
  ];
  it.each(rows)('%s', (type, mapping) => {
    expect(eventMapping(type)).toEqual(mapping);
  });
  it('has exactly the rows tested', () => {
    expect(Object.keys(MOYASAR_EVENT_TYPES).sort()).toEqual(rows.map(([k]) => k).sort());
  });
  it('knows no other type, not even inherited names', () => {
    expect(eventMapping('payment_disputed')).toBeUndefined();
    expect(eventMapping('toString')).toBeUndefined();
    expect(eventMapping('constructor')).toBeUndefined();
  });
});

describe('refunds and captures', () => {
  it('refundStatus compares the refunded total with the amount', () => {
    expect(refundStatus(10_500, 0, 10_500)).toBe('refunded');
    expect(refundStatus(2_500, 0, 10_500)).toBe('partially_refunded');
    expect(refundStatus(10_499, undefined, 10_500)).toBe('partially_refunded');
  });
  it('refundStatus compares with the captured amount after a partial capture', () => {
    expect(refundStatus(8_000, 8_000, 10_500)).toBe('refunded');
    expect(refundStatus(4_000, 8_000, 10_500)).toBe('partially_refunded');
  });
  it('paymentStatusOf refines paid, captured and refunded payments by their refunded total', () => {
    expect(paymentStatusOf({ status: 'paid', amount: 1000, refunded: 0 })).toBe('succeeded');
    expect(paymentStatusOf({ status: 'paid', amount: 1000, refunded: 300 })).toBe('partially_refunded');
    expect(paymentStatusOf({ status: 'refunded', amount: 1000, refunded: 1000 })).toBe('refunded');
    expect(paymentStatusOf({ status: 'refunded', amount: 1000, refunded: 999 })).toBe('partially_refunded');
    expect(paymentStatusOf({ status: 'captured', amount: 1000, captured: 600, refunded: 600 })).toBe(
      'refunded',
    );
    expect(paymentStatusOf({ status: 'voided', amount: 1000, refunded: 0 })).toBe('canceled');
    expect(paymentStatusOf({ status: 'failed', amount: 1000, refunded: 50 })).toBe('failed');
  });
  it('capturedAmountOf counts a one-step purchase as captured', () => {
    expect(capturedAmountOf({ status: 'paid', amount: 1000, captured: 0 })).toBe(1000);
    expect(capturedAmountOf({ status: 'refunded', amount: 1000, captured: 0 })).toBe(1000);
    expect(capturedAmountOf({ status: 'captured', amount: 1000, captured: 700 })).toBe(700);
    expect(capturedAmountOf({ status: 'authorized', amount: 1000, captured: 0 })).toBe(0);
    expect(capturedAmountOf({ status: 'failed', amount: 1000 })).toBe(0);
  });
});

describe('invoice refined by its payments', () => {
  it('the refinement table lists, per invoice status, the payment statuses that win', () => {
    expect(INVOICE_REFINED_BY_PAYMENT).toEqual({
      initiated: ['authorized'],
      paid: ['refunded', 'partially_refunded', 'canceled'],
      failed: [],
      refunded: ['partially_refunded'],
      canceled: [],
      on_hold: ['authorized'],
      expired: [],
      voided: [],
    });
  });
  const rows: [string, { status: string; amount: number; refunded?: number } | undefined, string][] = [
    ['paid', { status: 'paid', amount: 1000, refunded: 0 }, 'succeeded'],
    ['paid', { status: 'refunded', amount: 1000, refunded: 1000 }, 'refunded'],
    ['paid', { status: 'refunded', amount: 1000, refunded: 250 }, 'partially_refunded'],
    ['paid', { status: 'paid', amount: 1000, refunded: 250 }, 'partially_refunded'],
    ['paid', { status: 'voided', amount: 1000 }, 'canceled'],
    ['paid', { status: 'failed', amount: 1000 }, 'succeeded'],
    ['refunded', { status: 'refunded', amount: 1000, refunded: 400 }, 'partially_refunded'],
    ['refunded', { status: 'refunded', amount: 1000, refunded: 1000 }, 'refunded'],
    ['initiated', { status: 'authorized', amount: 1000 }, 'authorized'],
    ['initiated', { status: 'failed', amount: 1000 }, 'pending'],
    ['initiated', { status: 'initiated', amount: 1000 }, 'pending'],
    ['on_hold', { status: 'authorized', amount: 1000 }, 'authorized'],
    ['canceled', { status: 'paid', amount: 1000 }, 'canceled'],
    ['expired', undefined, 'expired'],
    ['unknown_status', { status: 'paid', amount: 1000 }, 'pending'],
  ];
  it.each(rows)('invoice %s with payment %o → %s', (invoiceStatus, payment, unified) => {
    expect(invoiceStatusOf(invoiceStatus, payment)).toBe(unified);
  });
});

describe('decisive payment', () => {
  it('ranks every documented payment status', () => {
    expect(DECISIVE_PAYMENT_RANK).toEqual({
      refunded: 5,
      paid: 4,
      captured: 4,
      voided: 3,
      authorized: 2,
      verified: 1,
      initiated: 0,
      failed: 0,
      expired: 0,
    });
  });
  it('prefers money that moved over failed attempts, whatever the order', () => {
    const failed = { id: 'a', status: 'failed', created_at: '2026-03-01T10:09:00.000Z' };
    const paid = { id: 'b', status: 'paid', created_at: '2026-03-01T10:05:00.000Z' };
    expect(decisivePayment([failed, paid])?.id).toBe('b');
    expect(decisivePayment([paid, failed])?.id).toBe('b');
  });
  it('takes the latest among equals, and nothing from no payments', () => {
    const first = { id: 'a', status: 'failed', created_at: '2026-03-01T10:00:00.000Z' };
    const second = { id: 'b', status: 'failed', created_at: '2026-03-01T10:01:00.000Z' };
    expect(decisivePayment([second, first])?.id).toBe('b');
    expect(decisivePayment([])).toBeUndefined();
    expect(decisivePayment(null)).toBeUndefined();
  });
});
