/**
 * Each adapter's event `type` is the union of the literals it knows plus `string & {}`, derived
 * from the runtime table it routes events with. The type assertions (`expectTypeOf`) are checked
 * by `tsc` (`npm run typecheck`, which includes test/); the runtime assertions tie the tables to
 * the routing they describe.
 */
import { isEventType, type OpenEventType } from 'paybridge';
import type { MoneyGoEventType, MoneyGoWebhookEvent } from 'paybridge/moneygo';
import {
  MONEYHASH_EVENT_FAMILIES,
  MONEYHASH_EVENT_TYPES,
  type MoneyHashEventType,
  type MoneyHashWebhookEvent,
} from 'paybridge/moneyhash';
import {
  createMoyasar,
  MOYASAR_EVENT_TYPES,
  type MoyasarEventType,
  type MoyasarWebhookEvent,
} from 'paybridge/moyasar';
import { PAYMOB_EVENT_TYPES, type PaymobEventType, type PaymobWebhookEvent } from 'paybridge/paymob';
import {
  TAP_ID_PREFIXES,
  TAP_OBJECT_KINDS,
  TAP_STATUS_TABLE,
  type TapEventType,
  type TapWebhookEvent,
} from 'paybridge/tap';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { findStatusRow } from '../src/providers/moneyhash/status';

describe('event type: the known literals plus string & {}', () => {
  it('is derived from each adapter’s table', () => {
    expectTypeOf<MoyasarEventType>().toEqualTypeOf<keyof typeof MOYASAR_EVENT_TYPES>();
    expectTypeOf<MoyasarWebhookEvent['type']>().toEqualTypeOf<OpenEventType<MoyasarEventType>>();
    expectTypeOf<MoneyHashEventType>().toEqualTypeOf<keyof typeof MONEYHASH_EVENT_TYPES | ''>();
    expectTypeOf<MoneyHashWebhookEvent['type']>().toEqualTypeOf<OpenEventType<MoneyHashEventType>>();
    expectTypeOf<PaymobEventType>().toEqualTypeOf<keyof typeof PAYMOB_EVENT_TYPES | ''>();
    expectTypeOf<PaymobWebhookEvent['type']>().toEqualTypeOf<OpenEventType<PaymobEventType>>();
    expectTypeOf<TapEventType>().toEqualTypeOf<(typeof TAP_OBJECT_KINDS)[number] | ''>();
    expectTypeOf<TapWebhookEvent['type']>().toEqualTypeOf<OpenEventType<TapEventType>>();
    expectTypeOf<MoneyGoEventType>().toEqualTypeOf<''>();
    expectTypeOf<MoneyGoWebhookEvent['type']>().toEqualTypeOf<OpenEventType<''>>();
  });

  it('keeps the literals (they do not collapse into string)', () => {
    expectTypeOf<Extract<MoyasarWebhookEvent['type'], 'payment_paid'>>().toEqualTypeOf<'payment_paid'>();
    expectTypeOf<
      Extract<MoneyHashWebhookEvent['type'], 'intent.processed'>
    >().toEqualTypeOf<'intent.processed'>();
    expectTypeOf<Extract<PaymobWebhookEvent['type'], 'TRANSACTION'>>().toEqualTypeOf<'TRANSACTION'>();
    expectTypeOf<Extract<TapWebhookEvent['type'], 'refund'>>().toEqualTypeOf<'refund'>();
    expectTypeOf<'payment_paid'>().toExtend<MoyasarEventType>();
    // A misspelt literal is not a known type.
    expectTypeOf<'payment_payed'>().not.toExtend<MoyasarEventType>();
  });

  it('narrows on a literal with isEventType, and an unknown type still type-checks', async () => {
    const moyasar = createMoyasar({
      secretKey: TEST_CREDENTIALS.moyasar.secretKey,
      webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret,
    });
    const event = await moyasar.parseWebhook(await moyasarWebhook({ type: 'payment_paid' }));
    expectTypeOf(event.type).toEqualTypeOf<OpenEventType<MoyasarEventType>>();
    if (!isEventType(event, 'payment_paid')) throw new Error('expected a payment_paid event');
    expectTypeOf(event.type).toEqualTypeOf<'payment_paid'>();
    expect(event.type).toBe('payment_paid');
    if (event.kind === 'payment') expect(event.status).toBe('succeeded');

    const unknown = await moyasar.parseWebhook(await moyasarWebhook({ type: 'payment_brand_new' }));
    // A type this version does not know compiles, in a comparison and in the guard …
    expect(unknown.type === 'payment_brand_new').toBe(true);
    expect(isEventType(unknown, 'payment_brand_new')).toBe(true);
    expect(isEventType(unknown, 'payment_paid')).toBe(false);
    // … and arrives as kind: 'unknown'.
    expect(unknown.kind).toBe('unknown');
    const built: MoyasarWebhookEvent = { ...unknown, kind: 'unknown', type: 'payment_brand_new' };
    expect(built.type).toBe('payment_brand_new');
  });
});

describe('the tables the types come from agree with the routing', () => {
  it('every MoneyHash type is routed to its family by the patterns too', () => {
    for (const [type, family] of Object.entries(MONEYHASH_EVENT_TYPES)) {
      const byPattern = MONEYHASH_EVENT_FAMILIES.find(([pattern]) => pattern.test(type))?.[1];
      expect(byPattern, type).toBe(family);
    }
  });

  it('every documented MoneyHash transaction type has its own row in the status table', () => {
    for (const type of Object.keys(MONEYHASH_EVENT_TYPES).filter((t) => t.startsWith('transaction.'))) {
      const [, operation = '', operationStatus = ''] = type.split('.');
      const flow = operation === 'disburse' ? 'payout' : 'payin';
      const row = findStatusRow({ on: 'operation', flow, operation, operationStatus, refund: 'partial' });
      expect(row.operation, type).toBe(operation);
    }
  });

  it('Paymob routes its two documented callback types to payment and card-token events', () => {
    expect(PAYMOB_EVENT_TYPES).toEqual({ TRANSACTION: 'payment', TOKEN: 'card_token' });
    expect(Object.isFrozen(PAYMOB_EVENT_TYPES)).toBe(true);
  });

  it('Tap’s object kinds are the kinds of its status table and id prefixes', () => {
    expect([...TAP_OBJECT_KINDS].sort()).toEqual(Object.keys(TAP_STATUS_TABLE).sort());
    expect([...new Set(Object.values(TAP_ID_PREFIXES))].sort()).toEqual([...TAP_OBJECT_KINDS].sort());
    expect(Object.isFrozen(TAP_OBJECT_KINDS)).toBe(true);
  });

  it('Moyasar’s table is frozen', () => {
    expect(Object.isFrozen(MOYASAR_EVENT_TYPES)).toBe(true);
    expect(Object.isFrozen(MONEYHASH_EVENT_TYPES)).toBe(true);
  });
});
