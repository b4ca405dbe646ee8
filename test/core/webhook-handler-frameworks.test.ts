/**
 * The handler inside real frameworks on loopback ports: the few lines each integration takes.
 * (The runnable examples come with the adapters; these pin down that the API fits.)
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createWebhookHandler, type PaymentEvent } from 'paybridge';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, signedWebhook } from '../helpers/fake-provider';
import { post } from '../helpers/http';

type FakeEvent = PaymentEvent<'fake'>;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function setup() {
  const ids: string[] = [];
  const handler = createWebhookHandler<FakeEvent>({
    provider: createFakeProvider(),
    onEvent: (event) => {
      ids.push(event.id);
    },
  });
  return { ids, handler };
}

async function listenExpress(app: express.Express): Promise<string> {
  const server = await new Promise<ReturnType<express.Express['listen']>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Delivers a fresh event, then the same one again: 200 processed, then 200 duplicate. */
async function deliverTwice(url: string, id: string) {
  const delivery = await signedWebhook(id);
  const first = await post(url, delivery.body, delivery.headers);
  const second = await post(url, delivery.body, delivery.headers);
  return [first, second];
}

describe('createWebhookHandler in frameworks', () => {
  it('Express: express.raw on the webhook route, then handler.node(req, res)', async () => {
    const { ids, handler } = setup();
    const app = express();
    app.post('/webhooks', express.raw({ type: '*/*' }), (req, res) => handler.node(req, res));
    const base = await listenExpress(app);
    const [first, second] = await deliverTwice(`${base}/webhooks`, 'evt_express');
    expect(first!.status).toBe(200);
    expect(second!.json).toEqual({ received: true, duplicate: true });
    expect(ids).toEqual(['evt_express']);
  });

  it('Express: without any body parser, handler.node reads the stream itself', async () => {
    const { ids, handler } = setup();
    const app = express();
    app.post('/webhooks', (req, res) => handler.node(req, res));
    const base = await listenExpress(app);
    const [first] = await deliverTwice(`${base}/webhooks`, 'evt_express_stream');
    expect(first!.status).toBe(200);
    expect(ids).toEqual(['evt_express_stream']);
  });

  it('Express: express.json() before the handler is answered 400 with the fix', async () => {
    const { ids, handler } = setup();
    const app = express();
    app.use(express.json());
    app.post('/webhooks', (req, res) => handler.node(req, res));
    const base = await listenExpress(app);
    const [first] = await deliverTwice(`${base}/webhooks`, 'evt_express_json');
    expect(first!.status).toBe(400);
    expect(first!.json['message']).toContain('express.raw({ type: "*/*" })');
    expect(ids).toEqual([]);
  });

  it('Fastify: a buffer content-type parser and handler.handle()', async () => {
    const { ids, handler } = setup();
    const app = Fastify();
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.post('/webhooks', async (request, reply) => {
        const result = await handler.handle({ body: request.body as Buffer, headers: request.headers });
        return reply.code(result.status).headers(result.headers).send(result.body);
      });
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const [first, second] = await deliverTwice(`${base}/webhooks`, 'evt_fastify');
    expect(first!.status).toBe(200);
    expect(second!.json).toEqual({ received: true, duplicate: true });
    expect(ids).toEqual(['evt_fastify']);
  });

  it('Fastify: reply.hijack() and handler.node(request.raw, reply.raw) with the stream left unread', async () => {
    const { ids, handler } = setup();
    const app = Fastify();
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      scope.post('/webhooks', async (request, reply) => {
        reply.hijack();
        await handler.node(request.raw, reply.raw);
      });
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const [first] = await deliverTwice(`${base}/webhooks`, 'evt_fastify_raw');
    expect(first!.status).toBe(200);
    expect(ids).toEqual(['evt_fastify_raw']);
  });

  it('Fastify: handler.node(request.raw, …) after Fastify parsed the JSON is answered 400 with the fix', async () => {
    const { ids, handler } = setup();
    const app = Fastify();
    app.post('/webhooks', async (request, reply) => {
      reply.hijack();
      await handler.node(request.raw, reply.raw);
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const [first] = await deliverTwice(`${base}/webhooks`, 'evt_fastify_json');
    expect(first!.status).toBe(400);
    expect(first!.json['message']).toContain('parseAs: "buffer"');
    expect(first!.json['message']).toContain('removeAllContentTypeParsers()');
    expect(ids).toEqual([]);
  });

  it('Hono on @hono/node-server: app.post(path, (c) => handler.fetch(c.req.raw))', async () => {
    const { ids, handler } = setup();
    const app = new Hono();
    app.post('/webhooks', (c) => handler.fetch(c.req.raw));
    const port = await new Promise<number>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      );
      closers.push(() => new Promise((r) => server.close(() => r())));
    });
    const [first, second] = await deliverTwice(`http://127.0.0.1:${port}/webhooks`, 'evt_hono');
    expect(first!.status).toBe(200);
    expect(second!.json).toEqual({ received: true, duplicate: true });
    expect(ids).toEqual(['evt_hono']);
  });
});
