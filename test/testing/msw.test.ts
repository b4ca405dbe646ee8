// biome-ignore-all lint/suspicious/noExplicitAny: the tests read provider JSON by path
import { setupServer } from 'msw/node';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import { mockProviders } from 'paybridge/testing/msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signCheckout } from '../../src/providers/moneygo/signature';
import { basicAuth } from './helpers';

const mocks = mockProviders();
const server = setupServer(...mocks.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mocks.reset();
});
afterAll(() => server.close());

describe('msw mocks at the production base URLs', () => {
  it('Moyasar: create, fetch, pay (returns the webhook), cancel', async () => {
    const auth = {
      authorization: basicAuth(TEST_CREDENTIALS.moyasar.secretKey),
      'content-type': 'application/json',
    };
    const res = await fetch('https://api.moyasar.com/v1/invoices', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        amount: 2_000,
        currency: 'SAR',
        description: 'Two',
        metadata: { paybridge_reference: 'o-2' },
      }),
    });
    expect(res.status).toBe(201);
    const invoice = (await res.json()) as any;
    expect(invoice.url).toBe(`https://checkout.paybridge.test/moyasar/${invoice.id}`);
    const [webhook] = await mocks.moyasar.pay(invoice.id);
    expect(JSON.parse(webhook!.body)).toMatchObject({
      type: 'payment_paid',
      data: { invoice_id: invoice.id },
    });
    expect(mocks.moyasar.webhooks).toHaveLength(1);
    const fetched = (await (
      await fetch(`https://api.moyasar.com/v1/invoices/${invoice.id}`, { headers: auth })
    ).json()) as any;
    expect(fetched.status).toBe('paid');
    const cancel = await fetch(`https://api.moyasar.com/v1/invoices/${invoice.id}/cancel`, {
      method: 'PUT',
      headers: auth,
    });
    expect(cancel.status).toBe(400);
  });

  it('MoneyHash: state is per test (reset in afterEach) and errors come on demand', async () => {
    expect(mocks.moneyhash.links()).toEqual([]);
    const headers = { 'x-api-key': TEST_CREDENTIALS.moneyhash.apiKey, 'content-type': 'application/json' };
    mocks.moneyhash.failNext({ operation: 'create', status: 503 });
    const body = JSON.stringify({ amount: '10.00', amount_currency: 'USD', operation: 'purchase' });
    const failed = await fetch('https://web.moneyhash.io/api/v1.1/payments/intent/', {
      method: 'POST',
      headers,
      body,
    });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as any).status.code).toBe(503);
    const ok = await fetch('https://web.moneyhash.io/api/v1.1/payments/intent/', {
      method: 'POST',
      headers,
      body,
    });
    const intent = ((await ok.json()) as any).data;
    const close = await fetch(`https://web.moneyhash.io/api/v1.4/payments/intent/${intent.id}/close/`, {
      method: 'POST',
      headers,
    });
    expect(((await close.json()) as any).data.status).toBe('CLOSED');
    expect(mocks.moneyhash.webhooks.map((w) => w.type)).toEqual(['intent.closed']);
    mocks.moneyhash.failNext({ network: true });
    await expect(
      fetch(`https://web.moneyhash.io/api/v1.4/payments/intent/${intent.id}/`, { headers }),
    ).rejects.toThrow();
  });

  it('Money-Go: token, checkout, decline', async () => {
    const mg = TEST_CREDENTIALS.moneygo;
    const token = (await (
      await fetch('https://api.money-go.com/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: mg.clientId,
          client_secret: mg.clientSecret,
        }),
      })
    ).json()) as any;
    const fields = { walletTo: mg.walletTo, walletFrom: mg.walletFrom, amount: '5', id: 'o-5' };
    const res = await fetch('https://api.money-go.com/api/processing/checkout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        wallet_to: mg.walletTo,
        wallet_from: mg.walletFrom,
        amount: '5',
        id: 'o-5',
        signature: await signCheckout(fields, mg.formSecret),
      }),
    });
    expect(((await res.json()) as any).data.url).toBe('https://checkout.paybridge.test/moneygo/o-5');
    const [webhook] = await mocks.moneygo.decline('o-5');
    expect(JSON.parse(webhook!.body)).toMatchObject({ payment_id: 'o-5', status: 'FAIL', amount: 5 });
  });

  it('a custom base URL is intercepted instead', async () => {
    const { mockMoyasar } = await import('paybridge/testing/msw');
    const custom = mockMoyasar({ baseUrl: 'https://moyasar.internal/v1/', secretKey: 'sk_test_custom' });
    server.use(...custom.handlers);
    const res = await fetch('https://moyasar.internal/v1/invoices', {
      method: 'POST',
      headers: { authorization: basicAuth('sk_test_custom'), 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 100, currency: 'SAR', description: 'x' }),
    });
    expect(res.status).toBe(201);
    expect(custom.links()).toHaveLength(1);
  });
});

describe('paybridge/testing does not load msw', () => {
  it('the entry point and its modules import no msw', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../../src/testing/', import.meta.url);
    const files = (await readdir(dir, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && f !== 'msw.ts',
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(await readFile(new URL(file, dir), 'utf8'), file).not.toMatch(/from 'msw/);
    }
  });
});
