/**
 * Many tenants: the adapter resolved per request (a Lago-style route: one connection per customer,
 * routed by URL), keys namespaced per tenant, and everything a resolver can get wrong.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMemoryStore,
  createWebhookHandler,
  type DeliveredEvent,
  type ResolvedProvider,
  type WebhookEvent,
  type WebhookRequestInfo,
} from 'paybridge';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import {
  moneyHashWebhook,
  moneyHashWebhookPayload,
  moyasarWebhook,
  signMoneyHashBody,
} from 'paybridge/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { post } from '../helpers/http';

/** Each organisation's connections, as a platform would keep them (one secret per connection). */
const CONNECTIONS: Record<string, Record<string, { webhookSecret: string }>> = {
  acme: { c1: { webhookSecret: 'acme-c1-secret' } },
  globex: { c7: { webhookSecret: 'globex-c7-secret' } },
};

/** `/webhooks/moneyhash/{organization}?code={connection}`, as Lago routes MoneyHash. */
function moneyHashTenant({ url }: WebhookRequestInfo): ResolvedProvider {
  const match = url?.pathname.match(/^\/webhooks\/moneyhash\/([^/]+)$/);
  const organization = match?.[1];
  const code = url?.searchParams.get('code') ?? undefined;
  if (organization === undefined || code === undefined) return undefined;
  const connection = CONNECTIONS[organization]?.[code];
  if (!connection) return undefined;
  return {
    tenant: `${organization}/${code}`,
    provider: createMoneyHash({ webhookSecret: connection.webhookSecret }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('a provider resolved per request', () => {
  it('two tenants sending the same event id are both processed: keys are namespaced per tenant', async () => {
    const seen: DeliveredEvent<WebhookEvent>[] = [];
    const keys: string[] = [];
    const handler = createWebhookHandler({
      provider: moneyHashTenant,
      onEvent: (event, { key }) => {
        seen.push(event);
        keys.push(key);
      },
    });
    // The very same body, signed by each tenant's connection: the same event id at both.
    const body = JSON.stringify(moneyHashWebhookPayload({ status: 'succeeded', intentId: 'int_1' }));
    const acme = await signMoneyHashBody(body, { secret: 'acme-c1-secret' });
    const globex = await signMoneyHashBody(body, { secret: 'globex-c7-secret' });
    const a = await handler.handle({ ...acme, url: '/webhooks/moneyhash/acme?code=c1' });
    const g = await handler.handle({ ...globex, url: '/webhooks/moneyhash/globex?code=c7' });
    expect([a.status, g.status]).toEqual([200, 200]);
    expect(a.event?.id).toBe(g.event?.id);
    expect(a.tenant).toBe('acme/c1');
    expect(seen.map((e) => e.tenant)).toEqual(['acme/c1', 'globex/c7']);
    // The tenant is percent-encoded into the key, so its own "/" cannot fake another namespace.
    expect(keys[0]).toMatch(/^acme%2Fc1\/moneyhash:/);
    expect(keys[1]).toMatch(/^globex%2Fc7\/moneyhash:/);
    // And a second copy of acme's event is a duplicate for acme only.
    expect((await handler.handle({ ...acme, url: '/webhooks/moneyhash/acme?code=c1' })).body).toMatchObject({
      duplicate: true,
    });
  });

  it("a tenant's webhook posted to another tenant's URL does not verify (each tenant's own secret)", async () => {
    const handler = createWebhookHandler({ provider: moneyHashTenant, onEvent: () => {} });
    const acme = await moneyHashWebhook({ status: 'succeeded', secret: 'acme-c1-secret' });
    const result = await handler.handle({ ...acme, url: '/webhooks/moneyhash/globex?code=c7' });
    expect(result.status).toBe(401);
  });

  it('an unknown tenant is 404 unknown_tenant; the body is not even parsed', async () => {
    const handler = createWebhookHandler({ provider: moneyHashTenant, onEvent: () => {} });
    const result = await handler.handle({ body: 'not json', url: '/webhooks/moneyhash/nobody?code=x' });
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ error: 'unknown_tenant' });
    expect((await handler.handle({ body: '{}' })).status).toBe(404);
  });

  it('a resolver that throws is a 500 (retried), one that returns nonsense a configuration error', async () => {
    const throwing = createWebhookHandler({
      provider: () => {
        throw new Error('the tenants database is down');
      },
      onEvent: () => {},
    });
    expect((await throwing.handle({ body: '{}' })).status).toBe(500);
    const nonsense = createWebhookHandler({
      provider: async () => ({ tenant: 'acme', provider: { name: 'x' } }) as never,
      onEvent: () => {},
    });
    const result = await nonsense.handle({ body: '{}' });
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error' });
    const emptyTenant = createWebhookHandler({
      provider: () => ({ tenant: '', provider: createMoyasar({ webhookSecret: 'x' }) }),
      onEvent: () => {},
    });
    expect((await emptyTenant.handle({ body: '{}' })).body).toMatchObject({ error: 'configuration_error' });
  });

  it('a bare adapter from the resolver works, without a namespace', async () => {
    const keys: string[] = [];
    const handler = createWebhookHandler({
      provider: async () => createMoyasar({ webhookSecret: 'moyasar-secret' }),
      onEvent: (_event, { key }) => {
        keys.push(key);
      },
    });
    const result = await handler.handle(
      await moyasarWebhook({ secretToken: 'moyasar-secret', eventId: 'evt_9' }),
    );
    expect(result.status).toBe(200);
    expect(keys).toEqual(['moyasar:evt_9']);
  });

  it('the resolver sees the URL and headers on every transport: fetch and node', async () => {
    const seenUrls: string[] = [];
    const seenHeaders: (string | undefined)[] = [];
    const handler = createWebhookHandler({
      provider: (request) => {
        seenUrls.push(`${request.url?.pathname}${request.url?.search}`);
        seenHeaders.push(request.header('x-tenant'));
        return { tenant: 'acme', provider: createMoyasar({ webhookSecret: 'moyasar-secret' }) };
      },
      store: createMemoryStore(),
      onEvent: () => {},
    });
    const webhook = await moyasarWebhook({ secretToken: 'moyasar-secret' });
    const response = await handler.fetch(
      new Request('https://shop.example/webhooks/moyasar/acme/live?x=1', {
        method: 'POST',
        body: webhook.body,
        headers: { ...webhook.headers, 'x-tenant': 'acme' },
      }),
    );
    expect(response.status).toBe(200);
    const server = createServer((req, res) => void handler.node(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const answer = await post(`http://127.0.0.1:${port}/webhooks/moyasar/acme/test`, webhook.body, {
      ...webhook.headers,
      'x-tenant': 'acme-node',
    });
    expect(answer.json).toMatchObject({ received: true, duplicate: true });
    expect(seenUrls).toEqual(['/webhooks/moyasar/acme/live?x=1', '/webhooks/moyasar/acme/test']);
    expect(seenHeaders).toEqual(['acme', 'acme-node']);
  });
});
