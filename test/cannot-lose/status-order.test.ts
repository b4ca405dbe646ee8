/**
 * The order of statuses (core/status-order.ts), one test per pair: the matrix below is written out
 * by hand, not computed from STATUS_RANK, so a change to the table must be a change here too.
 * Rows: the furthest status a payment reached; columns: the status of the event that arrives.
 * `B` = backwards (the event is stale), `.` = not backwards.
 */
import { furthestStatus, isBackwards, PAYMENT_STATUSES, type PaymentStatus, STATUS_RANK } from 'paybridge';
import { describe, expect, it } from 'vitest';

const COLUMNS: PaymentStatus[] = [
  'pending',
  'requires_action',
  'authorized',
  'failed',
  'canceled',
  'expired',
  'succeeded',
  'partially_refunded',
  'refunded',
];

// biome-ignore format: the matrix reads as a table
const MATRIX: Record<PaymentStatus, string> = {
  //                  pend act  auth fail canc exp  succ part refd
  pending:            '.    .    .    .    .    .    .    .    .',
  requires_action:    'B    .    .    .    .    .    .    .    .',
  authorized:         'B    B    .    .    .    .    .    .    .',
  failed:             'B    B    B    .    .    .    .    .    .',
  canceled:           'B    B    B    .    .    .    .    .    .',
  expired:            'B    B    B    .    .    .    .    .    .',
  succeeded:          'B    B    B    B    B    B    .    .    .',
  partially_refunded: 'B    B    B    B    B    B    B    .    .',
  refunded:           'B    B    B    B    B    B    B    B    .',
};

describe('the status order: one test per pair', () => {
  it('covers all nine statuses', () => {
    expect([...COLUMNS].sort()).toEqual([...PAYMENT_STATUSES].sort());
    expect(Object.keys(STATUS_RANK).sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  for (const furthest of COLUMNS) {
    const row = MATRIX[furthest].split(/\s+/);
    COLUMNS.forEach((next, i) => {
      const backwards = row[i] === 'B';
      it(`${furthest} → ${next}: ${backwards ? 'backwards (stale)' : 'not backwards'}`, () => {
        expect(isBackwards(furthest, next)).toBe(backwards);
        // furthestStatus keeps the one reached first on equal rank, the further one otherwise.
        expect(furthestStatus(furthest, next)).toBe(
          backwards || STATUS_RANK[next] === STATUS_RANK[furthest] ? furthest : next,
        );
      });
    });
  }
});
