/** examples/express.ts on a loopback port, driven with signed Moyasar webhooks. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMoyasar } from 'paybridge/moyasar';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/express';
import { post } from '../helpers/http';
import {
  createFulfilment,
  fetchOrderStatus,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

let server: Server;
let running: RunningExample;
let base: string;

beforeAll(async () => {
  const fulfilment = createFulfilment();
  const app = createApp({
    moyasar: createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret }),
    fulfil: fulfilment.fulfil,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running = {
    url: `${base}/webhooks/moyasar`,
    fulfilment,
    paid: (reference) => moyasarWebhook({ reference }),
    async forged(reference) {
      const genuine = await moyasarWebhook({ reference });
      return {
        // Moyasar signs nothing: its proof is the secret_token inside the body.
        'a tampered byte of secret_token': {
          ...genuine,
          body: tamperAfter(genuine.body, '"secret_token":"moyasar_test_'),
        },
        'a wrong secret': await moyasarWebhook({ reference, secretToken: 'moyasar_guessed_secret' }),
      };
    },
    orderStatus: (reference) => fetchOrderStatus(base, reference),
  };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('examples/express.ts (Moyasar)', () => {
  webhookScenarios(() => running);

  it('keeps express.json() for the other routes: an order created with JSON is then paid by webhook', async () => {
    const reference = newReference();
    const created = await post(`${base}/orders`, JSON.stringify({ reference }), {
      'content-type': 'application/json',
    });
    expect(created.status).toBe(201);
    expect(await running.orderStatus(reference)).toBe('pending');
    const webhook = await moyasarWebhook({ reference });
    expect((await post(running.url, webhook.body, webhook.headers)).status).toBe(200);
    expect(await running.orderStatus(reference)).toBe('succeeded');
  });

  it('a failed payment is recorded without fulfilling the order', async () => {
    const reference = newReference();
    const webhook = await moyasarWebhook({ reference, status: 'failed' });
    expect((await post(running.url, webhook.body, webhook.headers)).status).toBe(200);
    expect(await running.orderStatus(reference)).toBe('failed');
    expect(running.fulfilment.callsFor(reference)).toEqual([]);
  });
});
