/**
 * Paymob: the body is not signed. The callback URL carries `?hmac=` = hex HMAC-SHA512 (secret as
 * text) over 20 fields of `obj` concatenated in a fixed order (booleans `true`/`false`, null as
 * ''). The raw work: read `hmac` from the query, JSON.parse, that concatenation, one HMAC-SHA512,
 * a constant-time compare. The body is the docs' processed callback; it is ~5.4 KB, so smaller
 * sizes drop parts the adapter never reads (a transaction callback is never under ~1.1 KB), and
 * padding goes to `obj.payment_key_claims.extra` (the intention's extras: merchant data).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { computePaymobHmac, createPaymob, paymobTransactionMessage } from 'paybridge/paymob';
import { padToSize } from '../lib/bodies.ts';
import type { ProviderBench } from '../lib/types.ts';

type Json = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/paymob/${name}.json`, import.meta.url), 'utf8'),
  ) as Json;

const HMAC_SECRET = 'BENCHPAYMOBHMACSECRET0000000001';
const KEYS = {
  secretKey: 'egy_sk_test_bench0000000000000000',
  publicKey: 'egy_pk_test_bench0000000000000000',
  integrationIds: [4_097_558],
};
const CALLBACK_URL = 'https://shop.example/webhooks/paymob';

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const pick = (record: Json, keys: readonly string[]): Json =>
  Object.fromEntries(keys.filter((k) => Object.hasOwn(record, k)).map((k) => [k, record[k]]));

/**
 * The largest version of the docs' callback that fits `bytes` before padding: as documented; else
 * without the gateway's detail, the checkout's redirect URL and the order's merchant and shipping
 * records; else only the fields every transaction callback carries (the testing builder's shape).
 */
function callback(bytes: number): Json {
  const full = fixture('transaction_processed_callback_card_success');
  if (size(full) <= bytes) return full;
  const lean = structuredClone(full);
  const obj = lean['obj'] as Json;
  const order = obj['order'] as Json;
  const data = obj['data'] as Json;
  const claims = obj['payment_key_claims'] as Json;
  delete claims['redirect_url'];
  delete claims['billing_data'];
  delete data['migs_order'];
  delete data['migs_transaction'];
  delete order['merchant'];
  delete order['shipping_data'];
  if (size(lean) <= bytes) return lean;
  const core = structuredClone(lean);
  core['obj'] = pick(
    {
      ...obj,
      order: pick(order, [
        'id',
        'created_at',
        'delivery_needed',
        'amount_cents',
        'currency',
        'merchant_order_id',
        'paid_amount_cents',
        'items',
      ]),
      data: pick(data, ['message', 'txn_response_code']),
      payment_key_claims: pick(claims, ['extra', 'currency', 'amount_cents', 'order_id']),
    },
    [
      'id',
      'pending',
      'amount_cents',
      'success',
      'is_auth',
      'is_capture',
      'is_standalone_payment',
      'is_voided',
      'is_refunded',
      'is_3d_secure',
      'integration_id',
      'profile_id',
      'has_parent_transaction',
      'order',
      'created_at',
      'transaction_processed_callback_responses',
      'currency',
      'source_data',
      'api_source',
      'is_void',
      'is_refund',
      'data',
      'is_hidden',
      'payment_key_claims',
      'error_occured',
      'is_live',
      'refunded_amount_cents',
      'is_captured',
      'captured_amount',
      'owner',
      'parent_transaction',
    ],
  );
  return core;
}

/** A signed value as Paymob renders it: null or missing → '', booleans and numbers as text. */
const v = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

interface Transaction {
  amount_cents?: number;
  created_at?: string;
  currency?: string;
  error_occured?: boolean;
  has_parent_transaction?: boolean;
  id?: number;
  integration_id?: number;
  is_3d_secure?: boolean;
  is_auth?: boolean;
  is_capture?: boolean;
  is_refunded?: boolean;
  is_standalone_payment?: boolean;
  is_voided?: boolean;
  order?: { id?: number };
  owner?: number;
  pending?: boolean;
  source_data?: { pan?: string; sub_type?: string; type?: string };
  success?: boolean;
}

/** Paymob's transaction recipe, written out: the 20 fields in their documented order. */
const message = (o: Transaction) =>
  v(o.amount_cents) +
  v(o.created_at) +
  v(o.currency) +
  v(o.error_occured) +
  v(o.has_parent_transaction) +
  v(o.id) +
  v(o.integration_id) +
  v(o.is_3d_secure) +
  v(o.is_auth) +
  v(o.is_capture) +
  v(o.is_refunded) +
  v(o.is_standalone_payment) +
  v(o.is_voided) +
  v(o.order?.id) +
  v(o.owner) +
  v(o.pending) +
  v(o.source_data?.pan) +
  v(o.source_data?.sub_type) +
  v(o.source_data?.type) +
  v(o.success);

const bench: ProviderBench = {
  provider: 'paymob',
  entry: 'paybridge/paymob',
  async webhook(bytes) {
    const event = callback(bytes);
    const hmac = await computePaymobHmac(HMAC_SECRET, paymobTransactionMessage(event['obj'] as Json));
    const body = Buffer.from(padToSize(event, bytes, ['obj', 'payment_key_claims', 'extra']));
    const url = `${CALLBACK_URL}?hmac=${hmac}`;
    const paymob = createPaymob({ ...KEYS, webhookSecret: HMAC_SECRET });
    const input = { body, headers: { 'content-type': 'application/json' }, url };
    await paymob.parseWebhook(input);
    const raw = () => {
      const received = Buffer.from(new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('hmac') ?? '');
      const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown; obj?: Transaction };
      if (parsed.type !== 'TRANSACTION' || typeof parsed.obj !== 'object' || parsed.obj === null)
        throw new Error('shape');
      const expected = Buffer.from(
        createHmac('sha512', HMAC_SECRET).update(message(parsed.obj)).digest('hex'),
      );
      if (expected.length !== received.length || !timingSafeEqual(expected, received)) throw new Error('bad');
      return parsed;
    };
    raw(); // the written-out recipe must verify what the adapter's recipe signed
    return {
      bytes: body.byteLength,
      cold: {
        factory: 'createPaymob',
        settings: { webhookSecret: HMAC_SECRET },
        input: { body: body.toString('utf8'), headers: input.headers, url },
      },
      parse: () => paymob.parseWebhook(input),
      raw,
    };
  },
  async paymentLink(baseUrl) {
    const paymob = createPaymob({ ...KEYS, baseUrl, retry: false });
    // POST /v1/intention/ answers the intention (shaped as paybridge's Paymob simulator answers it).
    const answer = {
      id: 'pi_test_5b1f0c3e9a2d4f6b8c7e1a0d2f4b6c8e',
      client_secret: 'egy_csk_test_0c9a4e2b7d1f4a6c8e3b5d7f9a1c3e5b',
      intention_order_id: 217_503_754,
      payment_keys: [{ integration: 4_097_558, key: 'ZXlKaGJHY2lPaUpJVXpVeE1pSXN', gateway_type: 'MIGS' }],
      intention_detail: {
        amount: 100_000,
        currency: 'EGP',
        items: [],
        billing_data: { first_name: 'NA', last_name: 'NA', email: 'NA', phone_number: 'NA' },
      },
      payment_methods: [
        { integration_id: 4_097_558, name: null, method_type: 'card', currency: 'EGP', live: false },
      ],
      special_reference: 'order-1042',
      extras: { creation_extras: null, confirmation_extras: null },
      confirmed: false,
      status: 'intended',
      created: '2026-01-15T10:20:30.123456+02:00',
      object: 'paymentintention',
    };
    return {
      respond: () => ({ status: 201, json: answer }),
      create: () =>
        paymob.createPaymentLink({
          amount: 100_000,
          currency: 'EGP',
          reference: 'order-1042',
          successUrl: 'https://shop.example/paid',
          webhookUrl: 'https://shop.example/webhooks/paymob',
        }),
    };
  },
};

export default bench;
