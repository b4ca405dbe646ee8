/**
 * examples/nestjs/ as a real NestJS 12 server on a loopback port (Express platform), driven with
 * signed Moyasar webhooks: the shared scenarios, plus what `rawBody: true` is for.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createMoyasar } from 'paybridge/moyasar';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/nestjs/create-app';
import { PaymentsModule } from '../../examples/nestjs/payments.module';
import { post } from '../helpers/http';
import {
  createFulfilment,
  fetchOrderStatus,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

const moyasar = () => createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret });
const quiet = { logger: false, abortOnError: false } as const;

let app: INestApplication;
let running: RunningExample;

beforeAll(async () => {
  const fulfilment = createFulfilment();
  app = await createApp({ moyasar: moyasar(), fulfil: fulfilment.fulfil }, quiet);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  running = {
    url: `${base}/webhooks/moyasar`,
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
    orderStatus: (reference) => fetchOrderStatus(base, reference),
  };
});

afterAll(async () => {
  await app?.close();
});

describe('examples/nestjs (Moyasar)', () => {
  webhookScenarios(() => running);

  it('a failed payment is recorded without fulfilling the order', async () => {
    const reference = newReference();
    const webhook = await moyasarWebhook({ reference, status: 'failed' });
    expect((await post(running.url, webhook.body, webhook.headers)).status).toBe(200);
    expect(await running.orderStatus(reference)).toBe('failed');
    expect(running.fulfilment.callsFor(reference)).toEqual([]);
  });

  it('the adapter is a provider: the module exports it by its token', async () => {
    const { MOYASAR } = await import('../../examples/nestjs/tokens');
    expect(app.get(MOYASAR).name).toBe('moyasar');
  });

  it('without rawBody: true the same module answers 400 with the NestJS fix, and records nothing', async () => {
    const fulfilment = createFulfilment();
    const plain = await NestFactory.create(
      PaymentsModule.forRoot({ moyasar: moyasar(), fulfil: fulfilment.fulfil }),
      quiet,
    );
    await plain.listen(0, '127.0.0.1');
    try {
      const reference = newReference();
      const webhook = await moyasarWebhook({ reference });
      const answer = await post(`${await plain.getUrl()}/webhooks/moyasar`, webhook.body, webhook.headers);
      expect(answer.status).toBe(400);
      expect(answer.json['error']).toBe('invalid_body');
      expect(answer.json['message']).toContain('NestFactory.create(AppModule, { rawBody: true })');
      expect(fulfilment.calls).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
