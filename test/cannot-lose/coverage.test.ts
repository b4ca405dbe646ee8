/**
 * What each adapter's verification covers (event.coverage), which decides what the handler's
 * confirm: 'unverified' asks the API about: MoneyHash and Moyasar cover the whole body, Money-Go's
 * checkout signature only the reference (and nothing with webhookVerification: 'none').
 */
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { moneyGoWebhook, moneyHashWebhook, moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { describe, expect, it } from 'vitest';

const FULL = { paymentId: true, status: true, amount: true, reference: true };

describe('event.coverage per adapter', () => {
  it('MoneyHash: a v3 signature over the exact body covers every field', async () => {
    const event = await createMoneyHash({
      webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret,
    }).parseWebhook(await moneyHashWebhook({ status: 'succeeded' }));
    expect(event).toMatchObject({ kind: 'payment', coverage: FULL });
  });

  it("Moyasar: the body came with the account's secret token; every field is as Moyasar sent it", async () => {
    const event = await createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret }).parseWebhook(
      await moyasarWebhook({ status: 'partially_refunded', amount: 10_000, refunded: 2_500 }),
    );
    expect(event).toMatchObject({ kind: 'payment', coverage: FULL, refundedAmount: 2_500 });
  });

  it('Money-Go: the checkout signature covers the reference only; with verification off, nothing', async () => {
    const webhook = await moneyGoWebhook({ status: 'succeeded', reference: 'order-9' });
    const signed = await createMoneyGo({ ...TEST_CREDENTIALS.moneygo }).parseWebhook(webhook);
    expect(signed.coverage).toEqual({ paymentId: true, status: false, amount: false, reference: true });
    const unverified = await createMoneyGo({
      ...TEST_CREDENTIALS.moneygo,
      webhookVerification: 'none',
    }).parseWebhook(webhook);
    expect(unverified.coverage).toEqual({ paymentId: false, status: false, amount: false, reference: false });
  });
});
