/**
 * Money-Go: the webhook's `signature` is the checkout signature, SHA-256 of the PHP-style JSON of
 * { wallet_to, wallet_from, amount, id, secret }, recomputed from the body. The raw work: JSON.parse,
 * that text, one SHA-256, a constant-time compare. Real Money-Go webhooks are ~300 bytes; the
 * 1–10 KB sizes are padded with extra fields for comparability.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMoneyGo, signCheckout } from 'paybridge/moneygo';
import { padToSize } from '../lib/bodies.ts';
import type { ProviderBench } from '../lib/types.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/moneygo/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

const FORM_SECRET = 'bench-moneygo-form-secret-1c7e';
const settings = {
  clientId: 'bench-client',
  clientSecret: 'bench-client-secret-0000',
  formSecret: FORM_SECRET,
  walletTo: 'U155332',
};

/** The PHP json_encode text the signature is computed over (ASCII wallet ids and amounts need no escaping). */
const signatureText = (b: Record<string, unknown>) =>
  `{"wallet_to":${JSON.stringify(b['wallet_to'])},"wallet_from":${JSON.stringify(b['wallet_from'])},` +
  `"amount":${JSON.stringify(String(b['amount']))},"id":${JSON.stringify(b['payment_id'])},"secret":${JSON.stringify(FORM_SECRET)}}`;

const bench: ProviderBench = {
  provider: 'moneygo',
  entry: 'paybridge/moneygo',
  async webhook(size) {
    const event: Record<string, unknown> = {
      ...fixture('webhook.seed'),
      payment_id: 'order-1042',
      amount: 10.5,
    };
    const text = signatureText(event);
    // The bench's text must be the adapter's own signing text, or the comparison is unfair.
    const fields = { walletTo: 'U155332', walletFrom: 'U127056', amount: '10.5', id: 'order-1042' };
    event['signature'] = createHash('sha256').update(text).digest('hex');
    if ((await signCheckout(fields, FORM_SECRET)) !== event['signature'])
      throw new Error('signature text differs from the adapter');
    const body = Buffer.from(padToSize(event, size, ['details']));
    const moneygo = createMoneyGo(settings);
    const input = { body, headers: { 'content-type': 'application/json' } };
    await moneygo.parseWebhook(input);
    return {
      bytes: body.byteLength,
      cold: {
        factory: 'createMoneyGo',
        settings: { formSecret: FORM_SECRET },
        input: { body: body.toString('utf8'), headers: input.headers },
      },
      parse: () => moneygo.parseWebhook(input),
      raw: () => {
        const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        const expected = Buffer.from(createHash('sha256').update(signatureText(parsed)).digest('hex'));
        const received = Buffer.from(String(parsed['signature']));
        if (expected.length !== received.length || !timingSafeEqual(expected, received))
          throw new Error('bad');
        return parsed;
      },
    };
  },
  async paymentLink(baseUrl) {
    const moneygo = createMoneyGo({ ...settings, baseUrl, retry: false });
    const token = fixture('token-response');
    const checkout = fixture('checkout-response.seed');
    let n = 0;
    return {
      respond: ({ path }) =>
        path === '/token' ? { status: 200, json: token } : { status: 200, json: checkout },
      create: () =>
        moneygo.createPaymentLink({
          amount: 1_050,
          currency: 'USD',
          reference: `order-${++n}`,
          walletFrom: 'U127056',
          userInfo: 'customer-7',
          successUrl: 'https://shop.example/paid',
          cancelUrl: 'https://shop.example/cart',
          webhookUrl: 'https://shop.example/webhooks/moneygo',
        }),
    };
  },
};

export default bench;
