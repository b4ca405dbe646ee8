import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { ProviderError } from 'paybridge';
import { MONEYGO_ERROR_MESSAGES, MoneyGoError } from 'paybridge/moneygo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromDescription } from '../../../src/core/provider-error';
import { describeMoneyGoError } from '../../../src/providers/moneygo/errors';
import { adapter, BASE, fixture, PAYER_WALLET, tokenEndpoint } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Row {
  message: string;
  code: string;
  translation?: string;
  retryable?: boolean;
}
const seed = fixture<{ checkout: Row[]; pay: Row[] }>('errors.seed.json');
const rows = [...seed.checkout, ...seed.pay];
const input = {
  amount: 100,
  currency: 'USD',
  reference: 'order-1',
  walletFrom: PAYER_WALLET,
  userInfo: 'u-1',
};

describe('every 422 message of the seed tables', () => {
  it('the fixture covers every row of MONEYGO_ERROR_MESSAGES', () => {
    for (const row of MONEYGO_ERROR_MESSAGES) {
      expect(rows.some((r) => r.message === row.message)).toBe(true);
    }
    expect(rows).toHaveLength(19);
  });

  it.each(rows.map((r) => [r.message, r.translation ?? '', r] as const))(
    '%s %s → its code, through createPaymentLink',
    async (_message, _translation, row) => {
      const body: Record<string, unknown> = { status: false, message: row.message };
      if (row.translation) body['translation'] = row.translation;
      server.use(
        tokenEndpoint().handler,
        http.post(`${BASE}/api/processing/checkout`, () => HttpResponse.json(body, { status: 422 })),
      );
      const error = await adapter()
        .createPaymentLink(input)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MoneyGoError);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        provider: 'moneygo',
        status: 422,
        code: row.code,
        retryable: row.retryable ?? false,
      });
      expect((error as Error).message).toContain(row.message);
      if (row.translation) expect((error as MoneyGoError).translation).toBe(row.translation);
    },
  );
});

describe('amount limits', () => {
  it.each([
    ['Minimum amount exceeded 1 for USD', 'amount_below_minimum', '1', 'USD', 100],
    ['Minimum amount exceeded 0.50 for USD', 'amount_below_minimum', '0.50', 'USD', 50],
    ['Maximum amount exceeded 10000.00 for EUR.', 'amount_above_maximum', '10000.00', 'EUR', 1_000_000],
    ['maximum amount exceeded 15000 for rub', 'amount_above_maximum', '15000', 'RUB', 1_500_000],
  ])('%s', (message, code, limit, limitCurrency, limitMinor) => {
    expect(describeMoneyGoError(422, { message })).toMatchObject({ code, limit, limitCurrency, limitMinor });
  });

  it('keeps an unreadable limit as text without minor units', () => {
    expect(describeMoneyGoError(422, { message: 'Maximum amount exceeded 1,000 for USDT' })).toMatchObject({
      code: 'amount_above_maximum',
      limit: '1,000',
      limitCurrency: 'USDT',
      limitMinor: undefined,
    });
    // The documented template itself (placeholders not filled in).
    expect(
      describeMoneyGoError(422, { message: 'Minimum amount exceeded %min% for %currency%' }),
    ).toMatchObject({
      code: 'amount_below_minimum',
      limit: undefined,
      limitCurrency: undefined,
    });
  });

  it('reaches the adapter error as fields', async () => {
    server.use(
      tokenEndpoint().handler,
      http.post(`${BASE}/api/processing/checkout`, () =>
        HttpResponse.json({ message: 'Minimum amount exceeded 5.00 for USD' }, { status: 422 }),
      ),
    );
    const error = (await adapter()
      .createPaymentLink(input)
      .catch((e: unknown) => e)) as MoneyGoError;
    expect(error).toMatchObject({
      code: 'amount_below_minimum',
      limit: '5.00',
      limitCurrency: 'USD',
      limitMinor: 500,
    });
    expect(error.toJSON()).toMatchObject({ limit: '5.00', limitCurrency: 'USD', limitMinor: 500 });
  });
});

describe('body shapes', () => {
  it.each<[string, unknown]>([
    ['message', { message: 'Order id is not unique' }],
    ['error string', { error: 'Order id is not unique' }],
    ['error object', { error: { message: 'Order id is not unique' } }],
    ['errors array of strings', { errors: ['Order id is not unique'] }],
    ['errors array of objects', { errors: [{ message: 'Order id is not unique' }] }],
    ['errors map', { errors: { id: ['Order id is not unique'] } }],
    ['data.message', { status: false, data: { message: 'Order id is not unique' } }],
    ['violations', { violations: [{ propertyPath: 'id', title: 'Order id is not unique' }] }],
    ['plain text', 'Order id is not unique'],
    ['different case, spacing and period', { message: '  order ID is  not unique. ' }],
  ])('%s', (_name, body) => {
    expect(describeMoneyGoError(422, body).code).toBe('duplicate_reference');
  });

  it('field errors from violations and error maps', () => {
    const described = describeMoneyGoError(422, {
      violations: [
        { propertyPath: 'amount', message: 'This value should not be blank.' },
        { propertyPath: 'wallet_to', message: 'This value should not be blank.' },
      ],
    });
    expect(described.code).toBe('missing_field');
    expect(described.fieldErrors).toEqual([
      { field: 'amount', message: 'This value should not be blank.' },
      { field: 'wallet_to', message: 'This value should not be blank.' },
    ]);
    expect(
      describeMoneyGoError(422, { errors: { amount: 'This value should be of type numeric.' } }),
    ).toMatchObject({
      code: 'amount_not_numeric',
      fieldErrors: [{ field: 'amount', message: 'This value should be of type numeric.' }],
    });
  });

  it('the first known message decides the code when there are several', () => {
    expect(describeMoneyGoError(422, { errors: ['Something new', 'Signature not identical'] }).code).toBe(
      'signature_mismatch',
    );
  });

  it('a translation alone identifies a blocked user; without one, user_blocked', () => {
    expect(describeMoneyGoError(422, { translation: 'server_error.recipient_account_is_blocked' }).code).toBe(
      'recipient_blocked',
    );
    expect(
      describeMoneyGoError(422, {
        data: { message: 'User is blocked', translation: 'server_error.sender_account_is_blocked' },
      }),
    ).toMatchObject({ code: 'sender_blocked', translation: 'server_error.sender_account_is_blocked' });
    expect(describeMoneyGoError(422, { message: 'User is blocked' }).code).toBe('user_blocked');
  });

  it('unknown messages are kept verbatim; the code is then the category of the status', () => {
    const described = describeMoneyGoError(422, { message: 'Всё сломалось: code 17' });
    expect(described.code).toBeUndefined();
    expect(described.message).toContain('Всё сломалось: code 17');
    expect(described.retryable).toBe(false);
    expect(fromDescription(described, { status: 422, body: undefined }).code).toBe('invalid_request');
  });

  it.each([
    [401, 'authentication', false],
    [404, 'not_found', false],
    [429, 'rate_limited', true],
    [500, 'unavailable', true],
  ])('HTTP %i without a known message → %s', (status, code, retryable) => {
    expect(
      fromDescription(describeMoneyGoError(status, undefined), { status, body: undefined }),
    ).toMatchObject({
      code,
      category: code,
      retryable,
    });
  });

  it('status: true in a 200 body is not an error; status: false is', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, () =>
        HttpResponse.json({ status: false, message: 'Currency is disabled' }),
      ),
    );
    await expect(adapter().getPayment('r')).rejects.toMatchObject({ status: 200, code: 'currency_disabled' });
  });
});
