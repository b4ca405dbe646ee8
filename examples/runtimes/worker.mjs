// Cloudflare Workers: the handler is built once, at module scope. Nothing random, no I/O and no
// timer happens before the first request, so Workers accept it there. Secrets come from `env`
// (`wrangler secret put MOYASAR_WEBHOOK_SECRET`), with or without nodejs_compat.
import { env } from 'cloudflare:workers';
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';

const handler = createWebhookHandler({
  provider: createMoyasar({ secretKey: env.MOYASAR_SECRET_KEY, webhookSecret: env.MOYASAR_WEBHOOK_SECRET }),
  onEvent: (event) => {
    if (event.kind === 'payment') console.log(`${event.reference} ${event.status}`);
  },
});

export default {
  fetch: (request) => handler.fetch(request),
};
