/**
 * A webhook worker for the SIGKILL test (bundled with esbuild and run as its own process): it
 * handles the signed deliveries given in PAYBRIDGE_DELIVERIES with a Postgres store in
 * transactional mode, and its onEvent writes the merchant's effect through the transaction and
 * then, at the call number PAYBRIDGE_KILL_AT, kills its own process with SIGKILL: after the write,
 * before the commit. Prints one line per delivery: `<id> <status>`.
 */
import { createWebhookHandler } from '../../src/core/webhook-handler';
import { createPostgresStore } from '../../src/postgres/index';
import { createFakeProvider } from '../helpers/fake-provider';

const deliveries = JSON.parse(process.env['PAYBRIDGE_DELIVERIES'] ?? '[]') as {
  id: string;
  body: string;
  headers: Record<string, string>;
}[];
const killAt = Number(process.env['PAYBRIDGE_KILL_AT'] ?? '0');
const store = createPostgresStore(
  { connectionString: process.env['PAYBRIDGE_PG_URL']! },
  { transactional: true, claimTtlMs: Number(process.env['PAYBRIDGE_CLAIM_TTL_MS'] ?? '400') },
);
let calls = 0;
const handler = createWebhookHandler({
  provider: createFakeProvider(),
  store,
  onError: (error, context) => {
    if (context.status >= 500 && context.code !== 'in_flight') {
      console.error(`${context.code}: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
  async onEvent(event, { transaction }) {
    await transaction.query('INSERT INTO merchant_effects (event_id, pid) VALUES ($1, $2)', [
      event.id,
      process.pid,
    ]);
    calls++;
    if (calls === killAt) process.kill(process.pid, 'SIGKILL');
  },
});

for (const delivery of deliveries) {
  // The provider's retries: until the answer is 2xx (a claim left by a killed worker expires first).
  for (let attempt = 0; ; attempt++) {
    const result = await handler.handle({ body: delivery.body, headers: delivery.headers });
    if (result.status === 200) {
      console.log(`${delivery.id} ${'duplicate' in result.body ? 'duplicate' : 'processed'}`);
      break;
    }
    if (attempt > 200) throw new Error(`${delivery.id}: still ${result.status} after 200 attempts`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
await store.close();
