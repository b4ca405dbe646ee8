/**
 * The adapters' amount conversions never go through a float: outbound (the amount each adapter
 * sends, and for Money-Go signs) is exactly the integer minor units given, or the call is refused
 * before any request; inbound (webhook amounts) is exactly the decimal the provider wrote, or the
 * webhook is refused. Amounts past the safe range are refused, never rounded.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors';
import { ISO_4217_EXPONENTS } from '../../src/core/money';
import { createMoneyGo } from '../../src/providers/moneygo/index';
import { checkoutSignatureText } from '../../src/providers/moneygo/signature';
import { createMoneyHash } from '../../src/providers/moneyhash/index';
import { signMoneyHashWebhook } from '../../src/providers/moneyhash/signature';
import { createMoyasar } from '../../src/providers/moyasar/index';
import { expectPaybridgeError, outcome } from './assert';
import { currency, decimalOf, exactMinor, MAX_SAFE, safeMinor, unsafeMinor } from './money-arbitraries';
import { FUZZ_TIMEOUT_MS, fcParams } from './runs';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** Any minor amount: safe, just past the safe range, or far past it. */
const anyMinor = fc.oneof(safeMinor, unsafeMinor);

/** Records the JSON bodies sent; answers each path with `answers[path]`. */
function recorder(answers: Record<string, { status: number; json: unknown }>) {
  const sent: Array<{ path: string; body: Record<string, unknown> }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const text = await request.text();
    sent.push({ path, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    const answer = answers[path] ?? { status: 404, json: {} };
    return Response.json(answer.json, { status: answer.status });
  };
  return { sent, fetch };
}

/** Outbound: refused before any request, or the request carries exactly `minor`. */
async function checkOutbound(
  minor: bigint,
  code: string,
  run: () => Promise<unknown>,
  sentMinor: () => bigint | undefined,
  requests: () => number,
): Promise<void> {
  const result = await outcome(run);
  const sent = sentMinor();
  if (minor > MAX_SAFE) {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(InvalidRequestError);
    expect(requests()).toBe(0);
  } else if (sent !== undefined) {
    expect(sent, `${minor} ${code}`).toBe(minor);
  } else {
    expect(result.ok).toBe(false);
    if (!result.ok) expectPaybridgeError(result.error);
  }
}

/** Inbound: an accepted event carries exactly the amount written; a refused one is a PaybridgeError. */
function checkInbound(result: Awaited<ReturnType<typeof outcome>>, written: bigint | undefined): void {
  if (result.ok) {
    expect(written).toBeDefined();
    expect(BigInt((result.value as { amount: number }).amount)).toBe(written);
  } else {
    expectPaybridgeError(result.error);
  }
}

describe('fuzz: adapter amounts never go through a float', () => {
  it(
    'moyasar: createPaymentLink sends exactly the minor units, refuses unsafe ones before any request',
    async () => {
      const invoice = JSON.parse(fixture('moyasar/invoice-initiated.json')) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, async (code, minor) => {
          const r = recorder({ '/v1/invoices': { status: 201, json: { ...invoice, currency: code } } });
          const moyasar = createMoyasar({ secretKey: 'sk_test_money0000', fetch: r.fetch, retry: false });
          const amount = Number(minor);
          await checkOutbound(
            minor,
            code,
            () => moyasar.createPaymentLink({ amount, currency: code, reference: 'order-1' }),
            () => (r.sent[0] ? BigInt(r.sent[0].body['amount'] as number) : undefined),
            () => r.sent.length,
          );
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'moyasar: a webhook amount is read exactly or the webhook is refused',
    async () => {
      const secret = 'money-fuzz-moyasar-secret';
      const moyasar = createMoyasar({ secretKey: 'sk_test_money0000', webhookSecret: secret });
      const event = JSON.parse(fixture('moyasar/webhook-payment-paid.json')) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, async (code, minor) => {
          const data = {
            ...(event['data'] as Record<string, unknown>),
            amount: '@@AMOUNT@@',
            currency: code,
          };
          const body = JSON.stringify({ ...event, secret_token: secret, data }).replace(
            '"@@AMOUNT@@"',
            minor.toString(),
          );
          checkInbound(await outcome(() => moyasar.parseWebhook({ body, headers: {} })), minor);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'moneyhash: createPaymentLink sends exactly the decimal of the minor units, or refuses before any request',
    async () => {
      const ok = {
        status: { code: 200, message: 'success', errors: [] },
        data: {
          id: 'ePgw3gN',
          embed_url: 'https://embed.moneyhash.io/embed/payment/ePgw3gN',
          status: 'UNPROCESSED',
        },
      };
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, async (code, minor) => {
          const r = recorder({ '/api/v1.1/payments/intent/': { status: 200, json: ok } });
          const moneyhash = createMoneyHash({
            apiKey: 'money-fuzz-key',
            flowId: 'flow_1',
            fetch: r.fetch,
            retry: false,
          });
          await checkOutbound(
            minor,
            code,
            () =>
              moneyhash.createPaymentLink({ amount: Number(minor), currency: code, reference: 'order-1' }),
            () => {
              const sent = r.sent[0]?.body['amount'];
              return typeof sent === 'string' ? exactMinor(sent, ISO_4217_EXPONENTS[code]!) : undefined;
            },
            () => r.sent.length,
          );
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'moneyhash: a webhook amount (major units, number or string) is read exactly or the webhook is refused',
    async () => {
      const secret = 'money-fuzz-moneyhash-secret';
      const T = 1_767_225_600;
      const moneyhash = createMoneyHash({
        apiKey: 'money-fuzz-key',
        webhookSecret: secret,
        flowId: 'flow_1',
      });
      const template = fixture('moneyhash/seed.transaction.purchase.successful.json');
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, fc.boolean(), async (code, minor, asString) => {
          const decimal = decimalOf(minor, ISO_4217_EXPONENTS[code]!);
          const value = asString ? JSON.stringify(decimal) : decimal;
          const body = template
            .replace(/"value":\s*50/g, `"value": ${value}`)
            .replace(/"currency":\s*"USD"/g, `"currency": "${code}"`);
          const header = await signMoneyHashWebhook(secret, body, T);
          const result = await outcome(() =>
            moneyhash.parseWebhook(
              { body, headers: { 'moneyhash-signature': header } },
              { now: new Date(T * 1000) },
            ),
          );
          checkInbound(result, minor);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'moneygo: the checkout amount sent and signed is exactly the minor units, or the call is refused before the checkout',
    async () => {
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, async (code, minor) => {
          const r = recorder({
            '/token': {
              status: 200,
              json: { token_type: 'Bearer', expires_in: 3600, access_token: 'money-fuzz-token' },
            },
            '/api/processing/checkout': {
              status: 200,
              json: {
                status: true,
                data: { url: 'https://money-go.com/pay/x', expired_at: '2026-01-01 00:00:00' },
              },
            },
          });
          const moneygo = createMoneyGo({
            clientId: 'c',
            clientSecret: 'money-fuzz-client-secret',
            formSecret: 'money-fuzz-form-secret',
            walletTo: 'U155332',
            baseUrl: 'https://api.money-go.test',
            fetch: r.fetch,
            retry: false,
          });
          const checkout = () => r.sent.find((s) => s.path === '/api/processing/checkout')?.body;
          await checkOutbound(
            minor,
            code,
            () =>
              moneygo.createPaymentLink({
                amount: Number(minor),
                currency: code,
                reference: 'order-1',
                walletFrom: 'U127056',
                userInfo: 'customer-7',
              }),
            () => {
              const sent = checkout();
              if (!sent) return undefined;
              const text = sent['amount'] as string;
              // The signature covers that very string.
              const signed = checkoutSignatureText(
                { walletTo: 'U155332', walletFrom: 'U127056', amount: text, id: 'order-1' },
                'money-fuzz-form-secret',
              );
              expect(signed).toContain(`"amount":"${text}"`);
              return exactMinor(text, ISO_4217_EXPONENTS[code]!);
            },
            () => (checkout() ? 1 : 0),
          );
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'moneygo: a webhook amount is read exactly or the webhook is refused',
    async () => {
      const formSecret = 'money-fuzz-form-secret';
      const moneygo = createMoneyGo({ clientId: 'c', clientSecret: 's', formSecret, walletTo: 'U155332' });
      const seed = JSON.parse(fixture('moneygo/webhook.seed.json')) as Record<string, unknown>;
      const { createHash } = await import('node:crypto');
      await fc.assert(
        fc.asyncProperty(currency, anyMinor, async (code, minor) => {
          const exp = ISO_4217_EXPONENTS[code]!;
          const decimal = decimalOf(minor, exp);
          // Signed over the minimal decimal of the exact value, as the checkout was.
          const minimal = decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
          const text = checkoutSignatureText(
            {
              walletTo: String(seed['wallet_to']),
              walletFrom: String(seed['wallet_from']),
              amount: minimal,
              id: String(seed['payment_id']),
            },
            formSecret,
          );
          const signature = createHash('sha256').update(text).digest('hex');
          const body = JSON.stringify({ ...seed, currency_to: code, signature, amount: '@@A@@' }).replace(
            '"@@A@@"',
            decimal,
          );
          checkInbound(await outcome(() => moneygo.parseWebhook({ body, headers: {} })), minor);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
