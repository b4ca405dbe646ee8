// biome-ignore-all lint/suspicious/noExplicitAny: the tests read provider JSON by path
import fc from 'fast-check';
import { InvalidRequestError, PAYMENT_STATUSES } from 'paybridge';
import { signMoneyHashWebhook } from 'paybridge/moneyhash';
import {
  MONEYGO_STATUS_FOR_STATUS,
  MONEYHASH_EVENT_FOR_STATUS,
  MOYASAR_EVENT_FOR_STATUS,
  moneyGoWebhook,
  moneyHashWebhook,
  moyasarWebhook,
  signMoneyHashBody,
  TEST_CREDENTIALS,
} from 'paybridge/testing';
import { describe, expect, it } from 'vitest';
import { signCheckout } from '../../src/providers/moneygo/signature';
import { computeV3Signature, parseSignatureHeader } from '../../src/providers/moneyhash/signature';

describe('moneyHashWebhook', () => {
  it('signs the exact body with v3 at the chosen timestamp', async () => {
    const webhook = await moneyHashWebhook({ secret: 's3cret', timestamp: 1_743_090_080 });
    const header = parseSignatureHeader(webhook.headers['MoneyHash-Signature']!);
    expect(header?.t).toBe(1_743_090_080);
    expect(header?.signatures['v3']).toBe(await computeV3Signature('s3cret', webhook.body, 1_743_090_080));
    expect(webhook.headers['content-type']).toBe('application/json');
  });

  it('matches the published v3 test vector', async () => {
    expect(await signMoneyHashWebhook('test_signature_key', '"webhook_payload"', 1_743_090_080)).toBe(
      't=1743090080,v3=ca13480c8142f2f2b44822c764909027974e84b3e8c94457a314f129d8d60148',
    );
    const signed = await signMoneyHashBody('{"a":1}', { timestamp: new Date(1_700_000_000_500) });
    expect(signed.headers['MoneyHash-Signature']).toMatch(/^t=1700000000,v3=[0-9a-f]{64}$/);
  });

  it('defaults to the simulator secret and a successful purchase', async () => {
    const webhook = await moneyHashWebhook();
    const header = parseSignatureHeader(webhook.headers['MoneyHash-Signature']!)!;
    expect(header.signatures['v3']).toBe(
      await computeV3Signature(TEST_CREDENTIALS.moneyhash.webhookSecret, webhook.body, header.t),
    );
    expect(JSON.parse(webhook.body).type).toBe('transaction.purchase.successful');
  });

  it('builds a transaction event shaped like the seed, with overrides', async () => {
    const body = JSON.parse(
      (
        await moneyHashWebhook({
          status: 'failed',
          intentId: 'ZvwG5Y9',
          transactionId: 'tx-1',
          amount: 5_050,
          currency: 'egp',
          reference: 'order-9',
          customFields: { cart: 'c1' },
          message: 'Do not honor',
        })
      ).body,
    );
    expect(body.type).toBe('transaction.purchase.failed');
    expect(body.intent).toMatchObject({
      id: 'ZvwG5Y9',
      amount: { value: 50.5, currency: 'EGP' },
      custom_fields: { cart: 'c1', reference: 'order-9' },
    });
    expect(body.transaction).toMatchObject({
      id: 'tx-1',
      status: 'purchase.failed',
      merchant_reference: 'order-9',
      custom_message: 'Do not honor',
    });
    expect(body.transaction.operations.at(-1)).toMatchObject({ type: 'purchase', status: 'failed' });
    expect(body.transaction.operations.at(-1).statuses[0].id).toBe(body.status_id);
    expect(body.api_version).toBe('1.1');
  });

  it('builds intent events wrapped in data, like the seed', async () => {
    const processed = JSON.parse((await moneyHashWebhook({ type: 'intent.processed', amount: 5_000 })).body);
    expect(processed.data.intent).toMatchObject({ status: 'PROCESSED', amount: 50, amount_currency: 'USD' });
    expect(processed.data.intent.active_transaction).toMatchObject({ status: 'SUCCESSFUL', amount: '50.00' });
    expect(processed.data.intent_id).toBe(processed.data.intent.id);
    const closed = JSON.parse((await moneyHashWebhook({ status: 'canceled' })).body);
    expect(closed.data.intent).toMatchObject({ status: 'CLOSED', active_transaction: null });
    const expired = JSON.parse((await moneyHashWebhook({ status: 'expired' })).body);
    expect(expired.type).toBe('intent.time_expired');
  });

  it('refunds: the whole amount for refunded, part of it for partially_refunded', async () => {
    const full = JSON.parse((await moneyHashWebhook({ status: 'refunded', amount: 1_000 })).body);
    expect(full.transaction.operations.map((o: any) => [o.type, o.amount.value])).toEqual([
      ['purchase', 10],
      ['refund', 10],
    ]);
    const part = JSON.parse((await moneyHashWebhook({ status: 'partially_refunded', amount: 1_000 })).body);
    expect(part.transaction.operations.at(-1).amount.value).toBe(5);
    const chosen = JSON.parse(
      (await moneyHashWebhook({ status: 'partially_refunded', amount: 1_000, refundAmount: 250 })).body,
    );
    expect(chosen.transaction.operations.at(-1).amount.value).toBe(2.5);
  });

  it('has an event for every unified status', async () => {
    for (const status of PAYMENT_STATUSES) {
      const body = JSON.parse((await moneyHashWebhook({ status })).body);
      expect(body.type).toBe(MONEYHASH_EVENT_FOR_STATUS[status]);
    }
  });

  it('refuses non-integer amounts and bad timestamps', async () => {
    await expect(moneyHashWebhook({ amount: 10.5 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(moneyHashWebhook({ timestamp: -1 })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('writes every amount exactly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 99_999_999_999 }), async (amount) => {
        const body = JSON.parse((await moneyHashWebhook({ type: 'intent.processed', amount })).body);
        const text = body.data.intent.active_transaction.amount as string;
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(amount));
      }),
      { numRuns: 100 },
    );
  });
});

describe('moyasarWebhook', () => {
  it('echoes the secret token in an envelope around a payment', async () => {
    const webhook = await moyasarWebhook({
      secretToken: 'tok',
      eventId: 'evt-1',
      paymentId: 'pay-1',
      invoiceId: 'inv-1',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1',
      metadata: { cart: 'c1' },
      live: true,
    });
    expect(webhook.headers).toEqual({ 'content-type': 'application/json' });
    const body = JSON.parse(webhook.body);
    expect(body).toMatchObject({ id: 'evt-1', type: 'payment_paid', secret_token: 'tok', live: true });
    expect(body.data).toMatchObject({
      id: 'pay-1',
      status: 'paid',
      amount: 10_500,
      currency: 'SAR',
      invoice_id: 'inv-1',
      amount_format: '105.00 SAR',
      metadata: { cart: 'c1', paybridge_reference: 'order-1' },
    });
  });

  it('maps statuses to events, and refuses the ones Moyasar cannot report', async () => {
    for (const [status, type] of Object.entries(MOYASAR_EVENT_FOR_STATUS)) {
      const body = JSON.parse((await moyasarWebhook({ status: status as never })).body);
      expect(body.type).toBe(type);
    }
    const failed = JSON.parse((await moyasarWebhook({ status: 'failed' })).body);
    expect(failed.data).toMatchObject({ status: 'failed', source: { message: 'Insufficient Funds' } });
    const partial = JSON.parse((await moyasarWebhook({ status: 'partially_refunded', amount: 1_000 })).body);
    expect(partial.data).toMatchObject({ refunded: 500 });
    const full = JSON.parse((await moyasarWebhook({ status: 'refunded', amount: 1_000 })).body);
    expect(full.data).toMatchObject({ status: 'refunded', refunded: 1_000 });
    await expect(moyasarWebhook({ status: 'pending' })).rejects.toThrow(/pass `type`/);
  });

  it('passes any type and data through (settlements, typos Moyasar really sends)', async () => {
    const body = JSON.parse(
      (await moyasarWebhook({ type: 'balance_transferred', data: { id: 'tr-1', amount: 100 } })).body,
    );
    expect(body).toMatchObject({ type: 'balance_transferred', data: { id: 'tr-1', amount: 100 } });
    const faild = JSON.parse((await moyasarWebhook({ type: 'payment_faild' })).body);
    expect(faild.data.status).toBe('failed');
  });
});

describe('moneyGoWebhook', () => {
  it('echoes the checkout signature of the order', async () => {
    const body = JSON.parse(
      (
        await moneyGoWebhook({
          paymentId: 'order-1',
          walletTo: 'U41',
          walletFrom: 'U68',
          amount: 1_000,
          formSecret: 's3cr3t',
          transactionId: 1010,
        })
      ).body,
    );
    // PROVIDERS.md's vector: wallet_to U41, wallet_from U68, amount "10", id order-1, secret s3cr3t.
    expect(body.signature).toBe('29f6bf2b0ed7571df58190262bb2e3be1234529e9aeac38fedc39c8ad2c7c322');
    expect(body).toEqual({
      payment_id: 'order-1',
      signature: body.signature,
      transaction_id: 1010,
      wallet_from: 'U68',
      wallet_to: 'U41',
      currency_to: 'USD',
      currency_from: 'USD',
      amount: 10,
      commission: 0,
      status: 'SUCCESS',
      cancel: false,
    });
  });

  it('covers the four statuses Money-Go sends and signs the amount text given', async () => {
    for (const [status, providerStatus] of Object.entries(MONEYGO_STATUS_FOR_STATUS)) {
      const body = JSON.parse((await moneyGoWebhook({ status: status as never })).body);
      expect(body.status).toBe(providerStatus);
      expect(body.cancel).toBe(providerStatus === 'CANCEL');
    }
    await expect(moneyGoWebhook({ status: 'refunded' })).rejects.toBeInstanceOf(InvalidRequestError);
    const body = JSON.parse(
      (await moneyGoWebhook({ reference: 'r-1', amount: 1_050, amountText: '10.50', walletTo: 'E10' })).body,
    );
    expect(body).toMatchObject({ payment_id: 'r-1', amount: 10.5, currency_to: 'EUR' });
    expect(body.signature).toBe(
      await signCheckout(
        { walletTo: 'E10', walletFrom: TEST_CREDENTIALS.moneygo.walletFrom, amount: '10.50', id: 'r-1' },
        TEST_CREDENTIALS.moneygo.formSecret,
      ),
    );
  });
});
