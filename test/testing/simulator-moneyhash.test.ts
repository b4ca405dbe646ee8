/**
 * The simulator driven by the real MoneyHash adapter (no msw): intents created over HTTP, the
 * payer's actions, signed webhooks received on a local server and verified with the adapter, then
 * confirmed with `getPayment`.
 */

import { PAYMENT_STATUSES } from 'paybridge';
import { createMoneyHash, type MoneyHash } from 'paybridge/moneyhash';
import { moneyHashWebhook } from 'paybridge/testing';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;
let moneyhash: MoneyHash;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startSimulator();
  moneyhash = createMoneyHash({ ...sim.settings.moneyhash, retry: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const link = (reference: string) =>
  moneyhash.createPaymentLink({
    amount: 25_075,
    currency: 'EGP',
    reference,
    webhookUrl: `${receiver.url}/webhooks/moneyhash`,
    successUrl: 'https://shop.example/paid',
    failureUrl: 'https://shop.example/failed',
    cancelUrl: 'https://shop.example/cart',
  });

/** Sends the action, waits for its webhooks, verifies each with the adapter. */
async function actAndVerify(action: 'pay' | 'decline' | 'cancel' | 'expire', id: string) {
  const from = receiver.received.length;
  const deliveries = await sim[action](id);
  expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
  const received = (await receiver.waitFor(from + deliveries.length)).slice(from);
  return Promise.all(received.map((r) => moneyhash.parseWebhook({ body: r.body, headers: r.headers })));
}

describe('MoneyHash adapter against the simulator', () => {
  it('creates an intent whose embed_url is the hosted page, and reads the webhook secret', async () => {
    const created = await link('mh-create');
    expect(created).toMatchObject({
      provider: 'moneyhash',
      status: 'pending',
      amount: 25_075,
      currency: 'EGP',
    });
    expect(created.url).toBe(`${sim.url}/pay/moneyhash/${created.id}`);
    expect(await moneyhash.fetchWebhookSecret()).toBe(sim.settings.moneyhash.webhookSecret);
  });

  it('pay: transaction.purchase.successful and intent.processed verify as succeeded; getPayment agrees', async () => {
    const created = await link('mh-pay');
    const events = await actAndVerify('pay', created.id);
    expect(events.map((e) => [e.type, e.kind === 'payment' && e.status])).toEqual([
      ['transaction.purchase.successful', 'succeeded'],
      ['intent.processed', 'succeeded'],
    ]);
    expect(events[0]).toMatchObject({
      paymentId: created.id,
      reference: 'mh-pay',
      amount: 25_075,
      currency: 'EGP',
    });
    const payment = await moneyhash.getPayment(created.id);
    expect(payment).toMatchObject({
      status: 'succeeded',
      providerStatus: 'PROCESSED',
      reference: 'mh-pay',
      amount: 25_075,
    });
  });

  it('decline: transaction.purchase.failed verifies as failed; getPayment says failed', async () => {
    const created = await link('mh-decline');
    const [event] = await actAndVerify('decline', created.id);
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'transaction.purchase.failed',
      status: 'failed',
      paymentId: created.id,
    });
    expect((await moneyhash.getPayment(created.id)).status).toBe('failed');
  });

  it('cancel: on the page (intent.closed) and with cancelPaymentLink; getPayment says canceled', async () => {
    const onPage = await link('mh-cancel-page');
    const [event] = await actAndVerify('cancel', onPage.id);
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'intent.closed',
      status: 'canceled',
      reference: 'mh-cancel-page',
    });
    expect((await moneyhash.getPayment(onPage.id)).status).toBe('canceled');

    const viaApi = await link('mh-cancel-api');
    const from = receiver.received.length;
    expect(await moneyhash.cancelPaymentLink(viaApi.id)).toMatchObject({
      status: 'canceled',
      providerStatus: 'CLOSED',
    });
    const [received] = (await receiver.waitFor(from + 1)).slice(from);
    expect(await moneyhash.parseWebhook({ body: received!.body, headers: received!.headers })).toMatchObject({
      type: 'intent.closed',
      paymentId: viaApi.id,
    });
    await expect(moneyhash.cancelPaymentLink(viaApi.id)).rejects.toMatchObject({ name: 'ProviderError' });
  });

  it('expire: intent.time_expired verifies as expired; getPayment agrees', async () => {
    const created = await link('mh-expire');
    const [event] = await actAndVerify('expire', created.id);
    expect(event).toMatchObject({ type: 'intent.time_expired', status: 'expired' });
    expect((await moneyhash.getPayment(created.id)).status).toBe('expired');
  });

  it('a tampered delivery or a wrong secret is refused', async () => {
    const created = await link('mh-tamper');
    const from = receiver.received.length;
    await sim.pay(created.id);
    const [received] = (await receiver.waitFor(from + 1)).slice(from);
    const tampered = Buffer.from(received!.body.toString().replace('"mh-tamper"', '"mh-other"'));
    await expect(
      moneyhash.parseWebhook({ body: tampered, headers: received!.headers }),
    ).rejects.toMatchObject({
      name: 'WebhookVerificationError',
      reason: 'bad_signature',
    });
    const other = createMoneyHash({ ...sim.settings.moneyhash, webhookSecret: 'another-secret' });
    await expect(
      other.parseWebhook({ body: received!.body, headers: received!.headers }),
    ).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('authorize, capture, refund in part then in full, and void: webhooks and getPayment follow', async () => {
    const authorizeLink = (reference: string) =>
      moneyhash.createPaymentLink({
        amount: 10_000,
        currency: 'EGP',
        reference,
        operation: 'authorize',
        webhookUrl: `${receiver.url}/webhooks/moneyhash`,
      });
    const held = await authorizeLink('mh-auth');
    const [authorized] = await actAndVerify('pay', held.id);
    expect(authorized).toMatchObject({ type: 'transaction.authorize.successful', status: 'authorized' });
    const payment = await moneyhash.getPayment(held.id);
    expect(payment.status).toBe('authorized');
    const tx = payment.transactionId!;

    const from = receiver.received.length;
    expect(await moneyhash.capture({ transactionId: tx })).toMatchObject({
      operation: 'capture',
      outcome: 'succeeded',
    });
    expect((await moneyhash.getPayment(held.id)).status).toBe('succeeded');
    await moneyhash.refund(held.id, 2_550); // the intent id: its transaction, in its currency
    expect((await moneyhash.getPayment(held.id)).status).toBe('partially_refunded');
    await moneyhash.refund({ transactionId: tx });
    expect((await moneyhash.getPayment(held.id)).status).toBe('refunded');
    await expect(moneyhash.refund({ transactionId: tx })).rejects.toMatchObject({ name: 'ProviderError' });
    const hooks = (await receiver.waitFor(from + 3)).slice(from);
    const events = await Promise.all(
      hooks.map((r) => moneyhash.parseWebhook({ body: r.body, headers: r.headers })),
    );
    expect(events.map((e) => [e.type, e.kind === 'payment' && e.status])).toEqual([
      ['transaction.capture.successful', 'succeeded'],
      ['transaction.refund.successful', 'partially_refunded'],
      ['transaction.refund.successful', 'refunded'],
    ]);

    const voided = await authorizeLink('mh-void');
    await sim.pay(voided.id);
    expect(await moneyhash.void(voided.id)).toMatchObject({ operation: 'void', outcome: 'succeeded' });
    expect((await moneyhash.getPayment(voided.id)).status).toBe('canceled');
  });

  it('errors on demand surface as the adapter errors', async () => {
    sim.failNext('moneyhash', { operation: 'create', status: 400, message: 'amount: invalid' });
    await expect(link('mh-error')).rejects.toMatchObject({ name: 'ProviderError' });
    const wrongKey = createMoneyHash({ ...sim.settings.moneyhash, apiKey: 'wrong-key', retry: false });
    await expect(wrongKey.getPayment('abc')).rejects.toMatchObject({ status: 401 });
  });

  it("every builder status parses to that status with the adapter's parseWebhook", async () => {
    for (const status of PAYMENT_STATUSES) {
      const webhook = await moneyHashWebhook({
        status,
        secret: sim.settings.moneyhash.webhookSecret,
        reference: 'r-9',
      });
      const event = await moneyhash.parseWebhook(webhook);
      expect(event, status).toMatchObject({ kind: 'payment', status, reference: 'r-9' });
    }
  });
});
