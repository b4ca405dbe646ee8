/**
 * Hardening, classes 1, 6 and 12: an event id never changes when an unsigned field changes in a
 * way that does not change the meaning, ids are bounded, and the two Moyasar paths agree.
 */
import { getResponse } from 'msw';
import { createMemoryStore, createWebhookHandler } from 'paybridge';
import { createMoneyGo, MoneyGoConfirmationError } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { moneyGoWebhookPayload, moneyHashWebhook, moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { mockMoneyGo, mockMoyasar } from 'paybridge/testing/msw';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/fastify';
import { signMoneyHashWebhook } from '../../src/providers/moneyhash/signature';
import { post } from '../helpers/http';

const { walletFrom, ...moneyGoCredentials } = TEST_CREDENTIALS.moneygo;

function moneyGoAgainst(api: ReturnType<typeof mockMoneyGo>) {
  return createMoneyGo({
    ...moneyGoCredentials,
    fetch: async (input, init) =>
      (await getResponse(api.handlers, new Request(input, init))) ??
      new Response('not mocked', { status: 599 }),
  });
}

describe('class 1: Money-Go, one paid order is fulfilled once', () => {
  it('examples/fastify.ts: the genuine SUCCESS and five re-posts with unsigned fields changed fulfil once', async () => {
    const api = mockMoneyGo();
    const moneygo = moneyGoAgainst(api);
    const fulfilled: string[] = [];
    const app = buildApp({ moneygo, fulfil: (reference) => void fulfilled.push(reference) });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const link = await moneygo.createPaymentLink({
        amount: 1000,
        currency: 'USD',
        reference: 'order-six',
        walletFrom,
        userInfo: 'customer-7',
      });
      const [genuine] = await api.pay(link.id);
      const body = JSON.parse(genuine!.body) as Record<string, unknown>;
      const variants = [
        body,
        { ...body, transaction_id: `${String(body['transaction_id'])}1` },
        { ...body, transaction_id: ` ${String(body['transaction_id'])}` },
        { ...body, status: 'success' },
        { ...body, status: 'SUCCESS ' },
        { ...body, commission: 0.01 },
      ];
      const answers = [];
      for (const variant of variants) {
        answers.push(await post(`${base}/webhooks/moneygo`, JSON.stringify(variant), genuine!.headers));
      }
      expect(fulfilled).toEqual(['order-six']);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(answers.slice(1).every((a) => a.json['duplicate'] === true)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('ids: signed payment_id plus the normalised status; PENDING and SUCCESS stay distinct', async () => {
    const moneygo = createMoneyGo(moneyGoCredentials);
    const payload = await moneyGoWebhookPayload({ reference: 'order-ids', status: 'succeeded' });
    const id = async (changes: Record<string, unknown>) =>
      (await moneygo.parseWebhook({ body: JSON.stringify({ ...payload, ...changes }) })).id;
    const genuine = await id({});
    expect(genuine).toBe('order-ids:succeeded');
    for (const changes of [
      { transaction_id: 99999 },
      { transaction_id: ' 1' },
      { status: 'success' },
      { status: '  SUCCESS ' },
      { commission: 5 },
      { currency_from: 'EUR' },
    ]) {
      expect(await id(changes)).toBe(genuine);
    }
    expect(await id({ status: 'PENDING' })).toBe('order-ids:pending');
    expect(await id({ cancel: true })).toBe('order-ids:canceled');
  });

  it('a 512 KiB transaction_id or payment_id never makes a key longer than 200 characters', async () => {
    const moneygo = createMoneyGo(moneyGoCredentials);
    const signedLong = await moneyGoWebhookPayload({
      reference: 'p'.repeat(300 * 1024),
      status: 'succeeded',
    });
    const a = await moneygo.parseWebhook({
      body: JSON.stringify({ ...signedLong, transaction_id: 'x'.repeat(512 * 1024) }),
    });
    expect(a.id.length).toBeLessThanOrEqual(200);
    expect(a.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const b = await moneygo.parseWebhook({ body: JSON.stringify(signedLong) });
    expect(b.id).toBe(a.id);
  });

  it('confirmWebhook refuses a webhook whose transaction_id disagrees with the API', async () => {
    const api = mockMoneyGo();
    const moneygo = moneyGoAgainst(api);
    const link = await moneygo.createPaymentLink({
      amount: 1000,
      currency: 'USD',
      reference: 'order-tx',
      walletFrom,
      userInfo: 'customer-7',
    });
    const [genuine] = await api.pay(link.id);
    const body = JSON.parse(genuine!.body) as Record<string, unknown>;
    await expect(moneygo.confirmWebhook(await moneygo.parseWebhook(genuine!))).resolves.toMatchObject({
      status: 'succeeded',
    });
    const changed = await moneygo.parseWebhook({
      body: JSON.stringify({ ...body, transaction_id: `${String(body['transaction_id'])}7` }),
    });
    const error = await moneygo.confirmWebhook(changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoneyGoConfirmationError);
    expect((error as MoneyGoConfirmationError).mismatches.map((m) => m.field)).toEqual(['transactionId']);
  });
});

describe('class 6: MoneyHash compact-JSON mode takes its id from what it verified', () => {
  it('whitespace variants of one compact-signed delivery verify and share one id: onEvent runs once', async () => {
    const secret = TEST_CREDENTIALS.moneyhash.webhookSecret;
    const moneyhash = createMoneyHash({ webhookSecret: secret, acceptCompactJsonSignature: true });
    const { body } = await moneyHashWebhook({ status: 'succeeded', intentId: 'intent_ws' });
    const compact = JSON.stringify(JSON.parse(body));
    const t = Math.floor(Date.now() / 1000);
    const header = await signMoneyHashWebhook(secret, compact, t);
    const variants = [
      compact,
      JSON.stringify(JSON.parse(body), null, 2),
      JSON.stringify(JSON.parse(body), null, '\t'),
      ` ${compact}\n`,
      compact.replaceAll(',', ', '),
    ];
    let runs = 0;
    const handler = createWebhookHandler({
      provider: moneyhash,
      store: createMemoryStore(),
      onEvent: () => {
        runs += 1;
      },
    });
    const ids = new Set<string>();
    for (const variant of variants) {
      const result = await handler.handle({ body: variant, headers: { 'moneyhash-signature': header } });
      expect(result.status).toBe(200);
      ids.add(result.event!.id);
    }
    expect(ids.size).toBe(1);
    expect(runs).toBe(1);
  });

  it('without the mode, the id stays the digest of the raw bytes (and variants do not verify)', async () => {
    const secret = TEST_CREDENTIALS.moneyhash.webhookSecret;
    const moneyhash = createMoneyHash({ webhookSecret: secret });
    const { body, headers } = await moneyHashWebhook({ status: 'succeeded' });
    const event = await moneyhash.parseWebhook({ body, headers });
    const { createHash } = await import('node:crypto');
    expect(event.id).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    await expect(
      moneyhash.parseWebhook({ body: JSON.stringify(JSON.parse(body), null, 2), headers }),
    ).rejects.toMatchObject({ reason: 'bad_signature' });
  });
});

describe('class 12: Moyasar, webhook and getPayment agree on a refunded payment', () => {
  it('payment_paid whose payment shows a partial refund is partially_refunded on both paths', async () => {
    const api = mockMoyasar();
    const moyasar = createMoyasar({
      ...TEST_CREDENTIALS.moyasar,
      fetch: async (input, init) =>
        (await getResponse(api.handlers, new Request(input, init))) ??
        new Response('not mocked', { status: 599 }),
    });
    const link = await moyasar.createPaymentLink({ amount: 10_000, currency: 'SAR', reference: 'order-ref' });
    await api.pay(link.id);
    const payment = await moyasar.getPayment(link.id);
    await moyasar.refund({ transactionId: payment.transactionId! }, 2_500);
    const afterRefund = await moyasar.getPayment(link.id);
    expect(afterRefund.status).toBe('partially_refunded');

    // A payment_paid event whose payment object already shows the refund (a late delivery).
    const webhook = await moyasarWebhook({
      type: 'payment_paid',
      invoiceId: link.id,
      paymentId: payment.transactionId!,
      amount: 10_000,
      refunded: 2_500,
    });
    const event = await moyasar.parseWebhook(webhook);
    expect(event.kind === 'payment' && event.status).toBe(afterRefund.status);
  });
});
