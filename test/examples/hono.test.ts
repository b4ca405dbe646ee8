/** examples/hono.ts on @hono/node-server, on a loopback port, driven with signed MoneyHash webhooks. */
import { serve } from '@hono/node-server';
import { createMoneyHash } from 'paybridge/moneyhash';
import { moneyHashWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/hono';
import { post } from '../helpers/http';
import {
  createFulfilment,
  fetchOrderStatus,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

let close: () => Promise<void>;
let running: RunningExample;

beforeAll(async () => {
  const fulfilment = createFulfilment();
  const app = createApp({
    moneyhash: createMoneyHash({ webhookSecret: TEST_CREDENTIALS.moneyhash.webhookSecret }),
    fulfil: fulfilment.fulfil,
  });
  const port = await new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    close = () => new Promise((r) => server.close(() => r()));
  });
  const base = `http://127.0.0.1:${port}`;
  running = {
    url: `${base}/webhooks/moneyhash`,
    fulfilment,
    paid: (reference) => moneyHashWebhook({ reference }),
    async forged(reference) {
      const genuine = await moneyHashWebhook({ reference });
      return {
        'a tampered byte of the body': { ...genuine, body: tamperAfter(genuine.body, '"value":') },
        'a wrong secret': await moneyHashWebhook({ reference, secret: 'mh_guessed_secret' }),
      };
    },
    orderStatus: (reference) => fetchOrderStatus(base, reference),
  };
});

afterAll(() => close());

describe('examples/hono.ts (MoneyHash)', () => {
  webhookScenarios(() => running);

  it('a webhook signed too long ago is refused (401) and not processed', async () => {
    const reference = newReference();
    const stale = await moneyHashWebhook({ reference, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const answer = await post(running.url, stale.body, stale.headers);
    expect(answer.status).toBe(401);
    expect(running.fulfilment.callsFor(reference)).toEqual([]);
  });
});
