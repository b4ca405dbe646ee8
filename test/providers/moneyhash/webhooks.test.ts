import fc from 'fast-check';
import { PaybridgeError, WebhookParseError, WebhookVerificationError } from 'paybridge';
import {
  createMoneyHash,
  MONEYHASH_SIGNATURE_HEADER,
  type MoneyHashWebhookEvent,
  signMoneyHashWebhook,
} from 'paybridge/moneyhash';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeV3Signature, parseSignatureHeader } from '../../../src/providers/moneyhash/signature';
import { verifyMoneyHashSignature } from '../../../src/providers/moneyhash/webhooks';
import { fixture, fixtureText, NOW, SECRET, signedHeaders, T, v3 } from './helpers';

const mh = createMoneyHash({ webhookSecret: SECRET });

async function parse(
  body: string | Uint8Array,
  headers = signedHeaders(body),
): Promise<MoneyHashWebhookEvent> {
  return mh.parseWebhook({ body, headers }, { now: NOW });
}

async function parseObject(value: unknown): Promise<MoneyHashWebhookEvent> {
  return parse(JSON.stringify(value));
}

async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(PaybridgeError.isInstance(error)).toBe(true);
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('every sample of the seed', () => {
  it('intent.processed → payment, succeeded', async () => {
    const event = await parse(fixtureText('seed.intent.processed'));
    expect(event).toMatchObject({
      kind: 'payment',
      provider: 'moneyhash',
      type: 'intent.processed',
      status: 'succeeded',
      providerStatus: 'PROCESSED',
      intentStatus: 'PROCESSED',
      paymentId: 'gQlovBL',
      amount: 5000,
      currency: 'USD',
      transactionId: 'c5a09deb-5f7c-499f-85b7-143218591dbc',
      live: false,
      apiVersion: '1.1',
    });
    expect(event.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    if (event.kind !== 'payment') throw new Error('kind');
    expect(event.reference).toBeUndefined();
    expect(event.operation).toBeUndefined();
    expect(event.raw).toEqual(fixture('seed.intent.processed'));
  });

  it('transaction.purchase.successful → payment, succeeded, purchase succeeded', async () => {
    const event = await parse(fixtureText('seed.transaction.purchase.successful'));
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'transaction.purchase.successful',
      status: 'succeeded',
      providerStatus: 'purchase.successful',
      paymentId: 'ZvwG5Y9',
      amount: 5000,
      currency: 'USD',
      transactionId: 'ff21dfa2-48c3-4f1b-a1bb-f7d3597f1ef3',
      operation: 'purchase',
      operationOutcome: 'succeeded',
      operationId: 'gXoANML',
      operationAmount: 5000,
      capturedAmount: 5000,
      refundedAmount: 0,
    });
    if (event.kind !== 'payment') throw new Error('kind');
    expect(event.createdAt?.toISOString()).toBe('2022-12-08T13:51:01.949Z');
  });

  it('card_token.updated → card_token', async () => {
    const event = await parse(fixtureText('seed.card_token.updated'));
    expect(event).toMatchObject({
      kind: 'card_token',
      type: 'card_token.updated',
      action: 'updated',
      tokenId: 'b1cbd010-78fc-4bac-ac55-880149907c99',
      intentId: '98B8jMg',
      brand: 'MasterCard',
      last4: '2346',
    });
  });

  it('customer.created → customer', async () => {
    const event = await parse(fixtureText('seed.customer.created'));
    expect(event).toMatchObject({
      kind: 'customer',
      action: 'created',
      customerId: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      live: false,
    });
  });

  it('account.method.active → payment_method', async () => {
    const event = await parse(fixtureText('seed.account.method.active'));
    expect(event).toMatchObject({
      kind: 'payment_method',
      type: 'account.method.active',
      method: 'NETWORK_INTERNATIONAL.PayIn.CARD',
      active: true,
      methodId: 'A9eqX9m',
      accountId: '1Zv0zLB',
      serviceProvider: 'NETWORK_INTERNATIONAL',
    });
  });

  it('subscription → subscription with current_status', async () => {
    const event = await parse(fixtureText('seed.subscription'));
    expect(event).toMatchObject({
      kind: 'subscription',
      type: 'subscription',
      subscriptionId: 'Yz98Bgy',
      subscriptionStatus: 'INCOMPLETE',
      live: false,
    });
    expect(event.createdAt?.toISOString()).toBe('2023-01-16T14:24:53.824Z');
  });

  it('historical transaction (no type) → payment with type ""', async () => {
    const event = await parse(fixtureText('seed.historical-transaction'));
    expect(event).toMatchObject({
      kind: 'payment',
      type: '',
      paymentId: '2L3RE9m',
      status: 'succeeded',
      providerStatus: 'SUCCESSFUL',
      message: 'This Transaction history intent has been processed successfully',
    });
  });

  it('transaction.disburse.successful → payout, succeeded', async () => {
    const event = await parse(fixtureText('seed.payout.transaction.disburse.successful'));
    expect(event).toMatchObject({
      kind: 'payout',
      type: 'transaction.disburse.successful',
      status: 'succeeded',
      providerStatus: 'disburse.successful',
      paymentId: '9eQVWzj',
      amount: 5000,
      currency: 'EGP',
      transactionId: '7ec43ca6-96ca-45b6-82ef-b6d2c1777c21',
      operation: 'disburse',
      operationOutcome: 'succeeded',
      operationId: 'LYp5ek0',
      operationAmount: 5000,
      message: 'Successful',
      apiVersion: '1.4',
    });
    expect(event.createdAt?.toISOString()).toBe('2026-05-22T08:14:37.081Z');
  });

  it('payout.bulk.active → bulk_payout', async () => {
    const event = await parse(fixtureText('seed.payout.bulk.active'));
    expect(event).toMatchObject({ kind: 'bulk_payout', bulkId: 'wgjJ3wg', bulkStatus: 'ACTIVE' });
    if (event.kind !== 'bulk_payout') throw new Error('kind');
    expect(event.itemId).toBeUndefined();
  });

  it('payout.item.validation_failed → bulk_payout item', async () => {
    const event = await parse(fixtureText('seed.payout.item.validation_failed'));
    expect(event).toMatchObject({
      kind: 'bulk_payout',
      type: 'payout.item.validation_failed',
      bulkId: 'wgjJ3wg',
      itemId: 'jgxdwag',
      bulkStatus: 'VALIDATION_FAILED',
      merchantReference: '1234567890',
    });
    if (event.kind !== 'bulk_payout') throw new Error('kind');
    expect(event.linkedIntentId).toBeUndefined();
  });

  it('payout.item.intent_created → bulk_payout item with the linked payout intent', async () => {
    const event = await parse(fixtureText('seed.payout.item.intent_created'));
    expect(event).toMatchObject({
      kind: 'bulk_payout',
      bulkId: 'jZBnOWZ',
      itemId: 'L2WVlAg',
      bulkStatus: 'INTENT_CREATED',
      linkedIntentId: 'ZdbvNvX',
    });
  });

  it('the id is a digest of the body: the same body twice gives the same id, another body another', async () => {
    const body = fixtureText('seed.intent.processed');
    const a = await parse(body, signedHeaders(body, T));
    const b = await parse(body, signedHeaders(body, T + 60));
    const c = await parse(`${body}\n`);
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });
});

// ---- every operation × status of the seed's table, built from the seed's transaction sample ----

type Json = Record<string, unknown> & {
  intent: Record<string, unknown>;
  transaction: Record<string, unknown> & { operations: Array<Record<string, unknown>> };
};

function transactionBody(
  operation: string,
  status: string,
  options: { payout?: boolean; operations?: Array<Record<string, unknown>>; paymentStatus?: unknown } = {},
): Json {
  const body = fixture<Json>(
    options.payout ? 'seed.payout.transaction.disburse.successful' : 'seed.transaction.purchase.successful',
  );
  body['type'] = `transaction.${operation}.${status}`;
  body.transaction['status'] = `${operation}.${status}`;
  const op = { ...body.transaction.operations[0], type: operation, status };
  body.transaction.operations = options.operations ?? [op];
  delete body['operation_id'];
  if (options.paymentStatus !== undefined) body.intent['payment_status'] = options.paymentStatus;
  return body;
}

describe('transaction webhooks: every operation and status', () => {
  const cases: Array<[string, string, string, string]> = [
    ['purchase', 'pending', 'pending', 'pending'],
    ['purchase', 'pending_authentication', 'requires_action', 'requires_action'],
    ['purchase', 'pending_external_action', 'requires_action', 'requires_action'],
    ['purchase', 'pending_online_external_action', 'requires_action', 'requires_action'],
    ['purchase', 'successful', 'succeeded', 'succeeded'],
    ['purchase', 'failed', 'failed', 'failed'],
    ['increase_purchase', 'successful', 'succeeded', 'succeeded'],
    ['authorize', 'pending', 'pending', 'pending'],
    ['authorize', 'pending_authentication', 'requires_action', 'requires_action'],
    ['authorize', 'successful', 'authorized', 'succeeded'],
    ['authorize', 'failed', 'failed', 'failed'],
    ['capture', 'pending', 'authorized', 'pending'],
    ['capture', 'successful', 'succeeded', 'succeeded'],
    ['capture', 'failed', 'authorized', 'failed'],
    ['void', 'pending', 'authorized', 'pending'],
    ['void', 'successful', 'canceled', 'succeeded'],
    ['void', 'failed', 'authorized', 'failed'],
    ['refund', 'pending', 'succeeded', 'pending'],
    ['refund', 'failed', 'succeeded', 'failed'],
  ];
  it.each(cases)('transaction.%s.%s → %s (operation %s)', async (operation, status, unified, outcome) => {
    const event = await parseObject(transactionBody(operation, status));
    expect(event).toMatchObject({
      kind: 'payment',
      status: unified,
      operation,
      operationOutcome: outcome,
      paymentId: 'ZvwG5Y9',
      amount: 5000,
    });
  });

  const payouts: Array<[string, string, string, string]> = [
    ['disburse', 'pending_approval', 'pending', 'pending'],
    ['disburse', 'successful', 'succeeded', 'succeeded'],
    ['disburse', 'failed', 'failed', 'failed'],
    ['void', 'successful', 'canceled', 'succeeded'],
    ['void', 'failed', 'pending', 'failed'],
  ];
  it.each(payouts)(
    'payout transaction.%s.%s → payout %s (operation %s)',
    async (operation, status, unified, outcome) => {
      const event = await parseObject(transactionBody(operation, status, { payout: true }));
      expect(event).toMatchObject({
        kind: 'payout',
        status: unified,
        operation,
        operationOutcome: outcome,
        paymentId: '9eQVWzj',
        amount: 5000,
        currency: 'EGP',
      });
    },
  );

  it('an unknown status of a known operation is pending, not a throw', async () => {
    const event = await parseObject(transactionBody('purchase', 'something_new'));
    expect(event).toMatchObject({ kind: 'payment', status: 'pending', operationOutcome: 'pending' });
  });
});

describe('refunds: partial or full from the balances', () => {
  const purchase = {
    id: 'op1',
    type: 'purchase',
    status: 'successful',
    amount: { value: 50, currency: 'USD' },
  };
  const refundOp = (id: string, value: unknown) => ({
    id,
    type: 'refund',
    status: 'successful',
    amount: { value },
  });

  it('from the operations: a 20.00 refund of a 50.00 purchase is partial', async () => {
    const body = transactionBody('refund', 'successful', {
      operations: [purchase, refundOp('op2', '20.00')],
    });
    const event = await parseObject(body);
    expect(event).toMatchObject({
      status: 'partially_refunded',
      operationOutcome: 'succeeded',
      operationId: 'op2',
      operationAmount: 2000,
      capturedAmount: 5000,
      refundedAmount: 2000,
    });
  });

  it('from the operations: two refunds that add up to the purchase are full', async () => {
    const body = transactionBody('refund', 'successful', {
      operations: [purchase, refundOp('op2', 20), refundOp('op3', '30.00')],
    });
    expect(await parseObject(body)).toMatchObject({
      status: 'refunded',
      refundedAmount: 5000,
      operationId: 'op3',
    });
  });

  it('from payment_status balances as decimal strings', async () => {
    const body = transactionBody('refund', 'successful', {
      paymentStatus: { status: 'CAPTURED', balances: { total_captured: '50.00', total_refunded: '12.34' } },
    });
    expect(await parseObject(body)).toMatchObject({
      status: 'partially_refunded',
      paymentStatus: 'CAPTURED',
      capturedAmount: 5000,
      refundedAmount: 1234,
    });
  });

  it('from payment_status balances as numbers, full', async () => {
    const body = transactionBody('refund', 'successful', {
      paymentStatus: { status: 'CAPTURED', balances: { total_captured: 50, total_refunded: 50 } },
    });
    expect(await parseObject(body)).toMatchObject({ status: 'refunded' });
  });

  it('a failed second refund after a partial one leaves the payment partially refunded', async () => {
    const failed = { id: 'op3', type: 'refund', status: 'failed', amount: { value: 30 } };
    const body = transactionBody('refund', 'failed', { operations: [purchase, refundOp('op2', 20), failed] });
    expect(await parseObject(body)).toMatchObject({
      status: 'partially_refunded',
      operationOutcome: 'failed',
      operationId: 'op3',
    });
  });

  it('a successful refund whose amounts cannot be read is reported as refunded (no claim that money was kept)', async () => {
    const body = transactionBody('refund', 'successful', { operations: [] });
    delete body.intent['amount'];
    expect(await parseObject(body)).toMatchObject({ status: 'refunded' });
  });
});

describe('intent webhooks', () => {
  function intentBody(type: string, change: (intent: Record<string, unknown>) => void) {
    const body = fixture<{ type: string; data: { intent: Record<string, unknown> } }>(
      'seed.intent.processed',
    );
    body.type = type;
    change(body.data.intent);
    return body;
  }

  it('intent.time_expired → expired', async () => {
    const body = intentBody('intent.time_expired', (i) => {
      i['status'] = 'TIME_EXPIRED';
      i['active_transaction'] = null;
    });
    expect(await parseObject(body)).toMatchObject({
      kind: 'payment',
      status: 'expired',
      paymentId: 'gQlovBL',
    });
  });

  it('intent.closed → canceled', async () => {
    const body = intentBody('intent.closed', (i) => {
      i['status'] = 'CLOSED';
    });
    expect(await parseObject(body)).toMatchObject({ status: 'canceled', providerStatus: 'CLOSED' });
  });

  it('payment_status AUTHORIZED wins over a successful transaction: authorized', async () => {
    const body = intentBody('intent.processed', (i) => {
      i['payment_status'] = { status: 'AUTHORIZED', balances: { total_authorized: '50.00' } };
    });
    expect(await parseObject(body)).toMatchObject({ status: 'authorized', paymentStatus: 'AUTHORIZED' });
  });

  it('CAPTURED with part refunded → partially_refunded; the reference comes from custom_fields', async () => {
    const body = intentBody('intent.processed', (i) => {
      i['custom_fields'] = { reference: 'order-1042', channel: 'web' };
      i['payment_status'] = { status: 'CAPTURED', balances: { total_captured: '50.00', total_refunded: 10 } };
    });
    expect(await parseObject(body)).toMatchObject({
      status: 'partially_refunded',
      reference: 'order-1042',
      capturedAmount: 5000,
      refundedAmount: 1000,
    });
  });

  it('the reference falls back to merchant_reference', async () => {
    const body = intentBody('intent.processed', (i) => {
      i['merchant_reference'] = 'order-7';
    });
    expect(await parseObject(body)).toMatchObject({ reference: 'order-7' });
  });

  it('intent_type PAYOUT → kind payout', async () => {
    const body = { ...intentBody('intent.processed', () => {}), intent_type: 'PAYOUT' };
    expect(await parseObject(body)).toMatchObject({ kind: 'payout', status: 'succeeded' });
  });

  it('a historical transaction that failed → failed', async () => {
    expect(await parseObject({ intent: 'abc', status: 'FAILED', message: 'no' })).toMatchObject({
      kind: 'payment',
      type: '',
      status: 'failed',
    });
  });
});

describe('unknown and malformed bodies', () => {
  it.each([
    ['transaction.chargeback.created', { type: 'transaction.chargeback.created', intent: { id: 'x' } }],
    ['a brand-new family', { type: 'wallet.topped_up', data: {} }],
    ['card_token with an unknown action', { type: 'card_token.frozen', data: {} }],
  ])('%s → unknown, never a throw', async (_name, body) => {
    const event = await parseObject(body);
    expect(event).toMatchObject({ kind: 'unknown', type: body.type, raw: body });
  });

  it('a body without a string type that is no historical transaction → unknown with type ""', async () => {
    expect(await parseObject({ type: 42 })).toMatchObject({ kind: 'unknown', type: '' });
    expect(await parseObject({ hello: 'world' })).toMatchObject({ kind: 'unknown', type: '' });
  });

  it('a known family with an unreadable shape → WebhookParseError invalid_shape', async () => {
    const error = await rejection(parseObject({ type: 'intent.processed', data: { intent: { id: 5 } } }));
    expect(error).toBeInstanceOf(WebhookParseError);
    expect(error.code).toBe('invalid_shape');
  });

  it('an amount in another currency than the intent → invalid_shape', async () => {
    const body = fixture<{
      type: string;
      intent: { amount: Record<string, unknown>; amount_currency?: string };
    }>('seed.transaction.purchase.successful');
    body.intent.amount_currency = 'USD';
    body.intent.amount = { value: 50, currency: 'EUR' };
    const error = await rejection(parseObject(body));
    expect(error.code).toBe('invalid_shape');
  });

  it('a correctly signed body that is not JSON → WebhookParseError not_json', async () => {
    const error = await rejection(parse('not json at all'));
    expect(error).toBeInstanceOf(WebhookParseError);
    expect(error.code).toBe('not_json');
  });

  it('a correctly signed body that is JSON but not an object → invalid_shape (the Lago vector body)', async () => {
    const error = await rejection(parse('"webhook_payload"'));
    expect(error.code).toBe('invalid_shape');
  });
});

describe('signature verification', () => {
  const body = fixtureText('seed.transaction.purchase.successful');

  it('Lago test vector', async () => {
    expect(await computeV3Signature('test_signature_key', '"webhook_payload"', 1743090080)).toBe(
      'ca13480c8142f2f2b44822c764909027974e84b3e8c94457a314f129d8d60148',
    );
    const lago = createMoneyHash({ webhookSecret: 'test_signature_key' });
    const headers = {
      'MoneyHash-Signature':
        't=1743090080,v3=ca13480c8142f2f2b44822c764909027974e84b3e8c94457a314f129d8d60148',
    };
    // Verification passes (the body is then refused as not being a JSON object, after verification).
    const error = await rejection(
      lago.parseWebhook({ body: '"webhook_payload"', headers }, { now: new Date(1743090080_000) }),
    );
    expect(error).toBeInstanceOf(WebhookParseError);
  });

  it.each([
    ['lower case', 'moneyhash-signature'],
    ['as documented', 'MoneyHash-Signature'],
    ['upper case', 'MONEYHASH-SIGNATURE'],
  ])('reads the header in any casing (%s)', async (_name, name) => {
    const value = signedHeaders(body)['moneyhash-signature']!;
    const event = await mh.parseWebhook({ body, headers: { [name]: value } }, { now: NOW });
    expect(event.kind).toBe('payment');
  });

  it('accepts a Headers object, a Uint8Array and an ArrayBuffer body', async () => {
    const bytes = new TextEncoder().encode(body);
    const headers = new Headers(signedHeaders(body));
    expect((await mh.parseWebhook({ body: bytes, headers }, { now: NOW })).kind).toBe('payment');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect((await mh.parseWebhook({ body: buffer, headers }, { now: NOW })).kind).toBe('payment');
  });

  it('accepts an upper-case hex v3 and ignores v1/v2', async () => {
    const header = `t=${T}, v1=zz, v3=${v3(SECRET, body, T).toUpperCase()}`;
    expect((await parse(body, { 'moneyhash-signature': header })).kind).toBe('payment');
  });

  it('tampered body → bad_signature', async () => {
    const headers = signedHeaders(body);
    const error = await rejection(parse(body.replace('"value": 50', '"value": 5'), headers));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('wrong secret → bad_signature, and the message does not contain the secret', async () => {
    const error = await rejection(parse(body, signedHeaders(body, T, 'another_secret_value')));
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
    expect(JSON.stringify(error.toJSON())).not.toContain(SECRET);
    expect(error.message).toContain('raw request body');
  });

  it('missing header → missing_signature', async () => {
    const error = await rejection(mh.parseWebhook({ body }, { now: NOW }));
    expect((error as WebhookVerificationError).reason).toBe('missing_signature');
    const empty = await rejection(parse(body, { 'moneyhash-signature': '  ' }));
    expect((empty as WebhookVerificationError).reason).toBe('missing_signature');
  });

  it.each([
    ['garbage', 'garbage'],
    ['no t', `v3=${'a'.repeat(64)}`],
    ['non-numeric t', `t=soon,v3=${'a'.repeat(64)}`],
    ['no v3', `t=${T},v1=${'a'.repeat(64)}`],
    ['non-hex v3', `t=${T},v3=${'g'.repeat(64)}`],
    ['short v3', `t=${T},v3=abc123`],
  ])('malformed header (%s) → malformed_signature', async (_name, header) => {
    const error = await rejection(parse(body, { 'moneyhash-signature': header }));
    expect((error as WebhookVerificationError).reason).toBe('malformed_signature');
  });

  it('stale timestamp → timestamp_too_old; future → timestamp_in_future; 300 s either way passes', async () => {
    const old = await rejection(parse(body, signedHeaders(body, T - 301)));
    expect((old as WebhookVerificationError).reason).toBe('timestamp_too_old');
    const future = await rejection(parse(body, signedHeaders(body, T + 301)));
    expect((future as WebhookVerificationError).reason).toBe('timestamp_in_future');
    expect((await parse(body, signedHeaders(body, T - 300))).kind).toBe('payment');
    expect((await parse(body, signedHeaders(body, T + 300))).kind).toBe('payment');
  });

  it('toleranceSeconds is configurable and false disables the check', async () => {
    const headers = signedHeaders(body, T - 3600);
    const strict = await rejection(mh.parseWebhook({ body, headers }, { now: NOW, toleranceSeconds: 60 }));
    expect((strict as WebhookVerificationError).reason).toBe('timestamp_too_old');
    const event = await mh.parseWebhook({ body, headers }, { now: NOW, toleranceSeconds: false });
    expect(event.kind).toBe('payment');
  });

  it('a forged stale webhook is bad_signature, not a timestamp error', async () => {
    const headers = signedHeaders(body, T - 3600, 'forger');
    const error = await rejection(parse(body, headers));
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('no secret anywhere → missing_secret; the environment variable is read lazily', async () => {
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', '');
    const bare = createMoneyHash();
    const error = await rejection(bare.parseWebhook({ body, headers: signedHeaders(body) }, { now: NOW }));
    expect((error as WebhookVerificationError).reason).toBe('missing_secret');
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', SECRET);
    expect((await bare.parseWebhook({ body, headers: signedHeaders(body) }, { now: NOW })).kind).toBe(
      'payment',
    );
  });

  it('maxBodyBytes is enforced before verification', async () => {
    const error = await rejection(
      mh.parseWebhook({ body, headers: signedHeaders(body) }, { maxBodyBytes: 100 }),
    );
    expect(error.code).toBe('body_too_large');
  });

  it('property: any single-byte change to a signed body is rejected with bad_signature', async () => {
    const bytes = new TextEncoder().encode(body);
    const headers = signedHeaders(bytes);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, delta) => {
          const changed = new Uint8Array(bytes);
          changed[index] = (changed[index]! + delta) % 256;
          const error = await rejection(mh.parseWebhook({ body: changed, headers }, { now: NOW }));
          expect((error as WebhookVerificationError).reason).toBe('bad_signature');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('acceptCompactJsonSignature (Lago signs JSON.stringify(JSON.parse(body)))', () => {
  const pretty = fixtureText('seed.intent.processed');
  const compact = JSON.stringify(JSON.parse(pretty));
  const compactSigned = { 'moneyhash-signature': `t=${T},v3=${v3(SECRET, compact, T)}` };
  const lenient = createMoneyHash({ webhookSecret: SECRET, acceptCompactJsonSignature: true });

  it('off by default: a signature over the compact form of a pretty body is refused', async () => {
    expect(pretty).not.toBe(compact);
    const error = await rejection(mh.parseWebhook({ body: pretty, headers: compactSigned }, { now: NOW }));
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('on: the compact-form signature is accepted, and raw-byte signatures still are', async () => {
    const event = await lenient.parseWebhook({ body: pretty, headers: compactSigned }, { now: NOW });
    expect(event).toMatchObject({ kind: 'payment', paymentId: 'gQlovBL' });
    const raw = await lenient.parseWebhook({ body: pretty, headers: signedHeaders(pretty) }, { now: NOW });
    expect(raw.id).toBe(event.id);
  });

  it('on: a change to the JSON values is still refused', async () => {
    const tampered = pretty.replace('"amount": 50', '"amount": 5000');
    expect(tampered).not.toBe(pretty);
    const error = await rejection(
      lenient.parseWebhook({ body: tampered, headers: compactSigned }, { now: NOW }),
    );
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('on: whitespace-only changes pass (why it is off by default), a non-JSON body is bad_signature', async () => {
    const respaced = pretty.replace('"type": "intent.processed"', '"type":    "intent.processed"');
    const event = await lenient.parseWebhook({ body: respaced, headers: compactSigned }, { now: NOW });
    expect(event.kind).toBe('payment');
    const error = await rejection(lenient.parseWebhook({ body: 'x{', headers: compactSigned }, { now: NOW }));
    expect((error as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('on: a body too deep to re-serialise has no compact form: forged is bad_signature, signed raw verifies', async () => {
    const depth = 200_000;
    const deep = `{"type":"x.unknown","a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const forged = await rejection(
      lenient.parseWebhook({ body: deep, headers: compactSigned }, { now: NOW }),
    );
    expect(forged).toBeInstanceOf(WebhookVerificationError);
    expect((forged as WebhookVerificationError).reason).toBe('bad_signature');
    const genuine = await lenient.parseWebhook({ body: deep, headers: signedHeaders(deep) }, { now: NOW });
    expect(genuine.kind).toBe('unknown');
  });
});

describe('standalone helpers for simulators and test builders', () => {
  it('signMoneyHashWebhook writes t=…,v3=… that matches the recipe and verifyMoneyHashSignature accepts', async () => {
    const body = fixtureText('seed.customer.created');
    const header = await signMoneyHashWebhook(SECRET, body, T);
    expect(header).toBe(`t=${T},v3=${v3(SECRET, body, T)}`);
    const bytes = new TextEncoder().encode(body);
    expect(await verifyMoneyHashSignature(bytes, header, SECRET, { now: NOW })).toEqual({
      timestamp: T,
      signedForm: 'raw',
    });
    const error = await rejection(verifyMoneyHashSignature(bytes, header, undefined));
    expect((error as WebhookVerificationError).reason).toBe('missing_secret');
    const parsed = parseSignatureHeader(header);
    expect(parsed?.t).toBe(T);
    expect(MONEYHASH_SIGNATURE_HEADER).toBe('MoneyHash-Signature');
  });
});
