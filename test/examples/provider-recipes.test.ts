/**
 * The README's Paymob and Tap quick starts and its simulator-faults recipe, as written (only the
 * environment is the test's: msw's Paymob and Tap at their production hosts, the variables the
 * adapters read, and the request a framework would hand over).
 */
import express from 'express';
import { setupServer } from 'msw/node';
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';
import { createPaymob } from 'paybridge/paymob';
import { createTap } from 'paybridge/tap';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import { mockPaymob, mockTap } from 'paybridge/testing/msw';
import { createManualClock, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { post } from '../helpers/http';
import { expectCopiedAsWritten } from '../helpers/readme-recipe';

const paymobApi = mockPaymob();
const tapApi = mockTap();
const server = setupServer(...paymobApi.handlers, ...tapApi.handlers);
beforeAll(() => {
  server.listen();
  const { paymob, tap } = TEST_CREDENTIALS;
  vi.stubEnv('PAYMOB_SECRET_KEY', paymob.secretKey);
  vi.stubEnv('PAYMOB_PUBLIC_KEY', paymob.publicKey);
  vi.stubEnv('PAYMOB_API_KEY', paymob.apiKey);
  vi.stubEnv('PAYMOB_HMAC_SECRET', paymob.webhookSecret);
  vi.stubEnv('PAYMOB_INTEGRATION_IDS', paymob.integrationIds.join(','));
  vi.stubEnv('TAP_SECRET_KEY', tap.secretKey);
});
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

describe('README: the Paymob quick start', () => {
  it('is copied here as written', () => expectCopiedAsWritten('paymob', import.meta.url));

  it('creates a link, and reads the callback of a paid order with the URL that carries the HMAC', async () => {
    // What the framework hands over: the callback of an order paid earlier (Node's req.url is
    // the path and the query).
    const earlier = await createPaymob().createPaymentLink({
      amount: 5_000,
      currency: 'EGP',
      reference: 'order-1041',
      webhookUrl: 'https://shop.example/webhooks/paymob',
    });
    const [webhook] = await paymobApi.pay(earlier.id);
    const callbackUrl = new URL(webhook!.url!);
    const rawBody = webhook!.body;
    const req = { headers: webhook!.headers, url: `${callbackUrl.pathname}${callbackUrl.search}` };

    const paidOrders: [string | undefined, number][] = [];
    const orders = {
      markPaid: async (reference: string | undefined, amount: number) =>
        void paidOrders.push([reference, amount]),
    };
    // biome-ignore format: the README's code, as written
    const run = async () => {
      // ---- README recipe: paymob ----
      const paymob = createPaymob(); // PAYMOB_SECRET_KEY, PAYMOB_PUBLIC_KEY, PAYMOB_API_KEY, PAYMOB_HMAC_SECRET, PAYMOB_INTEGRATION_IDS
      const link = await paymob.createPaymentLink({
        amount: 100_000, currency: 'EGP', reference: 'order-1042',   // 1000.00 EGP
        webhookUrl: 'https://shop.example/webhooks/paymob',          // notification_url
        successUrl: 'https://shop.example/paid',                     // redirection_url
        customer: { name: 'Mona Zaki', email: 'mona@example.com', phone: '+201001234567' },
      }); // link.id = Paymob's order id (intention_order_id), link.url = the Unified Checkout page

      // The HMAC is in the callback URL's query (?hmac=…): pass the request URL along.
      const event = await paymob.parseWebhook({ body: rawBody, headers: req.headers, url: req.url });
      if (event.kind === 'payment') {
        const payment = await paymob.getPayment(event.paymentId); // the authoritative state
        if (payment.status === 'succeeded') await orders.markPaid(payment.reference, payment.amount);
      }
      // ---- end of README recipe ----
      return { link, event };
    };
    const { link, event } = await run();
    expect(link.url).toContain('/unifiedcheckout/?publicKey=');
    expect(link.id).not.toBe(earlier.id);
    expect(event).toMatchObject({ kind: 'payment', paymentId: earlier.id, status: 'succeeded' });
    expect(paidOrders).toEqual([['order-1041', 5_000]]);
  });
});

describe('README: the Tap quick start', () => {
  it('is copied here as written', () => expectCopiedAsWritten('tap', import.meta.url));

  it('creates the charge; the webhook its payment sends marks the order paid once, through Express', async () => {
    const app = express();
    const paidOrders: [string | undefined, number][] = [];
    const orders = {
      markPaid: async (reference: string | undefined, amount: number) =>
        void paidOrders.push([reference, amount]),
    };
    // biome-ignore format: the README's code, as written
    const recipe = async () => {
      // ---- README recipe: tap ----
      const tap = createTap(); // TAP_SECRET_KEY: the API key, which also signs the webhooks
      const link = await tap.createPaymentLink(
        { amount: 10_500, currency: 'KWD', reference: 'order-1042',    // sent as the JSON number 10.500
          customer: { firstName: 'Sara', email: 'sara@example.com' },  // Tap needs a first name and an email or phone
          successUrl: 'https://shop.example/paid',                      // redirect.url: the payer returns with ?tap_id=chg_…
          webhookUrl: 'https://shop.example/webhooks/tap' },            // post.url
        { idempotencyKey: 'order-1042' },                               // reference.idempotent: safe to retry
      ); // link.id = the charge id (chg_…), link.url = Tap's transaction.url

      const handler = createWebhookHandler({
        provider: tap,
        onEvent: async (event) => {
          if (event.kind !== 'payment') return;
          // hashstring covers the charge id, amount, currency and status, not your reference:
          // find the order by event.paymentId, or ask Tap.
          const payment = await tap.getPayment(event.paymentId);
          if (payment.status === 'succeeded') await orders.markPaid(payment.reference, payment.amount);
        },
      });
      app.post('/webhooks/tap', express.raw({ type: '*/*' }), (req, res) => handler.node(req, res));
      // ---- end of README recipe ----
      return link;
    };
    const link = await recipe();
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    try {
      const port = (listening.address() as { port: number }).port;
      const [webhook] = await tapApi.pay(link.id);
      const target = `http://127.0.0.1:${port}/webhooks/tap`;
      expect((await post(target, webhook!.body, webhook!.headers)).status).toBe(200);
      expect((await post(target, webhook!.body, webhook!.headers)).json).toMatchObject({ duplicate: true });
      expect(paidOrders).toEqual([['order-1042', 10_500]]);
    } finally {
      listening.close();
    }
  });
});

describe('README: the simulator misbehaving on purpose, on a manual clock', () => {
  it('is copied here as written', () => expectCopiedAsWritten('simulator-faults', import.meta.url));

  /** The recipe as written, then ten links created and paid, and four more hours of the clock. */
  async function faultsOfARun(): Promise<string[][]> {
    // ---- README recipe: simulator-faults ----
    const clock = createManualClock();
    const sim = await startSimulator({
      faults: { drop: 0.3, duplicate: 0.3, reorder: 0.3, corruptSignature: 0.1, delayMs: 2_000 },
      seed: 42,
      clock,
      retryDelays: { moyasar: [60_000, 600_000, 1_800_000, 3_600_000, 7_200_000] }, // Moyasar's, in real ms
      moyasar: { webhookUrl: 'http://127.0.0.1:3000/webhooks/moyasar' },
    });
    // … create links, pay them …
    await clock.advance(4 * 3_600_000); // four hours of retries and expiries, at once and in order
    sim.deliveries.filter((d) => d.faults.includes('drop')); // every fault is recorded per delivery
    // ---- end of README recipe ----
    try {
      const moyasar = createMoyasar(sim.settings.moyasar);
      for (let n = 1; n <= 10; n++) {
        const link = await moyasar.createPaymentLink({
          amount: 1_000 * n,
          currency: 'SAR',
          reference: `order-${n}`,
        });
        await sim.pay(link.id);
      }
      await clock.advance(4 * 3_600_000);
      return sim.deliveries.map((d) => [...d.faults]);
    } finally {
      await sim.close();
    }
  }

  it('records the faults of every delivery, the same ones for the same seed', async () => {
    const faults = await faultsOfARun();
    expect(faults.length).toBeGreaterThanOrEqual(10);
    const kinds = new Set(faults.flat());
    expect(kinds.has('drop')).toBe(true);
    expect(kinds.has('duplicate')).toBe(true);
    expect(await faultsOfARun()).toEqual(faults);
  });
});
