/**
 * examples/fastify.ts on a loopback port, driven with Money-Go webhooks. The adapter talks to
 * paybridge/testing/msw's Money-Go emulator (through msw's getResponse, so nothing global is
 * intercepted): checkouts are created there, the payer pays there, and confirmWebhook asks it.
 */
import { getResponse } from 'msw';
import { createMoneyGo } from 'paybridge/moneygo';
import { moneyGoWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { mockMoneyGo } from 'paybridge/testing/msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/fastify';
import { post } from '../helpers/http';
import {
  createFulfilment,
  fetchOrderStatus,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

const { walletFrom, ...credentials } = TEST_CREDENTIALS.moneygo;
const api = mockMoneyGo();
const moneygo = createMoneyGo({
  ...credentials,
  fetch: async (input, init) =>
    (await getResponse(api.handlers, new Request(input, init))) ??
    new Response('not mocked', { status: 599 }),
});

let app: ReturnType<typeof buildApp>;
let running: RunningExample;

/** Creates the checkout in the emulator (so the API knows the order) and returns its id. */
async function checkout(reference: string): Promise<string> {
  const link = await moneygo.createPaymentLink({
    amount: 1000,
    currency: 'USD',
    reference,
    walletFrom,
    userInfo: 'customer-7',
  });
  return link.id;
}

beforeAll(async () => {
  const fulfilment = createFulfilment();
  app = buildApp({ moneygo, fulfil: fulfilment.fulfil });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  running = {
    url: `${base}/webhooks/moneygo`,
    fulfilment,
    async paid(reference) {
      const [webhook] = await api.pay(await checkout(reference));
      return webhook!;
    },
    async forged(reference) {
      // No checkout yet: paid(reference) creates it afterwards.
      const fields = { reference, amount: 1000, walletFrom, walletTo: credentials.walletTo };
      const signed = await moneyGoWebhook(fields);
      return {
        'a tampered byte of the amount': { ...signed, body: tamperAfter(signed.body, '"amount":') },
        'a wrong form secret': await moneyGoWebhook({ ...fields, formSecret: 'guessed_form_secret' }),
      };
    },
    orderStatus: (reference) => fetchOrderStatus(base, reference),
  };
});

afterAll(async () => {
  await app.close();
});

describe('examples/fastify.ts (Money-Go)', () => {
  webhookScenarios(() => running);

  it('a correctly signed "SUCCESS" for an unpaid order is not fulfilled (the handler confirms it), and does not block the real one', async () => {
    const reference = newReference();
    await checkout(reference);
    // The signature is the checkout's, which the payer has seen: it verifies, but the API says PENDING.
    const forgedSuccess = await moneyGoWebhook({
      reference,
      amount: 1000,
      walletFrom,
      walletTo: credentials.walletTo,
      status: 'succeeded',
    });
    const answer = await post(running.url, forgedSuccess.body, forgedSuccess.headers);
    expect(answer.status).toBe(503);
    expect(answer.json['error']).toBe('confirmation_pending');
    expect(running.fulfilment.callsFor(reference)).toEqual([]);
    expect(await running.orderStatus(reference)).toBeUndefined();

    const [genuine] = await api.pay(reference);
    expect((await post(running.url, genuine!.body, genuine!.headers)).json).toEqual({ received: true });
    expect(running.fulfilment.callsFor(reference)).toEqual([reference]);
    expect(await running.orderStatus(reference)).toBe('succeeded');
  });

  it('a declined payment is recorded as failed without fulfilling', async () => {
    const reference = newReference();
    const [webhook] = await api.decline(await checkout(reference));
    expect((await post(running.url, webhook!.body, webhook!.headers)).status).toBe(200);
    expect(await running.orderStatus(reference)).toBe('failed');
    expect(running.fulfilment.callsFor(reference)).toEqual([]);
  });
});
