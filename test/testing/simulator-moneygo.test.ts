/**
 * The simulator driven by the real Money-Go adapter (no msw): token, signed checkout, the payer's
 * actions, the `status_url` webhook verified with the adapter and confirmed with the API.
 */

import { createMoneyGo, type MoneyGo } from 'paybridge/moneygo';
import { MONEYGO_STATUS_FOR_STATUS, moneyGoWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;
let moneygo: MoneyGo;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startSimulator();
  moneygo = createMoneyGo({ ...sim.settings.moneygo, retry: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const link = (reference: string, amount = 1_050) =>
  moneygo.createPaymentLink({
    amount,
    currency: 'USD',
    reference,
    walletFrom: TEST_CREDENTIALS.moneygo.walletFrom,
    userInfo: 'customer-7',
    webhookUrl: `${receiver.url}/webhooks/moneygo`,
    successUrl: 'https://shop.example/paid',
    cancelUrl: 'https://shop.example/cart',
  });

async function actAndVerify(action: 'pay' | 'decline' | 'cancel', id: string) {
  const from = receiver.received.length;
  const [delivery] = await sim[action](id);
  expect(delivery?.state).toBe('delivered');
  const [received] = (await receiver.waitFor(from + 1)).slice(from);
  return moneygo.parseWebhook({ body: received!.body, headers: received!.headers });
}

describe('Money-Go adapter against the simulator', () => {
  it('creates a checkout (signed, accepted by the simulator) whose URL is the hosted page', async () => {
    const created = await link('mg-create');
    expect(created).toMatchObject({
      provider: 'moneygo',
      id: 'mg-create',
      status: 'pending',
      amount: 1_050,
      amountText: '10.5',
    });
    expect(created.url).toBe(`${sim.url}/pay/moneygo/mg-create`);
    expect(created.expiresAt).toBeInstanceOf(Date);
    expect((await moneygo.getPayment('mg-create')).status).toBe('pending');
  });

  it.each([
    ['pay', 'SUCCESS', 'succeeded'],
    ['decline', 'FAIL', 'failed'],
    ['cancel', 'CANCEL', 'canceled'],
  ] as const)(
    '%s: the webhook verifies (%s → %s) and confirmWebhook / getPayment agree',
    async (action, raw, status) => {
      const reference = `mg-${action}`;
      await link(reference);
      const event = await actAndVerify(action, reference);
      expect(event).toMatchObject({
        kind: 'payment',
        status,
        providerStatus: raw,
        paymentId: reference,
        reference,
        amount: 1_050,
        currency: 'USD',
        signatureVerified: true,
      });
      expect(await moneygo.confirmWebhook(event)).toMatchObject({ status, reference });
      expect((await moneygo.getPayment(reference)).status).toBe(status);
    },
  );

  it('a reused order id is refused with Money-Go’s 422', async () => {
    await link('mg-dup');
    await expect(link('mg-dup')).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/not unique/),
    });
  });

  it('a checkout signed with another form secret is refused (Signature not identical)', async () => {
    const wrong = createMoneyGo({ ...sim.settings.moneygo, formSecret: 'not-the-form-secret', retry: false });
    await expect(
      wrong.createPaymentLink({
        amount: 500,
        currency: 'USD',
        reference: 'mg-badsig',
        walletFrom: TEST_CREDENTIALS.moneygo.walletFrom,
        userInfo: 'u',
      }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/Signature not identical/) });
  });

  it('a webhook replayed with another amount fails verification', async () => {
    await link('mg-replay');
    const from = receiver.received.length;
    await sim.pay('mg-replay');
    const [received] = (await receiver.waitFor(from + 1)).slice(from);
    const forged = received!.body.toString().replace('"amount":10.5', '"amount":1050');
    await expect(moneygo.parseWebhook({ body: forged })).rejects.toMatchObject({
      name: 'WebhookVerificationError',
    });
  });

  it('checks a wallet', async () => {
    expect(await moneygo.checkWallet(TEST_CREDENTIALS.moneygo.walletFrom)).toMatchObject({ currency: 'USD' });
  });

  it("every builder status parses to that status with the adapter's parseWebhook", async () => {
    for (const status of Object.keys(MONEYGO_STATUS_FOR_STATUS)) {
      const webhook = await moneyGoWebhook({ status: status as never, reference: 'r-3', amount: 777 });
      expect(await moneygo.parseWebhook(webhook), status).toMatchObject({
        status,
        reference: 'r-3',
        amount: 777,
      });
    }
  });
});
