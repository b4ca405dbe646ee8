/**
 * Every row of Tap's one status table is a test, twice: the table says what is written below, and
 * a signed webhook of that object in that status parses to it (and `getPayment` reads the same
 * table: see adapter.test.ts).
 */
import type { OperationOutcome, PaymentOperation, PaymentStatus } from 'paybridge';
import {
  createTap,
  TAP_FALLBACK_ROWS,
  TAP_ID_PREFIXES,
  TAP_STATUS_TABLE,
  type TapObjectKind,
} from 'paybridge/tap';
import { tapWebhook } from 'paybridge/testing';
import { describe, expect, it } from 'vitest';
import { kindOfId, statusRow } from '../../../src/providers/tap/status';
import { TEST_KEY } from './helpers';

type Row = [status: PaymentStatus, operation: PaymentOperation, outcome: OperationOutcome];

const CHARGE: Record<string, Row> = {
  INITIATED: ['pending', 'purchase', 'pending'],
  PENDING: ['pending', 'purchase', 'pending'],
  'IN PROGRESS': ['pending', 'purchase', 'pending'],
  IN_PROGRESS: ['pending', 'purchase', 'pending'],
  UNKNOWN: ['pending', 'purchase', 'pending'],
  CAPTURED: ['succeeded', 'purchase', 'succeeded'],
  CANCELLED: ['canceled', 'purchase', 'failed'],
  ABANDONED: ['canceled', 'purchase', 'failed'],
  FAILED: ['failed', 'purchase', 'failed'],
  DECLINED: ['failed', 'purchase', 'failed'],
  RESTRICTED: ['failed', 'purchase', 'failed'],
  TIMEDOUT: ['expired', 'purchase', 'failed'],
  VOID: ['canceled', 'void', 'succeeded'],
};

const AUTHORIZE: Record<string, Row> = {
  INITIATED: ['pending', 'authorize', 'pending'],
  PENDING: ['pending', 'authorize', 'pending'],
  'IN PROGRESS': ['pending', 'authorize', 'pending'],
  IN_PROGRESS: ['pending', 'authorize', 'pending'],
  UNKNOWN: ['pending', 'authorize', 'pending'],
  AUTHORIZED: ['authorized', 'authorize', 'succeeded'],
  CAPTURED: ['succeeded', 'capture', 'succeeded'],
  CANCELLED: ['canceled', 'authorize', 'failed'],
  ABANDONED: ['canceled', 'authorize', 'failed'],
  FAILED: ['failed', 'authorize', 'failed'],
  DECLINED: ['failed', 'authorize', 'failed'],
  RESTRICTED: ['failed', 'authorize', 'failed'],
  TIMEDOUT: ['expired', 'authorize', 'failed'],
  VOID: ['canceled', 'void', 'succeeded'],
};

const REFUND: Record<string, Row> = {
  REFUNDED: ['partially_refunded', 'refund', 'succeeded'],
  PENDING: ['succeeded', 'refund', 'pending'],
  IN_PROGRESS: ['succeeded', 'refund', 'pending'],
  ACCEPTED: ['succeeded', 'refund', 'pending'],
  UNKNOWN: ['succeeded', 'refund', 'pending'],
  CANCELLED: ['succeeded', 'refund', 'failed'],
  FAILED: ['succeeded', 'refund', 'failed'],
  DECLINED: ['succeeded', 'refund', 'failed'],
  RESTRICTED: ['succeeded', 'refund', 'failed'],
  RESTRICRTED: ['succeeded', 'refund', 'failed'],
  TIMEDOUT: ['succeeded', 'refund', 'failed'],
};

const INVOICE: Record<string, Row> = {
  SAVED: ['pending', 'purchase', 'pending'],
  CREATED: ['pending', 'purchase', 'pending'],
  PAID: ['succeeded', 'purchase', 'succeeded'],
  CANCELLED: ['canceled', 'purchase', 'failed'],
  EXPIRED: ['expired', 'purchase', 'failed'],
};

const EXPECTED: Record<TapObjectKind, Record<string, Row>> = {
  charge: CHARGE,
  authorize: AUTHORIZE,
  refund: REFUND,
  invoice: INVOICE,
};

const tap = createTap({ secretKey: TEST_KEY });

describe('TAP_STATUS_TABLE', () => {
  it('has exactly the rows listed here, per object', () => {
    for (const [kind, rows] of Object.entries(EXPECTED)) {
      expect(Object.keys(TAP_STATUS_TABLE[kind as TapObjectKind]).sort(), kind).toEqual(
        Object.keys(rows).sort(),
      );
    }
  });

  for (const [kind, rows] of Object.entries(EXPECTED) as [TapObjectKind, Record<string, Row>][]) {
    for (const [tapStatus, [status, operation, outcome]] of Object.entries(rows)) {
      it(`${kind} ${tapStatus} → ${status} (${operation}: ${outcome}), in the table and from a signed webhook`, async () => {
        expect(TAP_STATUS_TABLE[kind][tapStatus]).toEqual({ status, operation, outcome });
        const event = await tap.parseWebhook(
          await tapWebhook({ object: kind, tapStatus, secretKey: TEST_KEY }),
        );
        expect(event).toMatchObject({
          kind: 'payment',
          object: kind,
          status,
          providerStatus: tapStatus,
          operation,
          operationOutcome: outcome,
        });
      });
    }
  }

  it('succeeded only where money moved: every succeeded row is a capture, a purchase or a paid invoice', () => {
    for (const [kind, rows] of Object.entries(TAP_STATUS_TABLE)) {
      for (const [tapStatus, row] of Object.entries(rows)) {
        if (row.status === 'succeeded' && kind !== 'refund')
          expect(['CAPTURED', 'PAID'], `${kind} ${tapStatus}`).toContain(tapStatus);
      }
    }
  });

  it('a status not in the table maps to the object’s fallback row (the least final reading), kept verbatim', async () => {
    expect(TAP_FALLBACK_ROWS).toEqual({
      charge: { status: 'pending', operation: 'purchase', outcome: 'pending' },
      authorize: { status: 'pending', operation: 'authorize', outcome: 'pending' },
      refund: { status: 'succeeded', operation: 'refund', outcome: 'pending' },
      invoice: { status: 'pending', operation: 'purchase', outcome: 'pending' },
    });
    for (const kind of ['charge', 'authorize', 'refund', 'invoice'] as const) {
      expect(statusRow(kind, 'BRAND_NEW')).toBe(TAP_FALLBACK_ROWS[kind]);
      const event = await tap.parseWebhook(
        await tapWebhook({ object: kind, tapStatus: 'BRAND_NEW', secretKey: TEST_KEY }),
      );
      expect(event).toMatchObject({ status: TAP_FALLBACK_ROWS[kind].status, providerStatus: 'BRAND_NEW' });
    }
  });

  it('lookups ignore case and surrounding spaces; the provider status stays verbatim', async () => {
    expect(statusRow('charge', ' captured ')).toBe(TAP_STATUS_TABLE.charge['CAPTURED']);
    const event = await tap.parseWebhook(await tapWebhook({ tapStatus: 'Captured', secretKey: TEST_KEY }));
    expect(event).toMatchObject({ status: 'succeeded', providerStatus: 'Captured' });
  });

  it('prototype keys are not statuses', () => {
    expect(statusRow('charge', 'constructor')).toBe(TAP_FALLBACK_ROWS.charge);
    expect(statusRow('charge', '__PROTO__')).toBe(TAP_FALLBACK_ROWS.charge);
  });
});

describe('TAP_ID_PREFIXES', () => {
  it.each([
    ['chg_TS05A4120230736x9K22710693', 'charge'],
    ['auth_TS04A1720230745Rt2a2710607', 'authorize'],
    ['re_TS02A5720231127Ls2M2711475', 'refund'],
    ['inv_TS01A0720231127Ls2M2711475', 'invoice'],
    ['sub_123', undefined],
    ['CHG_1', undefined],
  ])('%s → %s', (id, kind) => {
    expect(kindOfId(id)).toBe(kind);
  });

  it('lists the four prefixes', () => {
    expect(TAP_ID_PREFIXES).toEqual({ chg_: 'charge', auth_: 'authorize', re_: 'refund', inv_: 'invoice' });
  });
});
