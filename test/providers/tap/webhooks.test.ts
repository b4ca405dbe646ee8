/**
 * Tap webhooks: what `hashstring` covers and what it does not. A change to a signed field is
 * refused; a change to an unsigned field never changes the verified outcome or the event id, and
 * `coverage` says the reference came outside the signature. Rotation, refunds (Unconfirmed #1,
 * both branches), invoices, unknown objects, and bad input → only PaybridgeErrors.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  ConfigurationError,
  PaybridgeError,
  parseWebhook,
  WebhookParseError,
  WebhookVerificationError,
} from 'paybridge';
import { createTap, signTapWebhook, type TapPaymentEvent, type TapSettings } from 'paybridge/tap';
import { type SignedWebhook, tapObject, tapWebhook } from 'paybridge/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonWithNumber, topLevelValueText } from '../../../src/providers/tap/amount';
import { OTHER_KEY, TEST_KEY } from './helpers';

afterEach(() => {
  vi.unstubAllEnvs();
});

const adapter = (settings: TapSettings = {}) => createTap({ secretKey: TEST_KEY, ...settings });

async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(PaybridgeError.isInstance(error), String(error)).toBe(true);
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

/** The webhook with its object changed (the amount text kept as it was), the header unchanged. */
function mutate(webhook: SignedWebhook, change: (value: Record<string, unknown>) => void): SignedWebhook {
  const value = JSON.parse(webhook.body) as Record<string, unknown>;
  const amount = topLevelValueText(webhook.body, 'amount')!;
  change(value);
  const { amount: _amount, ...rest } = value;
  return { ...webhook, body: jsonWithNumber('amount', amount, rest) };
}

const charge = (options: Parameters<typeof tapWebhook>[0] = {}) =>
  tapWebhook({ reference: 'order-1042', amount: 10_500, currency: 'KWD', secretKey: TEST_KEY, ...options });

describe('verification', () => {
  it('verifies a charge and says what was covered', async () => {
    const event = (await adapter().parseWebhook(await charge())) as TapPaymentEvent;
    expect(event).toMatchObject({
      kind: 'payment',
      signatureVerified: true,
      status: 'succeeded',
      amount: 10_500,
      currency: 'KWD',
      reference: 'order-1042',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
  });

  it('reads the header case-insensitively, from a record or a Headers object; upper-case hex is accepted', async () => {
    const webhook = await charge();
    const hash = webhook.headers['hashstring']!;
    for (const headers of [
      { HashString: hash },
      new Headers({ hashstring: hash }),
      { hashstring: hash.toUpperCase() },
    ]) {
      expect(await adapter().parseWebhook({ body: webhook.body, headers })).toMatchObject({
        kind: 'payment',
      });
    }
  });

  it('no key configured → missing_secret, before the body is read', async () => {
    vi.stubEnv('TAP_SECRET_KEY', '');
    const error = await rejection(createTap().parseWebhook({ body: 'not json', headers: {} }));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ reason: 'missing_secret' });
  });

  it.each([
    ['missing', {}, 'missing_signature'],
    ['blank', { hashstring: '  ' }, 'missing_signature'],
    ['not hex', { hashstring: 'z'.repeat(64) }, 'malformed_signature'],
    ['too short', { hashstring: 'ab12' }, 'malformed_signature'],
    ['another key', 'other', 'bad_signature'],
  ] as const)('hashstring %s → %s', async (_name, headers, reason) => {
    const webhook = await charge();
    const sent =
      headers === 'other'
        ? (await charge({ secretKey: OTHER_KEY, id: JSON.parse(webhook.body).id })).headers
        : headers;
    const error = await rejection(adapter().parseWebhook({ body: webhook.body, headers: sent }));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ reason });
  });

  const signed: [string, (v: Record<string, unknown>) => void][] = [
    ['id', (v) => (v['id'] = 'chg_TS0someoneelse')],
    ['currency', (v) => (v['currency'] = 'BHD')],
    ['status', (v) => (v['status'] = 'DECLINED')],
    ['reference.gateway', (v) => ((v['reference'] as Record<string, unknown>)['gateway'] = '999')],
    ['reference.payment', (v) => ((v['reference'] as Record<string, unknown>)['payment'] = '999')],
    [
      'transaction.created',
      (v) => ((v['transaction'] as Record<string, unknown>)['created'] = '1000000000000'),
    ],
  ];
  for (const [field, change] of signed) {
    it(`a changed ${field} (signed) → bad_signature`, async () => {
      const error = await rejection(adapter().parseWebhook(mutate(await charge(), change)));
      expect(error).toMatchObject({ reason: 'bad_signature' });
    });
  }

  it('a changed amount (signed) → bad_signature; the same value written differently still verifies', async () => {
    const webhook = await charge();
    expect(webhook.body).toMatch(/^\{"amount":10\.5,/);
    const changed = { ...webhook, body: webhook.body.replace(/^\{"amount":10\.5,/, '{"amount":10.6,') };
    expect(await rejection(adapter().parseWebhook(changed))).toMatchObject({ reason: 'bad_signature' });
    for (const text of ['10.500', '10.50000', '1.05e1', '"10.5"']) {
      const same = { ...webhook, body: webhook.body.replace(/^\{"amount":10\.5,/, `{"amount":${text},`) };
      expect(await adapter().parseWebhook(same), text).toMatchObject({ amount: 10_500 });
    }
  });

  it('a body that is not JSON, not an object, or already parsed → WebhookParseError', async () => {
    const headers = (await charge()).headers;
    expect(await rejection(adapter().parseWebhook({ body: '{"id":', headers }))).toMatchObject({
      reason: 'not_json',
    });
    expect(await rejection(adapter().parseWebhook({ body: '[1]', headers }))).toMatchObject({
      reason: 'invalid_shape',
    });
    expect(await rejection(adapter().parseWebhook({ body: {} as never, headers }))).toMatchObject({
      reason: 'parsed_body',
    });
  });

  it.each([
    ['no id', (v: Record<string, unknown>) => delete v['id']],
    ['a numeric status', (v: Record<string, unknown>) => (v['status'] = 5.5)],
    ['no currency', (v: Record<string, unknown>) => delete v['currency']],
    ['an unknown currency', (v: Record<string, unknown>) => (v['currency'] = 'XYZ')],
    [
      'an object as reference.gateway',
      (v: Record<string, unknown>) => ((v['reference'] as Record<string, unknown>)['gateway'] = {}),
    ],
  ])(
    'a signed field that cannot be hashed (%s) → invalid_shape, before verification',
    async (_name, change) => {
      const error = await rejection(adapter().parseWebhook(mutate(await charge(), change)));
      expect(error).toBeInstanceOf(WebhookParseError);
      expect(error).toMatchObject({ reason: 'invalid_shape' });
    },
  );

  it('a missing amount → invalid_shape', async () => {
    const webhook = await charge();
    const body = webhook.body.replace(/^\{"amount":10\.5,/, '{');
    expect(await rejection(adapter().parseWebhook({ ...webhook, body }))).toMatchObject({
      reason: 'invalid_shape',
    });
  });

  it('an amount written with an exponent that underflows to 0 (1e-400) is refused, as 0.00 signs', async () => {
    const value = { id: 'chg_TS0zero', object: 'charge', status: 'CAPTURED', currency: 'SAR' };
    const zero = jsonWithNumber('amount', '0', value);
    const hashstring = await signTapWebhook(TEST_KEY, zero);
    expect(await adapter().parseWebhook({ body: zero, headers: { hashstring } })).toMatchObject({
      amount: 0,
    });
    for (const text of ['1e-400', '-1e-400', '1E-400']) {
      const body = zero.replace(/"amount":0(?=[,}])/, `"amount":${text}`);
      expect(body).toContain(text);
      expect(await rejection(adapter().parseWebhook({ body, headers: { hashstring } }))).toMatchObject({
        reason: 'invalid_shape',
      });
    }
  });

  it('missing references and created are hashed as empty strings [DERIVED]', async () => {
    const value = { id: 'chg_TS0bare', object: 'charge', status: 'CAPTURED', currency: 'SAR' };
    const body = jsonWithNumber('amount', '1.0', value);
    const message =
      'x_idchg_TS0barex_amount1.00x_currencySARx_gateway_referencex_payment_referencex_statusCAPTUREDx_created';
    const hashstring = createHmac('sha256', TEST_KEY).update(message).digest('hex');
    expect(await signTapWebhook(TEST_KEY, body)).toBe(hashstring);
    expect(await adapter().parseWebhook({ body, headers: { hashstring } })).toMatchObject({
      paymentId: 'chg_TS0bare',
      amount: 100,
    });
  });

  it('toleranceSeconds does not apply (no delivery timestamp is signed): a charge created years ago verifies', async () => {
    const webhook = await charge({ created: new Date('2020-01-01T00:00:00Z') });
    const event = await adapter().parseWebhook(webhook, {
      now: new Date('2030-01-01T00:00:00Z'),
      toleranceSeconds: 1,
    });
    expect(event.createdAt?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(await rejection(adapter().parseWebhook(webhook, { toleranceSeconds: Number.NaN }))).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('the top-level parseWebhook(provider, input) gives the same event', async () => {
    const webhook = await charge();
    expect((await parseWebhook(adapter(), webhook)).id).toBe((await adapter().parseWebhook(webhook)).id);
  });
});

describe('unsigned fields: never the outcome, never the event id', () => {
  const unsigned: [string, (v: Record<string, unknown>) => void][] = [
    ['post.attempt (Tap retries)', (v) => ((v['post'] as Record<string, unknown>)['attempt'] = 3)],
    ['metadata', (v) => (v['metadata'] = { udf1: 'changed' })],
    ['customer', (v) => (v['customer'] = { first_name: 'Mallory' })],
    ['description', (v) => (v['description'] = 'changed')],
    ['response', (v) => (v['response'] = { code: '507', message: 'Declined' })],
    ['transaction.amount', (v) => ((v['transaction'] as Record<string, unknown>)['amount'] = 1)],
    ['live_mode', (v) => (v['live_mode'] = true)],
  ];
  for (const [field, change] of unsigned) {
    it(`${field} changed: same id, status, amount, paymentId`, async () => {
      const webhook = await charge();
      const original = (await adapter().parseWebhook(webhook)) as TapPaymentEvent;
      const changed = (await adapter().parseWebhook(mutate(webhook, change))) as TapPaymentEvent;
      for (const key of [
        'id',
        'status',
        'amount',
        'currency',
        'paymentId',
        'operation',
        'operationOutcome',
      ] as const) {
        expect(changed[key], key).toEqual(original[key]);
      }
    });
  }

  it('reference.transaction / reference.order changed: the event carries it, coverage says it is unsigned, the id stays', async () => {
    const webhook = await charge();
    const original = (await adapter().parseWebhook(webhook)) as TapPaymentEvent;
    const changed = (await adapter().parseWebhook(
      mutate(webhook, (v) => {
        const reference = v['reference'] as Record<string, unknown>;
        reference['transaction'] = 'order-9999';
        reference['order'] = 'order-9999';
      }),
    )) as TapPaymentEvent;
    expect(original.reference).toBe('order-1042');
    expect(changed.reference).toBe('order-9999');
    expect(changed.coverage.reference).toBe(false);
    expect(changed.id).toBe(original.id);
    expect(changed.status).toBe(original.status);
  });

  it('`object` is not signed: it never picks the recipe or the status table; one contradicting the signed id is refused', async () => {
    const error = await rejection(
      adapter().parseWebhook(mutate(await charge(), (v) => (v['object'] = 'authorize'))),
    );
    expect(error).toMatchObject({ reason: 'invalid_shape' });
    const other = await adapter().parseWebhook(mutate(await charge(), (v) => (v['object'] = 'charge_v3')));
    expect(other).toMatchObject({
      kind: 'payment',
      object: 'charge',
      type: 'charge_v3',
      status: 'succeeded',
    });
  });

  it('event ids: one per object and status; a CAPTURED after an INITIATED of the same charge is another event', async () => {
    const id = 'chg_TS0sameChargeForBoth';
    const created = new Date('2025-01-01T00:00:00Z');
    const captured = await adapter().parseWebhook(await charge({ id, created }));
    const declined = await adapter().parseWebhook(await charge({ id, created, tapStatus: 'DECLINED' }));
    expect(captured.id).toBe(`${id}:CAPTURED:${created.getTime()}`);
    expect(declined.id).not.toBe(captured.id);
    const long = await adapter().parseWebhook(await charge({ id: `chg_${'x'.repeat(300)}` }));
    expect(long.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('key rotation (Tap signs with the secret API key)', () => {
  it('webhookSecret: [new, old] → either verifies', async () => {
    const tap = adapter({ webhookSecret: [OTHER_KEY, TEST_KEY] });
    expect(await tap.parseWebhook(await charge({ secretKey: TEST_KEY }))).toMatchObject({ kind: 'payment' });
    expect(await tap.parseWebhook(await charge({ secretKey: OTHER_KEY }))).toMatchObject({ kind: 'payment' });
  });

  it('webhookSecret set: only those keys (not secretKey) verify', async () => {
    const error = await rejection(adapter({ webhookSecret: OTHER_KEY }).parseWebhook(await charge()));
    expect(error).toMatchObject({ reason: 'bad_signature' });
  });

  it('from the environment: TAP_SECRET_KEY, then TAP_SECRET_KEY_PREVIOUS', async () => {
    vi.stubEnv('TAP_SECRET_KEY', OTHER_KEY);
    vi.stubEnv('TAP_SECRET_KEY_PREVIOUS', TEST_KEY);
    const tap = createTap();
    expect(await tap.parseWebhook(await charge({ secretKey: OTHER_KEY }))).toMatchObject({ kind: 'payment' });
    expect(await tap.parseWebhook(await charge({ secretKey: TEST_KEY }))).toMatchObject({ kind: 'payment' });
  });

  it('secretKey given in code: the environment is not consulted (pass webhookSecret: [new, old] instead)', async () => {
    vi.stubEnv('TAP_SECRET_KEY_PREVIOUS', OTHER_KEY);
    const error = await rejection(adapter().parseWebhook(await charge({ secretKey: OTHER_KEY })));
    expect(error).toMatchObject({ reason: 'bad_signature' });
  });

  it.each([
    [{ webhookSecret: 'pk_test_publishable0000000000000' }, 'publishable_key'],
    [{ webhookSecret: ['sk_test_x', 'whsec_notatapkey'] }, 'invalid_secret_key'],
    [{ webhookSecret: [TEST_KEY, ''] }, 'invalid_setting'],
    [{ webhookSecret: 42 as never }, 'invalid_setting'],
    [{ secretKey: 'pk_live_publishable000000000000' }, 'publishable_key'],
  ] as const)('a bad key %j → ConfigurationError %s', async (settings, code) => {
    const error = await rejection(createTap(settings).parseWebhook(await charge()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(code);
  });

  it.each([
    [{ amountRounding: 'half-even' as never }],
    [{ refundWebhookVerification: 'maybe' as never }],
    [{ currencyExponents: { JOD: 'three' } as never }],
  ])('a bad webhook setting %j → ConfigurationError invalid_setting', async (settings) => {
    const error = await rejection(adapter(settings).parseWebhook(await charge()));
    expect(error).toMatchObject({ name: 'ConfigurationError', code: 'invalid_setting' });
  });
});

describe('refund webhooks [UNCONFIRMED #1]', () => {
  const refund = (options: Parameters<typeof tapWebhook>[0] = {}) =>
    tapWebhook({
      object: 'refund',
      chargeId: 'chg_TS0refundedCharge',
      amount: 2_500,
      currency: 'KWD',
      secretKey: TEST_KEY,
      ...options,
    });

  it("default 'hashstring': the charge recipe over the refund's fields (refund `created`, empty references) verifies", async () => {
    const webhook = await refund({ created: new Date(1_700_000_000_000) });
    const value = JSON.parse(webhook.body) as { id: string };
    const message = `x_id${value.id}x_amount2.500x_currencyKWDx_gateway_referencex_payment_referencex_statusREFUNDEDx_created1700000000000`;
    expect(webhook.headers['hashstring']).toBe(createHmac('sha256', TEST_KEY).update(message).digest('hex'));
    const event = (await adapter().parseWebhook(webhook)) as TapPaymentEvent;
    expect(event).toMatchObject({
      kind: 'payment',
      object: 'refund',
      signatureVerified: true,
      paymentId: 'chg_TS0refundedCharge',
      refundId: value.id,
      status: 'partially_refunded',
      operation: 'refund',
      operationOutcome: 'succeeded',
      amount: 2_500,
      currency: 'KWD',
      reference: undefined,
      // charge_id (→ paymentId) is outside the signature: nothing about the payment is vouched for.
      coverage: { paymentId: false, status: false, amount: false, reference: false },
    });
  });

  it('refund references, where a refund carries them, are signed', async () => {
    const value = tapObject({ object: 'refund', chargeId: 'chg_1', amount: 100, currency: 'SAR' });
    value['reference'] = { merchant: 'r-1', gateway: 'G1', payment: 'P1' };
    const body = jsonWithNumber('amount', '1.0', (({ amount: _a, ...rest }) => rest)(value));
    const hashstring = await signTapWebhook(TEST_KEY, body);
    expect(await adapter().parseWebhook({ body, headers: { hashstring } })).toMatchObject({
      object: 'refund',
    });
    const tampered = body.replace('"gateway":"G1"', '"gateway":"G2"');
    expect(
      await rejection(adapter().parseWebhook({ body: tampered, headers: { hashstring } })),
    ).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it("default: a refund that does not verify is refused; 'none': accepted, signatureVerified false, no coverage", async () => {
    const webhook = await refund({ secretKey: OTHER_KEY });
    expect(await rejection(adapter().parseWebhook(webhook))).toMatchObject({ reason: 'bad_signature' });
    const lenient = adapter({ refundWebhookVerification: 'none' });
    for (const headers of [webhook.headers, {}, { hashstring: 'nothex' }]) {
      const event = (await lenient.parseWebhook({ body: webhook.body, headers })) as TapPaymentEvent;
      expect(event).toMatchObject({
        object: 'refund',
        signatureVerified: false,
        coverage: { paymentId: false, status: false, amount: false, reference: false },
      });
    }
    // A valid signature is still checked and reported.
    expect(await lenient.parseWebhook(await refund())).toMatchObject({ signatureVerified: true });
  });

  it("'none' relaxes nothing but refunds: a charge still needs its signature", async () => {
    const lenient = adapter({ refundWebhookVerification: 'none' });
    const webhook = await charge({ secretKey: OTHER_KEY });
    expect(await rejection(lenient.parseWebhook(webhook))).toMatchObject({ reason: 'bad_signature' });
    const claimed = mutate(webhook, (v) => (v['object'] = 'refund'));
    expect(await rejection(lenient.parseWebhook(claimed))).toMatchObject({ reason: 'bad_signature' });
  });

  it('a refund that names no charge → invalid_shape', async () => {
    const webhook = mutate(await refund(), (v) => delete v['charge_id']);
    const signed = { ...webhook, headers: { hashstring: await signTapWebhook(TEST_KEY, webhook.body) } };
    expect(await rejection(adapter().parseWebhook(signed))).toMatchObject({ reason: 'invalid_shape' });
  });

  it('pending and failed refunds leave the payment captured', async () => {
    expect(await adapter().parseWebhook(await refund({ tapStatus: 'PENDING' }))).toMatchObject({
      status: 'succeeded',
      operationOutcome: 'pending',
    });
    expect(await adapter().parseWebhook(await refund({ tapStatus: 'DECLINED' }))).toMatchObject({
      status: 'succeeded',
      operationOutcome: 'failed',
    });
  });
});

describe('invoice webhooks (their own recipe)', () => {
  it('x_id, x_amount, x_currency, x_updated, x_status, x_created', async () => {
    const webhook = await tapWebhook({
      object: 'invoice',
      reference: 'inv-order-7',
      amount: 1_250,
      currency: 'BHD',
      secretKey: TEST_KEY,
      created: new Date(1_700_000_000_000),
    });
    const value = JSON.parse(webhook.body) as { id: string };
    const message = `x_id${value.id}x_amount1.250x_currencyBHDx_updated1700000000000x_statusPAIDx_created1700000000000`;
    expect(webhook.headers['hashstring']).toBe(createHmac('sha256', TEST_KEY).update(message).digest('hex'));
    const event = (await adapter().parseWebhook(webhook)) as TapPaymentEvent;
    expect(event).toMatchObject({
      object: 'invoice',
      paymentId: value.id,
      id: `${value.id}:PAID`,
      status: 'succeeded',
      amount: 1_250,
      currency: 'BHD',
      reference: 'inv-order-7',
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
    const tampered = mutate(webhook, (v) => (v['updated'] = 1_700_000_000_001));
    expect(await rejection(adapter().parseWebhook(tampered))).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('objects paybridge does not know', () => {
  const unknownBody = JSON.stringify({
    id: 'sub_TS0new',
    object: 'subscription',
    status: 'ACTIVE',
    created: 1_700_000_000_000,
  });

  it('verified with the charge recipe (missing fields as empty strings) → kind unknown', async () => {
    const hashstring = await signTapWebhook(TEST_KEY, unknownBody);
    const message =
      'x_idsub_TS0newx_amountx_currencyx_gateway_referencex_payment_referencex_statusACTIVEx_created1700000000000';
    expect(hashstring).toBe(createHmac('sha256', TEST_KEY).update(message).digest('hex'));
    const event = await adapter().parseWebhook({ body: unknownBody, headers: { hashstring } });
    expect(event).toMatchObject({
      kind: 'unknown',
      provider: 'tap',
      type: 'subscription',
      id: 'sub_TS0new:ACTIVE:1700000000000',
    });
  });

  it('not verified → refused like anything else', async () => {
    const hashstring = await signTapWebhook(OTHER_KEY, unknownBody);
    expect(
      await rejection(adapter().parseWebhook({ body: unknownBody, headers: { hashstring } })),
    ).toMatchObject({
      reason: 'bad_signature',
    });
  });
});

describe('bad input of any shape', () => {
  it('property: parseWebhook rejects only with PaybridgeErrors, whatever the body and header', async () => {
    const tap = adapter();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ id: 'chg_x', amount: v, currency: 'SAR', status: v })),
        ),
        fc.oneof(
          fc.constant(undefined),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
          fc.string(),
        ),
        async (body, hashstring) => {
          try {
            await tap.parseWebhook({ body, headers: hashstring === undefined ? {} : { hashstring } });
          } catch (error) {
            expect(PaybridgeError.isInstance(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
