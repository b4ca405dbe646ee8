/**
 * `onOutcome` of the webhook handler and of the reconciler: exactly one call per request (through
 * `handle`, `fetch` and `node` alike) or per payment looked up, saying what became of it and why,
 * with the facts the handler learnt on the way (verified, confirmed, stale, tenant, source), and no
 * way for a failing hook to change an answer.
 */
import {
  ConfigurationError,
  createMemoryStore,
  createReconciler,
  createWebhookHandler,
  type WebhookHandlerOptions,
  type WebhookOutcome,
  type WebhookStore,
} from 'paybridge';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import { describe, expect, it } from 'vitest';
import {
  apiPayment,
  type ScriptedEvent,
  STATUS_UNSIGNED,
  scriptedProvider,
  webhookOf,
} from '../cannot-lose/scripted';
import { createFakeProvider, SIGNATURE_HEADER, signedWebhook } from '../helpers/fake-provider';
import { post, startServer } from '../helpers/http';

function recorded() {
  const outcomes: WebhookOutcome[] = [];
  return { outcomes, onOutcome: (outcome: WebhookOutcome) => void outcomes.push(outcome) };
}

const noop = () => {};

describe('the handler: one outcome per request', () => {
  it('processed: verified, with the event facts and the answer', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent: noop, onOutcome });
    const result = await handler.handle(await signedWebhook('evt_1', { paymentId: 'pay_9' }));
    expect(result.status).toBe(200);
    expect(outcomes).toEqual([
      {
        outcome: 'processed',
        source: 'webhook',
        provider: 'fake',
        tenant: undefined,
        status: 200,
        code: undefined,
        reason: undefined,
        verified: true,
        confirmed: false,
        stale: false,
        eventId: 'evt_1',
        eventType: 'payment.paid',
        eventKind: 'payment',
        paymentId: 'pay_9',
        durationMs: expect.any(Number),
      },
    ]);
    expect(Object.isFrozen(outcomes[0])).toBe(true);
  });

  it('verified is false for an event accepted with its verification switched off (Tap refunds, none)', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler({
      provider: createTapWebhooks({ secretKey: 'sk_test_outcome_0000', refundWebhookVerification: 'none' }),
      confirm: 'never',
      onEvent: () => {},
      onOutcome,
    });
    const body = JSON.stringify({
      id: 're_TS01A0000000000000000002',
      object: 'refund',
      status: 'REFUNDED',
      amount: 10,
      currency: 'SAR',
      charge_id: 'chg_TS_OUTCOME',
      created: 1700000000000,
    });
    expect((await handler.handle({ body, headers: {} })).status).toBe(200);
    expect(outcomes).toMatchObject([{ outcome: 'processed', verified: false, eventKind: 'payment' }]);
  });

  it('duplicate: the same event again', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent: noop, onOutcome });
    const webhook = await signedWebhook('evt_2');
    await handler.handle(webhook);
    await handler.handle(webhook);
    expect(outcomes.map((o) => [o.outcome, o.status, o.verified])).toEqual([
      ['processed', 200, true],
      ['duplicate', 200, true],
    ]);
    expect(outcomes[1]).toMatchObject({ confirmed: undefined, stale: undefined, eventId: 'evt_2' });
  });

  it('refused, with the verification reason: a forged signature, a missing one', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent: noop, onOutcome });
    const webhook = await signedWebhook('evt_3');
    await handler.handle({
      ...webhook,
      headers: { ...webhook.headers, [SIGNATURE_HEADER]: '00'.repeat(32) },
    });
    await handler.handle({ body: webhook.body, headers: {} });
    expect(outcomes.map((o) => [o.outcome, o.status, o.code, o.reason, o.verified, o.eventId])).toEqual([
      ['refused', 401, 'verification_failed', 'bad_signature', false, undefined],
      ['refused', 401, 'verification_failed', 'missing_signature', false, undefined],
    ]);
  });

  it('failed: onEvent threw (500); in flight: another request holds the event (503)', async () => {
    const { outcomes, onOutcome } = recorded();
    let release: () => void = noop;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      onEvent: async (event) => {
        if (event.id === 'evt_throw') throw new Error('the database is down');
        await blocked;
      },
      onOutcome,
    });
    await handler.handle(await signedWebhook('evt_throw'));
    const slow = await signedWebhook('evt_slow');
    const first = handler.handle(slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await handler.handle(slow);
    release();
    await first;
    expect(outcomes.map((o) => [o.outcome, o.status, o.code, o.reason])).toEqual([
      ['failed', 500, 'handler_failed', 'handler_failed'],
      ['in_flight', 503, 'in_flight', 'in_flight'],
      ['processed', 200, undefined, undefined],
    ]);
  });

  it('failed: the store cannot be reached (503)', async () => {
    const { outcomes, onOutcome } = recorded();
    const store = createMemoryStore();
    const broken: WebhookStore = {
      ...store,
      claim: () => Promise.reject(new Error('ECONNREFUSED')),
      markProcessed: store.markProcessed.bind(store),
      release: store.release.bind(store),
    };
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      onEvent: noop,
      store: broken,
      onOutcome,
    });
    await handler.handle(await signedWebhook('evt_4'));
    expect(outcomes[0]).toMatchObject({
      outcome: 'failed',
      status: 503,
      code: 'store_unavailable',
      verified: true,
    });
  });

  it('confirmed through the API, and skipped as stale with ordering: skip', async () => {
    const { outcomes, onOutcome } = recorded();
    const provider = scriptedProvider();
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded'));
    const handler = createWebhookHandler({ provider, onEvent: noop, ordering: 'skip', onOutcome });
    await handler.handle(webhookOf({ id: 'e1', status: 'succeeded', coverage: STATUS_UNSIGNED }));
    await handler.handle(webhookOf({ id: 'e0', status: 'pending' }));
    expect(outcomes.map((o) => [o.outcome, o.confirmed, o.stale])).toEqual([
      ['processed', true, false],
      ['skipped', false, true],
    ]);
  });

  it('refused when the API contradicts the event, with its reason (409)', async () => {
    const { outcomes, onOutcome } = recorded();
    const provider = scriptedProvider();
    provider.api.set('pay_1', apiPayment('pay_1', 'succeeded', { amount: 5_000 })); // another amount
    const handler = createWebhookHandler({ provider, onEvent: noop, confirm: 'always', onOutcome });
    const event: ScriptedEvent = {
      id: 'e1',
      status: 'succeeded',
      coverage: { paymentId: true, status: true, amount: false, reference: true },
    };
    const result = await handler.handle(webhookOf(event));
    expect(result.status).toBe(409);
    expect(outcomes[0]).toMatchObject({
      outcome: 'refused',
      code: 'not_confirmed',
      reason: 'not_confirmed',
      verified: true,
      confirmed: undefined,
    });
  });

  it('many tenants: the tenant and the resolved provider; no tenant is refused without a provider', async () => {
    const { outcomes, onOutcome } = recorded();
    const provider = scriptedProvider('tenanted');
    const handler = createWebhookHandler({
      provider: ({ url }) => (url?.pathname === '/hooks/shop-a' ? { tenant: 'shop-a', provider } : undefined),
      onEvent: noop,
      onOutcome,
    });
    await handler.handle(webhookOf({ id: 'e1', status: 'succeeded' }, 'https://shop.test/hooks/shop-a'));
    await handler.handle(webhookOf({ id: 'e1', status: 'succeeded' }, 'https://shop.test/hooks/nobody'));
    expect(outcomes.map((o) => [o.outcome, o.provider, o.tenant, o.status])).toEqual([
      ['processed', 'tenanted', 'shop-a', 200],
      ['refused', undefined, undefined, 404],
    ]);
  });

  const options = (onOutcome: WebhookHandlerOptions['onOutcome']) => ({
    provider: createFakeProvider(),
    onEvent: noop,
    maxBodyBytes: 64,
    onOutcome,
  });

  it('through fetch: a body over maxBodyBytes is refused before it is verified', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler(options(onOutcome));
    const response = await handler.fetch(
      new Request('https://shop.test/hooks', { method: 'POST', body: 'x'.repeat(200) }),
    );
    expect(response.status).toBe(413);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ outcome: 'refused', reason: 'body_too_large', provider: 'fake' });
  });

  it('through node: a body a framework parsed is refused (parsed_body); a good one processed', async () => {
    const { outcomes, onOutcome } = recorded();
    const handler = createWebhookHandler({ ...options(onOutcome), maxBodyBytes: 4096 });
    let parsed = true;
    const server = await startServer((req, res) => {
      if (parsed) Object.assign(req, { body: { id: 'evt_5' } });
      return handler.node(req, res);
    });
    try {
      const webhook = await signedWebhook('evt_5');
      expect((await post(`${server.url}/hooks`, webhook.body, webhook.headers)).status).toBe(400);
      parsed = false;
      expect((await post(`${server.url}/hooks`, webhook.body, webhook.headers)).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(outcomes.map((o) => [o.outcome, o.reason])).toEqual([
      ['refused', 'parsed_body'],
      ['processed', undefined],
    ]);
  });

  it('a throwing or rejecting onOutcome changes no answer', async () => {
    for (const onOutcome of [
      () => {
        throw new Error('the logger broke');
      },
      () => Promise.reject(new Error('the exporter broke')),
    ]) {
      const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent: noop, onOutcome });
      const webhook = await signedWebhook('evt_6');
      expect((await handler.handle(webhook)).status).toBe(200);
      expect((await handler.handle(webhook)).body).toEqual({ received: true, duplicate: true });
      expect((await handler.handle({ body: webhook.body, headers: {} })).status).toBe(401);
    }
  });

  it('refuses an onOutcome that is not a function', () => {
    expect(() =>
      createWebhookHandler({
        provider: createFakeProvider(),
        onEvent: noop,
        onOutcome: 'log' as unknown as WebhookHandlerOptions['onOutcome'],
      }),
    ).toThrow(ConfigurationError);
  });
});

describe('the reconciler: one outcome per payment looked up', () => {
  function setup(onOutcome: (outcome: WebhookOutcome) => void) {
    let at = Date.UTC(2030, 0, 1);
    const now = () => at;
    const store = createMemoryStore({ now });
    const provider = scriptedProvider();
    const reconciler = createReconciler({
      provider,
      store,
      onEvent: noop,
      now,
      olderThanMs: 0,
      giveUpAfterMs: 60_000,
      backoffMs: 1,
      maxBackoffMs: 1,
      onOutcome,
    });
    const handler = createWebhookHandler({ provider, store, onEvent: noop });
    return { provider, reconciler, handler, advance: (ms: number) => (at += ms) };
  }

  it('processed, duplicate (the webhook came first), pending, failed lookup, abandoned', async () => {
    const { outcomes, onOutcome } = recorded();
    const { provider, reconciler, handler, advance } = setup(onOutcome);
    for (const id of ['pay_a', 'pay_b', 'pay_c']) await reconciler.track({ id });
    provider.api.set('pay_a', apiPayment('pay_a', 'succeeded'));
    provider.api.set('pay_b', apiPayment('pay_b', 'succeeded'));
    provider.api.set('pay_c', apiPayment('pay_c', 'pending'));
    await handler.handle(webhookOf({ id: 'wh_b', paymentId: 'pay_b', status: 'succeeded' }));
    await reconciler.run();
    const byPayment = () => Object.fromEntries(outcomes.map((o) => [o.paymentId, [o.outcome, o.code]]));
    expect(byPayment()).toEqual({
      pay_a: ['processed', undefined],
      pay_b: ['duplicate', undefined],
      pay_c: ['pending', undefined],
    });
    expect(outcomes.find((o) => o.paymentId === 'pay_a')).toMatchObject({
      source: 'reconciliation',
      provider: 'scripted',
      status: undefined,
      verified: true,
      confirmed: true,
      stale: false,
      eventKind: 'payment',
      eventId: expect.stringMatching(/^reconciliation:pay_a:succeeded/),
    });
    outcomes.length = 0;
    provider.failLookups(new Error('the API is down'));
    advance(10);
    await reconciler.run();
    expect(byPayment()).toEqual({ pay_c: ['failed', 'lookup_failed'] });
    expect(outcomes[0]).toMatchObject({ reason: 'lookup_failed', verified: false });
    outcomes.length = 0;
    provider.failLookups(undefined);
    advance(120_000);
    await reconciler.run();
    expect(byPayment()).toEqual({ pay_c: ['abandoned', 'given_up'] });
  });

  it('a throwing onOutcome stops nothing; a bad one is refused', async () => {
    const { provider, reconciler } = setup(() => {
      throw new Error('the logger broke');
    });
    await reconciler.track({ id: 'pay_a' });
    provider.api.set('pay_a', apiPayment('pay_a', 'succeeded'));
    expect(await reconciler.run()).toMatchObject({ checked: 1, delivered: 1 });
    expect(() =>
      createReconciler({
        provider,
        store: createMemoryStore(),
        onEvent: noop,
        onOutcome: 5 as unknown as () => void,
      }),
    ).toThrow(ConfigurationError);
  });
});
