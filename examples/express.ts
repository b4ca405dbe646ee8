/**
 * Express 5 receiving Moyasar webhooks: `npm run example:express`
 * (reads MOYASAR_WEBHOOK_SECRET, and MOYASAR_SECRET_KEY if set to check live/test mode; PORT, default 3000).
 *
 * Only the webhook route gets the raw bytes (`express.raw`): verification needs the body exactly
 * as sent. Every other route keeps `express.json()`.
 */
import express from 'express';
import { createWebhookHandler, type PaymentStatus } from 'paybridge';
import { createMoyasar, type Moyasar } from 'paybridge/moyasar';

export interface Order {
  status: PaymentStatus;
  paymentId?: string;
}

export interface ExpressExampleOptions {
  moyasar?: Moyasar;
  orders?: Map<string, Order>;
  /** Ship the goods, send the receipt… A throw answers 500, so Moyasar retries the webhook. */
  fulfil?: (reference: string) => unknown;
}

export function createApp(options: ExpressExampleOptions = {}): express.Express {
  const moyasar = options.moyasar ?? createMoyasar();
  const orders = options.orders ?? new Map<string, Order>();
  const fulfil = options.fulfil ?? ((reference: string) => console.log(`order ${reference} paid`));

  const webhooks = createWebhookHandler({
    provider: moyasar,
    async onEvent(event) {
      if (event.kind !== 'payment') return; // refunds of transfers, … : nothing to do in this shop
      const reference = event.reference ?? event.paymentId;
      if (event.status === 'succeeded') await fulfil(reference);
      orders.set(reference, { status: event.status, paymentId: event.paymentId });
    },
  });

  const app = express();
  app.post('/webhooks/moyasar', express.raw({ type: '*/*' }), (req, res) => webhooks.node(req, res));
  app.use(express.json());
  app.post('/orders', (req, res) => {
    const reference: unknown = req.body?.reference;
    if (typeof reference !== 'string') return void res.status(400).json({ error: 'reference required' });
    orders.set(reference, { status: 'pending' });
    res.status(201).json({ reference });
  });
  app.get('/orders/:reference', (req, res) => {
    const order = orders.get(req.params.reference);
    if (order) res.json(order);
    else res.sendStatus(404);
  });
  return app;
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 3000);
  createApp().listen(port, () =>
    console.log(`POST Moyasar webhooks to http://localhost:${port}/webhooks/moyasar`),
  );
}
