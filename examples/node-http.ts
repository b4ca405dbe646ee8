/**
 * Plain node:http receiving Moyasar webhooks: `npm run example:node` (reads MOYASAR_WEBHOOK_SECRET;
 * PORT, default 3000; REDIS_URL to share the dedupe store between instances).
 *
 * Without REDIS_URL each process remembers processed events in memory, which is right for one
 * instance. With it, every instance claims events in the same Redis, so an event delivered to two
 * instances at once still runs onEvent once.
 */
import { createServer, type Server } from 'node:http';
import { createWebhookHandler, type PaymentStatus } from 'paybridge';
import { createMoyasar, type Moyasar } from 'paybridge/moyasar';
import { createRedisStore } from 'paybridge/redis';

export interface NodeExampleOptions {
  moyasar?: Moyasar;
  /** `redis://…`: use a Redis store shared by every instance (default: an in-memory store). */
  redisUrl?: string | undefined;
  orders?: Map<string, PaymentStatus>;
  /** Ship the goods, send the receipt… A throw answers 500, so Moyasar retries the webhook. */
  fulfil?: (reference: string) => unknown;
}

export function createWebhookServer(options: NodeExampleOptions = {}): Server {
  const orders = options.orders ?? new Map<string, PaymentStatus>();
  const fulfil = options.fulfil ?? ((reference: string) => console.log(`order ${reference} paid`));
  const store = options.redisUrl ? createRedisStore({ url: options.redisUrl }) : undefined;

  const webhooks = createWebhookHandler({
    provider: options.moyasar ?? createMoyasar(),
    store,
    async onEvent(event) {
      if (event.kind !== 'payment') return;
      const reference = event.reference ?? event.paymentId;
      if (event.status === 'succeeded') await fulfil(reference);
      orders.set(reference, event.status);
    },
  });

  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/webhooks/moyasar') {
      webhooks.node(req, res).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('close', () => void store?.close());
  return server;
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 3000);
  createWebhookServer({ redisUrl: process.env.REDIS_URL }).listen(port, () =>
    console.log(`POST Moyasar webhooks to http://localhost:${port}/webhooks/moyasar`),
  );
}
