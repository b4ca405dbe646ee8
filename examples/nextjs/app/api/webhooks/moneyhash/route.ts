/**
 * A Next.js App Router route handler receiving MoneyHash webhooks at POST /api/webhooks/moneyhash.
 * Copy it (and lib/orders.ts) into a Next.js app and set MONEYHASH_WEBHOOK_SECRET.
 *
 * App Router hands over a Web-standard Request, body unread, so `handler.fetch` reads the exact
 * bytes: no body-parser setting to turn off. The default in-memory store dedupes within one server
 * instance; on several instances (or serverless), pass `store: createRedisStore({ url })` from
 * 'paybridge/redis'.
 */
import { createWebhookHandler } from 'paybridge';
import { createMoneyHash } from 'paybridge/moneyhash';
import { fulfilOrder, orders } from '../../../../lib/orders';

export const runtime = 'nodejs';

const webhooks = createWebhookHandler({
  provider: createMoneyHash(),
  async onEvent(event) {
    if (event.kind !== 'payment') return;
    const reference = event.reference ?? event.paymentId;
    if (event.status === 'succeeded') await fulfilOrder(reference);
    orders.set(reference, event.status);
  },
});

export async function POST(request: Request): Promise<Response> {
  return webhooks.fetch(request);
}
