/**
 * Hono on Node (@hono/node-server) receiving MoneyHash webhooks: `npm run example:hono`
 * (reads MONEYHASH_WEBHOOK_SECRET; PORT, default 3000).
 *
 * Hono hands over the Web-standard Request, body unread: `handler.fetch` reads the exact bytes.
 * The same two lines work on Bun, Deno and Cloudflare Workers.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createWebhookHandler, type PaymentStatus } from 'paybridge';
import { createMoneyHash, type MoneyHash } from 'paybridge/moneyhash';

export interface HonoExampleOptions {
  moneyhash?: MoneyHash;
  orders?: Map<string, PaymentStatus>;
  /** Ship the goods, send the receipt… A throw answers 500, so MoneyHash retries the webhook. */
  fulfil?: (reference: string) => unknown;
}

export function createApp(options: HonoExampleOptions = {}): Hono {
  const moneyhash = options.moneyhash ?? createMoneyHash();
  const orders = options.orders ?? new Map<string, PaymentStatus>();
  const fulfil = options.fulfil ?? ((reference: string) => console.log(`order ${reference} paid`));

  const webhooks = createWebhookHandler({
    provider: moneyhash,
    async onEvent(event) {
      if (event.kind !== 'payment') return; // card tokens, payouts, … : nothing to do in this shop
      const reference = event.reference ?? event.paymentId;
      if (event.status === 'succeeded') await fulfil(reference);
      orders.set(reference, event.status);
    },
  });

  const app = new Hono();
  app.post('/webhooks/moneyhash', (c) => webhooks.fetch(c.req.raw));
  app.get('/orders/:reference', (c) => {
    const status = orders.get(c.req.param('reference'));
    return status ? c.json({ status }) : c.json({ error: 'not_found' }, 404);
  });
  return app;
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 3000);
  serve({ fetch: createApp().fetch, port }, (info) =>
    console.log(`POST MoneyHash webhooks to http://localhost:${info.port}/webhooks/moneyhash`),
  );
}
