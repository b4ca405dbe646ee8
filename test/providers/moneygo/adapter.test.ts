import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { InvalidRequestError, PaybridgeError, TimeoutError } from 'paybridge';
import { createMoneyGo, MoneyGoError } from 'paybridge/moneygo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adapter, BASE, fixture, MERCHANT_WALLET, PAYER_WALLET, tokenEndpoint } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Vector {
  name: string;
  fields: Record<string, string>;
  sha256: string;
}
const vectors = fixture<{ vectors: Vector[] }>('php-signature-vectors.json').vectors;
const phpVector = (name: string) => vectors.find((v) => v.name === name)!;

function checkoutEndpoint(
  answer: () => Response | Promise<Response> = () =>
    HttpResponse.json(fixture('checkout-response.seed.json')),
) {
  const seen: Array<{ body: Record<string, unknown>; authorization: string | null }> = [];
  const handler = http.post(`${BASE}/api/processing/checkout`, async ({ request }) => {
    seen.push({
      body: (await request.json()) as Record<string, unknown>,
      authorization: request.headers.get('authorization'),
    });
    return answer();
  });
  return { seen, handler };
}

const input = {
  amount: 1010,
  currency: 'USD',
  reference: 'order-1042',
  walletFrom: PAYER_WALLET,
  userInfo: 'customer-7',
  successUrl: 'https://shop.example/paid',
  cancelUrl: 'https://shop.example/cart',
  webhookUrl: 'https://shop.example/webhooks/moneygo',
};

describe('createPaymentLink', () => {
  it('sends the signed checkout PHP would sign, with a Bearer token, and maps the seed response', async () => {
    const token = tokenEndpoint();
    const checkout = checkoutEndpoint();
    server.use(token.handler, checkout.handler);
    const link = await adapter().createPaymentLink(input);

    expect(checkout.seen).toHaveLength(1);
    const sent = checkout.seen[0]!;
    const php = phpVector('adapter checkout 10.1 USD');
    expect(sent.body).toEqual({
      wallet_to: MERCHANT_WALLET,
      wallet_from: PAYER_WALLET,
      amount: '10.1',
      id: 'order-1042',
      signature: php.sha256,
      success_url: 'https://shop.example/paid',
      cancel_url: 'https://shop.example/cart',
      status_url: 'https://shop.example/webhooks/moneygo',
      user_info: 'customer-7',
    });
    // The same keys as the seed's documented request body, nothing more.
    expect(Object.keys(sent.body).sort()).toEqual(Object.keys(fixture('checkout-request.seed.json')).sort());
    expect(php.fields).toEqual({
      wallet_to: 'U155332',
      wallet_from: 'U127056',
      amount: '10.1',
      id: 'order-1042',
      secret: 'form-secret-for-tests',
    });
    expect(sent.authorization).toBe('Bearer access-token-number-1');
    expect(token.state.bodies[0]).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-id-1',
      client_secret: 'client-secret-for-tests',
      scope: 'api',
    });

    expect(link).toMatchObject({
      provider: 'moneygo',
      id: 'order-1042',
      reference: 'order-1042',
      url: 'https://money-go.com/ru/processing-pay/5d344f714bd0cacbc79a01286bc73e',
      status: 'pending',
      amount: 1010,
      currency: 'USD',
      amountText: '10.1',
      walletFrom: PAYER_WALLET,
      walletTo: MERCHANT_WALLET,
    });
    expect(link.expiresAt?.toISOString()).toBe('2021-02-25T13:20:32.000Z');
    expect(link.raw).toEqual(fixture('checkout-response.seed.json'));
  });

  it('signs a non-ASCII reference exactly as PHP does', async () => {
    const checkout = checkoutEndpoint();
    server.use(tokenEndpoint().handler, checkout.handler);
    await adapter().createPaymentLink({ ...input, amount: 7, reference: 'заказ/😀-7' });
    const php = phpVector('adapter checkout unicode reference');
    expect(checkout.seen[0]!.body['amount']).toBe('0.07');
    expect(checkout.seen[0]!.body['signature']).toBe(php.sha256);
  });

  it.each([
    [1010, '10.1'],
    [100, '1'],
    [7, '0.07'],
    [1, '0.01'],
    [123456789, '1234567.89'],
  ])('sends %i USD cents as %s', async (amount, text) => {
    const checkout = checkoutEndpoint();
    server.use(tokenEndpoint().handler, checkout.handler);
    await adapter().createPaymentLink({ ...input, amount });
    expect(checkout.seen[0]!.body['amount']).toBe(text);
  });

  it('reads expired_at in the configured zone', async () => {
    server.use(tokenEndpoint().handler, checkoutEndpoint().handler);
    const link = await adapter({ expiresAtTimeZone: '+03:00' }).createPaymentLink(input);
    expect(link.expiresAt?.toISOString()).toBe('2021-02-25T10:20:32.000Z');
  });

  it('leaves optional URLs out of the body', async () => {
    const checkout = checkoutEndpoint();
    server.use(tokenEndpoint().handler, checkout.handler);
    await adapter().createPaymentLink({
      amount: 100,
      currency: 'USD',
      reference: 'r-1',
      walletFrom: PAYER_WALLET,
      userInfo: 'u',
    });
    expect(Object.keys(checkout.seen[0]!.body).sort()).toEqual([
      'amount',
      'id',
      'signature',
      'user_info',
      'wallet_from',
      'wallet_to',
    ]);
  });

  const bad: Array<[string, Record<string, unknown>, string, string]> = [
    ['no reference', { reference: '' }, 'missing_field', 'reference'],
    ['no walletFrom', { walletFrom: undefined }, 'missing_field', 'walletFrom'],
    [
      'walletFrom = walletTo',
      { walletFrom: ` ${MERCHANT_WALLET.toLowerCase()} ` },
      'same_wallet',
      'walletFrom',
    ],
    ['no userInfo', { userInfo: ' ' }, 'missing_field', 'userInfo'],
    ['a fractional amount', { amount: 10.5 }, 'invalid_amount', 'amount'],
    ['a string amount', { amount: '1010' }, 'invalid_amount', 'amount'],
    ['a zero amount', { amount: 0 }, 'zero_amount', 'amount'],
    ['an unknown currency', { currency: 'ABC' }, 'unknown_currency', 'currency'],
    ['a malformed currency', { currency: 'US' }, 'invalid_currency', 'currency'],
    ['a currency the wallets do not have', { currency: 'EUR' }, 'currency_mismatch', 'walletTo'],
    ['a payer wallet in another currency', { walletFrom: 'E127056' }, 'currency_mismatch', 'walletFrom'],
    ['a relative success URL', { successUrl: '/paid' }, 'invalid_url', 'successUrl'],
    ['expiresAt', { expiresAt: new Date() }, 'unsupported_field', 'expiresAt'],
    ['metadata', { metadata: { a: 'b' } }, 'unsupported_field', 'metadata'],
    ['a lone surrogate in the reference', { reference: 'a\ud800' }, 'invalid_text', 'id'],
  ];
  it.each(bad)('refuses %s before any request', async (_name, change, code, field) => {
    // No handlers: any request would fail the test (onUnhandledFrame: 'error').
    const error = await adapter()
      .createPaymentLink({ ...input, ...change } as typeof input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code, field });
  });

  it('needs walletTo and formSecret (ConfigurationError naming the env variable)', async () => {
    const noWallet = await adapter({ walletTo: undefined })
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect(noWallet).toMatchObject({ name: 'ConfigurationError', code: 'missing_setting' });
    expect((noWallet as Error).message).toContain('MONEYGO_WALLET_TO');
    const noSecret = await adapter({ formSecret: undefined })
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect((noSecret as Error).message).toContain('MONEYGO_FORM_SECRET');
  });

  it('never retries the checkout POST, and says what to do after a timeout', async () => {
    const checkout = checkoutEndpoint(async () => {
      await delay(2_000);
      return HttpResponse.json(fixture('checkout-response.seed.json'));
    });
    server.use(tokenEndpoint().handler, checkout.handler);
    const error = await adapter({ timeout: 100, retry: 3 })
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('getPayment("order-1042")');
    expect((error as Error).message).toContain('duplicate_reference');
    expect(checkout.seen).toHaveLength(1);
  });

  it('does not retry a 5xx on the checkout either', async () => {
    const checkout = checkoutEndpoint(() => HttpResponse.json({ message: 'Server Error' }, { status: 503 }));
    server.use(tokenEndpoint().handler, checkout.handler);
    const error = await adapter({ retry: 3 })
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoneyGoError);
    expect(error).toMatchObject({
      status: 503,
      retryable: true,
      code: 'unavailable',
      category: 'unavailable',
    });
    expect(checkout.seen).toHaveLength(1);
  });

  it('treats {"status": false} in a 200 answer as an error', async () => {
    server.use(
      tokenEndpoint().handler,
      checkoutEndpoint(() => HttpResponse.json({ status: false, message: 'Order id is not unique' })).handler,
    );
    const error = await adapter()
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoneyGoError);
    expect(error).toMatchObject({ status: 200, code: 'duplicate_reference' });
  });

  it('rejects a 200 answer without a URL as InvalidResponseError', async () => {
    server.use(
      tokenEndpoint().handler,
      checkoutEndpoint(() => HttpResponse.json({ status: true, data: {} })).handler,
    );
    const error = await adapter()
      .createPaymentLink(input)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidResponseError', path: 'data.url' });
  });
});

describe('getPayment', () => {
  it('maps the transaction (PROVIDERS.md shape) to a Payment', async () => {
    const queries: string[] = [];
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(fixture('transaction-show.json'));
      }),
    );
    const payment = await adapter().getPayment('YOUR_PAY_ID');
    expect(queries).toEqual(['?external_id=YOUR_PAY_ID']);
    expect(payment).toMatchObject({
      provider: 'moneygo',
      id: 'YOUR_PAY_ID',
      reference: 'YOUR_PAY_ID',
      status: 'succeeded',
      providerStatus: 'SUCCESS',
      amount: 100,
      checkoutAmount: 100,
      commission: 0,
      currency: 'USD',
      transactionId: '1010',
      walletFrom: 'U127056',
      walletTo: 'U155332',
      cancel: false,
    });
  });

  it.each([
    ['SUCCESS', false, 'succeeded'],
    ['PENDING', false, 'pending'],
    ['FAIL', false, 'failed'],
    ['CANCEL', false, 'canceled'],
    ['PENDING', true, 'canceled'],
    ['SOMETHING_NEW', false, 'pending'],
  ])('status %s with cancel %s → %s', async (status, cancel, expected) => {
    const body = fixture<{ data: Record<string, unknown> & { processing_pay: Record<string, unknown> } }>(
      'transaction-show.json',
    );
    body.data['status'] = status;
    body.data.processing_pay['cancel'] = cancel;
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, () => HttpResponse.json(body)),
    );
    expect((await adapter().getPayment('YOUR_PAY_ID')).status).toBe(expected);
  });

  it('reads a number amount and a currency Money-Go gives a precision for', async () => {
    const body = {
      status: true,
      data: {
        id: 5,
        external_id: 'r',
        amount: 0.00012345,
        status: 'PENDING',
        currency: { code: 'BTC', precession: 8 },
      },
    };
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, () => HttpResponse.json(body)),
    );
    expect(await adapter().getPayment('r')).toMatchObject({
      amount: 12345,
      currency: 'BTC',
      status: 'pending',
    });
  });

  it('empty data or a 404 → payment_not_found', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, () => HttpResponse.json({ status: true, data: [] })),
    );
    await expect(adapter().getPayment('nope')).rejects.toMatchObject({ code: 'payment_not_found' });
    server.use(
      http.get(`${BASE}/api/transaction/show`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
    );
    await expect(adapter().getPayment('nope')).rejects.toMatchObject({
      code: 'payment_not_found',
      status: 404,
    });
  });

  it('retries a GET on 503 (reads are safe to repeat)', async () => {
    let calls = 0;
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/transaction/show`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({}, { status: 503, headers: { 'retry-after': '0' } })
          : HttpResponse.json(fixture('transaction-show.json'));
      }),
    );
    expect((await adapter({ retry: { limit: 2, backoffLimit: 10 } }).getPayment('YOUR_PAY_ID')).status).toBe(
      'succeeded',
    );
    expect(calls).toBe(2);
  });
});

describe('checkWallet', () => {
  it('reports an existing wallet with its currency', async () => {
    const queries: string[] = [];
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/wallet-exists`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(fixture('wallet-exists.json'));
      }),
    );
    const check = await adapter().checkWallet(PAYER_WALLET);
    expect(queries).toEqual([`?number_to=${MERCHANT_WALLET}&number_from=${PAYER_WALLET}`]);
    expect(check).toMatchObject({
      exists: true,
      walletTo: MERCHANT_WALLET,
      walletFrom: PAYER_WALLET,
      currency: 'USD',
    });
  });

  it('empty data, or "Wallet from not exists", means the wallet does not exist', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/wallet-exists`, () => HttpResponse.json(fixture('wallet-exists-empty.json'))),
    );
    expect(await adapter().checkWallet('U1')).toMatchObject({
      exists: false,
      walletFrom: 'U1',
      currency: undefined,
    });
    server.use(
      http.get(`${BASE}/api/wallet-exists`, () =>
        HttpResponse.json({ message: 'Wallet from not exists' }, { status: 422 }),
      ),
    );
    expect(await adapter().checkWallet('U1')).toMatchObject({ exists: false });
  });

  it('a missing merchant wallet is an error, not "does not exist"', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}/api/wallet-exists`, () =>
        HttpResponse.json({ message: 'Wallet to not exists' }, { status: 422 }),
      ),
    );
    await expect(adapter().checkWallet('U1')).rejects.toMatchObject({ code: 'wallet_to_not_found' });
  });
});

describe('transfer', () => {
  it('posts a payout from the merchant wallet with the minimal amount string, never retried', async () => {
    const seen: unknown[] = [];
    server.use(
      tokenEndpoint().handler,
      http.post(`${BASE}/api/transaction/transfer`, async ({ request }) => {
        seen.push(await request.json());
        return HttpResponse.json({
          status: true,
          data: { id: 77, external_id: 'payout-1', status: 'SUCCESS' },
        });
      }),
    );
    const result = await adapter().transfer({
      walletTo: 'U999',
      amount: 2550,
      currency: 'USD',
      paymentId: 'payout-1',
      description: 'Refund #1',
    });
    expect(seen).toEqual([
      {
        wallet_from: MERCHANT_WALLET,
        wallet_to: 'U999',
        amount: '25.5',
        payment_id: 'payout-1',
        description: 'Refund #1',
      },
    ]);
    expect(result).toMatchObject({
      provider: 'moneygo',
      transactionId: '77',
      paymentId: 'payout-1',
      status: 'succeeded',
      providerStatus: 'SUCCESS',
      amount: 2550,
      currency: 'USD',
      walletFrom: MERCHANT_WALLET,
      walletTo: 'U999',
    });
  });

  it('reads an answer without data', async () => {
    server.use(
      tokenEndpoint().handler,
      http.post(`${BASE}/api/transaction/transfer`, () => HttpResponse.json({ status: true })),
    );
    const result = await adapter().transfer({ walletTo: 'U999', amount: 100, currency: 'USD' });
    expect(result).toMatchObject({
      transactionId: undefined,
      status: undefined,
      paymentId: undefined,
      amount: 100,
    });
  });

  it('validates before sending', async () => {
    await expect(
      adapter().transfer({ walletTo: MERCHANT_WALLET, amount: 100, currency: 'USD' }),
    ).rejects.toMatchObject({ code: 'same_wallet' });
    await expect(adapter().transfer({ walletTo: 'E1', amount: 100, currency: 'USD' })).rejects.toMatchObject({
      code: 'currency_mismatch',
    });
    await expect(adapter().transfer({ walletTo: 'U1', amount: 1.5, currency: 'USD' })).rejects.toMatchObject({
      code: 'invalid_amount',
    });
  });
});

describe('settings', () => {
  it('reads credentials from MONEYGO_* variables lazily', async () => {
    const before = { ...process.env };
    const moneygo = createMoneyGoFromEnv();
    Object.assign(process.env, {
      MONEYGO_CLIENT_ID: 'env-client',
      MONEYGO_CLIENT_SECRET: 'env-client-secret',
      MONEYGO_FORM_SECRET: 'form-secret-for-tests',
      MONEYGO_WALLET_TO: MERCHANT_WALLET,
    });
    try {
      const token = tokenEndpoint();
      server.use(
        token.handler,
        http.get(`${BASE}/api/transaction/show`, () => HttpResponse.json(fixture('transaction-show.json'))),
      );
      await moneygo.getPayment('YOUR_PAY_ID');
      expect(token.state.bodies[0]).toMatchObject({
        client_id: 'env-client',
        client_secret: 'env-client-secret',
      });
    } finally {
      process.env = before;
    }
  });

  it('uses the test host for environment: "test"; bad settings are refused at first use, never at construction', async () => {
    const hosts: string[] = [];
    server.use(
      http.post('https://api.money-go-test.com/token', ({ request }) => {
        hosts.push(new URL(request.url).host);
        return HttpResponse.json(fixture('token-response.json'));
      }),
      http.get('https://api.money-go-test.com/api/transaction/show', () =>
        HttpResponse.json(fixture('transaction-show.json')),
      ),
    );
    await adapter({ environment: 'test' }).getPayment('YOUR_PAY_ID');
    expect(hosts).toEqual(['api.money-go-test.com']);
    for (const [settings, code] of [
      [{ environment: 'staging' as 'test' }, 'invalid_setting'],
      [{ expiresAtTimeZone: 'Europe/Moscow' }, 'invalid_setting'],
      [{ baseUrl: 'ftp://x' }, 'invalid_base_url'],
      [{ webhookVerification: 'hmac' as 'none' }, 'invalid_setting'],
    ] as const) {
      const made = adapter(settings); // constructing never throws
      await expect(made.getPayment('YOUR_PAY_ID')).rejects.toMatchObject({
        name: 'ConfigurationError',
        code,
      });
    }
  });

  it('every error is a PaybridgeError', async () => {
    const error = await adapter()
      .getPayment('')
      .catch((e: unknown) => e);
    expect(PaybridgeError.isInstance(error)).toBe(true);
  });
});

function createMoneyGoFromEnv() {
  return createMoneyGo({ retry: false });
}
