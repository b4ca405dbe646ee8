/**
 * The simulator driven by the real Moyasar adapter (no msw): links created over HTTP, the payer's
 * actions, webhooks received on a local server and verified with the adapter, then confirmed with
 * `getPayment`.
 */

import type { PaymentStatus } from 'paybridge';
import { createMoyasar, type Moyasar } from 'paybridge/moyasar';
import { MOYASAR_EVENT_FOR_STATUS, moyasarWebhook } from 'paybridge/testing';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;
let moyasar: Moyasar;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startSimulator({ moyasar: { webhookUrl: `${receiver.url}/webhooks/moyasar` } });
  moyasar = createMoyasar({ ...sim.settings.moyasar, retry: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

async function link(reference: string) {
  return moyasar.createPaymentLink({
    amount: 10_500,
    currency: 'SAR',
    reference,
    description: `Order ${reference}`,
    webhookUrl: `${receiver.url}/callbacks/moyasar`,
    successUrl: 'https://shop.example/paid',
    cancelUrl: 'https://shop.example/cart',
  });
}

/** The requests received since `from`, at `path`. */
async function receivedAt(path: string, count: number, from: number) {
  await sim.settled();
  const all = await receiver.waitFor(from + count);
  return all.slice(from).filter((r) => r.path === path);
}

describe('Moyasar adapter against the simulator', () => {
  it('creates a link whose URL is the hosted page', async () => {
    const created = await link('sim-create');
    expect(created).toMatchObject({
      provider: 'moyasar',
      status: 'pending',
      amount: 10_500,
      currency: 'SAR',
    });
    expect(created.url).toBe(`${sim.url}/pay/moyasar/${created.id}`);
    expect((await fetch(created.url)).status).toBe(200);
    expect(await moyasar.findPaymentLinkByReference('sim-create')).toMatchObject({ id: created.id });
  });

  it('pay: payment_paid verifies, and getPayment says succeeded; the invoice callback reads as unverified', async () => {
    const created = await link('sim-pay');
    const from = receiver.received.length;
    await sim.pay(created.id);
    const [hook] = await receivedAt('/webhooks/moyasar', 2, from);
    const event = await moyasar.parseWebhook({ body: hook!.body, headers: hook!.headers });
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'payment_paid',
      status: 'succeeded',
      paymentId: created.id,
      reference: 'sim-pay',
      amount: 10_500,
      currency: 'SAR',
    });
    const [callback] = receiver.received.slice(from).filter((r) => r.path === '/callbacks/moyasar');
    const invoice = await moyasar.parseInvoiceCallback({ body: callback!.body, headers: callback!.headers });
    expect(invoice).toMatchObject({ verified: false, status: 'succeeded' });
    const payment = await moyasar.getPayment(created.id);
    expect(payment).toMatchObject({ status: 'succeeded', reference: 'sim-pay', amount: 10_500 });
  });

  it('decline: payment_failed verifies as failed; the invoice stays open (getPayment: pending)', async () => {
    const created = await link('sim-decline');
    const from = receiver.received.length;
    await sim.decline(created.id, { message: 'Insufficient Funds' });
    const [hook] = await receivedAt('/webhooks/moyasar', 1, from);
    const event = await moyasar.parseWebhook({ body: hook!.body, headers: hook!.headers });
    expect(event).toMatchObject({
      kind: 'payment',
      status: 'failed',
      paymentId: created.id,
      reference: 'sim-decline',
    });
    expect((await moyasar.getPayment(created.id)).status).toBe('pending');
  });

  it('cancel: on the page or with cancelPaymentLink; Moyasar sends no webhook, getPayment says canceled', async () => {
    const onPage = await link('sim-cancel-page');
    const viaApi = await link('sim-cancel-api');
    const before = sim.deliveries.length;
    expect(await sim.cancel(onPage.id)).toEqual([]);
    expect((await moyasar.cancelPaymentLink(viaApi.id)).status).toBe('canceled');
    expect(sim.deliveries.length).toBe(before);
    expect((await moyasar.getPayment(onPage.id)).status).toBe('canceled');
    expect((await moyasar.getPayment(viaApi.id)).status).toBe('canceled');
  });

  it('refund in part, then in full, through the adapter: webhooks and getPayment follow', async () => {
    const created = await link('sim-refund');
    await sim.pay(created.id);
    const from = receiver.received.length;
    await moyasar.refund(created.id, 500); // the invoice id: its decisive payment is refunded
    const [partial] = await receivedAt('/webhooks/moyasar', 1, from);
    expect(await moyasar.parseWebhook({ body: partial!.body })).toMatchObject({
      status: 'partially_refunded',
    });
    expect((await moyasar.getPayment(created.id)).status).toBe('partially_refunded');
    const paid = await moyasar.getPayment(created.id);
    await moyasar.refund({ transactionId: paid.transactionId! });
    expect((await moyasar.getPayment(created.id)).status).toBe('refunded');
  });

  it('a 503 then a dropped connection surface as the adapter errors', async () => {
    const created = await link('sim-errors');
    sim.failNext('moyasar', { operation: 'get', status: 503, message: 'maintenance' });
    await expect(moyasar.getPayment(created.id)).rejects.toMatchObject({
      name: 'ProviderError',
      status: 503,
    });
    sim.failNext('moyasar', { operation: 'get', network: true });
    await expect(moyasar.getPayment(created.id)).rejects.toMatchObject({ name: 'NetworkError' });
  });

  it("every builder status parses to that status with the adapter's parseWebhook", async () => {
    for (const [status, type] of Object.entries(MOYASAR_EVENT_FOR_STATUS)) {
      const webhook = await moyasarWebhook({
        status: status as PaymentStatus,
        reference: 'r-1',
        invoiceId: 'inv-1',
      });
      const event = await moyasar.parseWebhook(webhook);
      expect(event, type).toMatchObject({
        kind: 'payment',
        status,
        type,
        paymentId: 'inv-1',
        reference: 'r-1',
      });
    }
    await expect(moyasar.parseWebhook(await moyasarWebhook({ secretToken: 'wrong' }))).rejects.toMatchObject({
      name: 'WebhookVerificationError',
    });
  });
});
