/**
 * MoneyHash: v3 signature = hex HMAC-SHA256(secret, base64(body) + t) in `MoneyHash-Signature`.
 * MoneyHash sends no event id, so the adapter digests the body (sha256) for `event.id`; the raw
 * work does the same, so both produce a verified, parsed, dedupable event.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMoneyHash } from 'paybridge/moneyhash';
import { padToSize } from '../lib/bodies.ts';
import type { ProviderBench } from '../lib/types.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../test/fixtures/moneyhash/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

const SECRET = 'bench-moneyhash-signature-secret-8e2f';

const bench: ProviderBench = {
  provider: 'moneyhash',
  entry: 'paybridge/moneyhash',
  async webhook(size) {
    const body = Buffer.from(
      padToSize(fixture('seed.transaction.purchase.successful'), size, ['intent', 'custom_fields']),
    );
    const t = Math.floor(Date.now() / 1000);
    const v3 = createHmac('sha256', SECRET)
      .update(`${body.toString('base64')}${t}`)
      .digest('hex');
    const header = `t=${t},v1=${'0'.repeat(64)},v2=${'0'.repeat(64)},v3=${v3}`;
    const input = { body, headers: { 'moneyhash-signature': header, 'content-type': 'application/json' } };
    const moneyhash = createMoneyHash({
      apiKey: 'bench-api-key-0000',
      webhookSecret: SECRET,
      flowId: 'flow_bench',
    });
    await moneyhash.parseWebhook(input);
    return {
      bytes: body.byteLength,
      cold: {
        factory: 'createMoneyHash',
        settings: { webhookSecret: SECRET },
        input: { body: body.toString('utf8'), headers: input.headers },
      },
      parse: () => moneyhash.parseWebhook(input),
      raw: () => {
        const parts = new Map(header.split(',').map((p) => p.split('=') as [string, string]));
        const ts = Number(parts.get('t'));
        const expected = Buffer.from(
          createHmac('sha256', SECRET)
            .update(`${body.toString('base64')}${ts}`)
            .digest('hex'),
        );
        const received = Buffer.from(parts.get('v3') ?? '');
        if (expected.length !== received.length || !timingSafeEqual(expected, received))
          throw new Error('bad');
        if (Math.abs(Date.now() / 1000 - ts) > 300) throw new Error('stale');
        const event = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        return { id: `sha256:${createHash('sha256').update(body).digest('hex')}`, event };
      },
    };
  },
  async paymentLink(baseUrl) {
    const moneyhash = createMoneyHash({
      apiKey: 'bench-api-key-0000',
      flowId: 'flow_bench',
      baseUrl,
      retry: false,
    });
    const answer = {
      status: { code: 200, message: 'success', errors: [] },
      data: {
        id: 'ePgw3gN',
        embed_url: 'https://embed.moneyhash.io/embed/payment/ePgw3gN',
        status: 'UNPROCESSED',
      },
      count: null,
      next: null,
      previous: null,
    };
    return {
      respond: () => ({ status: 200, json: answer }),
      create: () =>
        moneyhash.createPaymentLink({
          amount: 10_500,
          currency: 'SAR',
          reference: 'order-1042',
          successUrl: 'https://shop.example/paid',
          cancelUrl: 'https://shop.example/cart',
          webhookUrl: 'https://shop.example/webhooks/moneyhash',
        }),
    };
  },
};

export default bench;
