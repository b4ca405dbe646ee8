// Bun: Bun.serve hands Web-standard Requests to handler.fetch. The adapter reads
// MOYASAR_SECRET_KEY and MOYASAR_WEBHOOK_SECRET from the environment (Bun loads .env itself).
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';

const handler = createWebhookHandler({
  provider: createMoyasar(),
  onEvent: (event) => {
    if (event.kind === 'payment') console.log(`${event.reference} ${event.status}`);
  },
});

Bun.serve({ port: Number(process.env.PORT ?? 3000), fetch: (request) => handler.fetch(request) });
