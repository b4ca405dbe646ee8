/**
 * PAYMOB_STATUS_TABLE: every row is a test, and the table's promise about signed fields is checked
 * as a property: a field the decision did not read never changes it, and a decision that read
 * signed fields alone (`signedOnly`, which becomes `coverage.status`) cannot be moved by any
 * unsigned field.
 */
import fc from 'fast-check';
import type { PaymentStatus } from 'paybridge';
import {
  createPaymob,
  PAYMOB_FLAGS,
  PAYMOB_SIGNED_FLAGS,
  PAYMOB_STATUS_TABLE,
  type PaymobFlag,
  type PaymobPaymentEvent,
  paymobOutcome,
} from 'paybridge/paymob';
import { paymobWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { describe, expect, it } from 'vitest';

const none = Object.fromEntries(PAYMOB_FLAGS.map((flag) => [flag, false])) as Record<PaymobFlag, boolean>;
const flagsOf = (set: readonly PaymobFlag[]) => ({
  ...none,
  ...Object.fromEntries(set.map((f) => [f, true])),
});

interface Case {
  row: string;
  flags: readonly PaymobFlag[];
  status: PaymentStatus;
  operation: string | undefined;
  outcome: string | undefined;
  signedOnly: boolean;
  refundedAmount?: number;
}

const CASES: Case[] = [
  {
    row: 'capture_succeeded',
    flags: ['is_capture', 'success'],
    status: 'succeeded',
    operation: 'capture',
    outcome: 'succeeded',
    signedOnly: true,
  },
  {
    row: 'capture_pending',
    flags: ['is_capture', 'pending'],
    status: 'authorized',
    operation: 'capture',
    outcome: 'pending',
    signedOnly: true,
  },
  {
    row: 'capture_failed',
    flags: ['is_capture'],
    status: 'authorized',
    operation: 'capture',
    outcome: 'failed',
    signedOnly: true,
  },
  {
    row: 'void_child_succeeded',
    flags: ['has_parent_transaction', 'is_void', 'success'],
    status: 'canceled',
    operation: 'void',
    outcome: 'succeeded',
    signedOnly: false,
  },
  {
    row: 'void_child_not_succeeded',
    flags: ['has_parent_transaction', 'is_void'],
    status: 'pending',
    operation: 'void',
    outcome: 'failed',
    signedOnly: false,
  },
  {
    row: 'refund_child_succeeded',
    flags: ['has_parent_transaction', 'is_refund', 'success'],
    status: 'refunded',
    operation: 'refund',
    outcome: 'succeeded',
    signedOnly: false,
  },
  {
    row: 'refund_child_not_succeeded',
    flags: ['has_parent_transaction', 'is_refund'],
    status: 'pending',
    operation: 'refund',
    outcome: 'failed',
    signedOnly: false,
  },
  {
    row: 'child_unknown',
    flags: ['has_parent_transaction', 'success'],
    status: 'pending',
    operation: undefined,
    outcome: undefined,
    signedOnly: false,
  },
  {
    row: 'pending',
    flags: ['pending'],
    status: 'pending',
    operation: 'purchase',
    outcome: 'pending',
    signedOnly: true,
  },
  { row: 'failed', flags: [], status: 'failed', operation: 'purchase', outcome: 'failed', signedOnly: true },
  {
    row: 'success_but_pending',
    flags: ['success', 'pending'],
    status: 'pending',
    operation: 'purchase',
    outcome: 'pending',
    signedOnly: true,
  },
  {
    row: 'success_with_error',
    flags: ['success', 'error_occured'],
    status: 'pending',
    operation: 'purchase',
    outcome: 'pending',
    signedOnly: true,
  },
  {
    row: 'voided',
    flags: ['success', 'is_voided'],
    status: 'canceled',
    operation: 'void',
    outcome: 'succeeded',
    signedOnly: true,
  },
  {
    row: 'refunded',
    flags: ['success', 'is_refunded'],
    refundedAmount: 10_000,
    status: 'refunded',
    operation: 'refund',
    outcome: 'succeeded',
    signedOnly: false,
  },
  {
    row: 'authorized_captured',
    flags: ['success', 'is_auth', 'is_captured'],
    status: 'succeeded',
    operation: 'capture',
    outcome: 'succeeded',
    signedOnly: false,
  },
  {
    row: 'authorized',
    flags: ['success', 'is_auth'],
    status: 'authorized',
    operation: 'authorize',
    outcome: 'succeeded',
    signedOnly: false,
  },
  {
    row: 'paid',
    flags: ['success'],
    status: 'succeeded',
    operation: 'purchase',
    outcome: 'succeeded',
    signedOnly: true,
  },
];

describe('PAYMOB_STATUS_TABLE, row by row', () => {
  it('has a case below for every row, in the table’s order', () => {
    expect(CASES.map((c) => c.row)).toEqual(PAYMOB_STATUS_TABLE.map((row) => row.name));
  });

  it.each(CASES)('$row: $flags → $status', (c) => {
    const outcome = paymobOutcome({
      flags: flagsOf(c.flags),
      amount: 10_000,
      refundedAmount: c.refundedAmount,
    });
    expect(outcome).toMatchObject({
      row: c.row,
      status: c.status,
      operation: c.operation,
      operationOutcome: c.outcome,
      signedOnly: c.signedOnly,
    });
  });

  it('refunded: full, partial and unknown extents (refunded_amount_cents is unsigned)', () => {
    const run = (refundedAmount: number | undefined) =>
      paymobOutcome({ flags: flagsOf(['success', 'is_refunded']), amount: 10_000, refundedAmount }).status;
    expect(run(10_000)).toBe('refunded');
    expect(run(12_000)).toBe('refunded');
    expect(run(2_500)).toBe('partially_refunded');
    // Unknown extent: the status that claims no money was kept.
    expect(run(undefined)).toBe('refunded');
    expect(run(0)).toBe('refunded');
  });

  it('the pending and failed rows report authorize for an authorization (is_auth is signed)', () => {
    expect(
      paymobOutcome({ flags: flagsOf(['pending', 'is_auth']), amount: 1, refundedAmount: undefined }),
    ).toMatchObject({
      row: 'pending',
      operation: 'authorize',
      signedOnly: true,
    });
    expect(
      paymobOutcome({ flags: flagsOf(['is_auth']), amount: 1, refundedAmount: undefined }),
    ).toMatchObject({
      row: 'failed',
      operation: 'authorize',
    });
  });

  it('the unsigned flags are exactly is_captured, is_void and is_refund', () => {
    expect(PAYMOB_FLAGS.filter((flag) => !PAYMOB_SIGNED_FLAGS.has(flag))).toEqual([
      'is_captured',
      'is_void',
      'is_refund',
    ]);
    expect(PAYMOB_SIGNED_FLAGS.has('refunded_amount_cents')).toBe(false);
  });
});

const flagsArb = fc.record(
  Object.fromEntries(PAYMOB_FLAGS.map((flag) => [flag, fc.boolean()])) as Record<
    PaymobFlag,
    fc.Arbitrary<boolean>
  >,
);
const refundedArb = fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined });

describe('properties of the table', () => {
  it('a field the decision did not read never changes it; a signed-only decision is immune to every unsigned field', () => {
    fc.assert(
      fc.property(
        flagsArb,
        refundedArb,
        fc.constantFrom(...PAYMOB_FLAGS),
        refundedArb,
        (flags, refunded, flip, other) => {
          const before = paymobOutcome({ flags, amount: 10_000, refundedAmount: refunded });
          const flipped = { ...flags, [flip]: !flags[flip] };
          if (!before.read.includes(flip)) {
            const after = paymobOutcome({ flags: flipped, amount: 10_000, refundedAmount: refunded });
            expect(after).toEqual(before);
          }
          if (!before.read.includes('refunded_amount_cents')) {
            expect(paymobOutcome({ flags, amount: 10_000, refundedAmount: other })).toEqual(before);
          }
          if (before.signedOnly && !PAYMOB_SIGNED_FLAGS.has(flip)) {
            expect(paymobOutcome({ flags: flipped, amount: 10_000, refundedAmount: other }).status).toBe(
              before.status,
            );
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('succeeded only where success (or a successful capture) says money moved; never on a failed transaction', () => {
    fc.assert(
      fc.property(flagsArb, refundedArb, (flags, refunded) => {
        const outcome = paymobOutcome({ flags, amount: 10_000, refundedAmount: refunded });
        if (outcome.status === 'succeeded' || outcome.status === 'partially_refunded')
          expect(flags.success).toBe(true);
        if (!flags.success) expect(['pending', 'failed', 'authorized']).toContain(outcome.status);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('through parseWebhook: unsigned fields never move a covered status, nor any id', () => {
  const key = TEST_CREDENTIALS.paymob.webhookSecret;
  const paymob = createPaymob({ webhookSecret: key });

  it('random flags, then random changes to the unsigned fields of the delivered body (fast-check)', async () => {
    const unsignedChange = fc.record({
      is_captured: fc.boolean(),
      is_void: fc.boolean(),
      is_refund: fc.boolean(),
      refunded_amount_cents: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
      merchant_order_id: fc.string({ maxLength: 12 }),
      message: fc.string({ maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(flagsArb, unsignedChange, async (flags, change) => {
        const webhook = await paymobWebhook({
          transactionId: 42,
          orderId: 43,
          amount: 10_000,
          flags,
          createdAt: '2024-06-13T11:33:44.592345',
        });
        const first = (await paymob.parseWebhook(webhook)) as PaymobPaymentEvent;
        const body = JSON.parse(webhook.body) as { obj: Record<string, unknown> };
        const { merchant_order_id, message, ...flagsAndAmount } = change;
        Object.assign(body.obj, flagsAndAmount);
        (body.obj['order'] as Record<string, unknown>)['merchant_order_id'] = merchant_order_id;
        body.obj['data'] = { message };
        const second = (await paymob.parseWebhook({
          ...webhook,
          body: JSON.stringify(body),
        })) as PaymobPaymentEvent;
        expect(second.id).toBe(first.id);
        expect(second.coverage.reference).toBe(false);
        if (first.coverage.status) {
          expect(second.status).toBe(first.status);
          expect(second.coverage.status).toBe(true);
        }
        expect(second.amount).toBe(first.amount);
        expect(second.currency).toBe(first.currency);
      }),
      { numRuns: 150 },
    );
  });
});
