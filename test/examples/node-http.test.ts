/**
 * examples/node-http.ts on loopback ports, driven with signed Moyasar webhooks: with its default
 * in-memory store, then with REDIS_URL against a real redis-server (two instances sharing it).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaymentStatus } from 'paybridge';
import { createMoyasar } from 'paybridge/moyasar';
import { moyasarWebhook, type SignedWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookServer, type NodeExampleOptions } from '../../examples/node-http';
import { post } from '../helpers/http';
import { type RedisServer, startRedisServer } from '../helpers/redis-server';
import {
  createFulfilment,
  deliverUntilSettled,
  type Fulfilment,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

const moyasar = () => createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret });

interface Started {
  url: string;
  orders: Map<string, PaymentStatus>;
  close(): Promise<void>;
}

async function start(options: NodeExampleOptions): Promise<Started> {
  const orders = new Map<string, PaymentStatus>();
  const server: Server = createWebhookServer({ moyasar: moyasar(), orders, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/moyasar`,
    orders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function running(started: Started, fulfilment: Fulfilment): RunningExample {
  return {
    url: started.url,
    fulfilment,
    paid: (reference) => moyasarWebhook({ reference }),
    async forged(reference) {
      const genuine = await moyasarWebhook({ reference });
      return {
        'a tampered byte of secret_token': {
          ...genuine,
          body: tamperAfter(genuine.body, '"secret_token":"moyasar_test_'),
        },
        'a wrong secret': await moyasarWebhook({ reference, secretToken: 'moyasar_guessed_secret' }),
      };
    },
    orderStatus: async (reference) => started.orders.get(reference),
  };
}

describe('examples/node-http.ts with the in-memory store', () => {
  const fulfilment = createFulfilment();
  let started: Started;
  beforeAll(async () => {
    started = await start({ fulfil: fulfilment.fulfil });
  });
  afterAll(() => started.close());

  webhookScenarios(() => running(started, fulfilment));

  it('answers 404 off the webhook route', async () => {
    const response = await fetch(started.url.replace('/webhooks/moyasar', '/elsewhere'), { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('examples/node-http.ts with REDIS_URL (a real redis-server)', () => {
  const fulfilment = createFulfilment();
  let redis: RedisServer;
  let first: Started;
  let second: Started;
  beforeAll(async () => {
    redis = await startRedisServer();
    first = await start({ fulfil: fulfilment.fulfil, redisUrl: redis.url });
    second = await start({ fulfil: fulfilment.fulfil, redisUrl: redis.url });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.stop();
  });

  webhookScenarios(() => running(first, fulfilment));

  it('two instances sharing Redis: every event three times, interleaved and concurrent, runs onEvent once per event', async () => {
    const references = Array.from({ length: 10 }, () => newReference('shared'));
    const webhooks = new Map<string, SignedWebhook>();
    for (const reference of references) webhooks.set(reference, await moyasarWebhook({ reference }));
    const deliveries = references.flatMap((reference, i) =>
      [0, 1, 2].map((copy) => ({ url: (i + copy) % 2 === 0 ? first.url : second.url, reference })),
    );
    const answers = await Promise.all(
      deliveries.map(({ url, reference }) => deliverUntilSettled(url, webhooks.get(reference)!)),
    );
    expect(answers.map((a) => a.at(-1)!.status)).toEqual(Array(deliveries.length).fill(200));
    for (const reference of references) {
      expect(fulfilment.callsFor(reference)).toEqual([reference]);
      // The order is recorded by whichever instance processed it, in that instance's memory.
      expect(first.orders.get(reference) ?? second.orders.get(reference)).toBe('succeeded');
    }
    const processed = answers.map((a) => a.at(-1)!).filter((a) => a.json['duplicate'] !== true);
    expect(processed).toHaveLength(references.length);
  });

  it('Redis down: 503 with retry-after and nothing processed; after a restart the retry is processed', async () => {
    const reference = newReference('outage');
    const webhook = await moyasarWebhook({ reference });
    await redis.kill();
    const during = await post(first.url, webhook.body, webhook.headers);
    expect(during.status).toBe(503);
    expect(during.json['error']).toBe('store_unavailable');
    expect(during.headers.get('retry-after')).toBeTruthy();
    expect(fulfilment.callsFor(reference)).toEqual([]);
    await redis.restart();
    const after = await deliverUntilSettled(second.url, webhook);
    expect(after.at(-1)!.status).toBe(200);
    expect(after.at(-1)!.json).toEqual({ received: true });
    expect(fulfilment.callsFor(reference)).toEqual([reference]);
  });
});
