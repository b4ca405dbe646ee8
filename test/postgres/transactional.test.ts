/**
 * The Postgres store's transactional mode: the merchant's writes and the dedupe record commit or
 * roll back together. The worker process is killed with SIGKILL inside onEvent, after its write,
 * many times over: at the end every event's effect is there exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createWebhookHandler } from 'paybridge';
import { createPostgresStore, postgresMigration } from 'paybridge/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeProvider, signedWebhook } from '../helpers/fake-provider';
import { type PostgresServer, startPostgresServer } from '../helpers/postgres-server';

let server: PostgresServer;
let pool: pg.Pool;
let bundleDir: string;
let worker: string;

beforeAll(async () => {
  server = await startPostgresServer();
  pool = new pg.Pool({ connectionString: server.url });
  pool.on('error', () => {});
  await pool.query(postgresMigration());
  await pool.query('CREATE TABLE merchant_effects (event_id text NOT NULL, pid integer NOT NULL)');
  // Inside the project, so that the bundle's import('pg') finds node_modules/pg.
  const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'paybridge-worker-'));
  worker = join(bundleDir, 'kill-worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./kill-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: worker,
    external: ['pg'],
    // The bundle lives outside the project: resolve pg from here.
    banner: {
      js: `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(fileURLToPath(import.meta.url))});`,
    },
    logLevel: 'silent',
  });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

function runWorker(
  deliveries: unknown[],
  killAt: number,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: {
        ...process.env,
        PAYBRIDGE_DELIVERIES: JSON.stringify(deliveries),
        PAYBRIDGE_KILL_AT: String(killAt),
        PAYBRIDGE_PG_URL: server.url,
        PAYBRIDGE_CLAIM_TTL_MS: '400',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

describe('transactional mode', () => {
  it('SIGKILL inside onEvent after the write, many times over: no effect lost, none doubled', async () => {
    const deliveries = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => ({
        id: `evt_kill_${i}`,
        ...(await signedWebhook(`evt_kill_${i}`)),
      })),
    );
    let kills = 0;
    // Each run kills itself at its 2nd onEvent call (after that write), until one run gets through.
    for (let run = 0; run < 40; run++) {
      const result = await runWorker(deliveries, 2);
      if (result.signal === 'SIGKILL') {
        kills++;
        continue;
      }
      expect(result.code, result.out).toBe(0);
      break;
    }
    const { rows } = await pool.query<{ event_id: string; n: string }>(
      "SELECT event_id, count(*) AS n FROM merchant_effects WHERE event_id LIKE 'evt_kill_%' GROUP BY event_id",
    );
    const counts = Object.fromEntries(rows.map((r) => [r.event_id, Number(r.n)]));
    console.log(
      `SIGKILL test: ${kills} workers killed inside onEvent; effects per event: ${JSON.stringify(Object.values(counts))}`,
    );
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(Object.keys(counts).sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // And the dedupe record says processed for each, committed with its effect.
    const processed = await pool.query(
      "SELECT count(*) AS n FROM paybridge_webhook_events WHERE state = 'processed' AND key LIKE 'fake:evt_kill_%'",
    );
    expect(Number(processed.rows[0].n)).toBe(20);
  }, 120_000);

  it("onEvent throws after its write: the write is rolled back with the claim released; the retry's write is the only one", async () => {
    const store = createPostgresStore({ pool }, { transactional: true });
    let fail = true;
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      store,
      async onEvent(event, { transaction }) {
        await transaction.query('INSERT INTO merchant_effects (event_id, pid) VALUES ($1, 0)', [event.id]);
        if (fail) {
          fail = false;
          throw new Error('a check after the write failed');
        }
      },
    });
    const delivery = await signedWebhook('evt_throw');
    expect((await handler.handle(delivery)).status).toBe(500);
    expect((await handler.handle(delivery)).status).toBe(200);
    expect((await handler.handle(delivery)).body).toEqual({ received: true, duplicate: true });
    const { rows } = await pool.query(
      "SELECT count(*) AS n FROM merchant_effects WHERE event_id = 'evt_throw'",
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('a lease lost while onEvent ran: the transaction is rolled back, the writes with it', async () => {
    const store = createPostgresStore({ pool }, { transactional: true, claimTtlMs: 100 });
    expect(await store.claim('lost-key', undefined, 'slow')).toBe('claimed');
    const outcome = await store.transact!(['lost-key'], 'slow', async (tx) => {
      await tx.query("INSERT INTO merchant_effects (event_id, pid) VALUES ('evt_lost', 0)");
      await new Promise((r) => setTimeout(r, 250));
      // Meanwhile another worker took the expired claim over.
      expect(await store.claim('lost-key', undefined, 'fast')).toBe('claimed');
    });
    expect(outcome).toEqual({ committed: false });
    const { rows } = await pool.query(
      "SELECT count(*) AS n FROM merchant_effects WHERE event_id = 'evt_lost'",
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('without transactional: true there is no transact (the handler runs onEvent outside any transaction)', () => {
    expect(createPostgresStore({ pool }).transact).toBeUndefined();
  });
});
