// Run by scripts/nestjs-project.sh inside the NestJS project it assembled: starts the compiled app
// (dist/main.js, as `npm run start:prod` would) on a free port and posts signed Moyasar webhooks to
// it. A valid one is processed, the same one again is a duplicate, a forged one is refused.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';

const app = spawn(process.execPath, ['dist/main.js'], {
  env: { ...process.env, PORT: '0', MOYASAR_WEBHOOK_SECRET: TEST_CREDENTIALS.moyasar.webhookSecret },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
app.stderr.on('data', (chunk) => {
  output += chunk;
});
const stopped = new Promise((resolve) => app.on('close', resolve));
const fail = setTimeout(() => {
  app.kill();
  console.error(`The NestJS app did not start within 30 s:\n${output}`);
  process.exit(1);
}, 30_000);

const port = await new Promise((resolve, reject) => {
  app.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /POST Moyasar webhooks to http:\/\/\S+?:(\d+)\/webhooks\/moyasar/.exec(output);
    if (match) resolve(match[1]);
  });
  app.on('close', (code) => reject(new Error(`the app exited (${code}):\n${output}`)));
});
clearTimeout(fail);

const base = `http://127.0.0.1:${port}`;
async function post(webhook) {
  const response = await fetch(`${base}/webhooks/moyasar`, {
    method: 'POST',
    body: webhook.body,
    headers: webhook.headers,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

try {
  const webhook = await moyasarWebhook({ reference: 'nest-order-1', amount: 10_500 });
  assert.deepEqual(await post(webhook), { status: 200, body: { received: true } });
  assert.deepEqual(await post(webhook), { status: 200, body: { received: true, duplicate: true } });
  const forged = await moyasarWebhook({ reference: 'nest-order-2', secretToken: 'guessed' });
  const refused = await post(forged);
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error, 'verification_failed');
  const order = await fetch(`${base}/orders/nest-order-1`, { signal: AbortSignal.timeout(10_000) });
  assert.equal((await order.json()).status, 'succeeded');
  assert.equal((await fetch(`${base}/orders/nest-order-2`)).status, 404);
  console.log(`NestJS project ok on Node ${process.version}: signed webhook 200, duplicate 200, forged 401`);
} finally {
  app.kill();
  await stopped;
}
