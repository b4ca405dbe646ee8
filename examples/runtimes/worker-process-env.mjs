// Cloudflare Workers with nodejs_compat (compatibility date 2025-04-01 or later): process.env
// holds the Worker's vars and secrets, so the adapter reads them as it does on Node.
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';

const handler = createWebhookHandler({
  provider: createMoyasar(),
  onEvent: (event) => {
    if (event.kind === 'payment') console.log(`${event.reference} ${event.status}`);
  },
});

export default {
  fetch: (request) => handler.fetch(request),
};
