/**
 * Every adapter reports its requests through `hooks`, each under the name of the operation it
 * carries out, with the origin and path only: a link created, paid, looked up and refunded (a
 * transfer for Money-Go, which has no refunds) against each provider's msw mock.
 */
import { getResponse } from 'msw';
import type { HttpHooks, HttpResponseInfo } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createPaymob } from 'paybridge/paymob';
import { createTap } from 'paybridge/tap';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import {
  mockMoneyGo,
  mockMoneyHash,
  mockMoyasar,
  mockPaymob,
  mockTap,
  type ProviderMock,
} from 'paybridge/testing/msw';
import { describe, expect, it } from 'vitest';
import { DRIVERS } from '../conformance/drivers';

/** An adapter fetch that asks the mock's handlers, without global interception. */
function mockFetch(mock: ProviderMock): typeof globalThis.fetch {
  return async (input, init) =>
    (await getResponse(mock.handlers, new Request(input, init))) ??
    new Response('not mocked', { status: 599 });
}

function recorder() {
  const responses: HttpResponseInfo[] = [];
  const requests: string[] = [];
  const hooks: HttpHooks = {
    onRequest: (info) => void requests.push(`${info.method} ${info.operation}`),
    onResponse: (info) => void responses.push(info),
  };
  /** `METHOD operation status path` per answer. */
  const trail = () =>
    responses.map((r) => `${r.method} ${r.operation} ${r.status} ${new URL(r.url).pathname}`);
  return { hooks, requests, responses, trail };
}

// The conformance drivers' valid inputs, typed as each adapter's own input (the driver knows the provider).
const link = (name: string, reference: string) =>
  DRIVERS.find((d) => d.name === name)!.link(reference) as never;

describe('every adapter names the operation of each request', () => {
  it('moyasar', async () => {
    const mock = mockMoyasar();
    const { hooks, trail } = recorder();
    const moyasar = createMoyasar({ ...TEST_CREDENTIALS.moyasar, hooks, fetch: mockFetch(mock) });
    const created = await moyasar.createPaymentLink(link('moyasar', 'order-h1'));
    await mock.pay(created.id);
    await moyasar.getPayment(created.id);
    await moyasar.refund(created.id, 500);
    await moyasar.findPaymentLinkByReference('order-h1');
    for await (const _ of moyasar.iteratePaymentLinks()) break;
    // The emulator serves no payment list (404): the hook names the operation all the same.
    await expect(moyasar.iterateTransactions().next()).rejects.toThrow(/404/);
    expect(trail()).toEqual([
      'POST createPaymentLink 201 /v1/invoices',
      `GET getPayment 200 /v1/invoices/${created.id}`,
      `GET getInvoice 200 /v1/invoices/${created.id}`,
      expect.stringMatching(/^POST refund 200 \/v1\/payments\/[^/]+\/refund$/),
      'GET findPaymentLinkByReference 200 /v1/invoices',
      'GET listPaymentLinks 200 /v1/invoices',
      'GET iterateTransactions 404 /v1/payments',
    ]);
  });

  it('moneyhash', async () => {
    const mock = mockMoneyHash();
    const { hooks, trail } = recorder();
    const moneyhash = createMoneyHash({ ...TEST_CREDENTIALS.moneyhash, hooks, fetch: mockFetch(mock) });
    const created = await moneyhash.createPaymentLink(link('moneyhash', 'order-h2'));
    await mock.pay(created.id);
    await moneyhash.getPayment(created.id);
    await moneyhash.refund(created.id, 500);
    expect(trail()).toEqual([
      expect.stringMatching(/^POST createPaymentLink 20\d \/api\/v1\.\d\/payments\/intent\/$/),
      expect.stringMatching(/^GET getPayment 200 \/api\//),
      expect.stringMatching(/^GET getPayment 200 \/api\//),
      expect.stringMatching(/^POST refund 20\d \/api\//),
    ]);
  });

  it('moneygo: the token first; the query string (external_id, wallets) never reaches a hook', async () => {
    const mock = mockMoneyGo();
    const { hooks, trail, responses } = recorder();
    const { walletFrom, ...credentials } = TEST_CREDENTIALS.moneygo;
    const moneygo = createMoneyGo({ ...credentials, hooks, fetch: mockFetch(mock) });
    const created = await moneygo.createPaymentLink(link('moneygo', 'order-h3'));
    await mock.pay(created.id);
    await moneygo.getPayment(created.id);
    await moneygo.checkWallet(walletFrom);
    expect(trail().map((t) => t.split(' ').slice(0, 3).join(' '))).toEqual([
      'POST token 200',
      'POST createPaymentLink 200',
      'GET getPayment 200',
      'GET checkWallet 200',
    ]);
    const urls = responses.map((r) => r.url).join(' ');
    expect(urls).not.toContain('?');
    expect(urls).not.toContain('order-h3');
    expect(urls).not.toContain(walletFrom);
  });

  it('paymob: the intention with the secret key; the token, then the inquiry', async () => {
    const mock = mockPaymob();
    const { hooks, trail } = recorder();
    const paymob = createPaymob({ ...TEST_CREDENTIALS.paymob, hooks, fetch: mockFetch(mock) });
    const created = await paymob.createPaymentLink(link('paymob', 'order-h4'));
    await mock.pay(created.id);
    await paymob.getPayment(created.id);
    await paymob.refund(created.id, 500);
    expect(trail()).toEqual([
      'POST createPaymentLink 201 /v1/intention/',
      'POST token 201 /api/auth/tokens',
      'POST getPayment 200 /api/ecommerce/orders/transaction_inquiry',
      'POST getPayment 200 /api/ecommerce/orders/transaction_inquiry',
      'POST refund 200 /api/acceptance/void_refund/refund',
    ]);
  });

  it('tap: a refund reads the charge (getPayment), then posts the refund', async () => {
    const mock = mockTap();
    const { hooks, trail } = recorder();
    const tap = createTap({ ...TEST_CREDENTIALS.tap, hooks, fetch: mockFetch(mock) });
    const created = await tap.createPaymentLink(link('tap', 'order-h5'));
    await mock.pay(created.id);
    await tap.getPayment(created.id);
    await tap.refund(created.id, 500);
    // The emulator serves no lists (404): the hook names the operation all the same.
    await expect(tap.iterateCharges().next()).rejects.toThrow(/404/);
    expect(trail()).toEqual([
      'POST createPaymentLink 200 /v2/charges',
      `GET getPayment 200 /v2/charges/${created.id}`,
      `GET getPayment 200 /v2/charges/${created.id}`,
      'POST refund 200 /v2/refunds',
      'POST iterateCharges 404 /v2/charges/list',
    ]);
  });
});
