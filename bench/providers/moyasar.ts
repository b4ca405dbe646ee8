/**
 * Moyasar: webhooks carry the dashboard's secret in the body (`secret_token`), so the raw work is
 * JSON.parse + one constant-time compare; no hash. createPaymentLink is POST /invoices.
 */

import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMoyasar } from 'paybridge/moyasar';
import { padToSize } from '../lib/bodies.ts';
import type { ProviderBench } from '../lib/types.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/moyasar/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

const WEBHOOK_SECRET = 'bench-moyasar-webhook-secret-5d1c';
const secretBytes = Buffer.from(WEBHOOK_SECRET);

const bench: ProviderBench = {
  provider: 'moyasar',
  entry: 'paybridge/moyasar',
  async webhook(size) {
    const event = { ...fixture('webhook-payment-paid'), secret_token: WEBHOOK_SECRET };
    const body = Buffer.from(padToSize(event, size, ['data', 'metadata']));
    const moyasar = createMoyasar({ secretKey: 'sk_test_bench0000000000', webhookSecret: WEBHOOK_SECRET });
    const input = { body, headers: { 'content-type': 'application/json' } };
    await moyasar.parseWebhook(input);
    return {
      bytes: body.byteLength,
      cold: {
        factory: 'createMoyasar',
        settings: { webhookSecret: WEBHOOK_SECRET },
        input: { body: body.toString('utf8'), headers: input.headers },
      },
      parse: () => moyasar.parseWebhook(input),
      raw: () => {
        const parsed = JSON.parse(body.toString('utf8')) as { secret_token?: unknown; live?: unknown };
        const token = Buffer.from(String(parsed.secret_token));
        if (token.length !== secretBytes.length || !timingSafeEqual(token, secretBytes))
          throw new Error('bad token');
        if (parsed.live !== false) throw new Error('mode');
        return parsed;
      },
    };
  },
  async paymentLink(baseUrl) {
    const invoice = fixture('invoice-initiated');
    const moyasar = createMoyasar({
      secretKey: 'sk_test_bench0000000000',
      baseUrl: `${baseUrl}/v1`,
      retry: false,
    });
    return {
      respond: () => ({ status: 201, json: invoice }),
      create: () =>
        moyasar.createPaymentLink({
          amount: 10_500,
          currency: 'SAR',
          reference: 'order-1042',
          description: 'Order #1042',
          successUrl: 'https://shop.example/paid',
          cancelUrl: 'https://shop.example/cart',
        }),
    };
  },
};

export default bench;
