// biome-ignore-all lint/suspicious/noExplicitAny: the tests read provider JSON by path
/**
 * The simulator at the wire level: plain fetch calls shaped like the providers' APIs, and a local
 * receiver for the webhooks it delivers.
 */

import { TEST_CREDENTIALS } from 'paybridge/testing';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signCheckout } from '../../src/providers/moneygo/signature';
import { computeV3Signature, parseSignatureHeader } from '../../src/providers/moneyhash/signature';
import { basicAuth, type Receiver, startReceiver } from './helpers';

let sim: Simulator;
let receiver: Receiver;

beforeAll(async () => {
  // Short, fixed retry schedules keep the retry tests quick without timing assertions.
  receiver = await startReceiver();
  sim = await startSimulator({
    moyasar: { webhookUrl: `${receiver.url}/moyasar-hook` },
    retryDelays: { moneyhash: [5, 5], moyasar: [5, 5, 5, 5, 5], moneygo: [5] },
  });
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.script.length = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const mh = TEST_CREDENTIALS.moneyhash;
const my = TEST_CREDENTIALS.moyasar;
const mg = TEST_CREDENTIALS.moneygo;

async function mhCreate(body: Record<string, unknown>, apiKey = mh.apiKey) {
  const res = await fetch(`${sim.baseUrls.moneyhash}/api/v1.1/payments/intent/`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

const mhIntent = (reference: string, extra: Record<string, unknown> = {}) => ({
  amount: '105.50',
  amount_currency: 'EGP',
  flow_id: mh.flowId,
  custom_fields: { reference },
  merchant_reference: reference,
  webhook_url: `${receiver.url}/mh`,
  ...extra,
});

describe('simulator: MoneyHash', () => {
  it('creates an intent in the success envelope and serves its hosted page', async () => {
    const { status, json } = await mhCreate(mhIntent('order-1'));
    expect(status).toBe(200);
    expect(json.status).toEqual({ code: 200, message: 'success', errors: [] });
    expect(json).toMatchObject({ count: null, next: null, previous: null });
    expect(json.data).toMatchObject({ status: 'UNPROCESSED', amount: 105.5, amount_currency: 'EGP' });
    expect(json.data.custom_fields).toEqual({ reference: 'order-1' });
    expect(json.data.embed_url).toBe(`${sim.url}/pay/moneyhash/${json.data.id}`);
    const page = await fetch(json.data.embed_url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('105.50 EGP');
    expect(html).toContain('id="pay"');
  });

  it('rejects a wrong API key and invalid bodies in the error envelope', async () => {
    const unauthorized = await mhCreate(mhIntent('x'), 'wrong');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json.status.code).toBe(401);
    const invalid = await mhCreate({ amount: '1.234', amount_currency: 'EGP' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.data).toEqual({});
    const fields = invalid.json.status.errors.flatMap((e: object) => Object.keys(e));
    expect(fields).toEqual(expect.arrayContaining(['amount', 'non_field_errors']));
  });

  it('pays: transaction.purchase.successful then intent.processed, signed v3, and the intent is PROCESSED', async () => {
    const { json } = await mhCreate(mhIntent('order-pay'));
    const deliveries = await sim.pay(json.data.id);
    expect(deliveries.map((d) => [d.type, d.state])).toEqual([
      ['transaction.purchase.successful', 'delivered'],
      ['intent.processed', 'delivered'],
    ]);
    const [first] = receiver.received;
    const header = parseSignatureHeader(String(first!.headers['moneyhash-signature']));
    expect(header?.signatures['v3']).toBe(await computeV3Signature(mh.webhookSecret, first!.body, header!.t));
    const body = JSON.parse(first!.body.toString());
    expect(body.intent.id).toBe(json.data.id);
    expect(body.intent.amount).toEqual({ value: 105.5, currency: 'EGP' });
    expect(body.transaction.merchant_reference).toBe('order-pay');
    const get = await fetch(`${sim.baseUrls.moneyhash}/api/v1.4/payments/intent/${json.data.id}/`, {
      headers: { 'x-api-key': mh.apiKey },
    });
    const intent = ((await get.json()) as any).data;
    expect(intent.status).toBe('PROCESSED');
    expect(intent.active_transaction.status).toBe('SUCCESSFUL');
    expect(intent.payment_status.status).toBe('CAPTURED');
  });

  it('declines (the intent stays open) and closes through the API (intent.closed)', async () => {
    const { json } = await mhCreate(mhIntent('order-decline'));
    const [declined] = await sim.decline(json.data.id);
    expect(declined!.type).toBe('transaction.purchase.failed');
    expect(sim.link(json.data.id)?.open).toBe(true);
    const close = await fetch(`${sim.baseUrls.moneyhash}/api/v1.4/payments/intent/${json.data.id}/close/`, {
      method: 'POST',
      headers: { 'x-api-key': mh.apiKey },
    });
    expect(close.status).toBe(200);
    expect(((await close.json()) as any).data.status).toBe('CLOSED');
    await sim.settled();
    const types = receiver.received.map((r) => JSON.parse(r.body.toString()).type);
    expect(types).toEqual(['transaction.purchase.failed', 'intent.closed']);
    await expect(sim.pay(json.data.id)).rejects.toThrow(/CLOSED/);
  });

  it('answers the webhook signature key call', async () => {
    const res = await fetch(`${sim.baseUrls.moneyhash}/api/v1/organizations/get-webhook-signature-key/`, {
      headers: { 'x-api-key': mh.apiKey },
    });
    expect(((await res.json()) as any).data.webhook_signature_secret).toBe(mh.webhookSecret);
  });

  it('retries a refused delivery on its schedule and records every attempt', async () => {
    const { json } = await mhCreate(mhIntent('order-retry'));
    receiver.script.push(500, 503);
    await sim.cancel(json.data.id);
    await sim.settled();
    const delivery = sim.deliveries.at(-1)!;
    expect(delivery.type).toBe('intent.closed');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(delivery.state).toBe('delivered');
    // Every attempt carries the same bytes and signature.
    expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
  });

  it('gives up after the last retry', async () => {
    const { json } = await mhCreate(mhIntent('order-giveup'));
    receiver.script.push(500, 500, 500);
    await sim.expire(json.data.id);
    await sim.settled();
    const delivery = sim.deliveries.at(-1)!;
    expect(delivery.type).toBe('intent.time_expired');
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.state).toBe('failed');
  });
});

describe('simulator: Moyasar', () => {
  const invoice = (reference: string, extra: Record<string, unknown> = {}) => ({
    amount: 10_500,
    currency: 'SAR',
    description: 'Order <1042> & co',
    callback_url: `${receiver.url}/moyasar`,
    success_url: 'https://shop.example/paid',
    metadata: { paybridge_reference: reference },
    ...extra,
  });
  const post = (path: string, body: unknown, key = my.secretKey) =>
    fetch(`${sim.baseUrls.moyasar}${path}`, {
      method: 'POST',
      headers: { authorization: basicAuth(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (path: string) =>
    fetch(`${sim.baseUrls.moyasar}${path}`, { headers: { authorization: basicAuth(my.secretKey) } });

  it('creates an invoice (201) and escapes its description on the hosted page', async () => {
    const res = await post('/invoices', invoice('m-1'));
    expect(res.status).toBe(201);
    const inv = (await res.json()) as any;
    expect(inv).toMatchObject({ status: 'initiated', amount: 10_500, currency: 'SAR', payments: [] });
    expect(inv.amount_format).toBe('105.00 SAR');
    const html = await (await fetch(inv.url)).text();
    expect(html).toContain('Order &lt;1042&gt; &amp; co');
    expect(html).not.toContain('<1042>');
  });

  it('answers errors as {type, message, errors}', async () => {
    const unauthorized = await post('/invoices', invoice('m-2'), 'sk_test_wrong');
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ type: 'authentication_error' });
    const invalid = await post('/invoices', { amount: 50, currency: 'SAR' });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as any;
    expect(body.type).toBe('invalid_request_error');
    expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(['amount', 'description']));
    expect((await get('/invoices/nope')).status).toBe(404);
  });

  it('pays: payment_paid with secret_token to the account webhook, the bare invoice to callback_url', async () => {
    const inv = (await (await post('/invoices', invoice('m-pay'))).json()) as any;
    const [delivery, callback] = await sim.pay(inv.id);
    expect(delivery).toMatchObject({
      type: 'payment_paid',
      state: 'delivered',
      url: `${receiver.url}/moyasar-hook`,
    });
    expect(callback).toMatchObject({
      type: 'invoice_callback',
      state: 'delivered',
      url: `${receiver.url}/moyasar`,
    });
    expect(receiver.received.map((r) => r.path)).toEqual(['/moyasar-hook', '/moyasar']);
    const posted = JSON.parse(receiver.received[1]!.body.toString());
    expect(posted).toMatchObject({ id: inv.id, status: 'paid' });
    expect(posted).not.toHaveProperty('secret_token');
    const event = JSON.parse(receiver.received[0]!.body.toString());
    expect(event).toMatchObject({ type: 'payment_paid', secret_token: my.webhookSecret, live: false });
    expect(event.data).toMatchObject({ status: 'paid', amount: 10_500, invoice_id: inv.id });
    expect(event.data.metadata.paybridge_reference).toBe('m-pay');
    const fetched = (await (await get(`/invoices/${inv.id}`)).json()) as any;
    expect(fetched.status).toBe('paid');
    expect(fetched.payments[0].id).toBe(event.data.id);
    const payment = (await (await get(`/payments/${event.data.id}`)).json()) as any;
    expect(payment.status).toBe('paid');
  });

  it('declines (payment_failed, invoice stays open), cancels via PUT (no webhook), lists by metadata', async () => {
    const inv = (await (await post('/invoices', invoice('m-decline'))).json()) as any;
    const [failed] = await sim.decline(inv.id, { message: 'Insufficient Funds' });
    expect(failed!.type).toBe('payment_failed');
    expect(JSON.parse(failed!.body).data.source.message).toBe('Insufficient Funds');
    expect(sim.link(inv.id)?.providerStatus).toBe('initiated');
    const cancel = await fetch(`${sim.baseUrls.moyasar}/invoices/${inv.id}/cancel`, {
      method: 'PUT',
      headers: { authorization: basicAuth(my.secretKey) },
    });
    expect(((await cancel.json()) as any).status).toBe('canceled');
    const listed = (await (
      await get('/invoices?metadata[paybridge_reference]=m-decline&page=1')
    ).json()) as any;
    expect(listed.invoices.map((i: any) => i.id)).toEqual([inv.id]);
    expect(listed.meta).toMatchObject({ current_page: 1, next_page: null, total_count: 1 });
    await sim.settled();
    expect(receiver.received).toHaveLength(1);
  });

  it('refunds in part then in full, sending payment_refunded each time', async () => {
    const inv = (await (await post('/invoices', invoice('m-refund'))).json()) as any;
    const [paid] = await sim.pay(inv.id);
    const paymentId = JSON.parse(paid!.body).data.id;
    const partial = (await (await post(`/payments/${paymentId}/refund`, { amount: 500 })).json()) as any;
    expect(partial).toMatchObject({ status: 'paid', refunded: 500 });
    const full = (await (await post(`/payments/${paymentId}/refund`, {})).json()) as any;
    expect(full).toMatchObject({ status: 'refunded', refunded: 10_500 });
    await sim.settled();
    expect(receiver.received.map((r) => JSON.parse(r.body.toString()).type)).toEqual([
      'payment_paid',
      undefined, // the invoice callback: a bare invoice, no type
      'payment_refunded',
      'payment_refunded',
    ]);
  });

  it('creates invoices in bulk', async () => {
    const res = await post('/invoices/bulk', { invoices: [invoice('b-1'), invoice('b-2')] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).invoices).toHaveLength(2);
  });

  it('fails on demand: an HTTP error in Moyasar shape, then a dropped connection', async () => {
    sim.failNext('moyasar', { operation: 'get', status: 503, message: 'maintenance' });
    const failed = await get('/invoices');
    expect(failed.status).toBe(200); // a list is not a `get`
    const inv = (await (await post('/invoices', invoice('m-fail'))).json()) as any;
    const res = await get(`/invoices/${inv.id}`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ type: 'api_error', message: 'maintenance', errors: null });
    sim.failNext('moyasar', { network: true });
    await expect(get(`/invoices/${inv.id}`)).rejects.toThrow();
    expect((await get(`/invoices/${inv.id}`)).status).toBe(200);
  });
});

describe('simulator: Money-Go', () => {
  async function token() {
    const res = await fetch(`${sim.baseUrls.moneygo}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: mg.clientId,
        client_secret: mg.clientSecret,
        scope: 'api',
      }),
    });
    return ((await res.json()) as any).access_token as string;
  }
  async function checkout(id: string, extra: Record<string, unknown> = {}, bearer?: string) {
    const fields = { walletTo: mg.walletTo, walletFrom: mg.walletFrom, amount: '10.5', id };
    const body = {
      wallet_to: fields.walletTo,
      wallet_from: fields.walletFrom,
      amount: fields.amount,
      id,
      signature: await signCheckout(fields, mg.formSecret),
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/cancel',
      status_url: `${receiver.url}/moneygo`,
      user_info: 'user-1',
      ...extra,
    };
    const res = await fetch(`${sim.baseUrls.moneygo}/api/processing/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer ?? (await token())}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  it('issues tokens only for the right client credentials', async () => {
    const bad = await fetch(`${sim.baseUrls.moneygo}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
    });
    expect(bad.status).toBe(401);
    expect(await token()).toMatch(/^sim_/);
  });

  it('creates a checkout, with a URL and expired_at in YYYY-MM-DD HH:MM:SS', async () => {
    const { status, json } = await checkout('mg-1');
    expect(status).toBe(200);
    expect(json.status).toBe(true);
    expect(json.data.url).toBe(`${sim.url}/pay/moneygo/mg-1`);
    expect(json.data.expired_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('checks the signature, the order id, wallets and the token', async () => {
    expect((await checkout('mg-2', { signature: 'f'.repeat(64) })).json.message).toBe(
      'Signature not identical',
    );
    expect((await checkout('mg-3', { amount: '11' })).json.message).toBe('Signature not identical');
    await checkout('mg-4');
    const reused = await checkout('mg-4');
    expect(reused.status).toBe(422);
    expect(reused.json.message).toBe('Order id is not unique');
    expect((await checkout('mg-5', { wallet_to: 'X1' })).json.message).toBe('Wallet to not exists');
    expect((await checkout('mg-6', {}, 'not-a-token')).status).toBe(401);
    const wallet = await fetch(
      `${sim.baseUrls.moneygo}/api/wallet-exists?number_to=${mg.walletTo}&number_from=E55`,
      {
        headers: { authorization: `Bearer ${await token()}` },
      },
    );
    expect(((await wallet.json()) as any).data.currency.code).toBe('USD');
  });

  it.each([
    ['pay', 'SUCCESS', 'SUCCESS', false],
    ['decline', 'FAIL', 'FAIL', false],
    ['cancel', 'CANCEL', 'FAIL', true],
  ] as const)(
    '%s: the webhook echoes the checkout signature; transaction/show agrees',
    async (action, hook, show, cancel) => {
      const id = `mg-${action}`;
      await checkout(id);
      const [delivery] = await sim[action](id);
      expect(delivery!.state).toBe('delivered');
      const body = JSON.parse(receiver.received[0]!.body.toString());
      expect(body).toMatchObject({
        payment_id: id,
        status: hook,
        cancel,
        amount: 10.5,
        wallet_to: mg.walletTo,
        currency_to: 'USD',
      });
      expect(body.signature).toBe(
        await signCheckout(
          { walletTo: mg.walletTo, walletFrom: mg.walletFrom, amount: '10.5', id },
          mg.formSecret,
        ),
      );
      const res = await fetch(`${sim.baseUrls.moneygo}/api/transaction/show?external_id=${id}`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      const data = ((await res.json()) as any).data;
      expect(data).toMatchObject({
        external_id: id,
        amount: '10.50',
        status: show,
        currency: { code: 'USD' },
      });
      expect(data.processing_pay).toMatchObject({ payment_id: id, status: hook, cancel });
    },
  );
});

describe('simulator: hosted page and lifecycle', () => {
  it('the Pay button posts the action and redirects to the success URL', async () => {
    const res = await fetch(`${sim.baseUrls.moyasar}/invoices`, {
      method: 'POST',
      headers: { authorization: basicAuth(my.secretKey), 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 1_500,
        currency: 'KWD',
        description: 'Fils',
        success_url: 'https://shop.example/paid',
      }),
    });
    const inv = (await res.json()) as any;
    expect(await (await fetch(inv.url)).text()).toContain('1.500 KWD');
    const click = await fetch(`${inv.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(click.status).toBe(303);
    expect(click.headers.get('location')).toBe('https://shop.example/paid');
    expect(sim.link(inv.id)?.providerStatus).toBe('paid');
    // No callback URL: only the envelope, to the account webhook.
    expect(sim.deliveries.at(-1)).toMatchObject({ type: 'payment_paid', state: 'delivered' });
    const again = await fetch(`${inv.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(409);
  });

  it('listens on loopback, lists links, and closes without leaving pending deliveries', async () => {
    // Port 9 (discard) on loopback: nothing listens, so the delivery fails and a retry is scheduled.
    const other = await startSimulator({
      moyasar: { webhookUrl: 'http://127.0.0.1:9/hook' },
      retryDelays: { moyasar: [60_000] },
    });
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${other.baseUrls.moyasar}/invoices`, {
      method: 'POST',
      headers: { authorization: basicAuth(my.secretKey), 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1_000, currency: 'SAR', description: 'x' }),
    });
    const inv = (await res.json()) as any;
    expect((await (await fetch(`${other.url}/_simulator/links`)).json()) as any[]).toHaveLength(1);
    const [delivery] = await other.pay(inv.id);
    expect(delivery!.state).toBe('pending');
    expect(delivery!.attempts[0]!.error).toBeTruthy();
    await other.close();
    expect(delivery!.state).toBe('stopped');
    await other.settled();
    await expect(fetch(other.url)).rejects.toThrow();
  });

  it('a disabled provider answers 404', async () => {
    const only = await startSimulator({ providers: ['moyasar'] });
    try {
      expect(
        (await fetch(`${only.baseUrls.moneyhash}/api/v1.1/payments/intent/`, { method: 'POST' })).status,
      ).toBe(404);
    } finally {
      await only.close();
    }
  });
});
