import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { parseWebhook, toMinorUnits, WebhookParseError, WebhookVerificationError } from 'paybridge';
import { formatMoneyGoAmount, MoneyGoConfirmationError, type MoneyGoWebhookEvent } from 'paybridge/moneygo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { moneyGoWebhookEventId, parseMoneyGoWebhook } from '../../../src/providers/moneygo/webhooks';
import {
  adapter,
  BASE,
  FORM_SECRET,
  fixture,
  MERCHANT_WALLET,
  type MoneyGoWebhookBody,
  PAYER_WALLET,
  signedWebhook,
  tokenEndpoint,
} from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Body = MoneyGoWebhookBody;

const parse = (body: unknown, settings = {}) =>
  adapter(settings).parseWebhook({ body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the seed webhook', () => {
  it('parses with webhookVerification: "none", marked unverified', async () => {
    const event = await parse(fixture('webhook.seed.json'), { webhookVerification: 'none' });
    expect(event).toEqual({
      kind: 'payment',
      provider: 'moneygo',
      coverage: { paymentId: false, status: false, amount: false, reference: false },
      id: 'YOUR_PAY_ID:pending',
      type: '',
      raw: fixture('webhook.seed.json'),
      status: 'pending',
      providerStatus: 'PENDING',
      paymentId: 'YOUR_PAY_ID',
      reference: 'YOUR_PAY_ID',
      amount: 100,
      currency: 'USD',
      transactionId: '1010',
      signatureVerified: false,
      walletFrom: 'U127056',
      walletTo: 'U155332',
      currencyFrom: 'USD',
      commission: 0,
      cancel: false,
    });
  });

  it('is refused by default: its signature was made with a form secret we do not have', async () => {
    await expect(parse(fixture('webhook.seed.json'))).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  it('re-signed with our form secret, it verifies', async () => {
    const event = await parse(await signedWebhook());
    expect(event).toMatchObject({
      signatureVerified: true,
      status: 'pending',
      amount: 100,
      paymentId: 'YOUR_PAY_ID',
    });
  });
});

describe('verification', () => {
  it('the top-level parseWebhook works with the adapter', async () => {
    const event = await parseWebhook(adapter(), { body: JSON.stringify(await signedWebhook()) });
    expect(event.kind).toBe('payment');
  });

  it.each<[string, Partial<Body>]>([
    ['amount', { amount: 100 }],
    ['amount by one cent', { amount: 1.01 }],
    ['wallet_to', { wallet_to: 'U155333' }],
    ['wallet_from', { wallet_from: 'U127057' }],
    ['payment_id', { payment_id: 'OTHER_PAY_ID' }],
  ])('a tampered %s is rejected', async (_field, change) => {
    const body = { ...(await signedWebhook()), ...change };
    const error = await parse(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ reason: 'bad_signature', provider: 'moneygo' });
  });

  it('a different form secret is rejected', async () => {
    await expect(parse(await signedWebhook({}, 'someone-elses-form-secret'))).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('the error never contains the form secret', async () => {
    const error = (await parse(await signedWebhook({}, 'x')).catch(
      (e: unknown) => e,
    )) as WebhookVerificationError;
    expect(JSON.stringify(error.toJSON()) + error.stack).not.toContain(FORM_SECRET);
  });

  it('NOT covered by the signature: status, transaction_id, cancel, commission, currency (confirmWebhook catches them)', async () => {
    const genuine = await signedWebhook({ status: 'PENDING' });
    const forged = { ...genuine, status: 'SUCCESS', transaction_id: 9999, commission: 5, cancel: false };
    expect(await parse(forged)).toMatchObject({
      signatureVerified: true,
      status: 'succeeded',
      transactionId: '9999',
    });
    // 1 USD and 1 JPY have the same amount text ("1"): the currency is not signed either.
    expect(await parse({ ...genuine, currency_to: 'JPY' })).toMatchObject({
      signatureVerified: true,
      amount: 1,
      currency: 'JPY',
    });
  });

  it('missing signature → missing_signature; missing form secret → missing_secret', async () => {
    const { signature: _omit, ...unsigned } = await signedWebhook();
    await expect(parse(unsigned)).rejects.toMatchObject({ reason: 'missing_signature' });
    await expect(parse({ ...unsigned, signature: '' })).rejects.toMatchObject({
      reason: 'missing_signature',
    });
    await expect(parse({ ...unsigned, signature: 42 })).rejects.toMatchObject({
      reason: 'missing_signature',
    });
    await expect(parse(await signedWebhook(), { formSecret: undefined })).rejects.toMatchObject({
      reason: 'missing_secret',
    });
  });

  it('accepts an upper-case hex signature and an amount written as a string', async () => {
    const body = await signedWebhook();
    await expect(
      parse({ ...body, signature: String(body['signature']).toUpperCase() }),
    ).resolves.toMatchObject({
      signatureVerified: true,
    });
    await expect(parse({ ...body, amount: '1.00' })).resolves.toMatchObject({
      amount: 100,
      signatureVerified: true,
    });
  });

  it('verifies the amount as its minimal decimal: 10.1 USD, 0.07 USD, 1500 JPY', async () => {
    for (const [amount, currency, minor] of [
      [10.1, 'USD', 1010],
      [0.07, 'USD', 7],
      [1500, 'JPY', 1500],
    ] as const) {
      const event = await parse(
        await signedWebhook({ amount, currency_to: currency, currency_from: currency }),
      );
      expect(event).toMatchObject({ amount: minor, currency, signatureVerified: true });
    }
  });

  it.each<[string, string, string]>([
    ['not JSON', '{"payment_id":', 'not_json'],
    ['an array', '[]', 'invalid_shape'],
    [
      'no payment_id',
      JSON.stringify({ signature: 'ab', wallet_to: 'U1', wallet_from: 'U2', amount: 1, currency_to: 'USD' }),
      'invalid_shape',
    ],
    [
      'an amount with too many decimals',
      JSON.stringify({ ...fixture('webhook.seed.json'), amount: 1.001 }),
      'invalid_shape',
    ],
    [
      'an unknown currency',
      JSON.stringify({ ...fixture('webhook.seed.json'), currency_to: 'XYZ' }),
      'invalid_shape',
    ],
    [
      'a lone surrogate in payment_id',
      '{"payment_id":"a\\ud800","signature":"ab","wallet_to":"U1","wallet_from":"U2","amount":1,"currency_to":"USD"}',
      'invalid_shape',
    ],
  ])('%s → WebhookParseError %s', async (_name, body, reason) => {
    const error = await parse(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookParseError);
    expect(error).toMatchObject({ reason });
  });

  it('refuses a parsed object and an empty body', async () => {
    await expect(adapter().parseWebhook({ body: {} as unknown as string })).rejects.toMatchObject({
      reason: 'parsed_body',
    });
    await expect(adapter().parseWebhook({ body: '' })).rejects.toMatchObject({ reason: 'empty_body' });
  });

  it('parseMoneyGoWebhook is usable without an adapter', async () => {
    const body = JSON.stringify(await signedWebhook());
    await expect(parseMoneyGoWebhook({ body }, { formSecret: FORM_SECRET })).resolves.toMatchObject({
      signatureVerified: true,
    });
    await expect(parseMoneyGoWebhook({ body })).rejects.toMatchObject({ reason: 'missing_secret' });
  });
});

describe('status mapping (every row of status.ts)', () => {
  it.each<[string | undefined, unknown, string]>([
    ['SUCCESS', false, 'succeeded'],
    ['PENDING', false, 'pending'],
    ['FAIL', false, 'failed'],
    ['CANCEL', false, 'canceled'],
    ['CANCEL', true, 'canceled'],
    ['PENDING', true, 'canceled'],
    ['SUCCESS', true, 'canceled'],
    ['SUCCESS', 1, 'canceled'],
    ['success', false, 'succeeded'],
    ['REFUNDED', false, 'pending'],
    [undefined, false, 'pending'],
  ])('%s with cancel %s → %s', async (status, cancel, expected) => {
    const event = await parse(await signedWebhook({ status, cancel }));
    expect(event.status).toBe(expected);
    expect(event.providerStatus).toBe(status ?? '');
  });
});

describe('event id', () => {
  it('is the same for a retried delivery whatever its byte layout, different for PENDING and SUCCESS', async () => {
    const pending = await signedWebhook({ status: 'PENDING' });
    const a = await parse(JSON.stringify(pending));
    const b = await parse(JSON.stringify(pending, null, 2));
    const success = await parse(await signedWebhook({ status: 'SUCCESS' }));
    const canceledFlag = await parse(await signedWebhook({ status: 'PENDING', cancel: true }));
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(success.id);
    expect(canceledFlag.id).toBe('YOUR_PAY_ID:canceled');
    expect(await moneyGoWebhookEventId({ payment_id: 'p', status: 'SUCCESS' })).toBe('p:succeeded');
  });
});

describe('properties', () => {
  const currencies = ['USD', 'EUR', 'RUB', 'JPY', 'KWD'] as const;

  it('the amount string never loses a digit, also through a JSON number and back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.constantFrom(...currencies),
        (minor, currency) => {
          const text = formatMoneyGoAmount(minor, currency);
          expect(toMinorUnits(text, currency)).toBe(minor);
          expect(text).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
          // What a webhook carries: the JSON number; read back as parseWebhook reads it.
          const number = JSON.parse(text) as number;
          expect(toMinorUnits(String(number), currency, { allowExtraZeroDecimals: true })).toBe(minor);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changing any signed field of a genuine webhook is rejected', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          payment_id: text,
          wallet_to: text,
          wallet_from: text,
          minor: fc.integer({ min: 1, max: 10 ** 9 }),
          currency: fc.constantFrom(...currencies),
        }),
        fc.constantFrom('payment_id', 'wallet_to', 'wallet_from', 'amount'),
        text,
        fc.integer({ min: 1, max: 10 ** 9 }),
        async (fields, target, otherText, otherMinor) => {
          const base = {
            payment_id: fields.payment_id,
            wallet_to: fields.wallet_to,
            wallet_from: fields.wallet_from,
            amount: Number(formatMoneyGoAmount(fields.minor, fields.currency)),
            currency_to: fields.currency,
            status: 'SUCCESS',
          };
          const genuine = await signedWebhook(base);
          expect((await parse(genuine)).amount).toBe(fields.minor);
          const tampered: Record<string, unknown> = { ...genuine };
          if (target === 'amount') {
            fc.pre(otherMinor !== fields.minor);
            tampered['amount'] = Number(formatMoneyGoAmount(otherMinor, fields.currency));
          } else {
            fc.pre(otherText !== fields[target]);
            tampered[target] = otherText;
          }
          await expect(parse(tampered)).rejects.toMatchObject({ reason: 'bad_signature' });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('confirmWebhook', () => {
  function transaction(change: Record<string, unknown> = {}, pp: Record<string, unknown> = {}) {
    const body = fixture<{ data: Record<string, unknown> & { processing_pay: Record<string, unknown> } }>(
      'transaction-show.json',
    );
    Object.assign(body.data, change);
    Object.assign(body.data.processing_pay, pp);
    return body;
  }

  async function confirm(event: MoneyGoWebhookEvent, body: Record<string, unknown>) {
    const queries: string[] = [];
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, ({ request }) => {
        queries.push(new URL(request.url).searchParams.get('external_id') ?? '');
        return HttpResponse.json(body);
      }),
    );
    const result = await adapter()
      .confirmWebhook(event)
      .catch((e: unknown) => e);
    return { result, queries };
  }

  it('returns the API payment when everything agrees', async () => {
    const event = await parse(await signedWebhook({ status: 'SUCCESS' }));
    const { result, queries } = await confirm(event, transaction());
    expect(queries).toEqual(['YOUR_PAY_ID']);
    expect(result).toMatchObject({ status: 'succeeded', amount: 100, reference: 'YOUR_PAY_ID' });
  });

  it('a forged SUCCESS (status is not signed) is caught: the API says PENDING', async () => {
    const genuine = await signedWebhook({ status: 'PENDING' });
    const event = await parse({ ...genuine, status: 'SUCCESS' });
    expect(event.signatureVerified).toBe(true);
    const { result } = await confirm(event, transaction({ status: 'PENDING' }, { status: 'PENDING' }));
    expect(result).toBeInstanceOf(MoneyGoConfirmationError);
    const error = result as MoneyGoConfirmationError;
    expect(error).toMatchObject({ code: 'webhook_not_confirmed', eventId: event.id });
    expect(error.mismatches).toEqual([{ field: 'status', event: 'succeeded', expected: 'pending' }]);
    expect(error.payment.status).toBe('pending');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['amount', { amount: '2.00' }, { amount: 2 }, 'amount'],
    ['currency', { currency: { code: 'EUR', precession: 2 } }, {}, 'currency'],
    ['payer wallet', {}, { wallet_from: 'U1' }, 'walletFrom'],
    ['merchant wallet', {}, { wallet_to: 'U2' }, 'walletTo'],
  ])('a different %s is a mismatch', async (_name, change, pp, field) => {
    const event = await parse(await signedWebhook({ status: 'SUCCESS' }));
    const { result } = await confirm(event, transaction(change, pp));
    expect(result).toBeInstanceOf(MoneyGoConfirmationError);
    expect((result as MoneyGoConfirmationError).mismatches.map((m) => m.field)).toContain(field);
  });

  it('a webhook for another merchant wallet than the configured one is a mismatch', async () => {
    const event = await parse(await signedWebhook({ status: 'SUCCESS', wallet_to: 'U777' }));
    const { result } = await confirm(event, transaction({}, { wallet_to: 'U777' }));
    expect((result as MoneyGoConfirmationError).mismatches).toEqual([
      { field: 'merchantWallet', event: 'U777', expected: MERCHANT_WALLET },
    ]);
  });

  it('confirms unverified events too (webhookVerification: "none")', async () => {
    const event = await parse(fixture('webhook.seed.json'), { webhookVerification: 'none' });
    const { result } = await confirm(event, transaction({ status: 'PENDING' }, { status: 'PENDING' }));
    expect(result).toMatchObject({ status: 'pending', walletFrom: PAYER_WALLET });
  });

  it('refuses something that is not a Money-Go event', async () => {
    await expect(
      adapter().confirmWebhook({ provider: 'moyasar' } as unknown as MoneyGoWebhookEvent),
    ).rejects.toMatchObject({
      name: 'InvalidRequestError',
    });
  });
});
