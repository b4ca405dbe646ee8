/**
 * The README's "Payments you cannot lose" recipes, as written there (only the environment is the
 * test's: a real PostgreSQL, the simulator as Moyasar and MoneyHash).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createReconciler,
  createWebhookHandler,
  type DeliveredEvent,
  STATUS_RANK,
  type WebhookEvent,
} from 'paybridge';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createPostgresStore, postgresMigration } from 'paybridge/postgres';
import { moneyHashWebhookPayload, moyasarWebhook, signMoneyHashBody } from 'paybridge/testing';
import { createManualClock, startSimulator } from 'paybridge/testing/simulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../helpers/postgres-server';

let server: PostgresServer;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startPostgresServer();
  pool = new pg.Pool({ connectionString: server.url });
  pool.on('error', () => {});
  await pool.query(postgresMigration());
  await pool.query(
    "CREATE TABLE orders (payment_id text PRIMARY KEY, status text NOT NULL DEFAULT 'pending', status_rank smallint NOT NULL DEFAULT 0)",
  );
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await pool?.end();
  await server?.stop();
});

describe('README: Payments you cannot lose', () => {
  it('the recipe: handler + reconciler + transactional Postgres store', async () => {
    const handlerUrl = { current: '' };
    const sim = await startSimulator({
      providers: ['moyasar'],
      // The first delivery of every webhook is lost: only the reconciler can find the payment.
      faults: { drop: 1 },
      moyasar: {
        get webhookUrl() {
          return handlerUrl.current;
        },
      },
    });
    try {
      // ---- the README's code (createMoyasar() reads its settings from the environment) ----
      vi.stubEnv('MOYASAR_SECRET_KEY', sim.settings.moyasar.secretKey);
      vi.stubEnv('MOYASAR_WEBHOOK_SECRET', sim.settings.moyasar.webhookSecret);
      const store = createPostgresStore({ pool }, { transactional: true });
      const moyasar = createMoyasar({ baseUrl: sim.settings.moyasar.baseUrl });

      async function onEvent(
        event: DeliveredEvent<WebhookEvent>,
        { transaction }: { transaction: pg.PoolClient },
      ) {
        if (event.kind !== 'payment' || event.stale) return;
        await transaction.query(
          'UPDATE orders SET status = $1, status_rank = $2 WHERE payment_id = $3 AND status_rank <= $2',
          [event.status, STATUS_RANK[event.status], event.paymentId],
        );
      }

      const handler = createWebhookHandler({ provider: moyasar, store, onEvent });
      const reconciler = createReconciler({ provider: moyasar, store, onEvent, olderThanMs: 0 });
      const shop = reconciler.withTracking(moyasar);
      const link = await shop.createPaymentLink({ amount: 10_500, currency: 'SAR', reference: 'order-1042' });
      // ---------------------------------------------------------------------------------------
      await pool.query('INSERT INTO orders (payment_id) VALUES ($1)', [link.id]);
      const http = createServer((req, res) => void handler.node(req, res));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      handlerUrl.current = `http://127.0.0.1:${(http.address() as AddressInfo).port}/webhooks/moyasar`;
      try {
        await sim.pay(link.id);
        await sim.settled();
        expect(sim.deliveries.every((d) => d.state === 'dropped' || d.state === 'no_url')).toBe(true);
        expect(
          (await pool.query('SELECT status FROM orders WHERE payment_id = $1', [link.id])).rows[0].status,
        ).toBe('pending');
        expect(await reconciler.run()).toMatchObject({ checked: 1, delivered: 1, finalised: 1 });
        expect(
          (await pool.query('SELECT status FROM orders WHERE payment_id = $1', [link.id])).rows[0].status,
        ).toBe('succeeded');
        // The lost webhook arriving late after all: a duplicate, not a second update.
        const late = await moyasarWebhook({
          status: 'succeeded',
          invoiceId: link.id,
          secretToken: sim.settings.moyasar.webhookSecret,
        });
        expect((await handler.handle(late)).body).toEqual({ received: true, duplicate: true });
      } finally {
        await new Promise((resolve) => http.close(resolve));
      }
    } finally {
      await sim.close();
    }
  });

  it('secret rotation: a list, new first; from the environment <VAR> and <VAR>_PREVIOUS', async () => {
    vi.stubEnv('NEW_SECRET', 'new-secret');
    vi.stubEnv('OLD_SECRET', 'old-secret');
    const moyasar = createMoyasar({ webhookSecret: [process.env.NEW_SECRET!, process.env.OLD_SECRET!] });
    for (const secretToken of ['new-secret', 'old-secret']) {
      await expect(moyasar.parseWebhook(await moyasarWebhook({ secretToken }))).resolves.toMatchObject({
        kind: 'payment',
      });
    }
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET', 'new-secret');
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET_PREVIOUS', 'old-secret');
    await expect(
      createMoyasar().parseWebhook(await moyasarWebhook({ secretToken: 'old-secret' })),
    ).resolves.toMatchObject({ kind: 'payment' });
  });

  it('many tenants: the Lago-style route', async () => {
    const connections = {
      async find(organization: string, code: string) {
        return organization === 'acme' && code === 'c1' ? { webhookSecret: 'acme-secret' } : undefined;
      },
    };
    const updates: string[] = [];
    const orders = {
      update: (tenant: string, event: DeliveredEvent<WebhookEvent>) =>
        updates.push(`${tenant} ${event.kind}`),
    };
    const store = undefined;
    // ---- the README's code ----
    const handler = createWebhookHandler({
      // POST /webhooks/moneyhash/{organization}?code={connection}
      provider: async ({ url }) => {
        const organization = url?.pathname.split('/')[3];
        const code = url?.searchParams.get('code');
        const connection = organization && code ? await connections.find(organization, code) : undefined;
        if (!connection) return undefined; // 404 unknown_tenant
        return {
          tenant: `${organization}/${code}`,
          provider: createMoneyHash({ webhookSecret: connection.webhookSecret }),
        };
      },
      store,
      onEvent: (event) => orders.update(event.tenant!, event),
    });
    // ---------------------------
    const webhook = await signMoneyHashBody(
      JSON.stringify(moneyHashWebhookPayload({ status: 'succeeded' })),
      {
        secret: 'acme-secret',
      },
    );
    expect((await handler.handle({ ...webhook, url: '/webhooks/moneyhash/acme?code=c1' })).status).toBe(200);
    expect((await handler.handle({ ...webhook, url: '/webhooks/moneyhash/acme?code=c2' })).status).toBe(404);
    expect(updates).toEqual(['acme/c1 payment']);
  });

  it('the simulator misbehaving on a manual clock', async () => {
    const endpoint = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    // ---- the README's code (the webhook URL is this test's receiver) ----
    const clock = createManualClock();
    const sim = await startSimulator({
      faults: { drop: 0.3, duplicate: 0.3, reorder: 0.3, corruptSignature: 0.1, delayMs: 2_000 },
      seed: 42,
      clock,
      retryDelays: { moyasar: [60_000, 600_000, 1_800_000, 3_600_000, 7_200_000] },
      moyasar: {
        webhookUrl: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/moyasar`,
      },
    });
    // ---------------------------
    try {
      const moyasar = createMoyasar({ ...sim.settings.moyasar, retry: false });
      for (let i = 0; i < 10; i++) {
        const link = await moyasar.createPaymentLink({ amount: 1_000, currency: 'SAR', reference: `r-${i}` });
        await sim.pay(link.id);
      }
      await clock.advance(4 * 3_600_000);
      const dropped = sim.deliveries.filter((d) => d.faults.includes('drop'));
      expect(dropped.length).toBeGreaterThan(0);
      expect(dropped.every((d) => d.attempts.length === 0)).toBe(true);
    } finally {
      await sim.close();
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });
});
