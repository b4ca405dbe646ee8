/**
 * The Postgres store's tables and statements. Table names come from a checked prefix (letters,
 * digits and `_`), never from input; every value is a bind parameter.
 */

/** The names of the store's three tables, from `tablePrefix` (and `schema`). */
export interface TableNames {
  events: string;
  progress: string;
  tracked: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/** True for a prefix or schema name the store may put into SQL as it is. */
export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

export function tableNames(prefix: string, schema: string | undefined): TableNames {
  const qualify = (name: string) =>
    schema === undefined ? `${prefix}${name}` : `${schema}.${prefix}${name}`;
  return {
    events: qualify('webhook_events'),
    progress: qualify('payment_progress'),
    tracked: qualify('tracked_payments'),
  };
}

/**
 * The migration: three tables and two indexes, idempotent (`IF NOT EXISTS`). Run it with your
 * migration tool, or let the store run it on first use (`createTables: true`).
 *
 * - `webhook_events`: one row per dedupe key; `claimed` with its lease's token, or `processed`.
 * - `payment_progress`: the furthest status per payment (ordering), and the one before it.
 * - `tracked_payments`: the payments a reconciler watches, by next lookup time.
 */
export function migrationSql(tables: TableNames): string {
  const index = (table: string, column: string) =>
    `CREATE INDEX IF NOT EXISTS ${table.replace('.', '_')}_${column}_idx ON ${table} (${column});`;
  return [
    `CREATE TABLE IF NOT EXISTS ${tables.events} (
  key text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('claimed', 'processed')),
  token text,
  expires_at timestamptz NOT NULL
);`,
    index(tables.events, 'expires_at'),
    `CREATE TABLE IF NOT EXISTS ${tables.progress} (
  key text PRIMARY KEY,
  status text NOT NULL,
  rank smallint NOT NULL,
  previous text,
  expires_at timestamptz NOT NULL
);`,
    `CREATE TABLE IF NOT EXISTS ${tables.tracked} (
  key text PRIMARY KEY,
  provider text NOT NULL,
  payment_id text NOT NULL,
  tenant text,
  tracked_at bigint NOT NULL,
  next_check_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0
);`,
    `CREATE INDEX IF NOT EXISTS ${tables.tracked.replace('.', '_')}_due_idx ON ${tables.tracked} (provider, next_check_at);`,
  ].join('\n');
}

/** `$n` milliseconds from the database's clock. */
const inMs = (n: number) => `now() + $${n} * interval '1 millisecond'`;

/** The statements, for one set of table names. */
export function statements(t: TableNames) {
  return {
    /** $1 key, $2 token, $3 ttl: a row back when claimed. */
    claim: `INSERT INTO ${t.events} (key, state, token, expires_at) VALUES ($1, 'claimed', $2, ${inMs(3)})
ON CONFLICT (key) DO UPDATE SET state = 'claimed', token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
WHERE ${t.events}.expires_at <= now()
RETURNING key`,
    /** $1 key: the live row's state, if any. */
    state: `SELECT state FROM ${t.events} WHERE key = $1 AND expires_at > now()`,
    /** $1 key, $2 token, $3 ttl. */
    renew: `UPDATE ${t.events} SET expires_at = ${inMs(3)}
WHERE key = $1 AND state = 'claimed' AND token = $2 AND expires_at > now()`,
    /** $1 key, $2 ttl: unconditionally processed. */
    markProcessed: `INSERT INTO ${t.events} (key, state, token, expires_at) VALUES ($1, 'processed', NULL, ${inMs(2)})
ON CONFLICT (key) DO UPDATE SET state = 'processed', token = NULL, expires_at = EXCLUDED.expires_at`,
    /** $1 key, $2 ttl, $3 token: processed unless another live claim holds the key. */
    markProcessedFenced: `INSERT INTO ${t.events} (key, state, token, expires_at) VALUES ($1, 'processed', NULL, ${inMs(2)})
ON CONFLICT (key) DO UPDATE SET state = 'processed', token = NULL, expires_at = EXCLUDED.expires_at
WHERE ${t.events}.state = 'processed' OR ${t.events}.token = $3 OR ${t.events}.expires_at <= now()`,
    /** $1 keys, $2 token, $3 ttl: inside the transaction of the transactional mode. */
    markClaimedProcessed: `UPDATE ${t.events} SET state = 'processed', token = NULL, expires_at = ${inMs(3)}
WHERE key = ANY($1::text[]) AND state = 'claimed' AND token = $2`,
    /** $1 key, $2 token. */
    release: `DELETE FROM ${t.events} WHERE key = $1 AND state = 'claimed' AND token = $2`,
    /**
     * $1 key, $2 status, $3 rank, $4 ttl: keeps the higher rank; `previous` is what was recorded
     * before (the SET expressions read the row as it was, under its lock).
     */
    advance: `INSERT INTO ${t.progress} (key, status, rank, previous, expires_at) VALUES ($1, $2, $3, NULL, ${inMs(4)})
ON CONFLICT (key) DO UPDATE SET
  previous = CASE WHEN ${t.progress}.expires_at <= now() THEN NULL ELSE ${t.progress}.status END,
  status = CASE WHEN ${t.progress}.expires_at <= now() OR EXCLUDED.rank > ${t.progress}.rank
    THEN EXCLUDED.status ELSE ${t.progress}.status END,
  rank = CASE WHEN ${t.progress}.expires_at <= now() OR EXCLUDED.rank > ${t.progress}.rank
    THEN EXCLUDED.rank ELSE ${t.progress}.rank END,
  expires_at = EXCLUDED.expires_at
RETURNING previous`,
    /** $1..$7: key, provider, payment id, tenant, tracked at, next check at, attempts. */
    track: `INSERT INTO ${t.tracked} (key, provider, payment_id, tenant, tracked_at, next_check_at, attempts)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
    /** $1 now, $2 limit, $3 lease, $4 provider, $5 tenant: the due rows, leased; rows another run holds are skipped. */
    takeDue: `WITH due AS (
  SELECT key, next_check_at FROM ${t.tracked}
  WHERE next_check_at <= $1 AND provider = $4 AND tenant IS NOT DISTINCT FROM $5
  ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE ${t.tracked} AS t SET next_check_at = $1 + $3 FROM due WHERE t.key = due.key
RETURNING t.key, t.provider, t.payment_id, t.tenant, t.tracked_at, t.attempts, due.next_check_at AS due_at`,
    /** $1 key, $2 next check at, $3 attempts. */
    reschedule: `UPDATE ${t.tracked} SET next_check_at = $2, attempts = $3 WHERE key = $1`,
    /** $1 key. */
    untrack: `DELETE FROM ${t.tracked} WHERE key = $1`,
    /** Expired dedupe rows, a batch at a time ($1 limit). */
    sweepEvents: `DELETE FROM ${t.events} WHERE key IN (SELECT key FROM ${t.events} WHERE expires_at <= now() LIMIT $1)`,
    /** Expired furthest statuses, a batch at a time ($1 limit). */
    sweepProgress: `DELETE FROM ${t.progress} WHERE key IN (SELECT key FROM ${t.progress} WHERE expires_at <= now() LIMIT $1)`,
  };
}
