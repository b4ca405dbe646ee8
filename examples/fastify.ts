/**
 * Fastify 5 receiving Money-Go webhooks: `npm run example:fastify` (reads MONEYGO_CLIENT_ID,
 * MONEYGO_CLIENT_SECRET, MONEYGO_FORM_SECRET and MONEYGO_WALLET_TO; PORT, default 3000).
 *
 * The webhook route lives in its own plugin, whose content-type parser hands over the raw bytes
 * as a Buffer (verification needs them); the rest of the app keeps Fastify's JSON parser.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createWebhookHandler, type PaymentStatus } from 'paybridge';
import { createMoneyGo, type MoneyGo } from 'paybridge/moneygo';

export interface FastifyExampleOptions {
  moneygo?: MoneyGo;
  orders?: Map<string, PaymentStatus>;
  /** Ship the goods, send the receipt… A throw answers 500, so Money-Go retries the webhook. */
  fulfil?: (reference: string) => unknown;
}

export function buildApp(options: FastifyExampleOptions = {}): FastifyInstance {
  const moneygo = options.moneygo ?? createMoneyGo();
  const orders = options.orders ?? new Map<string, PaymentStatus>();
  const fulfil = options.fulfil ?? ((reference: string) => console.log(`order ${reference} paid`));

  const webhooks = createWebhookHandler({
    provider: moneygo,
    // Money-Go's webhook signature is the checkout's, echoed back: it proves the order is yours,
    // not that it was paid (the status is not signed, and the payer has seen that signature). So
    // the handler asks Money-Go's API before calling onEvent (confirm: 'unverified', the default):
    // a status the API does not show yet is answered 503 and stays unprocessed, so a forged
    // "SUCCESS" cannot mark the genuine webhook a duplicate.
    async onEvent(event) {
      if (event.kind !== 'payment' || event.stale || event.reference === undefined) return;
      if (event.status === 'succeeded') await fulfil(event.reference);
      orders.set(event.reference, event.status);
    },
  });

  const app = Fastify();
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/moneygo', async (request, reply) => {
      const result = await webhooks.handle({ body: request.body as Buffer, headers: request.headers });
      return reply.code(result.status).headers(result.headers).send(result.body);
    });
  });
  app.get<{ Params: { reference: string } }>('/orders/:reference', async (request, reply) => {
    const status = orders.get(request.params.reference);
    return status ? { status } : reply.code(404).send({ error: 'not_found' });
  });
  return app;
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 3000);
  const address = await buildApp().listen({ port, host: '0.0.0.0' });
  console.log(`POST Money-Go webhooks to ${address}/webhooks/moneygo`);
}
