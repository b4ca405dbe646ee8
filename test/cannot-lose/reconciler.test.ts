/**
 * The reconciler: payments whose webhook never came are found through getPayment and delivered
 * through the handler's dedupe, whichever comes second being a duplicate; lookups bounded, backed
 * off, given up on; a flaky API and a failing onEvent lose nothing.
 */
import {
  createMemoryStore,
  createReconciler,
  createWebhookHandler,
  type DeliveredEvent,
  type PaymentEvent,
  type WebhookEvent,
  type WebhookStore,
} from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';
import { startSimulator } from 'paybridge/testing/simulator';
import { describe, expect, it } from 'vitest';
import { apiPayment, scriptedProvider, webhookOf } from './scripted';

function clock(start = Date.UTC(2030, 0, 1)) {
  let at = start;
  return {
    now: () => at,
    advance: (ms: number) => {
      at += ms;
    },
  };
}

const MINUTE = 60_000;

function setup(options: { onEvent?: (event: DeliveredEvent<WebhookEvent>) => unknown } = {}) {
  const time = clock();
  const store = createMemoryStore({ now: time.now });
  const provider = scriptedProvider();
  const seen: DeliveredEvent<WebhookEvent>[] = [];
  const onEvent =
    options.onEvent ??
    ((event: DeliveredEvent<WebhookEvent>) => {
      seen.push(event);
    });
  const errors: string[] = [];
  const reconciler = createReconciler({
    provider,
    store,
    onEvent,
    now: time.now,
    onError: (_error, context) => errors.push(context.code),
  });
  const handler = createWebhookHandler({ provider, store, onEvent });
  return { time, store, provider, seen, reconciler, handler, errors };
}

describe('createReconciler', () => {
  it('finds the final status of a payment whose webhook never came, once, after olderThanMs', async () => {
    const { time, provider, seen, reconciler, store } = setup();
    await reconciler.track({ id: 'pay_1' });
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    // Too young: its webhook usually comes first.
    expect(await reconciler.run()).toMatchObject({ checked: 0 });
    time.advance(10 * MINUTE);
    expect(await reconciler.run()).toEqual({
      checked: 1,
      finalised: 1,
      delivered: 1,
      duplicates: 0,
      stillPending: 0,
      failed: 0,
      abandoned: 0,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      kind: 'payment',
      source: 'reconciliation',
      confirmed: true,
      status: 'succeeded',
      paymentId: 'pay_1',
      reference: 'order-1',
      amount: 1000,
      currency: 'SAR',
      stale: false,
    });
    expect(store.trackedCount).toBe(0);
    time.advance(60 * MINUTE);
    expect(await reconciler.run()).toMatchObject({ checked: 0 });
  });

  it('webhook first, reconciliation second: a duplicate (no second onEvent)', async () => {
    const { time, provider, seen, reconciler, handler } = setup();
    await reconciler.track({ id: 'pay_1' });
    expect((await handler.handle(webhookOf({ id: 'evt_1', status: 'succeeded' }))).status).toBe(200);
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    time.advance(10 * MINUTE);
    expect(await reconciler.run()).toMatchObject({ checked: 1, finalised: 1, delivered: 0, duplicates: 1 });
    expect(seen.map((e) => e.source)).toEqual(['webhook']);
  });

  it('reconciliation first, webhook second: the webhook is answered 200 duplicate', async () => {
    const { time, provider, seen, reconciler, handler } = setup();
    await reconciler.track({ id: 'pay_1' });
    provider.api.set('pay_1', apiPayment('pay_1', 'failed'));
    time.advance(10 * MINUTE);
    await reconciler.run();
    const late = await handler.handle(webhookOf({ id: 'evt_1', status: 'failed' }));
    expect(late.body).toEqual({ received: true, duplicate: true });
    expect(seen.map((e) => e.source)).toEqual(['reconciliation']);
  });

  it('a payment still open is looked up again with a doubling backoff, then given up on', async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    const provider = scriptedProvider();
    provider.api.set('pay_1', apiPayment('pay_1', 'pending'));
    const errors: string[] = [];
    const reconciler = createReconciler({
      provider,
      store,
      onEvent: () => {},
      now: time.now,
      olderThanMs: 0,
      backoffMs: MINUTE,
      maxBackoffMs: 4 * MINUTE,
      giveUpAfterMs: 60 * MINUTE,
      onError: (_e, context) => errors.push(context.code),
    });
    await reconciler.track({ id: 'pay_1' });
    const checkedAt: number[] = [];
    for (let minute = 0; minute <= 70; minute++) {
      const counts = await reconciler.run();
      if (counts.checked > 0) checkedAt.push(minute);
      time.advance(MINUTE);
    }
    // 1, 2, 4, then capped at 4 minutes apart; given up on once tracked for an hour.
    expect(checkedAt.slice(0, 5)).toEqual([0, 1, 3, 7, 11]);
    expect(checkedAt.at(-1)).toBe(63);
    expect(errors).toEqual(['given_up']);
    expect(store.trackedCount).toBe(0);
  });

  it('a flaky API and a failing onEvent lose nothing: both are tried again on a later run', async () => {
    let failures = 1;
    const seen: string[] = [];
    const { time, provider, reconciler, errors } = setup({
      onEvent: (event) => {
        if (failures-- > 0) throw new Error('the merchant database is down');
        seen.push(event.id);
      },
    });
    await reconciler.track({ id: 'pay_1' });
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    provider.failLookups(new Error('ECONNRESET'));
    time.advance(10 * MINUTE);
    expect(await reconciler.run()).toMatchObject({ checked: 1, failed: 1 });
    provider.failLookups(undefined);
    time.advance(5 * MINUTE);
    expect(await reconciler.run()).toMatchObject({ checked: 1, failed: 1 });
    time.advance(10 * MINUTE);
    expect(await reconciler.run()).toMatchObject({ checked: 1, delivered: 1 });
    expect(seen).toEqual(['reconciliation:pay_1:succeeded']);
    expect(errors).toEqual(['lookup_failed', 'delivery_failed']);
  });

  it('looks up at most `concurrency` payments at once and at most `batchSize` per run', async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    let active = 0;
    let most = 0;
    const provider = {
      name: 'slow',
      async getPayment(id: string) {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return apiPayment(id, 'succeeded');
      },
    };
    const reconciler = createReconciler({
      provider,
      store,
      onEvent: () => {},
      now: time.now,
      olderThanMs: 0,
      concurrency: 3,
      batchSize: 10,
    });
    for (let i = 0; i < 25; i++) await reconciler.track({ id: `pay_${i}` });
    expect(await reconciler.run()).toMatchObject({ checked: 10, delivered: 10 });
    expect(most).toBe(3);
    const [a, b] = await Promise.all([reconciler.run(), reconciler.run()]);
    expect(a).toBe(b);
    expect(a.checked).toBe(10);
  });

  it('withTracking: every link the adapter creates is tracked; the link is returned even if tracking fails', async () => {
    const sim = await startSimulator({ providers: ['moyasar'] });
    try {
      const time = clock(Date.now());
      const store = createMemoryStore({ now: time.now });
      const seen: DeliveredEvent<PaymentEvent>[] = [];
      const moyasar = createMoyasar({ ...sim.settings.moyasar, retry: false });
      const reconciler = createReconciler({
        provider: moyasar,
        store,
        onEvent: (event) => {
          seen.push(event);
        },
        now: time.now,
      });
      const tracked = reconciler.withTracking(moyasar);
      const link = await tracked.createPaymentLink({ amount: 5000, currency: 'SAR', reference: 'order-7' });
      expect(store.trackedCount).toBe(1);
      // No webhook URL: the payment's webhook goes nowhere; only the reconciler can find it.
      await sim.pay(link.id);
      time.advance(10 * MINUTE);
      expect(await reconciler.run()).toMatchObject({ delivered: 1 });
      expect(seen[0]).toMatchObject({
        paymentId: link.id,
        status: 'succeeded',
        reference: 'order-7',
        amount: 5000,
      });
      // The wrapper is the adapter otherwise.
      expect(tracked.name).toBe('moyasar');
      expect((await tracked.getPayment(link.id)).status).toBe('succeeded');

      const failing: WebhookStore = { ...store, track: async () => Promise.reject(new Error('down')) };
      const errors: string[] = [];
      const second = createReconciler({
        provider: moyasar,
        store: failing,
        onEvent: () => {},
        onError: (_e, c) => errors.push(c.code),
      });
      const another = await second.withTracking(moyasar).createPaymentLink({
        amount: 100,
        currency: 'SAR',
        reference: 'order-8',
      });
      expect(another.id).toBeTypeOf('string');
      expect(errors).toEqual(['track_failed']);
    } finally {
      await sim.close();
    }
  });

  it('refuses a store that cannot track, a provider without getPayment, and a link without an id', async () => {
    const memory = createMemoryStore();
    const bare: WebhookStore = {
      claim: memory.claim,
      markProcessed: memory.markProcessed,
      release: memory.release,
    };
    const provider = scriptedProvider();
    expect(() => createReconciler({ provider, store: bare, onEvent: () => {} })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError' }),
    );
    expect(() =>
      createReconciler({ provider: { name: 'x' } as never, store: memory, onEvent: () => {} }),
    ).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
    expect(() => createReconciler({ provider, store: memory, onEvent: () => {}, olderThanMs: -1 })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError' }),
    );
    const reconciler = createReconciler({ provider, store: memory, onEvent: () => {} });
    await expect(reconciler.track({} as never)).rejects.toMatchObject({
      name: 'InvalidRequestError',
      code: 'invalid_input',
    });
  });
});
