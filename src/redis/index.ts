/**
 * paybridge/redis: a `WebhookStore` in Redis, so that many instances of a service dedupe webhooks
 * together. Built on node-redis (the `redis` package: Redis's official Node client, typed, actively
 * maintained), an optional peer dependency that only this entry point loads.
 *
 * Keys: `${keyPrefix}${provider}:${eventId}`. Values: `claimed:<token>` while an event is being
 * processed (with the claim TTL), `processed` afterwards (with the processed TTL).
 * - claim: `SET key claimed:<token> NX PX claimTtl`; when the key exists, `GET` tells processed
 *   from in flight.
 * - markProcessed: `SET key processed PX processedTtl`.
 * - release: a Lua compare-and-delete, so it removes the claim only while it still holds this
 *   claim's token: a worker whose claim expired cannot delete a newer worker's claim.
 * - renew: a Lua compare-and-`PEXPIRE` (only this claim's lease is extended).
 * - markProcessed with a token: a Lua script that writes `processed` unless another worker's claim
 *   holds the key.
 * - A claim whose `SET NX` timed out may still land later: the store then releases it (the release
 *   is queued behind the late `SET` on the same connection), so retries are not blocked for a whole
 *   lease by a claim nobody holds.
 * - advance (ordering): `${keyPrefix}@progress:${paymentKey}` holds `<rank>:<status>`; a Lua script
 *   keeps the higher rank and returns what was there.
 * - Tracked payments (reconciliation): a sorted set per provider and tenant,
 *   `${keyPrefix}@due:<tenant>:<provider>` (score: next check, in ms), and one JSON record per
 *   payment at `${keyPrefix}@tracked:${key}` that names its set; `takeDue` is one Lua script that
 *   reads the due ones and moves them forward by the lease, so two runners never share one.
 *   (`@` never begins an event key: tenants are percent-encoded and providers are named in words.)
 *
 * @module paybridge/redis
 */
import { ConfigurationError, PaybridgeError } from '../core/errors';
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

export { WebhookStoreError } from '../core/webhook-store';

/**
 * The node-redis client methods the store uses. A client from `createClient()` of the `redis`
 * package fits, connected or not (the store does not connect a client it did not create).
 */
export interface RedisStoreClient {
  readonly isReady: boolean;
  set(
    key: string,
    value: string,
    options?: { condition?: 'NX'; expiration?: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Where the store finds Redis: a URL (the store creates, connects and closes its client) or your client. */
export type RedisStoreConnection = { url: string } | { client: RedisStoreClient };

export interface RedisStoreOptions {
  /** Prefix of every key (default `'paybridge:webhook:'`). */
  keyPrefix?: string | undefined;
  /** Lease of a claim, in milliseconds (default 5 minutes); the handler renews it while `onEvent` runs. */
  claimTtlMs?: number | undefined;
  /** How long a processed event is remembered, in milliseconds (default 7 days). */
  processedTtlMs?: number | undefined;
  /** @deprecated Use `claimTtlMs` (the memory store's name and unit; kept for one minor version). */
  claimTtlSeconds?: number | undefined;
  /** @deprecated Use `processedTtlMs` (kept for one minor version). */
  processedTtlSeconds?: number | undefined;
  /**
   * Longest wait for one Redis command, in milliseconds (default 2000). Past it the operation fails
   * with `WebhookStoreError` (the handler answers 503). It also bounds the wait for the first
   * connection of a client the store created.
   */
  commandTimeoutMs?: number | undefined;
}

export interface RedisWebhookStore extends WebhookStore {
  renew: NonNullable<WebhookStore['renew']>;
  advance: NonNullable<WebhookStore['advance']>;
  track: NonNullable<WebhookStore['track']>;
  takeDue: NonNullable<WebhookStore['takeDue']>;
  reschedule: NonNullable<WebhookStore['reschedule']>;
  untrack: NonNullable<WebhookStore['untrack']>;
  /** Connects a client the store created (optional: the first operation connects too). Fails fast on a bad URL. */
  connect(): Promise<void>;
  /** Closes the client when the store created it (`{ url }`); a client you passed stays open. */
  close(): Promise<void>;
}

const RELEASE_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const RENEW_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
/** Writes `processed` unless another claim (`claimed:<other token>`) holds the key; 1 when written. */
const MARK_PROCESSED_SCRIPT =
  "local v = redis.call('GET', KEYS[1]) " +
  "if v == false or v == ARGV[1] or v == 'processed' then " +
  "redis.call('SET', KEYS[1], 'processed', 'PX', ARGV[2]) return 1 else return 0 end";

/** Keeps the higher-ranked `<rank>:<status>`; returns the value found (nil when none). */
const ADVANCE_SCRIPT =
  "local v = redis.call('GET', KEYS[1]) " +
  "local r = -1 if v then r = tonumber(string.match(v, '^(%d+):')) or -1 end " +
  "if tonumber(ARGV[1]) > r then redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3]) " +
  "else redis.call('PEXPIRE', KEYS[1], ARGV[3]) end return v";
/** KEYS: set, record. ARGV: json, score, member. Adds the payment unless it is tracked already. */
const TRACK_SCRIPT =
  "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end " +
  "redis.call('SET', KEYS[2], ARGV[1]) redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3]) return 1";
/** KEYS: set. ARGV: now, limit, lease, record prefix. Returns the due records, moved by the lease. */
const TAKE_DUE_SCRIPT =
  "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2])) " +
  'local out = {} ' +
  'for _, member in ipairs(due) do ' +
  "local json = redis.call('GET', ARGV[4] .. member) " +
  "if json then local score = redis.call('ZSCORE', KEYS[1], member) " +
  "redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), member) " +
  'table.insert(out, json) table.insert(out, score) ' +
  "else redis.call('ZREM', KEYS[1], member) end end return out";
/** KEYS: record. ARGV: member, next, attempts. The record names its set. */
const RESCHEDULE_SCRIPT =
  "local json = redis.call('GET', KEYS[1]) if not json then return 0 end " +
  "local record = cjson.decode(json) record['attempts'] = tonumber(ARGV[3]) " +
  "redis.call('SET', KEYS[1], cjson.encode(record)) redis.call('ZADD', record['set'], ARGV[2], ARGV[1]) return 1";
/** KEYS: record. ARGV: member. */
const UNTRACK_SCRIPT =
  "local json = redis.call('GET', KEYS[1]) if not json then return 0 end " +
  "redis.call('DEL', KEYS[1]) return redis.call('ZREM', cjson.decode(json)['set'], ARGV[1])";

const PROCESSED = 'processed';
const CLAIMED_PREFIX = 'claimed:';

/** Created clients fail commands at once while reconnecting instead of queueing them. */
interface OwnedClient extends RedisStoreClient {
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

const decoder = new TextDecoder();
function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  return null;
}

/** Removes credentials from a Redis URL before it appears in an error message. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'the configured Redis URL';
  }
}

/**
 * A webhook store in Redis, shared by every instance that uses the same Redis and `keyPrefix`.
 *
 * ```ts
 * const store = createRedisStore({ url: process.env.REDIS_URL! });
 * const handler = createWebhookHandler({ provider: moyasar, store, onEvent });
 * ```
 */
export function createRedisStore(
  connection: RedisStoreConnection,
  options: RedisStoreOptions = {},
): RedisWebhookStore {
  const keyPrefix = options.keyPrefix ?? 'paybridge:webhook:';
  const claimTtlMs =
    options.claimTtlMs !== undefined || options.claimTtlSeconds === undefined
      ? positiveInteger(options.claimTtlMs, DEFAULT_CLAIM_TTL_MS, 'claimTtlMs')
      : positiveInteger(options.claimTtlSeconds, DEFAULT_CLAIM_TTL_MS / 1000, 'claimTtlSeconds') * 1000;
  const processedTtlMs =
    options.processedTtlMs !== undefined || options.processedTtlSeconds === undefined
      ? positiveInteger(options.processedTtlMs, DEFAULT_PROCESSED_TTL_MS, 'processedTtlMs')
      : positiveInteger(options.processedTtlSeconds, DEFAULT_PROCESSED_TTL_MS / 1000, 'processedTtlSeconds') *
        1000;
  const commandTimeoutMs = positiveInteger(options.commandTimeoutMs, 2000, 'commandTimeoutMs');
  const instanceToken = lazyToken();

  if (typeof connection !== 'object' || connection === null) {
    throw new ConfigurationError('createRedisStore needs { url } or { client } (a node-redis client).', {
      code: 'invalid_option',
    });
  }
  if (options === null) options = {};
  const url = 'url' in connection ? connection.url : undefined;
  if (url !== undefined && typeof url !== 'string') {
    throw new ConfigurationError('createRedisStore: url must be a string such as redis://127.0.0.1:6379.', {
      code: 'invalid_option',
    });
  }
  const where = url === undefined ? 'Redis' : `Redis at ${describeUrl(url)}`;
  let client: RedisStoreClient | undefined = 'client' in connection ? connection.client : undefined;
  if (url === undefined && (typeof client !== 'object' || client === null)) {
    throw new ConfigurationError('createRedisStore needs { url } or { client } (a node-redis client).', {
      code: 'invalid_option',
    });
  }
  let owned: OwnedClient | undefined;
  let connecting: Promise<void> | undefined;
  let lastError: unknown;
  let closed = false;

  function connectOwned(): Promise<void> {
    connecting ??= (async () => {
      let createClient: typeof import('redis').createClient;
      try {
        ({ createClient } = await import('redis'));
      } catch (error) {
        connecting = undefined;
        // A missing optional dependency is a configuration fault, not an outage: say how to fix it.
        throw new ConfigurationError(
          'paybridge/redis needs the `redis` package (node-redis), an optional peer dependency: npm install redis.',
          { code: 'dependency_missing', cause: error },
        );
      }
      let created: OwnedClient;
      try {
        created = createClient({ url, disableOfflineQueue: true }) as unknown as OwnedClient;
      } catch (error) {
        // A URL node-redis cannot use (another scheme, a bad port): no retry will fix it.
        connecting = undefined;
        throw new ConfigurationError(
          `${where}: node-redis refused the URL (redis:// or rediss:// expected).`,
          {
            code: 'invalid_option',
            cause: error,
          },
        );
      }
      // Without an 'error' listener node-redis would crash the process on every lost connection.
      created.on('error', (error) => {
        lastError = error;
      });
      owned = created;
      client = created;
      try {
        await created.connect();
      } catch (error) {
        // node-redis keeps retrying a refused first connection; it rejects only on a bad URL or when
        // destroyed. Start afresh on the next operation.
        connecting = undefined;
        owned = undefined;
        client = undefined;
        try {
          created.destroy();
        } catch {}
        throw error;
      }
    })();
    return connecting;
  }

  function unavailable(operation: WebhookStoreError['operation'], cause: unknown): PaybridgeError {
    if (PaybridgeError.isInstance(cause) && cause instanceof WebhookStoreError) return cause;
    if (cause instanceof ConfigurationError) return cause;
    return new WebhookStoreError(operation, `${where} is unavailable (${operation} failed).`, { cause });
  }

  /** Runs one command with the time limit; any failure becomes a WebhookStoreError. */
  async function run<T>(
    operation: WebhookStoreError['operation'],
    command: (c: RedisStoreClient) => Promise<T>,
  ): Promise<T> {
    if (closed)
      throw new WebhookStoreError(operation, 'The Redis webhook store is closed.', { code: 'store_closed' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new WebhookStoreError(operation, `${where} did not answer within ${commandTimeoutMs} ms.`, {
              code: 'store_timeout',
            }),
          ),
        commandTimeoutMs,
      );
    });
    try {
      if (url !== undefined && !owned?.isReady) {
        // The first connection may still be on its way; a lost one is being re-established by node-redis.
        const first = connectOwned();
        first.catch(() => {});
        await Promise.race([first, timeout]);
      }
      const current = client;
      if (!current?.isReady) {
        throw new WebhookStoreError(operation, `${where} is not connected.`, { cause: lastError });
      }
      return await Promise.race([command(current), timeout]);
    } catch (error) {
      throw unavailable(operation, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function claim(key: string, ttlMs?: number, token = instanceToken()): Promise<ClaimResult> {
    const px = positiveInteger(ttlMs, claimTtlMs, 'ttlMs');
    const redisKey = keyPrefix + key;
    const value = CLAIMED_PREFIX + token;
    // The key can expire between SET NX and GET; then claim again (a few times at most).
    for (let attempt = 0; attempt < 3; attempt++) {
      let set: unknown;
      try {
        set = await run('claim', (c) =>
          c.set(redisKey, value, { condition: 'NX', expiration: { type: 'PX', value: px } }),
        );
      } catch (error) {
        if (error instanceof WebhookStoreError && error.code === 'store_timeout')
          releaseLate(redisKey, value);
        throw error;
      }
      if (set !== null && set !== undefined) return 'claimed';
      const current = asText(await run('claim', (c) => c.get(redisKey)));
      if (current === PROCESSED) return 'processed';
      if (current !== null) return 'in_flight';
    }
    return 'in_flight';
  }

  /**
   * A `SET NX` that timed out may still be carried out: queue a compare-and-delete of that very claim
   * behind it (same connection, so Redis runs it after the SET). Nobody waits for it.
   */
  function releaseLate(redisKey: string, value: string): void {
    const current = client;
    if (!current?.isReady) return;
    current.eval(RELEASE_SCRIPT, { keys: [redisKey], arguments: [value] }).catch(() => {});
  }

  const dueSet = (provider: string, tenant: string | undefined) =>
    `${keyPrefix}@due:${encodeURIComponent(tenant ?? '')}:${encodeURIComponent(provider)}`;
  const trackedRecord = (key: string) => `${keyPrefix}@tracked:${key}`;

  /** A tracked payment from its stored JSON and its score; undefined for a record it cannot read. */
  function readTracked(json: unknown, score: unknown): TrackedPayment | undefined {
    try {
      const record = JSON.parse(asText(json) ?? '') as Record<string, unknown>;
      const nextCheckAt = Number(asText(score) ?? score);
      if (
        typeof record['key'] !== 'string' ||
        typeof record['provider'] !== 'string' ||
        typeof record['paymentId'] !== 'string'
      ) {
        return undefined;
      }
      return {
        key: record['key'],
        provider: record['provider'],
        paymentId: record['paymentId'],
        tenant: typeof record['tenant'] === 'string' ? record['tenant'] : undefined,
        trackedAt: Number(record['trackedAt']),
        attempts: Number(record['attempts']) || 0,
        nextCheckAt,
      };
    } catch {
      return undefined;
    }
  }

  return {
    claimTtlMs,
    claim,
    async advance(paymentKey: string, status: PaymentStatus) {
      const found = await run('advance', (c) =>
        c.eval(ADVANCE_SCRIPT, {
          keys: [`${keyPrefix}@progress:${paymentKey}`],
          arguments: [String(STATUS_RANK[status]), status, String(processedTtlMs)],
        }),
      );
      const previous = asText(found)?.split(':')[1];
      return isPaymentStatus(previous) ? previous : undefined;
    },
    async track(payment) {
      const { key, provider, paymentId, tenant, trackedAt, attempts } = payment;
      const set = dueSet(provider, tenant);
      await run('track', (c) =>
        c.eval(TRACK_SCRIPT, {
          keys: [set, trackedRecord(key)],
          arguments: [
            JSON.stringify({ key, provider, paymentId, tenant, trackedAt, attempts, set }),
            String(payment.nextCheckAt),
            key,
          ],
        }),
      );
    },
    async takeDue(now, limit, leaseMs, scope) {
      const found = await run('takeDue', (c) =>
        c.eval(TAKE_DUE_SCRIPT, {
          keys: [dueSet(scope.provider, scope.tenant)],
          arguments: [String(now), String(limit), String(leaseMs), `${keyPrefix}@tracked:`],
        }),
      );
      const list = Array.isArray(found) ? found : [];
      const due: TrackedPayment[] = [];
      for (let i = 0; i + 1 < list.length; i += 2) {
        const payment = readTracked(list[i], list[i + 1]);
        if (payment) due.push(payment);
      }
      return due;
    },
    async reschedule(key, nextCheckAt, attempts) {
      await run('reschedule', (c) =>
        c.eval(RESCHEDULE_SCRIPT, {
          keys: [trackedRecord(key)],
          arguments: [key, String(nextCheckAt), String(attempts)],
        }),
      );
    },
    async untrack(key) {
      await run('untrack', (c) => c.eval(UNTRACK_SCRIPT, { keys: [trackedRecord(key)], arguments: [key] }));
    },
    async renew(key, token, ttlMs) {
      const px = positiveInteger(ttlMs, claimTtlMs, 'ttlMs');
      const renewed = await run('renew', (c) =>
        c.eval(RENEW_SCRIPT, { keys: [keyPrefix + key], arguments: [CLAIMED_PREFIX + token, String(px)] }),
      );
      return Number(renewed) === 1;
    },
    async markProcessed(key, ttlMs, token) {
      const px = positiveInteger(ttlMs, processedTtlMs, 'ttlMs');
      if (token === undefined) {
        await run('markProcessed', (c) =>
          c.set(keyPrefix + key, PROCESSED, { expiration: { type: 'PX', value: px } }),
        );
        return true;
      }
      const written = await run('markProcessed', (c) =>
        c.eval(MARK_PROCESSED_SCRIPT, {
          keys: [keyPrefix + key],
          arguments: [CLAIMED_PREFIX + token, String(px)],
        }),
      );
      return Number(written) === 1;
    },
    async release(key, token = instanceToken()) {
      await run('release', (c) =>
        c.eval(RELEASE_SCRIPT, { keys: [keyPrefix + key], arguments: [CLAIMED_PREFIX + token] }),
      );
    },
    async connect() {
      if (url === undefined) return;
      try {
        await connectOwned();
      } catch (error) {
        throw unavailable('connect', error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!owned) return;
      const created = owned;
      if (created.isReady) {
        await created.close().catch(() => created.destroy());
      } else {
        created.destroy();
      }
    },
  };
}
