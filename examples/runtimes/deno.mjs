// Deno 2, in a project with a package.json (`npm install paybridge`):
// deno run --allow-net --allow-env=MOYASAR_SECRET_KEY,MOYASAR_WEBHOOK_SECRET,PORT server.js
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';

const handler = createWebhookHandler({
  provider: createMoyasar({
    secretKey: Deno.env.get('MOYASAR_SECRET_KEY'),
    webhookSecret: Deno.env.get('MOYASAR_WEBHOOK_SECRET'),
  }),
  onEvent: (event) => {
    if (event.kind === 'payment') console.log(`${event.reference} ${event.status}`);
  },
});

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, (request) => handler.fetch(request));
