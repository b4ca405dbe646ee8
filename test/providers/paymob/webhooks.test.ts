/**
 * Paymob callbacks: the fact sheet's test vectors, every sample body as a fixture, the recipes'
 * unconfirmed choices (both branches where there are two), and what a change to a signed or an
 * unsigned field does.
 */
import { createHash, createHmac } from 'node:crypto';
import { WebhookParseError, WebhookVerificationError } from 'paybridge';
import {
  createPaymob,
  PAYMOB_HMAC_NULL,
  PAYMOB_TRANSACTION_HMAC_FIELDS,
  type PaymobPaymentEvent,
  paymobCardTokenMessage,
  paymobRedirectMessage,
  paymobTransactionMessage,
} from 'paybridge/paymob';
import {
  paymobCardTokenWebhook,
  paymobRedirectUrl,
  paymobTransactionObject,
  paymobWebhook,
  TEST_CREDENTIALS,
} from 'paybridge/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fixture,
  fixtureText,
  GET_SAMPLE,
  getSampleUrl,
  hookUrl,
  rejection,
  TV_P1,
  TV_P2,
  TV_P3,
  walletSampleQuery,
} from './helpers';

afterEach(() => vi.unstubAllEnvs());

const sign = (key: string, message: string) => createHmac('sha512', key).update(message).digest('hex');
const paymob = (webhookSecret: string | readonly string[] = TV_P1.key) => createPaymob({ webhookSecret });

/** TV-P1's body with `change` applied to its `obj`, as JSON text. */
function tvP1Body(change: (obj: Record<string, unknown>) => void = () => {}): string {
  const body = fixture(TV_P1.file);
  change(body['obj'] as Record<string, unknown>);
  return JSON.stringify(body);
}

describe('TV-P1: the docs’ processed callback (official vector)', () => {
  it('builds the docs’ message from the sample body', () => {
    expect(paymobTransactionMessage(fixture(TV_P1.file)['obj'] as Record<string, unknown>)).toBe(
      TV_P1.message,
    );
  });

  it('verifies with the secret as UTF-8 text and gives succeeded, 100000 EGP minor units (1000.00 EGP)', async () => {
    const event = (await paymob().parseWebhook({
      body: fixtureText(TV_P1.file),
      headers: { 'content-type': 'application/json' },
      url: hookUrl(TV_P1.hmac),
    })) as PaymobPaymentEvent;
    expect(event).toMatchObject({
      provider: 'paymob',
      kind: 'payment',
      type: 'TRANSACTION',
      source: 'callback',
      status: 'succeeded',
      providerStatus: 'success',
      statusRow: 'paid',
      paymentId: '217503754',
      transactionId: '192036465',
      amount: 100_000,
      currency: 'EGP',
      operation: 'purchase',
      operationOutcome: 'succeeded',
      message: 'Approved',
      live: false,
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    // merchant_order_id is null in the sample; created_at has no offset, so no date is guessed.
    expect(event.reference).toBeUndefined();
    expect(event.createdAt).toBeUndefined();
    expect(event.operationAmount).toBeUndefined();
    // The id: the transaction id and a digest of the signed message (nothing unsigned).
    expect(event.id).toBe(`txn:192036465:${createHash('sha256').update(TV_P1.message).digest('hex')}`);
  });

  it('the key must NOT be hex-decoded: that key does not verify the docs’ HMAC', async () => {
    expect(sign(TV_P1.key, TV_P1.message)).toBe(TV_P1.hmac);
    expect(createHmac('sha512', Buffer.from(TV_P1.key, 'hex')).update(TV_P1.message).digest('hex')).not.toBe(
      TV_P1.hmac,
    );
  });

  it('accepts the hmac in upper case, the url as an absolute string or a URL, and next to other parameters', async () => {
    const body = fixtureText(TV_P1.file);
    for (const url of [
      hookUrl(TV_P1.hmac.toUpperCase()),
      `https://shop.example/webhooks/paymob?order=1&hmac=${TV_P1.hmac}`,
      new URL(`https://shop.example/hook?hmac=${TV_P1.hmac}`),
    ]) {
      await expect(paymob().parseWebhook({ body, url })).resolves.toMatchObject({ status: 'succeeded' });
    }
  });

  it('verifies with a list of secrets (rotation: the old one still verifies) and from PAYMOB_HMAC_SECRET[_PREVIOUS]', async () => {
    const input = { body: fixtureText(TV_P1.file), url: hookUrl(TV_P1.hmac) };
    await expect(paymob(['new-secret', TV_P1.key]).parseWebhook(input)).resolves.toMatchObject({
      kind: 'payment',
    });
    vi.stubEnv('PAYMOB_HMAC_SECRET', 'the-new-one');
    vi.stubEnv('PAYMOB_HMAC_SECRET_PREVIOUS', TV_P1.key);
    await expect(createPaymob().parseWebhook(input)).resolves.toMatchObject({ kind: 'payment' });
  });

  it.each(PAYMOB_TRANSACTION_HMAC_FIELDS)(
    'a change to the signed field %s is refused (bad_signature)',
    async (field) => {
      const body = tvP1Body((obj) => {
        const [head, tail] = field.split('.') as [string, string | undefined];
        const holder = (tail === undefined ? obj : obj[head]) as Record<string, unknown>;
        const key = tail ?? head;
        const value = holder[key];
        holder[key] =
          typeof value === 'boolean' ? !value : typeof value === 'number' ? value + 1 : `${String(value)}x`;
      });
      const error = await rejection(paymob().parseWebhook({ body, url: hookUrl(TV_P1.hmac) }));
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect(error).toMatchObject({ reason: 'bad_signature', provider: 'paymob' });
    },
  );

  it('a change to an unsigned field verifies, changes neither the status nor the id, and coverage says what is unsigned', async () => {
    const url = hookUrl(TV_P1.hmac);
    const original = (await paymob().parseWebhook({
      body: fixtureText(TV_P1.file),
      url,
    })) as PaymobPaymentEvent;
    const changed = (await paymob().parseWebhook({
      url,
      body: tvP1Body((obj) => {
        (obj['order'] as Record<string, unknown>)['merchant_order_id'] = 'someone-elses-order';
        obj['is_refund'] = true;
        obj['is_void'] = true;
        obj['is_captured'] = true;
        obj['refunded_amount_cents'] = 100_000;
        obj['data'] = { message: 'Declined' };
      }),
    })) as PaymobPaymentEvent;
    expect(changed.status).toBe(original.status);
    expect(changed.id).toBe(original.id);
    expect(changed.reference).toBe('someone-elses-order');
    expect(changed.coverage).toEqual({ paymentId: true, status: true, amount: true, reference: false });
  });
});

describe('TV-P2: the GET shape (Odoo’s redirect data)', () => {
  const query = () =>
    new URLSearchParams({
      amount_cents: '111111',
      created_at: '2025-04-01T17:29:16.967925',
      currency: 'EGP',
      error_occured: 'false',
      has_parent_transaction: 'false',
      id: 'dummy_id',
      integration_id: '1234',
      is_3d_secure: 'true',
      is_auth: 'false',
      is_capture: 'false',
      is_refunded: 'false',
      is_standalone_payment: 'true',
      is_voided: 'false',
      order: '123',
      owner: '12',
      pending: 'false',
      'source_data.pan': '1111',
      'source_data.sub_type': 'Visa',
      'source_data.type': 'card',
      success: 'true',
      'data.message': 'Approved',
      hmac: TV_P2.hmac,
      merchant_order_id: 'S00001',
    });

  it('builds the message from the query and verifies with parseRedirect', async () => {
    expect(paymobRedirectMessage(query())).toBe(TV_P2.message);
    const event = await paymob(TV_P2.key).parseRedirect(query());
    expect(event).toMatchObject({
      source: 'redirect',
      type: '',
      status: 'succeeded',
      paymentId: '123',
      transactionId: 'dummy_id',
      amount: 111_111,
      currency: 'EGP',
      reference: 'S00001',
      message: 'Approved',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
  });

  it('takes the URL as a string (absolute or path) or a URL, and refuses anything else', async () => {
    const text = query().toString();
    for (const url of [
      `https://shop.example/paid?${text}`,
      `/paid?${text}`,
      new URL(`https://shop.example/paid?${text}`),
    ]) {
      await expect(paymob(TV_P2.key).parseRedirect(url)).resolves.toMatchObject({ status: 'succeeded' });
    }
    const error = await rejection(paymob(TV_P2.key).parseRedirect(42 as never));
    expect(error).toBeInstanceOf(WebhookParseError);
    expect(error).toMatchObject({ reason: 'invalid_url' });
  });

  it('Odoo’s POST form of the same transaction verifies with the same HMAC and gets the same event id', async () => {
    const obj = {
      amount_cents: 111111,
      created_at: '2025-04-01T17:29:16.967925',
      currency: 'EGP',
      error_occured: false,
      has_parent_transaction: false,
      id: 'dummy_id',
      integration_id: 1234,
      is_3d_secure: true,
      is_auth: false,
      is_capture: false,
      is_hidden: false,
      is_refunded: false,
      is_standalone_payment: true,
      is_voided: false,
      order: { id: '123', merchant_order_id: 'S00001' },
      owner: 12,
      pending: false,
      source_data: { pan: '1111', sub_type: 'Visa', type: 'card' },
      success: true,
      data: { message: 'Approved' },
    };
    const posted = await paymob(TV_P2.key).parseWebhook({
      body: JSON.stringify({ type: 'TRANSACTION', obj }),
      url: hookUrl(TV_P2.hmac),
    });
    const redirected = await paymob(TV_P2.key).parseRedirect(query());
    expect(posted).toMatchObject({ status: 'succeeded', paymentId: '123', reference: 'S00001' });
    expect(posted.id).toBe(redirected.id);
  });

  it('Unconfirmed #1: the order id comes from `order`, and from `order_id` when there is no `order`', async () => {
    const withOrderId = query();
    withOrderId.delete('order');
    withOrderId.set('order_id', '123');
    expect(paymobRedirectMessage(withOrderId)).toBe(TV_P2.message);
    await expect(paymob(TV_P2.key).parseRedirect(withOrderId)).resolves.toMatchObject({ paymentId: '123' });
    // Both present: `order` wins.
    const both = query();
    both.set('order_id', '999');
    expect(paymobRedirectMessage(both)).toBe(TV_P2.message);
  });

  it('a changed signed parameter is refused; a changed unsigned one is not and keeps the id', async () => {
    const tampered = query();
    tampered.set('success', 'false');
    expect(await rejection(paymob(TV_P2.key).parseRedirect(tampered))).toMatchObject({
      reason: 'bad_signature',
    });
    const unsigned = query();
    unsigned.set('merchant_order_id', 'other');
    unsigned.set('data.message', 'Declined');
    const a = await paymob(TV_P2.key).parseRedirect(query());
    const b = await paymob(TV_P2.key).parseRedirect(unsigned);
    expect(b.id).toBe(a.id);
    expect(b.status).toBe(a.status);
  });

  it('refuses a redirect without hmac (missing_signature) or with one that is not 128 hex digits', async () => {
    const none = query();
    none.delete('hmac');
    expect(await rejection(paymob(TV_P2.key).parseRedirect(none))).toMatchObject({
      reason: 'missing_signature',
    });
    const short = query();
    short.set('hmac', 'abc123');
    expect(await rejection(paymob(TV_P2.key).parseRedirect(short))).toMatchObject({
      reason: 'malformed_signature',
    });
  });
});

describe('TV-P3: the card-token recipe (DERIVED vector: the docs’ HMAC used an unpublished secret)', () => {
  it('builds the docs’ message from the sample body', () => {
    expect(paymobCardTokenMessage(fixture(TV_P3.file)['obj'] as Record<string, unknown>)).toBe(TV_P3.message);
  });

  it('verifies the sample with the self-computed HMAC (TV-P1 key) and parses a card_token event', async () => {
    expect(sign(TV_P1.key, TV_P3.message)).toBe(TV_P3.derivedHmac);
    const event = await paymob().parseWebhook({
      body: fixtureText(TV_P3.file),
      url: hookUrl(TV_P3.derivedHmac),
    });
    expect(event).toMatchObject({
      provider: 'paymob',
      kind: 'card_token',
      type: 'TOKEN',
      action: 'created',
      tokenId: 'e98aceb96f5a370ddf46460db9d555f88bf12448f80e1839b39f78ab',
      maskedPan: 'xxxx-xxxx-xxxx-2346',
      cardSubtype: 'MasterCard',
      email: 'test@test.com',
      orderId: '264064419',
    });
    expect(event.id).toMatch(/^token:8555026:[0-9a-f]{64}$/);
  });

  it('the docs’ own HMAC does not verify with the TV-P1 key (it was made with another secret)', async () => {
    const error = await rejection(
      paymob().parseWebhook({ body: fixtureText(TV_P3.file), url: hookUrl(TV_P3.docsHmac) }),
    );
    expect(error).toMatchObject({ reason: 'bad_signature' });
  });

  it('a change to a signed token field is refused; the builder’s tokens verify', async () => {
    const body = fixture(TV_P3.file);
    (body['obj'] as Record<string, unknown>)['token'] = 'stolen';
    expect(
      await rejection(paymob().parseWebhook({ body: JSON.stringify(body), url: hookUrl(TV_P3.derivedHmac) })),
    ).toMatchObject({ reason: 'bad_signature' });
    const built = await paymobCardTokenWebhook({ token: 'tok_1', orderId: 42 });
    await expect(
      createPaymob({ webhookSecret: TEST_CREDENTIALS.paymob.webhookSecret }).parseWebhook(built),
    ).resolves.toMatchObject({
      kind: 'card_token',
      tokenId: 'tok_1',
      orderId: '42',
    });
  });
});

describe('the docs’ GET samples (unpublished secrets: string-building, then re-signed)', () => {
  it('card redirect URL: the fact sheet’s expected message (created_at URL-decoded: Unconfirmed #2)', () => {
    const query = new URL(getSampleUrl()).searchParams;
    expect(paymobRedirectMessage(query)).toBe(GET_SAMPLE.message);
    // The docs' worked string shows 113A253A08 (percent signs lost): that form is not what is signed.
    expect(GET_SAMPLE.message).toContain('2024-06-25T15:16:25.910710+04:00');
  });

  it('card redirect URL: the docs’ hmac does not verify with the TV-P1 key; re-signed, it parses fully', async () => {
    const url = getSampleUrl();
    expect(await rejection(paymob().parseRedirect(url))).toMatchObject({ reason: 'bad_signature' });
    const resigned = new URL(url);
    resigned.searchParams.set('hmac', sign(TV_P1.key, GET_SAMPLE.message));
    const event = await paymob().parseRedirect(resigned);
    expect(event).toMatchObject({
      source: 'redirect',
      status: 'succeeded',
      paymentId: '378804',
      transactionId: '316004',
      amount: 50_000,
      currency: 'EGP',
      message: 'Approved',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    // This timestamp carries an offset (UAE-style +04:00), so it is read.
    expect(event.createdAt?.toISOString()).toBe('2024-06-25T11:16:25.910Z');
  });

  it('wallet redirect params: message built, the docs’ hmac refused with the TV-P1 key, re-signed parses as a wallet payment', async () => {
    const query = walletSampleQuery();
    const message = paymobRedirectMessage(query);
    expect(message).toBe(
      '2000002024-07-21T11:25:08.633747EGPfalsefalse2019728981996388falsefalsefalsefalsetruefalse228276342310964false01010101010walletwallettrue',
    );
    expect(await rejection(paymob().parseRedirect(query))).toMatchObject({ reason: 'bad_signature' });
    query.set('hmac', sign(TV_P1.key, message));
    const event = await paymob().parseRedirect(query);
    expect(event).toMatchObject({
      status: 'succeeded',
      paymentId: '228276342',
      transactionId: '201972898',
      amount: 200_000,
      currency: 'EGP',
      message: 'Transaction has been completed successfully.',
    });
  });
});

describe('Unconfirmed #3: null and missing fields are rendered as the empty string', () => {
  it('PAYMOB_HMAC_NULL is "", and a body with null signed fields verifies only that way', async () => {
    expect(PAYMOB_HMAC_NULL).toBe('');
    const obj = paymobTransactionObject({ transactionId: 7, orderId: 8 });
    (obj['source_data'] as Record<string, unknown>)['pan'] = null;
    delete obj['owner'];
    const message = paymobTransactionMessage(obj);
    expect(message).toContain('8falseMasterCard'); // order.id 8, owner "", pending false, pan "" , sub_type
    const body = JSON.stringify({ type: 'TRANSACTION', obj });
    const key = TEST_CREDENTIALS.paymob.webhookSecret;
    await expect(
      createPaymob({ webhookSecret: key }).parseWebhook({ body, url: hookUrl(sign(key, message)) }),
    ).resolves.toMatchObject({
      kind: 'payment',
    });
    const asNullText = message.replace('8falseMasterCard', '8nullfalsenullMasterCard');
    expect(
      await rejection(
        createPaymob({ webhookSecret: key }).parseWebhook({ body, url: hookUrl(sign(key, asNullText)) }),
      ),
    ).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('what parseWebhook refuses', () => {
  const body = () => fixtureText(TV_P1.file);

  it('no url: missing_signature, saying where Paymob signs', async () => {
    const error = (await rejection(paymob().parseWebhook({ body: body() }))) as WebhookVerificationError;
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe('missing_signature');
    expect(error.message).toMatch(/\?hmac=/);
    expect(error.message).toMatch(/url/);
  });

  it('a url without hmac, or with an empty one: missing_signature; not 128 hex digits: malformed_signature', async () => {
    for (const url of ['/webhooks/paymob', '/webhooks/paymob?hmac=', '/webhooks/paymob?other=1']) {
      expect(await rejection(paymob().parseWebhook({ body: body(), url }))).toMatchObject({
        reason: 'missing_signature',
      });
    }
    expect(
      await rejection(paymob().parseWebhook({ body: body(), url: hookUrl('zz'.repeat(64)) })),
    ).toMatchObject({
      reason: 'malformed_signature',
    });
  });

  it('no HMAC secret: missing_secret, before the body is read', async () => {
    const error = (await rejection(
      createPaymob().parseWebhook({ body: 'not json', url: hookUrl(TV_P1.hmac) }),
    )) as Error;
    expect(error).toMatchObject({ reason: 'missing_secret' });
    expect(error.message).toContain('PAYMOB_HMAC_SECRET');
  });

  it('a url that is not a URL, a body that is not JSON or a parsed object: WebhookParseError', async () => {
    expect(await rejection(paymob().parseWebhook({ body: body(), url: 42 as never }))).toMatchObject({
      reason: 'invalid_url',
    });
    expect(await rejection(paymob().parseWebhook({ body: '{', url: hookUrl(TV_P1.hmac) }))).toMatchObject({
      reason: 'not_json',
    });
    expect(
      await rejection(paymob().parseWebhook({ body: {} as never, url: hookUrl(TV_P1.hmac) })),
    ).toMatchObject({
      reason: 'parsed_body',
    });
  });

  it('a TRANSACTION without obj, or whose signed field is an object: invalid_shape', async () => {
    expect(
      await rejection(paymob().parseWebhook({ body: '{"type":"TRANSACTION"}', url: hookUrl(TV_P1.hmac) })),
    ).toMatchObject({ reason: 'invalid_shape' });
    const nested = tvP1Body((obj) => {
      obj['amount_cents'] = { value: 1 };
    });
    expect(await rejection(paymob().parseWebhook({ body: nested, url: hookUrl(TV_P1.hmac) }))).toMatchObject({
      reason: 'invalid_shape',
    });
  });

  it('verified, but amount_cents is not minor units, or the order id is missing: invalid_shape', async () => {
    const key = TEST_CREDENTIALS.paymob.webhookSecret;
    const parse = async (obj: Record<string, unknown>) =>
      createPaymob({ webhookSecret: key }).parseWebhook({
        body: JSON.stringify({ type: 'TRANSACTION', obj }),
        url: hookUrl(sign(key, paymobTransactionMessage(obj))),
      });
    const fractional = paymobTransactionObject();
    fractional['amount_cents'] = 100.5;
    expect(await rejection(parse(fractional))).toMatchObject({ reason: 'invalid_shape' });
    const noOrder = paymobTransactionObject();
    delete noOrder['order'];
    expect(await rejection(parse(noOrder))).toMatchObject({ reason: 'invalid_shape' });
  });
});

describe('types paybridge does not know', () => {
  const key = TEST_CREDENTIALS.paymob.webhookSecret;
  const adapter = () => createPaymob({ webhookSecret: key });

  it('verified with the transaction recipe → kind unknown, type verbatim', async () => {
    const event = await adapter().parseWebhook(await paymobWebhook({ type: 'DELIVERY_STATUS' }));
    expect(event).toMatchObject({ kind: 'unknown', type: 'DELIVERY_STATUS', provider: 'paymob' });
    expect(event.id).toMatch(/^transaction:[0-9a-f]{64}$/);
  });

  it('verified with the card-token recipe → kind unknown', async () => {
    const token = await paymobCardTokenWebhook();
    const body = JSON.stringify({ ...JSON.parse(token.body), type: 'CARD_TOKEN_V2' });
    await expect(adapter().parseWebhook({ ...token, body })).resolves.toMatchObject({
      kind: 'unknown',
      type: 'CARD_TOKEN_V2',
    });
  });

  it('no recipe verifies it → refused (bad_signature), never returned unverified', async () => {
    const forged = await paymobWebhook({ type: 'SOMETHING', hmacSecret: 'not-the-secret' });
    expect(await rejection(adapter().parseWebhook(forged))).toMatchObject({ reason: 'bad_signature' });
    // A subscription callback (hmac in the body, another recipe): not supported, refused.
    const subscription = JSON.stringify({
      trigger_type: 'suspended',
      subscription_data: { id: 77 },
      hmac: 'f'.repeat(128),
    });
    const error = (await rejection(
      adapter().parseWebhook({ body: subscription, url: hookUrl('f'.repeat(128)) }),
    )) as Error;
    expect(error).toMatchObject({ reason: 'bad_signature' });
    expect(error.message).toMatch(/subscription/);
  });
});

describe('event ids: from verified fields only', () => {
  const key = TEST_CREDENTIALS.paymob.webhookSecret;
  const adapter = () => createPaymob({ webhookSecret: key });
  const base = { transactionId: 555, orderId: 777, amount: 10_000 };

  it('a parent re-sent with is_refunded or is_voided set gets a new id', async () => {
    const paid = await adapter().parseWebhook(await paymobWebhook({ ...base }));
    const refunded = await adapter().parseWebhook(await paymobWebhook({ ...base, status: 'refunded' }));
    const voided = await adapter().parseWebhook(await paymobWebhook({ ...base, status: 'canceled' }));
    expect(new Set([paid.id, refunded.id, voided.id]).size).toBe(3);
  });

  it('a copy that differs only in unsigned fields gets the same id (a duplicate)', async () => {
    const a = await paymobWebhook({ ...base, createdAt: '2024-06-13T11:33:44.592345' });
    const body = JSON.parse(a.body) as { obj: Record<string, unknown> };
    body.obj['is_live'] = true;
    body.obj['data'] = { message: 'changed' };
    (body.obj['order'] as Record<string, unknown>)['merchant_order_id'] = 'changed';
    const first = await adapter().parseWebhook(a);
    const second = await adapter().parseWebhook({ ...a, body: JSON.stringify(body) });
    expect(second.id).toBe(first.id);
  });

  it('documented limit: two partial refunds reported only through the parent’s unsigned refunded_amount_cents share one id', async () => {
    const createdAt = '2024-06-13T11:33:44.592345';
    const first = await adapter().parseWebhook(
      await paymobWebhook({ ...base, createdAt, status: 'partially_refunded', refundedAmount: 2_000 }),
    );
    const second = await adapter().parseWebhook(
      await paymobWebhook({ ...base, createdAt, status: 'partially_refunded', refundedAmount: 5_000 }),
    );
    expect(second.id).toBe(first.id);
  });

  it('ids stay within 200 characters whatever the transaction id', async () => {
    const event = await adapter().parseWebhook(await paymobWebhook({ transactionId: 'x'.repeat(5_000) }));
    expect(event.id.length).toBeLessThanOrEqual(200);
  });
});

describe('refund, void and capture transactions as callbacks (Unconfirmed #11: both shapes)', () => {
  const key = TEST_CREDENTIALS.paymob.webhookSecret;
  const adapter = () => createPaymob({ webhookSecret: key });
  const child = (flags: Record<string, boolean>) =>
    paymobWebhook({
      transactionId: 901,
      orderId: 777,
      amount: 2_500,
      parentTransactionId: 555,
      flags: { success: true, has_parent_transaction: true, ...flags },
    });

  it('a refund child: refunded (extent unknown), operationAmount, no amount, status not covered', async () => {
    const event = (await adapter().parseWebhook(await child({ is_refund: true }))) as PaymobPaymentEvent;
    expect(event).toMatchObject({
      status: 'refunded',
      statusRow: 'refund_child_succeeded',
      operation: 'refund',
      operationOutcome: 'succeeded',
      paymentId: '777',
      transactionId: '901',
      parentTransactionId: '555',
      operationAmount: 2_500,
      currency: 'EGP',
      coverage: { paymentId: true, status: false, amount: true, reference: false },
    });
    expect(event.amount).toBeUndefined();
  });

  it('a void child: canceled; a capture child: succeeded with status covered (is_capture is signed)', async () => {
    expect(await adapter().parseWebhook(await child({ is_void: true }))).toMatchObject({
      status: 'canceled',
      operation: 'void',
      coverage: { status: false },
    });
    expect(await adapter().parseWebhook(await child({ is_capture: true }))).toMatchObject({
      status: 'succeeded',
      operation: 'capture',
      coverage: { status: true },
    });
  });

  it('the parent re-sent: refunded or partially_refunded from refunded_amount_cents (unsigned: status not covered)', async () => {
    const full = await adapter().parseWebhook(await paymobWebhook({ amount: 10_000, status: 'refunded' }));
    const part = await adapter().parseWebhook(
      await paymobWebhook({ amount: 10_000, status: 'partially_refunded' }),
    );
    expect(full).toMatchObject({ status: 'refunded', amount: 10_000, coverage: { status: false } });
    expect(part).toMatchObject({ status: 'partially_refunded', amount: 10_000, coverage: { status: false } });
  });
});

describe('paybridge/testing’s Paymob builders verify with the adapter', () => {
  const adapter = () => createPaymob({ webhookSecret: TEST_CREDENTIALS.paymob.webhookSecret });

  it.each([
    'pending',
    'failed',
    'succeeded',
    'authorized',
    'canceled',
    'refunded',
    'partially_refunded',
  ] as const)('paymobWebhook({ status: %s }) parses to that status', async (status) => {
    await expect(adapter().parseWebhook(await paymobWebhook({ status }))).resolves.toMatchObject({ status });
  });

  it('paymobRedirectUrl verifies with parseRedirect; a status Paymob cannot report is refused by the builder', async () => {
    const url = await paymobRedirectUrl({
      status: 'failed',
      reference: 'r-1',
      url: 'https://shop.example/back?x=1',
    });
    expect(url.startsWith('https://shop.example/back?x=1&')).toBe(true);
    await expect(adapter().parseRedirect(url)).resolves.toMatchObject({ status: 'failed', reference: 'r-1' });
    expect(() => paymobTransactionObject({ status: 'expired' })).toThrow(/sends no transaction/);
  });
});
