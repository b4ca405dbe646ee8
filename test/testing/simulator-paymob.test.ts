/**
 * The simulator driven by the real Paymob adapter (no msw): intentions created over HTTP, the
 * Unified Checkout URL redirected to the hosted page, the payer's actions, signed callbacks
 * delivered to `notification_url` with `?hmac=` (verified by `createWebhookHandler`, which passes
 * the request URL), the browser redirect verified with `parseRedirect`, refunds' callbacks, retries.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, type WebhookEvent } from 'paybridge';
import { createPaymob, type Paymob, type PaymobPaymentEvent } from 'paybridge/paymob';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;
let paymob: Paymob;
let handled: WebhookEvent[];
let handlerServer: { url: string; close(): Promise<void> };

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startSimulator({
    paymob: { webhookUrl: `${receiver.url}/integration-callback` },
    retryDelays: { paymob: [5, 5] },
  });
  paymob = createPaymob({ ...sim.settings.paymob, retry: false });
  handled = [];
  const handler = createWebhookHandler({ provider: paymob, onEvent: (event) => void handled.push(event) });
  const server = createServer((req, res) => void handler.node(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handlerServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
  await handlerServer.close();
});

const link = (reference: string, extra: Record<string, unknown> = {}) =>
  paymob.createPaymentLink({
    amount: 100_000,
    currency: 'EGP',
    reference,
    webhookUrl: `${receiver.url}/webhooks/paymob`,
    successUrl: 'https://shop.example/paid',
    ...extra,
  });

async function received(from: number, count = 1) {
  await sim.settled();
  return (await receiver.waitFor(from + count)).slice(from);
}

describe('Paymob adapter against the simulator', () => {
  it('the Unified Checkout URL redirects to the hosted page, which shows the amount', async () => {
    const created = await link('sim-pm-page');
    expect(created.url.startsWith(`${sim.baseUrls.paymob}/unifiedcheckout/?publicKey=`)).toBe(true);
    const answer = await fetch(created.url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${sim.url}/pay/paymob/${created.id}`);
    const page = await (await fetch(created.url)).text();
    expect(page).toContain('1000.00 EGP');
    expect(page).toContain('Paymob checkout');
    const wrongKey = new URL(created.url);
    wrongKey.searchParams.set('publicKey', 'egy_pk_test_other');
    expect((await fetch(wrongKey, { redirect: 'manual' })).status).toBe(404);
  });

  it('pay on the hosted page: the callback POST carries ?hmac= and verifies; the browser redirect verifies with parseRedirect, same event id', async () => {
    const created = await link('sim-pm-pay');
    const from = receiver.received.length;
    const answer = await fetch(`${sim.url}/pay/paymob/${created.id}/pay`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    const redirect = answer.headers.get('location')!;
    expect(redirect.startsWith('https://shop.example/paid?')).toBe(true);
    const [hook] = await received(from);
    expect(hook!.path).toMatch(/^\/webhooks\/paymob\?hmac=[0-9a-f]{128}$/);
    const event = (await paymob.parseWebhook({
      body: hook!.body,
      headers: hook!.headers,
      url: hook!.path,
    })) as PaymobPaymentEvent;
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'TRANSACTION',
      status: 'succeeded',
      paymentId: created.id,
      reference: 'sim-pm-pay',
      amount: 100_000,
      currency: 'EGP',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    const back = await paymob.parseRedirect(redirect);
    expect(back).toMatchObject({
      source: 'redirect',
      status: 'succeeded',
      paymentId: created.id,
      reference: 'sim-pm-pay',
    });
    expect(back.id).toBe(event.id);
    await expect(paymob.getPayment(created.id)).resolves.toMatchObject({
      status: 'succeeded',
      reference: 'sim-pm-pay',
    });
    await expect(sim.pay(created.id)).rejects.toThrow(/no more payments/);
  });

  it('decline: a failed callback and getPayment failed; cancel: no callback, getPayment pending', async () => {
    const declined = await link('sim-pm-decline');
    const from = receiver.received.length;
    await sim.decline(declined.id, { message: 'Insufficient funds' });
    const [hook] = await received(from);
    const event = await paymob.parseWebhook({ body: hook!.body, url: hook!.path });
    expect(event).toMatchObject({
      status: 'failed',
      message: 'Insufficient funds',
      operationOutcome: 'failed',
    });
    await expect(paymob.getPayment(declined.id)).resolves.toMatchObject({ status: 'failed' });
    const canceled = await link('sim-pm-cancel');
    expect(await sim.cancel(canceled.id)).toEqual([]);
    await expect(paymob.getPayment(canceled.id)).resolves.toMatchObject({
      status: 'pending',
      providerStatus: 'no_transaction',
    });
  });

  it('without notification_url the callback goes to the integration’s URL (the emulator’s webhookUrl)', async () => {
    const created = await paymob.createPaymentLink({
      amount: 5_000,
      currency: 'EGP',
      reference: 'sim-pm-integration',
    });
    const from = receiver.received.length;
    await sim.pay(created.id);
    const [hook] = await received(from);
    expect(hook!.path.startsWith('/integration-callback?hmac=')).toBe(true);
    await expect(paymob.parseWebhook({ body: hook!.body, url: hook!.path })).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('a failed delivery is retried (the simulator’s default schedule, Paymob documents none)', async () => {
    const created = await link('sim-pm-retry');
    const from = receiver.received.length;
    receiver.script.push(500);
    const [delivery] = await sim.pay(created.id);
    await sim.settled();
    expect(delivery!.state).toBe('delivered');
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 200]);
    const hooks = (await receiver.waitFor(from + 2)).slice(from);
    expect(hooks[0]!.path).toBe(hooks[1]!.path);
  });

  it('a refund over the API sends the refund transaction’s callback; createWebhookHandler verifies it from the request URL', async () => {
    const created = await paymob.createPaymentLink({
      amount: 100_000,
      currency: 'EGP',
      reference: 'sim-pm-handler',
      webhookUrl: `${handlerServer.url}/webhooks/paymob`,
    });
    await sim.pay(created.id);
    await sim.settled();
    await paymob.refund(created.id, 30_000);
    await sim.settled();
    const ours = handled.filter((e) => e.kind === 'payment' && e.paymentId === created.id);
    // The refund transaction carries its own amount, not the refunded total, and its is_refund flag
    // is unsigned: the handler confirms it (confirm: 'unverified'), and the API's total decides.
    expect(ours.map((e) => (e.kind === 'payment' ? [e.status, e.operation, e.refundedAmount] : []))).toEqual([
      ['succeeded', 'purchase', undefined],
      ['partially_refunded', 'refund', 30_000],
    ]);
    await expect(paymob.getPayment(created.id)).resolves.toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 30_000,
    });
    expect(sim.deliveries.filter((d) => d.linkId === created.id).map((d) => d.state)).toEqual([
      'delivered',
      'delivered',
    ]);
  });
});

describe('the Paymob emulator’s own checks (what the adapter never sends)', () => {
  const post = (path: string, body: unknown, authorization?: string) =>
    fetch(`${sim.baseUrls.paymob}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const token = () => `Token ${sim.settings.paymob.secretKey}`;

  it('an intention: Token auth, DRF field errors for a bad body, 404 for an unknown integration', async () => {
    expect((await post('/v1/intention/', {})).status).toBe(401);
    const bad = await post(
      '/v1/intention/',
      {
        amount: 1.5,
        currency: 'EGP',
        billing_data: { first_name: 'A' },
        payment_methods: [],
        expiration: 4_000_000,
      },
      token(),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      amount: ['A valid integer is required.'],
      billing_data: {
        last_name: ['This field is required.'],
        email: ['This field is required.'],
        phone_number: ['This field is required.'],
      },
      payment_methods: ['This field is required.'],
      expiration: ['Ensure this value is less than or equal to 3110400.'],
    });
    const billing = { first_name: 'A', last_name: 'B', email: 'a@b.c', phone_number: '+20' };
    const unknown = await post(
      '/v1/intention/',
      { amount: 100, currency: 'EGP', billing_data: billing, payment_methods: [1] },
      token(),
    );
    expect(unknown.status).toBe(404);
    const wrongCurrency = await post(
      '/v1/intention/',
      {
        amount: 100,
        currency: 'SAR',
        billing_data: billing,
        payment_methods: sim.settings.paymob.integrationIds,
      },
      token(),
    );
    expect(wrongCurrency.status).toBe(400);
  });

  it('the auth token: a wrong API key is 403; the inquiry wants a Bearer token it issued', async () => {
    expect((await post('/api/auth/tokens', { api_key: 'nope' })).status).toBe(403);
    const issued = (await (
      await post('/api/auth/tokens', { api_key: sim.settings.paymob.apiKey })
    ).json()) as { token: string };
    expect(
      (await post('/api/ecommerce/orders/transaction_inquiry', { order_id: '1' }, 'Bearer nope')).status,
    ).toBe(401);
    expect(
      (await post('/api/ecommerce/orders/transaction_inquiry', { order_id: '1' }, `Bearer ${issued.token}`))
        .status,
    ).toBe(404);
  });
});
