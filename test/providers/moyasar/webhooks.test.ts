import fc from 'fast-check';
import { type PaybridgeError, WebhookParseError, WebhookVerificationError } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInvoiceCallback, parseMoyasarWebhook } from '../../../src/providers/moyasar/webhooks';
import { FIXTURE_WEBHOOK_SECRET, fixture, fixtureText, LIVE_KEY, TEST_KEY } from './helpers';

const INVOICE_ID = '6a3f2f3e-3c1b-4f5e-9a51-0d4c2b8e7a10';
const PAYMENT_ID = 'b7e1c0d2-5a4f-4c3e-8d21-9f0a1b2c3d4e';

const parse = (body: string | Uint8Array, extra: { expectedLive?: boolean } = {}) =>
  parseMoyasarWebhook({ body }, { webhookSecret: FIXTURE_WEBHOOK_SECRET, ...extra });

/** The payment_paid fixture with top-level and `data` fields replaced (or dropped when undefined), as JSON text. */
function withFields(top: Record<string, unknown>, data: Record<string, unknown> = {}): string {
  return envelope((body, payment) => {
    for (const [key, value] of Object.entries(top)) {
      if (value === undefined) delete body[key];
      else body[key] = value;
    }
    Object.assign(payment, data);
  });
}

/** The payment_paid fixture changed by `change`, as JSON text. */
function envelope(
  change: (body: Record<string, unknown>, data: Record<string, unknown>) => void = () => {},
): string {
  const body = fixture('webhook-payment-paid');
  change(body, body['data'] as Record<string, unknown>);
  return JSON.stringify(body);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('moyasar webhook fixtures', () => {
  it('payment_paid on an invoice: succeeded, invoice id, payment id, reference, amount', async () => {
    const event = await parse(fixtureText('webhook-payment-paid'));
    expect(event).toMatchObject({
      provider: 'moyasar',
      kind: 'payment',
      id: 'd1c2b3a4-1111-4222-8333-944455566677',
      type: 'payment_paid',
      status: 'succeeded',
      providerStatus: 'paid',
      paymentId: INVOICE_ID,
      transactionId: PAYMENT_ID,
      reference: 'order-1042',
      amount: 10_500,
      currency: 'SAR',
      operation: 'purchase',
      operationOutcome: 'succeeded',
      message: 'APPROVED',
      live: false,
    });
    expect(event.createdAt?.toISOString()).toBe('2026-03-01T10:05:03.120Z');
  });

  it('payment_failed: failed, with the gateway message', async () => {
    const event = await parse(fixtureText('webhook-payment-failed'));
    expect(event).toMatchObject({
      kind: 'payment',
      status: 'failed',
      operationOutcome: 'failed',
      message: 'INSUFFICIENT_FUNDS',
      paymentId: INVOICE_ID,
    });
  });

  it('payment_refunded in part: partially_refunded', async () => {
    const event = await parse(fixtureText('webhook-payment-refunded-partial'));
    expect(event).toMatchObject({ kind: 'payment', status: 'partially_refunded', operation: 'refund' });
  });

  it('payment_refunded in full: refunded', async () => {
    const event = await parse(fixtureText('webhook-payment-refunded-full'));
    expect(event).toMatchObject({ kind: 'payment', status: 'refunded', operation: 'refund' });
  });

  it('a payment outside any invoice: paymentId is the payment id, no reference', async () => {
    const event = await parse(fixtureText('webhook-payment-authorized-standalone'));
    expect(event).toMatchObject({
      kind: 'payment',
      status: 'authorized',
      paymentId: 'c8f2d1e3-6b5a-4d4f-9e32-0a1b2c3d4e5f',
      transactionId: 'c8f2d1e3-6b5a-4d4f-9e32-0a1b2c3d4e5f',
      reference: undefined,
    });
  });

  it('balance_transferred: a settlement, not a payment', async () => {
    const event = await parse(fixtureText('webhook-balance-transferred'));
    expect(event).toEqual(
      expect.objectContaining({
        kind: 'settlement',
        type: 'balance_transferred',
        settlementId: '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b',
        amount: 1_250_075,
        currency: 'SAR',
        settlementStatus: 'completed',
      }),
    );
  });

  it('card_auth_authenticated: a card authentication', async () => {
    const event = await parse(fixtureText('webhook-card-auth-authenticated'));
    expect(event).toEqual(
      expect.objectContaining({
        kind: 'card_authentication',
        authenticationId: '7a6b5c4d-3e2f-4109-8877-665544332211',
        outcome: 'authenticated',
      }),
    );
  });
});

describe('every moyasar event type', () => {
  const payments: [string, string, string, string | undefined][] = [
    ['payment_paid', 'paid', 'succeeded', 'purchase'],
    ['payment_failed', 'failed', 'failed', 'purchase'],
    ['payment_faild', 'failed', 'failed', 'purchase'],
    ['payment_refunded', 'refunded', 'refunded', 'refund'],
    ['payment_voided', 'voided', 'canceled', 'void'],
    ['payment_authorized', 'authorized', 'authorized', 'authorize'],
    ['payment_captured', 'captured', 'succeeded', 'capture'],
    ['payment_verified', 'verified', 'pending', undefined],
    ['payment_abandoned', 'initiated', 'canceled', 'purchase'],
    ['payment_expired', 'expired', 'expired', 'purchase'],
  ];
  it.each(payments)('%s (data.status %s) → payment, %s', async (type, dataStatus, status, operation) => {
    const event = await parse(
      envelope((body, data) => {
        body['type'] = type;
        data['status'] = dataStatus;
        if (type === 'payment_refunded') data['refunded'] = 10_500;
      }),
    );
    expect(event.kind).toBe('payment');
    if (event.kind !== 'payment') return;
    expect(event.type).toBe(type);
    expect(event.status).toBe(status);
    expect(event.providerStatus).toBe(dataStatus);
    expect(event.operation).toBe(operation);
    expect(event.paymentId).toBe(INVOICE_ID);
    expect(event.reference).toBe('order-1042');
  });

  it('card_auth_failed → card_authentication, failed', async () => {
    const event = await parse(
      envelope((body) => {
        body['type'] = 'card_auth_failed';
        body['data'] = { id: 'auth-2', status: 'failed' };
      }),
    );
    expect(event).toMatchObject({
      kind: 'card_authentication',
      authenticationId: 'auth-2',
      outcome: 'failed',
    });
  });

  it('an unknown type passes through as kind unknown, after verification', async () => {
    const event = await parse(withFields({ type: 'payout_paid' }));
    expect(event).toMatchObject({
      kind: 'unknown',
      type: 'payout_paid',
      id: 'd1c2b3a4-1111-4222-8333-944455566677',
    });
    const forged = envelope((body) => {
      body['type'] = 'payout_paid';
      body['secret_token'] = 'guess';
    });
    expect(await rejection(parse(forged))).toBeInstanceOf(WebhookVerificationError);
  });

  it('amounts in KWD (3 decimals) and JPY (0) are read as integer minor units', async () => {
    const kwd = await parse(
      envelope((_, data) => {
        data['currency'] = 'KWD';
        data['amount'] = 10_000;
      }),
    );
    expect(kwd).toMatchObject({ amount: 10_000, currency: 'KWD' });
    const jpy = await parse(
      envelope((_, data) => {
        data['currency'] = 'jpy';
        data['amount'] = '1000';
      }),
    );
    expect(jpy).toMatchObject({ amount: 1000, currency: 'JPY' });
  });

  it('a payment event whose data is not a payment is a parse error, after verification', async () => {
    const error = await rejection(parse(withFields({ data: { nothing: true } })));
    expect(error).toBeInstanceOf(WebhookParseError);
    expect((error as WebhookParseError).reason).toBe('invalid_shape');
    const badAmount = await rejection(parse(withFields({}, { amount: 10.5 })));
    expect((badAmount as WebhookParseError).reason).toBe('invalid_shape');
    const noId = await rejection(parse(withFields({ id: undefined })));
    expect((noId as WebhookParseError).reason).toBe('invalid_shape');
  });
});

describe('moyasar webhook verification', () => {
  it('refuses without a configured secret, before reading the body', async () => {
    const error = await rejection(parseMoyasarWebhook({ body: 'not json' }, { webhookSecret: undefined }));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe('missing_secret');
    const empty = await rejection(parseMoyasarWebhook({ body: '{}' }, { webhookSecret: '' }));
    expect((empty as WebhookVerificationError).reason).toBe('missing_secret');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['a number', 12345],
    ['an array', [FIXTURE_WEBHOOK_SECRET]],
    ['an object', { value: FIXTURE_WEBHOOK_SECRET }],
    ['empty', ''],
  ])('refuses a secret_token that is %s as missing_signature', async (_, token) => {
    const body = envelope((b) => {
      if (token === undefined) delete b['secret_token'];
      else b['secret_token'] = token;
    });
    const error = await rejection(parse(body));
    expect((error as WebhookVerificationError).reason).toBe('missing_signature');
  });

  it('refuses a wrong secret_token as bad_signature, before looking at the rest', async () => {
    const wrong = await rejection(parse(withFields({ secret_token: 'not-the-secret' })));
    expect((wrong as WebhookVerificationError).reason).toBe('bad_signature');
    // A forged body that is also malformed is still refused for its token, not its shape.
    const malformed = await rejection(parse(JSON.stringify({ secret_token: 'x', data: 1 })));
    expect((malformed as WebhookVerificationError).reason).toBe('bad_signature');
  });

  it('property: any change to secret_token is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s !== FIXTURE_WEBHOOK_SECRET),
        async (token) => {
          const error = await rejection(parse(withFields({ secret_token: token })));
          expect(error).toBeInstanceOf(WebhookVerificationError);
          expect(['bad_signature', 'missing_signature']).toContain(
            (error as WebhookVerificationError).reason,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: single-character edits of the real secret are rejected as bad_signature', async () => {
    const secret = FIXTURE_WEBHOOK_SECRET;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: secret.length }),
        fc.constantFrom('insert', 'delete', 'replace'),
        fc.string({ minLength: 1, maxLength: 1 }),
        async (at, edit, char) => {
          const i = edit === 'insert' ? at : Math.min(at, secret.length - 1);
          const token =
            edit === 'insert'
              ? secret.slice(0, i) + char + secret.slice(i)
              : edit === 'delete'
                ? secret.slice(0, i) + secret.slice(i + 1)
                : secret.slice(0, i) + char + secret.slice(i + 1);
          fc.pre(token !== secret);
          const error = await rejection(parse(withFields({ secret_token: token })));
          expect((error as WebhookVerificationError).reason).toBe('bad_signature');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never exposes the secret_token in the event', async () => {
    const event = await parse(fixtureText('webhook-payment-paid'));
    expect((event.raw as Record<string, unknown>)['secret_token']).toBe('[REDACTED]');
    expect(JSON.stringify(event)).not.toContain(FIXTURE_WEBHOOK_SECRET);
    expect((event.raw as { data: { id: string } }).data.id).toBe(PAYMENT_ID);
  });

  it('never puts a received token into an error', async () => {
    const error = await rejection(parse(withFields({ secret_token: 'attacker-token-xyz' })));
    expect(JSON.stringify((error as PaybridgeError).toJSON())).not.toContain('attacker-token-xyz');
    expect((error as Error).message).not.toContain(FIXTURE_WEBHOOK_SECRET);
  });

  it('checks live against the expected mode', async () => {
    const live = withFields({ live: true });
    const mismatch = await rejection(parse(live, { expectedLive: false }));
    expect((mismatch as WebhookVerificationError).reason).toBe('mode_mismatch');
    expect(await parse(live, { expectedLive: true })).toMatchObject({ live: true });
    const unmarked = withFields({ live: undefined });
    expect(
      ((await rejection(parse(unmarked, { expectedLive: false }))) as WebhookVerificationError).reason,
    ).toBe('mode_mismatch');
    expect(await parse(unmarked)).toMatchObject({ kind: 'payment', live: undefined });
  });

  it('verifies the exact bytes: Buffer, Uint8Array and ArrayBuffer bodies work; parsed objects do not', async () => {
    const text = fixtureText('webhook-payment-paid');
    const bytes = new TextEncoder().encode(text);
    expect(await parse(Buffer.from(text))).toMatchObject({ status: 'succeeded' });
    expect(await parse(bytes)).toMatchObject({ status: 'succeeded' });
    const fromBuffer = await parseMoyasarWebhook(
      { body: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
      { webhookSecret: FIXTURE_WEBHOOK_SECRET },
    );
    expect(fromBuffer).toMatchObject({ status: 'succeeded' });
    const parsed = await rejection(
      parseMoyasarWebhook({ body: JSON.parse(text) }, { webhookSecret: FIXTURE_WEBHOOK_SECRET }),
    );
    expect((parsed as WebhookParseError).reason).toBe('parsed_body');
    const notJson = await rejection(parse('secret_token=fixture-webhook-secret-3f9a'));
    expect((notJson as WebhookParseError).reason).toBe('not_json');
    const tooLarge = await rejection(
      parseMoyasarWebhook({ body: text }, { webhookSecret: FIXTURE_WEBHOOK_SECRET, maxBodyBytes: 100 }),
    );
    expect((tooLarge as WebhookParseError).reason).toBe('body_too_large');
  });
});

describe('the adapter parseWebhook', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses webhookSecret and checks live against a test key', async () => {
    const moyasar = createMoyasar({ secretKey: TEST_KEY, webhookSecret: FIXTURE_WEBHOOK_SECRET });
    expect(await moyasar.parseWebhook({ body: fixtureText('webhook-payment-paid') })).toMatchObject({
      status: 'succeeded',
      paymentId: INVOICE_ID,
    });
    const live = withFields({ live: true });
    expect(((await rejection(moyasar.parseWebhook({ body: live }))) as WebhookVerificationError).reason).toBe(
      'mode_mismatch',
    );
  });

  it('a live key expects live events; checkLiveMode: false skips the check', async () => {
    const liveAdapter = createMoyasar({ secretKey: LIVE_KEY, webhookSecret: FIXTURE_WEBHOOK_SECRET });
    const testEvent = fixtureText('webhook-payment-paid');
    expect(
      ((await rejection(liveAdapter.parseWebhook({ body: testEvent }))) as WebhookVerificationError).reason,
    ).toBe('mode_mismatch');
    const unchecked = createMoyasar({
      secretKey: LIVE_KEY,
      webhookSecret: FIXTURE_WEBHOOK_SECRET,
      checkLiveMode: false,
    });
    expect(await unchecked.parseWebhook({ body: testEvent })).toMatchObject({ kind: 'payment' });
  });

  it('without a secret key the live check is skipped, unless checkLiveMode: true', async () => {
    vi.stubEnv('MOYASAR_SECRET_KEY', '');
    const noKey = createMoyasar({ webhookSecret: FIXTURE_WEBHOOK_SECRET });
    const live = withFields({ live: true });
    expect(await noKey.parseWebhook({ body: live })).toMatchObject({ live: true });
    const strict = createMoyasar({ webhookSecret: FIXTURE_WEBHOOK_SECRET, checkLiveMode: true });
    const error = await rejection(strict.parseWebhook({ body: live }));
    expect((error as PaybridgeError).code).toBe('missing_setting');
  });

  it('reads the secrets from the environment lazily', async () => {
    const moyasar = createMoyasar();
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET', FIXTURE_WEBHOOK_SECRET);
    vi.stubEnv('MOYASAR_SECRET_KEY', TEST_KEY);
    expect(await moyasar.parseWebhook({ body: fixtureText('webhook-payment-paid') })).toMatchObject({
      status: 'succeeded',
    });
  });

  it('refuses with missing_secret when no webhook secret is configured anywhere', async () => {
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET', '');
    const moyasar = createMoyasar({ secretKey: TEST_KEY });
    const error = await rejection(moyasar.parseWebhook({ body: fixtureText('webhook-payment-paid') }));
    expect((error as WebhookVerificationError).reason).toBe('missing_secret');
  });
});

describe('invoice callback_url POSTs (unverified)', () => {
  it('reads the invoice and marks it unverified', async () => {
    const result = await parseInvoiceCallback({ body: fixtureText('invoice-paid') });
    expect(result).toEqual({
      provider: 'moyasar',
      verified: false,
      invoiceId: INVOICE_ID,
      status: 'succeeded',
      providerStatus: 'paid',
      amount: 10_500,
      currency: 'SAR',
      reference: 'order-1042',
      raw: fixture('invoice-paid'),
    });
  });

  it('needs no secret, so a forged callback parses the same way: it is only a hint', async () => {
    const forged = fixture('invoice-initiated');
    forged['status'] = 'paid';
    const moyasar = createMoyasar();
    const result = await moyasar.parseInvoiceCallback({ body: JSON.stringify(forged) });
    expect(result.verified).toBe(false);
    expect(result.status).toBe('succeeded');
  });

  it('refines by the payments, and refuses what is not an invoice', async () => {
    const refunded = await parseInvoiceCallback({ body: fixtureText('invoice-paid-partially-refunded') });
    expect(refunded.status).toBe('partially_refunded');
    const error = await rejection(parseInvoiceCallback({ body: fixtureText('webhook-payment-paid') }));
    expect((error as WebhookParseError).reason).toBe('invalid_shape');
    const badAmount = fixture('invoice-initiated');
    badAmount['amount'] = 'ten';
    const amountError = await rejection(parseInvoiceCallback({ body: JSON.stringify(badAmount) }));
    expect((amountError as WebhookParseError).reason).toBe('invalid_shape');
  });
});
