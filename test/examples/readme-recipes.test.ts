/**
 * The README's Fastify and NestJS recipes, as written: each one's code is copied below between
 * markers, a test checks that the copy is the README's code line for line (and imports what it
 * imports), and the copy runs as a real server receiving signed Moyasar webhooks.
 */
import {
  Controller,
  type INestApplication,
  Inject,
  Logger,
  Module,
  Post,
  type RawBodyRequest,
  Req,
  Res,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request, Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { createWebhookHandler, type WebhookHandler } from 'paybridge';
import { createMoyasar, type Moyasar, type MoyasarWebhookEvent } from 'paybridge/moyasar';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { post } from '../helpers/http';
import { expectCopiedAsWritten as copiedAsWritten } from '../helpers/readme-recipe';

const expectCopiedAsWritten = (name: string) => copiedAsWritten(name, import.meta.url);

/** What the recipes' `onEvent` does here: records the references of processed payments. */
const processed: string[] = [];
const onEvent = async (event: MoyasarWebhookEvent) => {
  if (event.kind === 'payment') processed.push(event.reference ?? event.paymentId);
};

async function fastifyRecipe(handler: WebhookHandler<MoyasarWebhookEvent>): Promise<FastifyInstance> {
  // ---- README recipe: fastify ----
  const app = Fastify();
  app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers(); // in this plugin only: Fastify's JSON parser is gone
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    webhooks.post('/webhooks/moyasar', async (request, reply) => {
      const result = await handler.handle({ body: request.body as Buffer, headers: request.headers });
      return reply.code(result.status).headers(result.headers).send(result.body);
    });
  });
  // ---- end of README recipe ----
  return app;
}

async function nestRecipe(): Promise<INestApplication> {
  // ---- README recipe: nestjs ----
  @Controller('webhooks')
  class WebhooksController {
    constructor(@Inject('MOYASAR_WEBHOOKS') private readonly webhooks: WebhookHandler<MoyasarWebhookEvent>) {}

    @Post('moyasar')
    async moyasar(@Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
      const result = await this.webhooks.handle({ body: req.rawBody ?? '', headers: req.headers });
      res.status(result.status).set(result.headers).send(JSON.stringify(result.body));
    }
  }

  @Module({
    controllers: [WebhooksController],
    providers: [
      { provide: 'MOYASAR', useFactory: () => createMoyasar() }, // inject it to create links, refund…
      {
        provide: 'MOYASAR_WEBHOOKS',
        inject: ['MOYASAR'],
        useFactory: (moyasar: Moyasar) => createWebhookHandler({ provider: moyasar, onEvent }),
      },
    ],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { rawBody: true }); // main.ts; then app.listen(3000)
  // ---- end of README recipe ----
  return app;
}

/** Posts a fresh signed webhook twice, then a forged one. */
async function deliver(url: string, reference: string) {
  const webhook = await moyasarWebhook({ reference });
  const first = await post(url, webhook.body, webhook.headers);
  const again = await post(url, webhook.body, webhook.headers);
  const forgedWebhook = await moyasarWebhook({ reference: `${reference}-forged`, secretToken: 'guessed' });
  const forged = await post(url, forgedWebhook.body, forgedWebhook.headers);
  return [first, again, forged].map((a) => ({
    status: a.status,
    error: a.json['error'],
    duplicate: a.json['duplicate'],
  }));
}

const expectedAnswers = [
  { status: 200, error: undefined, duplicate: undefined },
  { status: 200, error: undefined, duplicate: true },
  { status: 401, error: 'verification_failed', duplicate: undefined },
];

beforeAll(() => {
  vi.stubEnv('MOYASAR_WEBHOOK_SECRET', TEST_CREDENTIALS.moyasar.webhookSecret);
  Logger.overrideLogger(false);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const moyasarHandler = () =>
  createWebhookHandler({
    provider: createMoyasar({ webhookSecret: TEST_CREDENTIALS.moyasar.webhookSecret }),
    onEvent,
  });

describe('README: the Fastify recipe', () => {
  it('is copied here as written', () => expectCopiedAsWritten('fastify'));

  it('receives JSON webhooks: processed, then a duplicate; a forgery 401; other routes still parse JSON', async () => {
    const app = await fastifyRecipe(moyasarHandler());
    app.post('/orders', async (request) => ({ parsed: request.body }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(await deliver(`${base}/webhooks/moyasar`, 'fastify-order-1')).toEqual(expectedAnswers);
      expect(processed).toContain('fastify-order-1');
      const order = await post(`${base}/orders`, '{"reference":"o-1"}', {
        'content-type': 'application/json',
      });
      expect(order.json).toEqual({ parsed: { reference: 'o-1' } });
    } finally {
      await app.close();
    }
  });

  it('without removeAllContentTypeParsers() (the old recipe) JSON webhooks get 400, and the message names the fix', async () => {
    const handler = moyasarHandler();
    const app = Fastify();
    app.register(async (webhooks) => {
      webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      webhooks.post('/webhooks/moyasar', async (request, reply) => {
        const result = await handler.handle({ body: request.body as Buffer, headers: request.headers });
        return reply.code(result.status).headers(result.headers).send(result.body);
      });
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const webhook = await moyasarWebhook({ reference: 'fastify-order-2' });
      const answer = await post(`${base}/webhooks/moyasar`, webhook.body, webhook.headers);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: 'invalid_body', reason: 'parsed_body' });
      expect(answer.json['message']).toContain('removeAllContentTypeParsers()');
      expect(processed).not.toContain('fastify-order-2');
    } finally {
      await app.close();
    }
  });
});

describe('README: the NestJS recipe', () => {
  it('is copied here as written', () => expectCopiedAsWritten('nestjs'));

  it('receives JSON webhooks through req.rawBody: processed, then a duplicate; a forgery 401', async () => {
    const app = await nestRecipe();
    await app.listen(0, '127.0.0.1');
    try {
      expect(await deliver(`${await app.getUrl()}/webhooks/moyasar`, 'nest-order-1')).toEqual(
        expectedAnswers,
      );
      expect(processed).toContain('nest-order-1');
    } finally {
      await app.close();
    }
  });
});
