/**
 * The README's "Testing your own handler" examples, as a user would write them (the user's own
 * code is the small `payments` module below).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { createWebhookHandler, type WebhookInput } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { mockMoyasar } from 'paybridge/testing/msw';
import { startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ---- the user's code -------------------------------------------------------------------------
const orders = new Map<string, string>();
const moyasar = createMoyasar({
  secretKey: TEST_CREDENTIALS.moyasar.secretKey,
  webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret,
});
async function onMoyasarWebhook(input: WebhookInput): Promise<void> {
  const event = await moyasar.parseWebhook(input);
  if (event.kind === 'payment' && event.status === 'succeeded' && event.reference) {
    orders.set(event.reference, 'paid');
  }
}
const handler = createWebhookHandler({
  provider: moyasar,
  onEvent: (event) => {
    if (event.kind === 'payment' && event.reference) orders.set(event.reference, event.status);
  },
});
// -----------------------------------------------------------------------------------------------

describe('README: testing your own handler', () => {
  it('a signed webhook straight into your function', async () => {
    const webhook = await moyasarWebhook({ status: 'succeeded', reference: 'order-1042', amount: 10_500 });
    await onMoyasarWebhook(webhook);
    expect(orders.get('order-1042')).toBe('paid');
  });

  it('a forged webhook is refused by your function', async () => {
    const forged = await moyasarWebhook({
      status: 'succeeded',
      reference: 'order-1043',
      secretToken: 'guess',
    });
    await expect(onMoyasarWebhook(forged)).rejects.toMatchObject({ name: 'WebhookVerificationError' });
    expect(orders.has('order-1043')).toBe(false);
  });

  it('the simulator delivers to your running endpoint', async () => {
    const server = createServer((req, res) => void handler.node(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/moyasar`;

    const sim = await startSimulator({ moyasar: { webhookUrl: endpoint } });
    const shop = createMoyasar(sim.settings.moyasar);
    const link = await shop.createPaymentLink({
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1044',
      description: 'Order #1044',
    });
    const [delivery] = await sim.pay(link.id);
    expect(delivery!.state).toBe('delivered');
    expect(orders.get('order-1044')).toBe('succeeded');
    await sim.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('with msw, no server at all', () => {
    const api = mockMoyasar();
    const server = setupServer(...api.handlers);
    beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
    afterAll(() => server.close());

    it('creates a link against the mocked API and feeds the webhook to your function', async () => {
      const link = await moyasar.createPaymentLink({
        amount: 2_000,
        currency: 'SAR',
        reference: 'order-1045',
        description: 'Order #1045',
      });
      const [webhook] = await api.pay(link.id);
      await onMoyasarWebhook(webhook!);
      expect(orders.get('order-1045')).toBe('paid');
      api.failNext({ operation: 'get', status: 503, times: 3 }); // the adapter retries a GET twice
      await expect(moyasar.getPayment(link.id, { timeout: 2_000 })).rejects.toMatchObject({
        name: 'ProviderError',
      });
    });
  });
});
