/**
 * examples/nextjs/app/api/webhooks/moneyhash/route.ts: its POST called with Web Requests, as
 * Next.js does, and served through a plain node:http → Request adapter for the HTTP scenarios.
 * The shop's fulfilOrder is wrapped in a spy so the scenarios can count and fail it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { moneyHashWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST, runtime } from '../../examples/nextjs/app/api/webhooks/moneyhash/route';
import { fulfilOrder, orders } from '../../examples/nextjs/lib/orders';
import {
  createFulfilment,
  newReference,
  type RunningExample,
  tamperAfter,
  webhookScenarios,
} from './scenarios';

vi.mock('../../examples/nextjs/lib/orders', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../examples/nextjs/lib/orders')>();
  return { ...real, fulfilOrder: vi.fn(real.fulfilOrder) };
});

const fulfilment = createFulfilment();
let server: Server;
let running: RunningExample;

/** What Next.js does for the route: the Node request as a Web Request, the Response written back. */
function serveRoute(handler: (request: Request) => Promise<Response>): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const response = await handler(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

function request(webhook: { body: string; headers: Record<string, string> }): Request {
  return new Request('http://localhost:3000/api/webhooks/moneyhash', {
    method: 'POST',
    body: webhook.body,
    headers: webhook.headers,
  });
}

beforeAll(async () => {
  vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', TEST_CREDENTIALS.moneyhash.webhookSecret);
  vi.mocked(fulfilOrder).mockImplementation(fulfilment.fulfil);
  server = serveRoute(POST);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/moneyhash`,
    fulfilment,
    paid: (reference) => moneyHashWebhook({ reference }),
    async forged(reference) {
      const genuine = await moneyHashWebhook({ reference });
      return {
        'a tampered byte of the body': { ...genuine, body: tamperAfter(genuine.body, '"value":') },
        'a wrong secret': await moneyHashWebhook({ reference, secret: 'mh_guessed_secret' }),
      };
    },
    orderStatus: async (reference) => orders.get(reference),
  };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('examples/nextjs route handler (MoneyHash)', () => {
  it('is a Node.js-runtime route exporting POST(request: Request)', () => {
    expect(runtime).toBe('nodejs');
    expect(POST).toHaveLength(1);
  });

  it('POST(Request): 200 processed, then 200 duplicate; fulfilOrder runs once', async () => {
    const reference = newReference();
    const webhook = await moneyHashWebhook({ reference });
    const first = await POST(request(webhook));
    const second = await POST(request(webhook));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(fulfilment.callsFor(reference)).toEqual([reference]);
    expect(orders.get(reference)).toBe('succeeded');
  });

  it('POST(Request) with a forged signature: 401 JSON, nothing recorded', async () => {
    const reference = newReference();
    const forged = await moneyHashWebhook({ reference, secret: 'mh_guessed_secret' });
    const answer = await POST(request(forged));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(await answer.json()).toMatchObject({ error: 'verification_failed' });
    expect(orders.has(reference)).toBe(false);
  });

  it('POST(Request) for a failed payment records it without fulfilling', async () => {
    const reference = newReference();
    const answer = await POST(request(await moneyHashWebhook({ reference, status: 'failed' })));
    expect(answer.status).toBe(200);
    expect(orders.get(reference)).toBe('failed');
    expect(fulfilment.callsFor(reference)).toEqual([]);
  });

  describe('served over HTTP', () => {
    webhookScenarios(() => running);
  });
});
