/**
 * paybridge/postgres: a `WebhookStore` in PostgreSQL on node-postgres (`pg`, an optional peer
 * dependency that only this entry point loads). The same semantics as the Redis store (claims are
 * leases fenced by a token; processed keys are remembered; the furthest status per payment; the
 * payments a reconciler tracks), plus a transactional mode: `onEvent` receives a client inside
 * the transaction that also records the event as processed, so the merchant's own writes and the
 * dedupe record commit or roll back together.
 *
 * Time is the database's clock (`now()`), so instances with skewed clocks agree on leases; the
 * reconciler's schedule is the reconciler's clock (milliseconds since the epoch, as given).
 *
 * @module paybridge/postgres
 */
import { ConfigurationError, type PaybridgeError } from '../core/errors';
import { isPaymentStatus, type PaymentStatus } from '../core/status';
import { STATUS_RANK } from '../core/status-order';
import {
  type ClaimResult,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_PROCESSED_TTL_MS,
  lazyToken,
  positiveInteger,
  type TrackedPayment,
  type WebhookStore,
  WebhookStoreError,
} from '../core/webhook-store';
import { isSafeIdentifier, migrationSql, statements, tableNames } from './sql';

export { WebhookStoreError } from '../core/webhook-store';

/** What a query resolves with: the parts of node-postgres's `QueryResult` the store reads. */
export interface PostgresQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** A client: node-postgres's `Client` or `PoolClient` fits. */
export interface PostgresClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** A pool: node-postgres's `Pool` fits (`connect()` lends a client, `release()` returns it). */
export interface PostgresPool<C extends PostgresClient = PostgresClient> extends PostgresClient {
  connect(): Promise<C & { release(error?: Error | boolean): void }>;
}

/**
 * The client type a pool lends: node-postgres's `PoolClient` for its `Pool` (read from the
 * callback form of `connect`, its last overload), else what `connect()` resolves with.
 */
export type PoolClientOf<P> = P extends {
  connect(callback: (error: never, client: infer C, done: never) => void): void;
}
  ? NonNullable<C> extends PostgresClient
    ? NonNullable<C>
    : PostgresClient
  : P extends { connect(): Promise<infer C> }
    ? C extends PostgresClient
      ? C
      : PostgresClient
    : PostgresClient;

/** Where the store finds PostgreSQL: a connection string (the store creates and ends its pool) or your pool. */
export type PostgresStoreConnection<C extends PostgresClient = PostgresClient> =
  | { connectionString: string }
  | { pool: PostgresPool<C> };

export interface PostgresStoreOptions {
  /** Prefix of the three tables (default `'paybridge_'`): letters, digits and `_`. */
  tablePrefix?: string | undefined;
  /** The schema of the tables (default: the connection's search path). */
  schema?: string | undefined;
  /** Create the tables on first use (`CREATE TABLE IF NOT EXISTS`; default false: run `migration` yourself). */
  createTables?: boolean | undefined;
  /**
   * Transactional mode: `transact()` runs `onEvent` inside a transaction that also records the
   * event as processed; `context.transaction` is the client to write with. Default false.
   */
  transactional?: boolean | undefined;
  /** Lease of a claim, in milliseconds (default 5 minutes); the handler renews it while `onEvent` runs. */
  claimTtlMs?: number | undefined;
  /** How long a processed event (and a payment's furthest status) is remembered, in ms (default 7 days). */
  processedTtlMs?: number | undefined;
  /** Longest wait for one statement of the store's own, in ms (default 5000); `onEvent`'s are yours. */
  queryTimeoutMs?: number | undefined;
}

export interface PostgresWebhookStore<Tx = undefined> extends WebhookStore<Tx> {
  renew: NonNullable<WebhookStore['renew']>;
  advance: NonNullable<WebhookStore['advance']>;
  track: NonNullable<WebhookStore['track']>;
  takeDue: NonNullable<WebhookStore['takeDue']>;
  reschedule: NonNullable<WebhookStore['reschedule']>;
  untrack: NonNullable<WebhookStore['untrack']>;
  /** The migration that creates the tables (idempotent). */
  readonly migration: string;
  /** Runs the migration now (what `createTables: true` does on first use). */
  createTables(): Promise<void>;
  /** Deletes expired rows, at most `limit` per table (default 10 000): run it from a cron job. Resolves with the count. */
  sweep(limit?: number): Promise<number>;
  /** Ends the pool when the store created it (`{ connectionString }`); a pool you passed stays open. */
  close(): Promise<void>;
}

/** The SQL that creates the store's tables, for your migration tool. */
export function postgresMigration(
  options: Pick<PostgresStoreOptions, 'tablePrefix' | 'schema'> = {},
): string {
  return migrationSql(tableNames(...names(options)));
}

function names(options: Pick<PostgresStoreOptions, 'tablePrefix' | 'schema'>): [string, string | undefined] {
  const prefix = options.tablePrefix ?? 'paybridge_';
  if (typeof prefix !== 'string' || (prefix !== '' && !isSafeIdentifier(prefix))) {
    throw new ConfigurationError(
      'createPostgresStore: tablePrefix must be lowercase letters, digits and _ (it becomes part of table names).',
      { code: 'invalid_option' },
    );
  }
  const schema = options.schema;
  if (schema !== undefined && (typeof schema !== 'string' || !isSafeIdentifier(schema))) {
    throw new ConfigurationError('createPostgresStore: schema must be lowercase letters, digits and _.', {
      code: 'invalid_option',
    });
  }
  return [prefix, schema];
}

/** Removes credentials from a connection string before it appears in an error message. */
function describe(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `PostgreSQL at ${url.host}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * A webhook store in PostgreSQL. Constructing it does no I/O.
 *
 * ```ts
 * const store = createPostgresStore({ pool }, { transactional: true });
 * const handler = createWebhookHandler({
 *   provider: moyasar,
 *   store,
 *   async onEvent(event, { transaction }) {
 *     await transaction.query('UPDATE orders SET status = $1 WHERE id = $2', [event.status, event.reference]);
 *   },
 * });
 * ```
 */
export function createPostgresStore<P extends PostgresPool>(
  connection: { pool: P },
  options: PostgresStoreOptions & { transactional: true },
): PostgresWebhookStore<PoolClientOf<P>>;
export function createPostgresStore(
  connection: { connectionString: string },
  options: PostgresStoreOptions & { transactional: true },
): PostgresWebhookStore<PostgresClient>;
export function createPostgresStore(
  connection: PostgresStoreConnection,
  options?: PostgresStoreOptions & { transactional?: false | undefined },
): PostgresWebhookStore;
export function createPostgresStore(
  connection: PostgresStoreConnection,
  options: PostgresStoreOptions = {},
): PostgresWebhookStore<PostgresClient> | PostgresWebhookStore {
  if (typeof connection !== 'object' || connection === null) {
    throw new ConfigurationError('createPostgresStore needs { connectionString } or { pool } (a pg Pool).', {
      code: 'invalid_option',
    });
  }
  options ??= {};
  const tables = tableNames(...names(options));
  const sql = statements(tables);
  const migration = migrationSql(tables);
  const claimTtlMs = positiveInteger(options.claimTtlMs, DEFAULT_CLAIM_TTL_MS, 'claimTtlMs');
  const processedTtlMs = positiveInteger(options.processedTtlMs, DEFAULT_PROCESSED_TTL_MS, 'processedTtlMs');
  const queryTimeoutMs = positiveInteger(options.queryTimeoutMs, 5000, 'queryTimeoutMs');
  const instanceToken = lazyToken();
  const connectionString = 'connectionString' in connection ? connection.connectionString : undefined;
  if (connectionString !== undefined && typeof connectionString !== 'string') {
    throw new ConfigurationError('createPostgresStore: connectionString must be a string.', {
      code: 'invalid_option',
    });
  }
  const given = 'pool' in connection ? connection.pool : undefined;
  if (
    connectionString === undefined &&
    (typeof given?.query !== 'function' || typeof given.connect !== 'function')
  ) {
    throw new ConfigurationError('createPostgresStore needs { connectionString } or { pool } (a pg Pool).', {
      code: 'invalid_option',
    });
  }
  const where = connectionString === undefined ? 'PostgreSQL' : describe(connectionString);
  let owned:
    | (PostgresPool & { end(): Promise<void>; on(event: 'error', listener: () => void): unknown })
    | undefined;
  let creating: Promise<PostgresPool> | undefined;
  let migrated: Promise<void> | undefined;
  let closed = false;

  async function pool(): Promise<PostgresPool> {
    if (given) return given;
    creating ??= (async () => {
      let Pool: typeof import('pg').Pool;
      try {
        const pg = await import('pg');
        Pool = pg.Pool ?? (pg as unknown as { default: typeof pg }).default.Pool;
      } catch (error) {
        creating = undefined;
        throw new ConfigurationError(
          'paybridge/postgres needs the `pg` package (node-postgres), an optional peer dependency: npm install pg.',
          { code: 'dependency_missing', cause: error },
        );
      }
      const created = new Pool({ connectionString, query_timeout: queryTimeoutMs }) as unknown as NonNullable<
        typeof owned
      >;
      // Without an 'error' listener an idle client's lost connection would crash the process.
      created.on('error', () => {});
      owned = created;
      return created;
    })();
    return creating;
  }

  function unavailable(operation: WebhookStoreError['operation'], cause: unknown): PaybridgeError {
    if (cause instanceof WebhookStoreError || ConfigurationError.isInstance(cause))
      return cause as PaybridgeError;
    return new WebhookStoreError(operation, `${where} is unavailable (${operation} failed).`, { cause });
  }

  /** One statement with the time limit; any failure becomes a WebhookStoreError. */
  async function query(
    operation: WebhookStoreError['operation'],
    text: string,
    values: unknown[],
  ): Promise<PostgresQueryResult> {
    if (closed) {
      throw new WebhookStoreError(operation, 'The Postgres webhook store is closed.', {
        code: 'store_closed',
      });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new WebhookStoreError(operation, `${where} did not answer within ${queryTimeoutMs} ms.`, {
              code: 'store_timeout',
            }),
          ),
        queryTimeoutMs,
      );
    });
    try {
      const target = await Promise.race([pool(), timeout]);
      if (options.createTables) {
        migrated ??= target.query(migration).then(
          () => undefined,
          (error: unknown) => {
            migrated = undefined;
            throw error;
          },
        );
        await Promise.race([migrated, timeout]);
      }
      return await Promise.race([target.query(text, values), timeout]);
    } catch (error) {
      throw unavailable(operation, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function claim(key: string, ttlMs?: number, token = instanceToken()): Promise<ClaimResult> {
    const ttl = positiveInteger(ttlMs, claimTtlMs, 'ttlMs');
    // The row can expire between the insert and the look; then claim again (a few times at most).
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await query('claim', sql.claim, [key, token, ttl]);
      if ((inserted.rowCount ?? 0) > 0) return 'claimed';
      const found = await query('claim', sql.state, [key]);
      const state = found.rows[0]?.['state'];
      if (state === 'processed') return 'processed';
      if (state === 'claimed') return 'in_flight';
    }
    return 'in_flight';
  }

  function tracked(row: Record<string, unknown>): TrackedPayment {
    return {
      key: String(row['key']),
      provider: String(row['provider']),
      paymentId: String(row['payment_id']),
      tenant: typeof row['tenant'] === 'string' ? row['tenant'] : undefined,
      trackedAt: Number(row['tracked_at']),
      nextCheckAt: Number(row['due_at']),
      attempts: Number(row['attempts']),
    };
  }

  const store: PostgresWebhookStore<PostgresClient> = {
    claimTtlMs,
    migration,
    claim,
    async renew(key, token, ttlMs) {
      const ttl = positiveInteger(ttlMs, claimTtlMs, 'ttlMs');
      const result = await query('renew', sql.renew, [key, token, ttl]);
      return (result.rowCount ?? 0) > 0;
    },
    async markProcessed(key, ttlMs, token) {
      const ttl = positiveInteger(ttlMs, processedTtlMs, 'ttlMs');
      if (token === undefined) {
        await query('markProcessed', sql.markProcessed, [key, ttl]);
        return true;
      }
      const result = await query('markProcessed', sql.markProcessedFenced, [key, ttl, token]);
      return (result.rowCount ?? 0) > 0;
    },
    async release(key, token = instanceToken()) {
      await query('release', sql.release, [key, token]);
    },
    async advance(paymentKey: string, status: PaymentStatus) {
      const result = await query('advance', sql.advance, [
        paymentKey,
        status,
        STATUS_RANK[status],
        processedTtlMs,
      ]);
      const previous = result.rows[0]?.['previous'];
      return isPaymentStatus(previous) ? previous : undefined;
    },
    async track(payment) {
      await query('track', sql.track, [
        payment.key,
        payment.provider,
        payment.paymentId,
        payment.tenant ?? null,
        payment.trackedAt,
        payment.nextCheckAt,
        payment.attempts,
      ]);
    },
    async takeDue(now, limit, leaseMs, scope) {
      const result = await query('takeDue', sql.takeDue, [
        now,
        limit,
        leaseMs,
        scope.provider,
        scope.tenant ?? null,
      ]);
      return result.rows.map(tracked).sort((a, b) => a.nextCheckAt - b.nextCheckAt);
    },
    async reschedule(key, nextCheckAt, attempts) {
      await query('reschedule', sql.reschedule, [key, nextCheckAt, attempts]);
    },
    async untrack(key) {
      await query('untrack', sql.untrack, [key]);
    },
    async createTables() {
      await query('connect', migration, []);
    },
    async sweep(limit = 10_000) {
      const bound = positiveInteger(limit, 10_000, 'limit');
      const events = await query('markProcessed', sql.sweepEvents, [bound]);
      const progress = await query('advance', sql.sweepProgress, [bound]);
      return (events.rowCount ?? 0) + (progress.rowCount ?? 0);
    },
    async close() {
      if (closed) return;
      closed = true;
      const created = owned;
      if (created) await created.end().catch(() => {});
    },
  };

  if (options.transactional === true) {
    store.transact = async (keys, token, run) => {
      // The claims were committed on their own (through query(), which made the pool and the
      // tables): other instances see them while this runs.
      if (closed) {
        throw new WebhookStoreError('transact', 'The Postgres webhook store is closed.', {
          code: 'store_closed',
        });
      }
      let client: PostgresClient & { release(error?: Error | boolean): void };
      try {
        client = await (await pool()).connect();
      } catch (error) {
        throw unavailable('transact', error);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await run(client);
        const marked = await client.query(sql.markClaimedProcessed, [[...keys], token, processedTtlMs]);
        if ((marked.rowCount ?? 0) !== keys.length) {
          // A lease was lost meanwhile (another worker holds the event): nothing of this commits.
          await client.query('ROLLBACK');
          return { committed: false };
        }
        await client.query('COMMIT');
        return { committed: true, value };
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A connection that cannot roll back is not returned to the pool for reuse.
          broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
        }
        throw error;
      } finally {
        client.release(broken ?? false);
      }
    };
  }
  return store;
}
