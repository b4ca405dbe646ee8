import { describe, expect, it } from 'vitest';
import {
  isFinalStatus,
  isOpenStatus,
  isPaymentStatus,
  isSuccessfulStatus,
  isUnsuccessfulStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
  wasCaptured,
} from '../../src/core/status';

// status → [final, open, successful (money kept), captured at some point, unsuccessful]
const TABLE: Record<PaymentStatus, [boolean, boolean, boolean, boolean, boolean]> = {
  pending: [false, true, false, false, false],
  requires_action: [false, true, false, false, false],
  authorized: [false, true, false, false, false],
  succeeded: [true, false, true, true, false],
  failed: [true, false, false, false, true],
  canceled: [true, false, false, false, true],
  expired: [true, false, false, false, true],
  refunded: [true, false, false, true, false],
  partially_refunded: [true, false, true, true, false],
};

describe('PaymentStatus', () => {
  it('has exactly the nine statuses, in order', () => {
    expect(PAYMENT_STATUSES).toEqual([
      'pending',
      'requires_action',
      'authorized',
      'succeeded',
      'failed',
      'canceled',
      'expired',
      'refunded',
      'partially_refunded',
    ]);
    expect(Object.keys(TABLE).sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  it.each(PAYMENT_STATUSES.map((s) => [s, ...TABLE[s]] as const))(
    '%s: final %s, open %s, successful %s, captured %s, unsuccessful %s',
    (status, final, open, successful, captured, unsuccessful) => {
      expect(isPaymentStatus(status)).toBe(true);
      expect(isFinalStatus(status)).toBe(final);
      expect(isOpenStatus(status)).toBe(open);
      expect(isSuccessfulStatus(status)).toBe(successful);
      expect(wasCaptured(status)).toBe(captured);
      expect(isUnsuccessfulStatus(status)).toBe(unsuccessful);
      // Every status is either open or final, and never both successful and unsuccessful.
      expect(isOpenStatus(status)).toBe(!isFinalStatus(status));
      expect(isSuccessfulStatus(status) && isUnsuccessfulStatus(status)).toBe(false);
    },
  );

  it.each([['paid'], ['Succeeded'], ['cancelled'], [''], [null], [undefined], [3], [{}]])(
    'isPaymentStatus(%o) is false',
    (value) => {
      expect(isPaymentStatus(value)).toBe(false);
    },
  );
});
