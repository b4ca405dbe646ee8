import { PAYMENT_STATUSES } from 'paybridge';
import { MONEYHASH_STATUS_TABLE, type MoneyHashStatusRow } from 'paybridge/moneyhash';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findStatusRow,
  mapHistoricalStatus,
  mapIntentStatus,
  mapOperationStatus,
  refundExtent,
  type StatusQuery,
} from '../../../src/providers/moneyhash/status';

/**
 * One case per row of the table, written out independently of it: the query and the status (and
 * outcome) expected. The last test checks that every row of the table was reached by a case, so a
 * row added without a test, or shadowed by an earlier row, fails here.
 */
const cases: Array<[StatusQuery, string, string?]> = [
  // operation scope: payments
  [
    { on: 'operation', flow: 'payin', operation: 'purchase', operationStatus: 'pending', refund: 'none' },
    'pending',
    'pending',
  ],
  [
    {
      on: 'operation',
      flow: 'payin',
      operation: 'purchase',
      operationStatus: 'pending_authentication',
      refund: 'none',
    },
    'requires_action',
    'requires_action',
  ],
  [
    {
      on: 'operation',
      flow: 'payin',
      operation: 'purchase',
      operationStatus: 'pending_external_action',
      refund: 'none',
    },
    'requires_action',
    'requires_action',
  ],
  [
    {
      on: 'operation',
      flow: 'payin',
      operation: 'purchase',
      operationStatus: 'pending_online_external_action',
      refund: 'none',
    },
    'requires_action',
    'requires_action',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'purchase', operationStatus: 'successful', refund: 'none' },
    'succeeded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'purchase', operationStatus: 'failed', refund: 'none' },
    'failed',
    'failed',
  ],
  [
    {
      on: 'operation',
      flow: 'payin',
      operation: 'increase_purchase',
      operationStatus: 'successful',
      refund: 'none',
    },
    'succeeded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'authorize', operationStatus: 'pending', refund: 'none' },
    'pending',
    'pending',
  ],
  [
    {
      on: 'operation',
      flow: 'payin',
      operation: 'authorize',
      operationStatus: 'pending_authentication',
      refund: 'none',
    },
    'requires_action',
    'requires_action',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'authorize', operationStatus: 'successful', refund: 'none' },
    'authorized',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'authorize', operationStatus: 'failed', refund: 'none' },
    'failed',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'capture', operationStatus: 'pending', refund: 'none' },
    'authorized',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'capture', operationStatus: 'successful', refund: 'none' },
    'succeeded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'capture', operationStatus: 'failed', refund: 'none' },
    'authorized',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'void', operationStatus: 'pending', refund: 'none' },
    'authorized',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'void', operationStatus: 'successful', refund: 'none' },
    'canceled',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'void', operationStatus: 'failed', refund: 'none' },
    'authorized',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'successful', refund: 'partial' },
    'partially_refunded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'successful', refund: 'full' },
    'refunded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'successful', refund: 'unknown' },
    'refunded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'pending', refund: 'partial' },
    'partially_refunded',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'pending', refund: 'full' },
    'refunded',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'pending', refund: 'none' },
    'succeeded',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'failed', refund: 'partial' },
    'partially_refunded',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'failed', refund: 'full' },
    'refunded',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'refund', operationStatus: 'failed', refund: 'unknown' },
    'succeeded',
    'failed',
  ],
  // operation scope: payouts
  [
    { on: 'operation', flow: 'payout', operation: 'disburse', operationStatus: 'pending', refund: 'none' },
    'pending',
    'pending',
  ],
  [
    {
      on: 'operation',
      flow: 'payout',
      operation: 'disburse',
      operationStatus: 'pending_approval',
      refund: 'none',
    },
    'pending',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payout', operation: 'disburse', operationStatus: 'successful', refund: 'none' },
    'succeeded',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payout', operation: 'disburse', operationStatus: 'failed', refund: 'none' },
    'failed',
    'failed',
  ],
  [
    { on: 'operation', flow: 'payout', operation: 'void', operationStatus: 'pending', refund: 'none' },
    'pending',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payout', operation: 'void', operationStatus: 'successful', refund: 'none' },
    'canceled',
    'succeeded',
  ],
  [
    { on: 'operation', flow: 'payout', operation: 'void', operationStatus: 'failed', refund: 'none' },
    'pending',
    'failed',
  ],
  // operation scope: catch-all (an unknown status; an operation on the wrong flow)
  [
    { on: 'operation', flow: 'payin', operation: 'purchase', operationStatus: 'brand_new', refund: 'none' },
    'pending',
    'pending',
  ],
  [
    { on: 'operation', flow: 'payin', operation: 'disburse', operationStatus: 'successful', refund: 'none' },
    'pending',
    'pending',
  ],
  // intent scope
  [{ on: 'intent', intentStatus: 'TIME_EXPIRED', refund: 'unknown' }, 'expired'],
  [{ on: 'intent', intentStatus: 'CLOSED', paymentStatus: 'AUTHORIZED', refund: 'unknown' }, 'canceled'],
  [
    {
      on: 'intent',
      intentStatus: 'PROCESSED',
      paymentStatus: 'EXPIRED',
      transactionStatus: 'SUCCESSFUL',
      refund: 'none',
    },
    'expired',
  ],
  [{ on: 'intent', intentStatus: 'PROCESSED', paymentStatus: 'CAPTURED', refund: 'full' }, 'refunded'],
  [
    { on: 'intent', intentStatus: 'PROCESSED', paymentStatus: 'CAPTURED', refund: 'partial' },
    'partially_refunded',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'PROCESSED',
      paymentStatus: 'CAPTURED',
      transactionStatus: 'SUCCESSFUL',
      refund: 'none',
    },
    'succeeded',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'PROCESSED',
      paymentStatus: 'AUTHORIZED',
      transactionStatus: 'VOIDED',
      refund: 'none',
    },
    'canceled',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'PROCESSED',
      paymentStatus: 'AUTHORIZED',
      transactionStatus: 'SUCCESSFUL',
      refund: 'none',
    },
    'authorized',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'UNPROCESSED',
      paymentStatus: 'AUTHORIZE_ATTEMPT_FAILED',
      refund: 'unknown',
    },
    'failed',
  ],
  [
    { on: 'intent', intentStatus: 'PROCESSED', transactionStatus: 'FULLY_REFUNDED', refund: 'unknown' },
    'refunded',
  ],
  [
    { on: 'intent', intentStatus: 'PROCESSED', transactionStatus: 'PARTIALLY_REFUNDED', refund: 'unknown' },
    'partially_refunded',
  ],
  [{ on: 'intent', intentStatus: 'PROCESSED', transactionStatus: 'VOIDED', refund: 'unknown' }, 'canceled'],
  [
    {
      on: 'intent',
      intentStatus: 'UNPROCESSED',
      paymentStatus: 'AUTHORIZE_ATTEMPT_PENDING',
      transactionStatus: 'PENDING_AUTHENTICATION',
      refund: 'unknown',
    },
    'requires_action',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'UNPROCESSED',
      transactionStatus: 'PENDING_EXTERNAL_ACTION',
      refund: 'unknown',
    },
    'requires_action',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'UNPROCESSED',
      transactionStatus: 'PENDING_ONLINE_EXTERNAL_ACTION',
      refund: 'unknown',
    },
    'requires_action',
  ],
  [
    {
      on: 'intent',
      intentStatus: 'UNPROCESSED',
      paymentStatus: 'NO_AUTHORIZE_ATTEMPTS',
      transactionStatus: 'FAILED',
      refund: 'unknown',
    },
    'failed',
  ],
  [
    { on: 'intent', intentStatus: 'PROCESSED', transactionStatus: 'SUCCESSFUL', refund: 'unknown' },
    'succeeded',
  ],
  [{ on: 'intent', intentStatus: 'PROCESSED', refund: 'unknown' }, 'authorized'],
  [{ on: 'intent', intentStatus: 'UNPROCESSED', transactionStatus: 'PENDING', refund: 'unknown' }, 'pending'],
  [{ on: 'intent', intentStatus: 'SOMETHING_NEW', refund: 'unknown' }, 'pending'],
  // historical scope
  [{ on: 'historical', transactionStatus: 'SUCCESSFUL' }, 'succeeded'],
  [{ on: 'historical', transactionStatus: 'FAILED' }, 'failed'],
  [{ on: 'historical', transactionStatus: 'PENDING' }, 'pending'],
];

const reached = new Set<MoneyHashStatusRow>();

describe('MONEYHASH_STATUS_TABLE, row by row', () => {
  it.each(cases)('%o → %s %s', (query, status, outcome) => {
    const row = findStatusRow(query);
    reached.add(row);
    expect(row.status).toBe(status);
    if (outcome !== undefined) expect(row).toMatchObject({ on: 'operation', outcome });
  });

  afterAll(() => {
    const missed = MONEYHASH_STATUS_TABLE.filter((row) => !reached.has(row));
    expect(missed).toEqual([]);
  });
});

describe('status helpers', () => {
  it('every row maps to one of the nine unified statuses', () => {
    for (const row of MONEYHASH_STATUS_TABLE) expect(PAYMENT_STATUSES).toContain(row.status);
  });

  it('succeeded only where money moved: no pending/failed operation row claims succeeded unless money was already captured', () => {
    for (const row of MONEYHASH_STATUS_TABLE) {
      if (row.on !== 'operation' || row.status !== 'succeeded') continue;
      const moneyAlreadyCaptured = row.operation === 'refund';
      expect(row.outcome === 'succeeded' || moneyAlreadyCaptured).toBe(true);
    }
  });

  it('matching ignores case of the provider values', () => {
    expect(
      mapOperationStatus({
        flow: 'payin',
        operation: 'PURCHASE',
        operationStatus: 'Successful',
        refund: 'none',
      }),
    ).toEqual({
      status: 'succeeded',
      outcome: 'succeeded',
    });
    expect(mapIntentStatus({ intentStatus: 'time_expired', refund: 'unknown' })).toBe('expired');
    expect(mapHistoricalStatus('successful')).toBe('succeeded');
  });

  it.each([
    [{}, 'unknown'],
    [{ refunded: 0 }, 'none'],
    [{ captured: 5000, refunded: 0 }, 'none'],
    [{ refunded: 100 }, 'unknown'],
    [{ captured: 0, refunded: 100 }, 'unknown'],
    [{ captured: 5000, refunded: 100 }, 'partial'],
    [{ captured: 5000, refunded: 5000 }, 'full'],
    [{ captured: 5000, refunded: 6000 }, 'full'],
  ])('refundExtent(%o) → %s', (balances, extent) => {
    expect(refundExtent(balances)).toBe(extent);
  });
});
