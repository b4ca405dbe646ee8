// Node ≥ 22.12: node:http. The adapter reads MOYASAR_SECRET_KEY and MOYASAR_WEBHOOK_SECRET from
// the environment when it first needs them.
import { createServer } from 'node:http';
import { createWebhookHandler } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';

const handler = createWebhookHandler({
  provider: createMoyasar(),
  onEvent: (event) => {
    if (event.kind === 'payment') console.log(`${event.reference} ${event.status}`);
  },
});

createServer((req, res) => handler.node(req, res)).listen(Number(process.env.PORT ?? 3000));
