/**
 * Tap: the `hashstring` header = hex HMAC-SHA256 (secret API key) over "x_id…x_amount…x_currency…
 * x_gateway_reference…x_payment_reference…x_status…x_created…", the amount rendered with the
 * currency's decimals (`1.0` SAR → `1.00`). The raw work: JSON.parse, that string, one
 * HMAC-SHA256, a constant-time compare. The body is a captured charge webhook (2.5 KB, `amount`
 * written `1.0` as Tap's servers write it); below that, parts the adapter never reads are dropped.
 * Padding goes to `metadata` (merchant data, not signed).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTap, signTapWebhook, TAP_CURRENCY_EXPONENTS } from 'paybridge/tap';
import { padToSize } from '../lib/bodies.ts';
import type { ProviderBench } from '../lib/types.ts';

type Json = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tap/${name}.json`, import.meta.url), 'utf8')) as Json;

const SECRET_KEY = 'sk_test_BenchPaybridgeTapKey0001';

/**
 * The captured charge as Tap sent it, or, when that is over `bytes` before padding, without what
 * only some charges carry (saved-card agreement, activity log, card, receipt, 3-D Secure and
 * gateway results, merchant).
 */
function charge(bytes: number): Json {
  const full = fixture('charge_captured_mada_sar_webhook.body');
  if (Buffer.byteLength(JSON.stringify(full)) <= bytes) return full;
  const lean = { ...full };
  for (const key of ['payment_agreement', 'activities', 'card', 'receipt', 'security', 'gateway', 'merchant'])
    delete lean[key];
  return lean;
}

/**
 * Tap's decimals per currency: the adapter's own table. Tap writes amounts with at most these
 * decimals, so `toFixed` of the parsed number is the exact text rendered with them.
 */
const DECIMALS: Readonly<Record<string, number>> = TAP_CURRENCY_EXPONENTS;

interface Charge {
  id?: string;
  amount?: unknown;
  currency?: string;
  status?: string;
  reference?: { gateway?: string; payment?: string };
  transaction?: { created?: string };
}

const bench: ProviderBench = {
  provider: 'tap',
  entry: 'paybridge/tap',
  async webhook(size) {
    // JSON.stringify writes 1.0 as 1: put back the text Tap sends (every "amount" of the fixture is 1.0).
    const text = padToSize(charge(size), size, ['metadata']).replaceAll('"amount":1,', '"amount":1.0,');
    const body = Buffer.from(text);
    const hashstring = await signTapWebhook(SECRET_KEY, text);
    const headers = { hashstring, 'content-type': 'application/json' };
    const tap = createTap({ secretKey: SECRET_KEY });
    const input = { body, headers };
    await tap.parseWebhook(input);
    const raw = () => {
      const b = JSON.parse(body.toString('utf8')) as Charge;
      const decimals = DECIMALS[b.currency ?? ''];
      if (typeof b.amount !== 'number' || decimals === undefined) throw new Error('amount');
      const message =
        `x_id${b.id}x_amount${b.amount.toFixed(decimals)}x_currency${b.currency}` +
        `x_gateway_reference${b.reference?.gateway ?? ''}x_payment_reference${b.reference?.payment ?? ''}` +
        `x_status${b.status}x_created${b.transaction?.created ?? ''}`;
      const expected = Buffer.from(createHmac('sha256', SECRET_KEY).update(message).digest('hex'));
      const received = Buffer.from(headers.hashstring);
      if (expected.length !== received.length || !timingSafeEqual(expected, received)) throw new Error('bad');
      return b;
    };
    raw(); // the written-out recipe must verify what the adapter's recipe signed
    return {
      bytes: body.byteLength,
      cold: { factory: 'createTap', settings: { secretKey: SECRET_KEY }, input: { body: text, headers } },
      parse: () => tap.parseWebhook(input),
      raw,
    };
  },
  async paymentLink(baseUrl) {
    const tap = createTap({ secretKey: SECRET_KEY, baseUrl, retry: false });
    // POST /charges answers the new charge: INITIATED, with the hosted page in transaction.url.
    const captured = fixture('charge_captured_mada_sar_webhook.body');
    const answer = {
      id: 'chg_TS02A5720231213Xm4k1710693',
      object: 'charge',
      live_mode: false,
      customer_initiated: true,
      api_version: 'V2',
      method: 'POST',
      status: 'INITIATED',
      amount: 10.5,
      currency: 'SAR',
      threeDSecure: true,
      card_threeDSecure: false,
      save_card: false,
      merchant_id: '',
      product: 'GOSELL',
      description: 'Order #1042',
      metadata: {},
      transaction: {
        timezone: 'UTC+03:00',
        created: '1698392202943',
        expiry: { period: 30, type: 'MINUTE' },
        asynchronous: false,
        amount: 10.5,
        currency: 'SAR',
        url: 'https://checkout.payments.tap.company/?mode=page&token=6537a5dae4b0e1d3b0e2b0c1',
      },
      reference: { transaction: 'order-1042', order: 'order-1042' },
      response: { code: '100', message: 'Initiated' },
      receipt: { email: true, sms: true },
      customer: { ...(captured['customer'] as Json), first_name: 'Test', email: 'payer@example.com' },
      merchant: captured['merchant'],
      source: { object: 'source', id: 'src_all' },
      redirect: { status: 'PENDING', url: 'https://shop.example/paid' },
      post: { status: 'PENDING', url: 'https://shop.example/webhooks/tap' },
      activities: [],
      auto_reversed: false,
    };
    return {
      respond: () => ({ status: 200, json: answer }),
      create: () =>
        tap.createPaymentLink({
          amount: 1_050,
          currency: 'SAR',
          reference: 'order-1042',
          description: 'Order #1042',
          successUrl: 'https://shop.example/paid',
          webhookUrl: 'https://shop.example/webhooks/tap',
          customer: { firstName: 'Test', email: 'payer@example.com' },
        }),
    };
  },
};

export default bench;
