/**
 * The handler's confirmation policy (`confirm`), its ordering (`ordering`) and the outcome dedupe
 * (once per payment and final status), tried the way a forger, a provider that reorders and a
 * lagging API would try them.
 */
import {
  createMemoryStore,
  createWebhookHandler,
  type DeliveredEvent,
  NetworkError,
  type PaymentEvent,
  type WebhookStore,
} from 'paybridge';
import { describe, expect, it } from 'vitest';
import {
  apiPayment,
  COVERED,
  type ScriptedEvent,
  STATUS_UNSIGNED,
  scriptedProvider,
  webhookOf,
} from './scripted';

function setup(
  options: {
    confirm?: 'unverified' | 'always' | 'never';
    ordering?: 'flag' | 'skip';
    store?: WebhookStore;
  } = {},
) {
  const provider = scriptedProvider();
  const seen: DeliveredEvent<PaymentEvent>[] = [];
  let failNext = false;
  const handler = createWebhookHandler({
    provider,
    store: options.store,
    confirm: options.confirm,
    ordering: options.ordering,
    onEvent: (event) => {
      if (failNext) {
        failNext = false;
        throw new Error('the merchant database is down');
      }
      seen.push(event);
    },
  });
  const send = (event: ScriptedEvent) => handler.handle(webhookOf(event));
  return { provider, handler, seen, send, failOnce: () => (failNext = true) };
}

describe("confirm: 'unverified' (the default)", () => {
  it('does not ask the API about an event whose verification covered every field', async () => {
    const { provider, seen, send } = setup();
    expect((await send({ id: 'e1', status: 'succeeded' })).status).toBe(200);
    expect(provider.lookups).toEqual([]);
    expect(seen[0]).toMatchObject({ confirmed: false, source: 'webhook', stale: false, status: 'succeeded' });
  });

  it('asks the API about an event with an unsigned status, and hands over the confirmation', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    const result = await send({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED });
    expect(result.status).toBe(200);
    expect(provider.lookups).toEqual(['pay_1']);
    expect(seen[0]).toMatchObject({ confirmed: true, stale: false, confirmation: { status: 'succeeded' } });
  });

  it('a forged "succeeded" while the API says pending: 503 with Retry-After, not processed, and the claim released', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'pending'));
    const forged = { id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED } as const;
    const first = await send(forged);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBeDefined();
    expect(first.body).toMatchObject({ error: 'confirmation_pending', reason: 'not_yet_confirmed' });
    expect(seen).toEqual([]);
    // A genuine event whose API lagged: once the API catches up, the provider's retry goes through.
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    expect((await send(forged)).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('a failed attempt on a link the API still shows open is confirmed (no money moved; the payer may try again)', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'pending'));
    expect((await send({ id: 'e1', status: 'failed', coverage: STATUS_UNSIGNED })).status).toBe(200);
    expect(seen[0]).toMatchObject({
      status: 'failed',
      confirmed: true,
      stale: false,
      confirmation: { status: 'pending' },
    });
    // A success the API does not show yet still waits.
    expect((await send({ id: 'e2', status: 'succeeded', coverage: STATUS_UNSIGNED })).status).toBe(503);
  });

  it("a refund event that cannot tell full from partial takes the API's refund status and total", async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'partially_refunded', { refundedAmount: 300 }));
    const result = await send({ id: 'r1', status: 'refunded', coverage: STATUS_UNSIGNED });
    expect(result.status).toBe(200);
    expect(seen[0]).toMatchObject({ status: 'partially_refunded', refundedAmount: 300, confirmed: true });
  });

  it('answers 409 not_confirmed when the API reports another outcome of the same rank', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'canceled'));
    const result = await send({ id: 'e1', status: 'failed', coverage: STATUS_UNSIGNED });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: 'not_confirmed', reason: 'not_confirmed' });
    expect(result.headers['retry-after']).toBeUndefined();
    expect(seen).toEqual([]);
  });

  it('answers 409 when an unsigned amount or reference differs from the API', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    const amount = await send({
      id: 'e1',
      status: 'succeeded',
      amount: 1,
      coverage: { paymentId: true, status: true, amount: false, reference: true },
    });
    expect(amount.status).toBe(409);
    const reference = await send({
      id: 'e2',
      status: 'succeeded',
      reference: 'someone-elses-order',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    expect(reference.status).toBe(409);
    expect(seen).toEqual([]);
    // The same fields, signed: the signature vouches for them; nothing is asked.
    expect((await send({ id: 'e3', status: 'succeeded', amount: 1 })).status).toBe(200);
  });

  it('a late event the API has moved past is handed over stale, with the confirmed status', async () => {
    const { provider, seen, send } = setup();
    provider.api.set('pay_1', apiPayment('pay_1', 'refunded'));
    expect((await send({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED })).status).toBe(200);
    expect(seen[0]).toMatchObject({ status: 'succeeded', stale: true, confirmation: { status: 'refunded' } });
  });

  it('an API that cannot be reached: 503 confirmation_unavailable, retried later', async () => {
    const { provider, seen, send } = setup();
    provider.failLookups(new NetworkError('connection reset', { provider: 'scripted' }));
    const result = await send({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED });
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ error: 'confirmation_unavailable' });
    provider.failLookups(undefined);
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    expect((await send({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('a provider without getPayment cannot confirm: 500 configuration_error, never a silent pass', async () => {
    const scripted = scriptedProvider();
    const handler = createWebhookHandler({
      provider: { name: scripted.name, parseWebhook: scripted.parseWebhook },
      onEvent: () => {
        throw new Error('must not run');
      },
    });
    const result = await handler.handle(
      webhookOf({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED }),
    );
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error' });
  });
});

describe("confirm: 'always' and 'never'", () => {
  it("'always' asks about fully covered events too", async () => {
    const { provider, seen, send } = setup({ confirm: 'always' });
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    await send({ id: 'e1', status: 'succeeded', coverage: COVERED });
    expect(provider.lookups).toEqual(['pay_1']);
    expect(seen[0]?.confirmed).toBe(true);
  });

  it("'never' asks nothing: the event comes unconfirmed, its coverage saying what was not signed", async () => {
    const { provider, seen, send } = setup({ confirm: 'never' });
    await send({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED });
    expect(provider.lookups).toEqual([]);
    expect(seen[0]).toMatchObject({ confirmed: false, coverage: { status: false } });
  });

  it('refuses an unknown policy at construction', () => {
    expect(() =>
      createWebhookHandler({
        provider: scriptedProvider(),
        onEvent: () => {},
        confirm: 'sometimes' as never,
      }),
    ).toThrow(expect.objectContaining({ name: 'ConfigurationError', code: 'invalid_option' }));
    expect(() =>
      createWebhookHandler({ provider: scriptedProvider(), onEvent: () => {}, ordering: 'drop' as never }),
    ).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
  });
});

describe('ordering', () => {
  it("'flag' (default): a late pending after succeeded is handed over stale", async () => {
    const { seen, send } = setup();
    await send({ id: 'e1', status: 'succeeded' });
    await send({ id: 'e0', status: 'pending' });
    expect(seen.map((e) => [e.status, e.stale])).toEqual([
      ['succeeded', false],
      ['pending', true],
    ]);
  });

  it("'skip': the stale event is acknowledged without onEvent, and stays acknowledged", async () => {
    const { seen, send } = setup({ ordering: 'skip' });
    await send({ id: 'e2', status: 'refunded' });
    const late = await send({ id: 'e1', status: 'succeeded' });
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ received: true, stale: true });
    expect(seen.map((e) => e.status)).toEqual(['refunded']);
    expect((await send({ id: 'e1', status: 'succeeded' })).body).toEqual({ received: true, duplicate: true });
  });

  it('a success after a declined attempt moves forwards; a late decline after the success is stale', async () => {
    const { seen, send } = setup();
    await send({ id: 'e1', status: 'failed' });
    await send({ id: 'e2', status: 'succeeded' });
    await send({ id: 'e3', status: 'expired' });
    // Another "failed" is the outcome processed with e1: a duplicate, not a second call.
    expect((await send({ id: 'e4', status: 'failed' })).body).toMatchObject({ duplicate: true });
    expect(seen.map((e) => [e.id, e.stale])).toEqual([
      ['e1', false],
      ['e2', false],
      ['e3', true],
    ]);
  });

  it('payments are ordered apart: another payment is never stale because of this one', async () => {
    const { seen, send } = setup();
    await send({ id: 'e1', paymentId: 'pay_1', status: 'refunded' });
    await send({ id: 'e2', paymentId: 'pay_2', status: 'pending' });
    expect(seen.map((e) => e.stale)).toEqual([false, false]);
  });

  it('an event whose onEvent failed is not stale against itself when retried', async () => {
    const { seen, send, failOnce } = setup();
    failOnce();
    expect((await send({ id: 'e1', status: 'succeeded' })).status).toBe(500);
    expect((await send({ id: 'e1', status: 'succeeded' })).status).toBe(200);
    expect(seen.map((e) => e.stale)).toEqual([false]);
  });

  it('a store of your own without advance() still dedupes; its events are never flagged', async () => {
    const memory = createMemoryStore();
    const store: WebhookStore = {
      claim: (k, t, token) => memory.claim(k, t, token),
      markProcessed: (k, t, token) => memory.markProcessed(k, t, token),
      release: (k, token) => memory.release(k, token),
    };
    const { seen, send } = setup({ store });
    await send({ id: 'e1', status: 'succeeded' });
    await send({ id: 'e0', status: 'pending' });
    expect(seen.map((e) => e.stale)).toEqual([false, false]);
  });
});

describe('once per payment and final status', () => {
  it('two events with different ids reporting the same final status: the second is a duplicate', async () => {
    const { seen, send } = setup();
    expect((await send({ id: 'intent.processed', status: 'succeeded' })).body).toEqual({ received: true });
    expect((await send({ id: 'transaction.purchase.successful', status: 'succeeded' })).body).toEqual({
      received: true,
      duplicate: true,
    });
    expect(seen).toHaveLength(1);
  });

  it('open statuses are deduped per event only: two pending events both arrive', async () => {
    const { seen, send } = setup();
    await send({ id: 'e1', status: 'pending' });
    await send({ id: 'e2', status: 'pending' });
    expect(seen).toHaveLength(2);
  });

  it('two partial refunds are two outcomes (told apart by the refunded total); a copy of one is not', async () => {
    const { seen, send } = setup();
    await send({ id: 'r1', status: 'partially_refunded', refundedAmount: 100 });
    await send({ id: 'r2', status: 'partially_refunded', refundedAmount: 300 });
    await send({ id: 'r2-again', status: 'partially_refunded', refundedAmount: 300 });
    expect(seen.map((e) => e.refundedAmount)).toEqual([100, 300]);
  });

  it('a failed onEvent releases the outcome too, so another event of the same outcome is processed', async () => {
    const { seen, send, failOnce } = setup();
    failOnce();
    expect((await send({ id: 'a', status: 'succeeded' })).status).toBe(500);
    expect((await send({ id: 'b', status: 'succeeded' })).status).toBe(200);
    expect(seen.map((e) => e.id)).toEqual(['b']);
  });

  it('the same outcome in flight elsewhere: 503, not a second onEvent', async () => {
    const store = createMemoryStore();
    const provider = scriptedProvider();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const handler = createWebhookHandler({
      provider,
      store,
      onEvent: async (event) => {
        calls.push(event.id);
        await gate;
      },
    });
    const first = handler.handle(webhookOf({ id: 'a', status: 'succeeded' }));
    await new Promise((r) => setTimeout(r, 10));
    const second = await handler.handle(webhookOf({ id: 'b', status: 'succeeded' }));
    expect(second.status).toBe(503);
    release();
    expect((await first).status).toBe(200);
    // The provider's retry of b now finds the outcome processed.
    expect((await handler.handle(webhookOf({ id: 'b', status: 'succeeded' }))).body).toMatchObject({
      duplicate: true,
    });
    expect(calls).toEqual(['a']);
  });
});
