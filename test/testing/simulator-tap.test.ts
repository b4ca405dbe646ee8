/**
 * The simulator driven by the real Tap adapter (no msw): charges created over HTTP, the hosted
 * page, the payer's actions, webhooks POSTed to `post.url` with `hashstring`, Tap's two retries
 * counted in `post.attempt` (outside the signature: one event id), capture, void, refunds, and
 * `reference.idempotent`.
 */
import { createTap, type Tap, type TapPaymentEvent } from 'paybridge/tap';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import { mockTap } from 'paybridge/testing/msw';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;
let tap: Tap;

beforeAll(async () => {
  receiver = await startReceiver();
  // Tap's retries, one millisecond per second of a made-up schedule: fast tests.
  sim = await startSimulator({ retryDelays: { tap: [5, 5] } });
  tap = createTap({ ...sim.settings.tap, retry: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const hooks = () => `${receiver.url}/webhooks/tap`;

function link(reference: string, extra: Record<string, unknown> = {}) {
  return tap.createPaymentLink({
    amount: 10_500,
    currency: 'KWD',
    reference,
    description: `Order ${reference}`,
    successUrl: 'https://shop.example/return',
    webhookUrl: hooks(),
    customer: { firstName: 'Sara', email: 'sara@example.com' },
    ...extra,
  });
}

describe('Tap adapter against the simulator', () => {
  it('settings and base URL: Tap signs webhooks with the secret key, so there is no separate webhook secret', () => {
    expect(sim.settings.tap).toEqual({
      baseUrl: `${sim.url}/tap/v2`,
      secretKey: TEST_CREDENTIALS.tap.secretKey,
    });
    expect(sim.baseUrls.tap).toBe(`${sim.url}/tap/v2`);
  });

  it('creates a charge whose transaction.url is the hosted page; getPayment says pending', async () => {
    const created = await link('sim-tap-create');
    expect(created).toMatchObject({
      provider: 'tap',
      object: 'charge',
      status: 'pending',
      amount: 10_500,
      currency: 'KWD',
    });
    expect(created.id).toMatch(/^chg_/);
    expect(created.url).toBe(`${sim.url}/pay/tap/${created.id}`);
    const page = await fetch(created.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('10.500 KWD');
    expect(await tap.getPayment(created.id)).toMatchObject({
      status: 'pending',
      providerStatus: 'INITIATED',
      reference: 'sim-tap-create',
    });
    expect(created.expiresAt).toBeInstanceOf(Date);
  });

  it('pay on the hosted page: a signed CAPTURED post, then the payer back at redirect.url with ?tap_id=', async () => {
    const created = await link('sim-tap-pay');
    const from = receiver.received.length;
    const res = await fetch(`${created.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://shop.example/return?tap_id=${created.id}`);
    await sim.settled();
    const [hook] = (await receiver.waitFor(from + 1)).slice(from);
    expect(hook!.headers['hashstring']).toMatch(/^[0-9a-f]{64}$/);
    const event = (await tap.parseWebhook({ body: hook!.body, headers: hook!.headers })) as TapPaymentEvent;
    expect(event).toMatchObject({
      kind: 'payment',
      object: 'charge',
      status: 'succeeded',
      paymentId: created.id,
      reference: 'sim-tap-pay',
      amount: 10_500,
      currency: 'KWD',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    expect(await tap.getPayment(created.id)).toMatchObject({
      status: 'succeeded',
      providerStatus: 'CAPTURED',
    });
  });

  it('Tap retries twice (3 attempts in all), post.attempt counting up, one event id across them', async () => {
    const created = await link('sim-tap-retry');
    const from = receiver.received.length;
    receiver.script.push(500, 503);
    const [delivery] = await sim.pay(created.id);
    await sim.settled();
    const hooksReceived = (await receiver.waitFor(from + 3)).slice(from, from + 3);
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(delivery!.state).toBe('delivered');
    const events = await Promise.all(
      hooksReceived.map((h) => tap.parseWebhook({ body: h.body, headers: h.headers })),
    );
    expect(
      hooksReceived.map((h) => (JSON.parse(h.body.toString()) as { post: { attempt: number } }).post.attempt),
    ).toEqual([1, 2, 3]);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it('a receiver that always fails gets 3 attempts, then the delivery is failed', async () => {
    const created = await link('sim-tap-down');
    receiver.script.push(500, 500, 500);
    const [delivery] = await sim.pay(created.id);
    await sim.settled();
    expect(delivery!.attempts).toHaveLength(3);
    expect(delivery!.state).toBe('failed');
  });

  it('decline: a DECLINED post, failed; cancel: ABANDONED, nothing posted, canceled', async () => {
    const declined = await link('sim-tap-decline');
    const [hook] = await sim.decline(declined.id, { message: 'Do not honour' });
    expect(await tap.parseWebhook(hook!)).toMatchObject({
      status: 'failed',
      providerStatus: 'DECLINED',
      message: 'Do not honour',
    });
    expect(await tap.getPayment(declined.id)).toMatchObject({ status: 'failed', responseCode: '507' });
    const cancelled = await link('sim-tap-cancel');
    expect(await sim.cancel(cancelled.id)).toEqual([]);
    expect(await tap.getPayment(cancelled.id)).toMatchObject({
      status: 'canceled',
      providerStatus: 'ABANDONED',
    });
    await expect(sim.pay(cancelled.id)).rejects.toThrow(/ABANDONED/);
  });

  it('the same idempotency key answers the first charge again', async () => {
    const a = await tap.createPaymentLink(
      {
        amount: 1_000,
        currency: 'SAR',
        reference: 'sim-idem',
        successUrl: 'https://shop.example/r',
        customerId: 'cus_1',
      },
      { idempotencyKey: 'idem-1' },
    );
    const b = await tap.createPaymentLink(
      {
        amount: 1_000,
        currency: 'SAR',
        reference: 'sim-idem',
        successUrl: 'https://shop.example/r',
        customerId: 'cus_1',
      },
      { idempotencyKey: 'idem-1' },
    );
    expect(b.id).toBe(a.id);
  });

  it('authorize → AUTHORIZED post → capture (a signed CAPTURED charge) → refund (a signed refund post)', async () => {
    const created = await link('sim-tap-auth', { operation: 'authorize' });
    expect(created.id).toMatch(/^auth_/);
    const [authorized] = await sim.pay(created.id);
    expect(await tap.parseWebhook(authorized!)).toMatchObject({
      object: 'authorize',
      status: 'authorized',
      paymentId: created.id,
    });
    expect(await tap.getPayment(created.id)).toMatchObject({ object: 'authorize', status: 'authorized' });

    const from = receiver.received.length;
    const capture = await tap.capture(created.id, 8_000);
    expect(capture).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      amount: 8_000,
      reference: 'sim-tap-auth',
    });
    expect(await tap.getPayment(created.id)).toMatchObject({
      status: 'succeeded',
      providerStatus: 'CAPTURED',
    });
    await sim.settled();
    const [captured] = (await receiver.waitFor(from + 1)).slice(from);
    expect(await tap.parseWebhook({ body: captured!.body, headers: captured!.headers })).toMatchObject({
      object: 'charge',
      paymentId: capture.id,
      status: 'succeeded',
      amount: 8_000,
    });

    const refund = await tap.refund(capture.id, 3_000, { reason: 'requested_by_customer' });
    expect(refund).toMatchObject({
      outcome: 'succeeded',
      amount: 3_000,
      currency: 'KWD',
      chargeId: capture.id,
    });
    expect(await tap.getRefund(refund.id)).toMatchObject({ id: refund.id, amount: 3_000 });
    await sim.settled();
    const [refunded] = (await receiver.waitFor(from + 2)).slice(from + 1);
    expect(await tap.parseWebhook({ body: refunded!.body, headers: refunded!.headers })).toMatchObject({
      object: 'refund',
      refundId: refund.id,
      paymentId: capture.id,
      status: 'partially_refunded',
      amount: 3_000,
      coverage: { paymentId: false, status: false, amount: false, reference: false },
    });
    await expect(tap.refund(capture.id, 5_001)).rejects.toMatchObject({
      code: 'refund_exceeds_charge',
      status: 400,
    });
  });

  it('void releases an authorization', async () => {
    const created = await link('sim-tap-void', { operation: 'authorize' });
    await sim.pay(created.id);
    expect(await tap.void(created.id)).toMatchObject({ status: 'canceled', providerStatus: 'VOID' });
    await expect(tap.capture(created.id)).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'capture_exceeds_authorized',
    });
  });

  it("Tap's checks: a missing redirect URL or customer, the wrong key, unknown ids", async () => {
    const raw = (body: unknown, key = TEST_CREDENTIALS.tap.secretKey) =>
      fetch(`${sim.baseUrls.tap}/charges`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors: { code: string }[] } }));
    const base = {
      amount: 1.5,
      currency: 'KWD',
      source: { id: 'src_all' },
      customer: { first_name: 'A', email: 'a@b.c' },
    };
    expect((await raw(base)).body.errors[0]!.code).toBe('1110');
    expect(
      (await raw({ ...base, redirect: { url: 'https://x' }, customer: { first_name: 'A' } })).body.errors[0]!
        .code,
    ).toBe('1139');
    expect(
      (await raw({ ...base, redirect: { url: 'https://x' }, amount: 1.0005 })).body.errors[0]!.code,
    ).toBe('1117');
    expect(
      (await raw({ ...base, redirect: { url: 'https://x' }, currency: 'XAF' })).body.errors[0]!.code,
    ).toBe('1119');
    expect(await raw(base, 'sk_test_wrong')).toMatchObject({ status: 401 });
    await expect(tap.getPayment('chg_unknown')).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });
});

describe('mockTap (msw)', () => {
  it('the same emulator without a server: the payer’s actions return the signed webhooks', async () => {
    const mock = mockTap();
    const { getResponse } = await import('msw');
    const adapter = createTap({
      ...TEST_CREDENTIALS.tap,
      retry: false,
      fetch: async (input, init) =>
        (await getResponse(mock.handlers, new Request(input, init))) ?? new Response(null, { status: 599 }),
    });
    const created = await adapter.createPaymentLink({
      amount: 2_500,
      currency: 'BHD',
      reference: 'msw-1',
      successUrl: 'https://shop.example/return',
      customer: { firstName: 'Ali', phone: '+973 3300 0000' },
    });
    expect(created.url).toMatch(/^https:\/\/checkout\.paybridge\.test\/tap\//);
    const [webhook] = await mock.pay(created.id);
    expect(await adapter.parseWebhook(webhook!)).toMatchObject({
      status: 'succeeded',
      amount: 2_500,
      currency: 'BHD',
      reference: 'msw-1',
    });
    expect(mock.webhooks).toHaveLength(1);
    mock.failNext({ operation: 'get', status: 503 });
    await expect(adapter.getPayment(created.id)).rejects.toMatchObject({ category: 'unavailable' });
    mock.reset();
    expect(mock.links()).toEqual([]);
  });
});
