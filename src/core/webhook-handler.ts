/**
 * A ready-made webhook endpoint: reads the raw body (with a size limit), verifies and parses it
 * with any adapter, runs `onEvent` once per event (deduped through a `WebhookStore`) and answers
 * with the status code that makes the provider retry exactly when it should.
 *
 * Knows no provider and imports no HTTP client. `handle` is the framework-free core; `fetch`
 * (Web-standard `Request` → `Response`) and `node` (Node's `IncomingMessage`/`ServerResponse`,
 * Express, Fastify's `request.raw`/`reply.raw`) wrap it.
 */
import { ConfigurationError, WebhookParseError, WebhookVerificationError } from './errors';
import type { ParseWebhookOptions, WebhookEvent, WebhookInput } from './types';
import { BodyTimeout, BodyTooLarge, declaredTooLarge, readNodeBody, readWebBody } from './webhook-body';
import { boundedEventId, checkNow, checkTolerance, DEFAULT_MAX_WEBHOOK_BYTES } from './webhook-input';
import { createMemoryStore, DEFAULT_CLAIM_TTL_MS, positiveInteger, type WebhookStore } from './webhook-store';

/** Anything that verifies and parses webhooks: every adapter (`createMoyasar(…)`, …) qualifies. */
export interface WebhookProvider<E extends WebhookEvent = WebhookEvent> {
  readonly name: string;
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<E>;
}

/** The `error` code of a non-2xx answer. */
export type WebhookErrorCode =
  | 'verification_failed'
  | 'invalid_body'
  | 'body_too_large'
  | 'body_timeout'
  | 'in_flight'
  | 'store_unavailable'
  | 'handler_failed'
  | 'configuration_error'
  | 'internal_error'
  /** Reported to `onError` only (the answer is 200): the lease on the event was lost while `onEvent` ran. */
  | 'lease_lost';

/** The JSON body of an answer. */
export type WebhookResponseBody =
  | { received: true; duplicate?: true }
  | { error: WebhookErrorCode; message: string; reason?: string };

/** What `handle` decided: the answer to send, and the event when it was verified. */
export interface WebhookHandleResult<E extends WebhookEvent = WebhookEvent> {
  /** 200, or 400 / 401 / 413 / 500 / 503 (see the README's table). */
  status: number;
  /** Headers to send (`content-type`, and `retry-after` on 503). */
  headers: Record<string, string>;
  body: WebhookResponseBody;
  /** The verified event, when verification succeeded. */
  event?: E | undefined;
  /** The error behind a non-2xx answer (also handed to `onError`). */
  error?: unknown;
}

/** What `onError` learns besides the error itself. */
export interface WebhookErrorContext<E extends WebhookEvent = WebhookEvent> {
  /** The status answered. */
  status: number;
  code: WebhookErrorCode;
  /** The dedupe key (`provider:eventId`), once the event was verified. */
  key?: string | undefined;
  event?: E | undefined;
}

export interface WebhookHandlerOptions<E extends WebhookEvent = WebhookEvent> {
  /** The adapter that verifies and parses (only `name` and `parseWebhook` are used). */
  provider: WebhookProvider<E>;
  /**
   * Your processing. Runs at most once per successful event (per store); when it throws, the
   * handler answers 500 and releases the claim, so the provider's retry runs it again.
   */
  onEvent: (event: E, context: { key: string }) => unknown;
  /** Dedupe state (default: a `createMemoryStore()` of this handler alone). Share one across instances. */
  store?: WebhookStore | undefined;
  /**
   * Called (not awaited) for every non-2xx answer, with the error behind it, for logging. Also
   * called with status 200 when an event was processed but could not be recorded as processed.
   * Whatever it throws is ignored.
   */
  onError?: ((error: unknown, context: WebhookErrorContext<E>) => unknown) | undefined;
  /** Largest body accepted, in bytes (default 1 MiB). A larger declared `content-length` is refused before reading. */
  maxBodyBytes?: number | undefined;
  /**
   * Longest time to receive the whole body, in milliseconds (default 30 000). A sender that trickles
   * its body slower gets 408 `body_timeout`, so a slow client cannot hold the handler open.
   */
  bodyTimeoutMs?: number | undefined;
  /** Passed to `parseWebhook` (`toleranceSeconds`, `now`). */
  parseOptions?: Omit<ParseWebhookOptions, 'maxBodyBytes'> | undefined;
}

/** The parts of Node's `IncomingMessage` the handler uses (Express and Fastify's `request.raw` fit). */
export interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>;
  /** The request's path and query (Node's `req.url`), for providers that sign in the query. */
  url?: string | undefined;
  /** A body a framework already read: a Buffer/Uint8Array/string is used, a parsed object is refused. */
  body?: unknown;
  readonly readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'data' | 'end' | 'error', listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of Node's `ServerResponse` the handler uses (Express's `res`, Fastify's `reply.raw`). */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent?: boolean;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

export interface WebhookHandler<E extends WebhookEvent = WebhookEvent> {
  /** For Web-standard servers: Hono, Next.js route handlers, Bun, Deno. */
  fetch(request: Request): Promise<Response>;
  /** For Node's `http` server, Express and Fastify (`handler.node(request.raw, reply.raw)` after `reply.hijack()`). */
  node(req: NodeRequestLike, res: NodeResponseLike): Promise<void>;
  /** The framework-free core: a raw body and headers in, the answer out. */
  handle(input: WebhookInput): Promise<WebhookHandleResult<E>>;
}

/** Seconds a provider is asked to wait before retrying a 503. */
const RETRY_AFTER_SECONDS = '10';

/** Default `bodyTimeoutMs`: 30 s to receive a webhook body. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

const MESSAGES: Record<WebhookErrorCode, string> = {
  verification_failed: 'The webhook could not be verified; it was not processed.',
  invalid_body: 'The webhook body could not be read; it was not processed.',
  body_too_large: 'The webhook body is larger than this endpoint accepts; it was not processed.',
  body_timeout: 'The webhook body did not arrive in time; it was not processed.',
  configuration_error:
    'The webhook endpoint is misconfigured; the event was not processed. The operator has been told.',
  lease_lost: 'The lease on this event was lost while it was processed.',
  in_flight: 'This event is being processed by another request; retry later.',
  store_unavailable: 'The webhook store is unavailable; the event was not processed, retry later.',
  handler_failed: 'Processing the event failed; it was not marked processed, retry later.',
  internal_error: 'The webhook could not be handled; it was not processed, retry later.',
};

const STATUS: Record<WebhookErrorCode, number> = {
  verification_failed: 401,
  invalid_body: 400,
  body_too_large: 413,
  body_timeout: 408,
  // 500 without Retry-After: the provider retries on its own schedule (so nothing is lost once the
  // fault is fixed), not every few seconds as a 503 with Retry-After would invite.
  configuration_error: 500,
  lease_lost: 200,
  in_flight: 503,
  store_unavailable: 503,
  handler_failed: 500,
  internal_error: 500,
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

const NODE_BODY_HINT =
  'Verification needs the raw request body. In Express use express.raw({ type: "*/*" }) on this route ' +
  '(and no express.json() before it); in Fastify add a content-type parser with parseAs: "buffer" and call ' +
  'handler.handle({ body: request.body, headers: request.headers }).';

function isRawBody(body: unknown): body is string | Uint8Array | ArrayBuffer {
  return typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

/**
 * Builds a webhook endpoint around an adapter. See `WebhookHandlerOptions`; the answers:
 * 200 processed (or `{ duplicate: true }` when processed before, without calling `onEvent`);
 * 400 unreadable body; 401 not verified; 413 body over `maxBodyBytes`; 500 `onEvent` threw (the
 * claim is released, so the retry is processed); 503 the event is in flight elsewhere or the store
 * is unavailable. Never a 2xx for an event that was not processed.
 */
export function createWebhookHandler<E extends WebhookEvent>(
  options: WebhookHandlerOptions<E>,
): WebhookHandler<E> {
  const { provider, onEvent, onError } = options ?? {};
  if (typeof provider?.parseWebhook !== 'function' || typeof provider.name !== 'string') {
    throw new ConfigurationError('createWebhookHandler needs a provider with a name and parseWebhook().', {
      code: 'invalid_option',
    });
  }
  if (typeof onEvent !== 'function') {
    throw new ConfigurationError('createWebhookHandler needs an onEvent function.', {
      code: 'invalid_option',
    });
  }
  const store = options.store ?? createMemoryStore();
  if (
    typeof store !== 'object' ||
    store === null ||
    !['claim', 'markProcessed', 'release'].every(
      (m) => typeof (store as unknown as Record<string, unknown>)[m] === 'function',
    )
  ) {
    throw new ConfigurationError(
      'createWebhookHandler: store must have claim, markProcessed and release methods.',
      {
        code: 'invalid_option',
      },
    );
  }
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, DEFAULT_MAX_WEBHOOK_BYTES, 'maxBodyBytes');
  const bodyTimeoutMs = positiveInteger(options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs');
  checkTolerance(options.parseOptions?.toleranceSeconds, provider.name);
  checkNow(options.parseOptions?.now, provider.name);
  const parseOptions: ParseWebhookOptions = { ...options.parseOptions, maxBodyBytes };
  const leaseMs = positiveInteger(store.claimTtlMs, DEFAULT_CLAIM_TTL_MS, 'store.claimTtlMs');

  function report(error: unknown, context: WebhookErrorContext<E>): void {
    if (!onError) return;
    try {
      const result = onError(error, context);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        Promise.resolve(result).catch(() => {});
      }
    } catch {
      // A failing logger must not change the answer.
    }
  }

  function fail(
    code: WebhookErrorCode,
    error: unknown,
    extra: { reason?: string | undefined; key?: string; event?: E } = {},
  ): WebhookHandleResult<E> {
    const status = STATUS[code];
    const body: WebhookResponseBody = { error: code, message: MESSAGES[code] };
    if (extra.reason !== undefined) body.reason = extra.reason;
    // The fix for a parsed body is the whole point of the answer; that message is paybridge's own text.
    if (extra.reason === 'parsed_body' && error instanceof Error) body.message = error.message;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (status === 503) headers['retry-after'] = RETRY_AFTER_SECONDS;
    report(error, { status, code, key: extra.key, event: extra.event });
    return { status, headers, body, event: extra.event, error };
  }

  function fromReadError(error: unknown): WebhookHandleResult<E> {
    if (error instanceof BodyTimeout) {
      return fail(
        'body_timeout',
        new WebhookParseError('body_too_large', error.message, { provider: provider.name }),
        { reason: 'body_timeout' },
      );
    }
    if (error instanceof BodyTooLarge) {
      return fail(
        'body_too_large',
        new WebhookParseError(
          'body_too_large',
          `The webhook body is larger than ${error.maxBytes} bytes; raise maxBodyBytes if your provider really sends such bodies.`,
          { provider: provider.name },
        ),
        { reason: 'body_too_large' },
      );
    }
    return fail('invalid_body', error, { reason: 'unreadable' });
  }

  /**
   * Keeps the lease on `key` alive while `onEvent` runs: renewed at a third of its length, so only a
   * worker that crashed (or stalled for a whole lease) loses it. Returns a function that stops it
   * and tells whether the lease was lost meanwhile.
   */
  function keepLease(key: string, token: string, event: E): () => boolean {
    if (typeof store.renew !== 'function') return () => false;
    const renew = store.renew.bind(store);
    let lost = false;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(
        async () => {
          try {
            if (!(await renew(key, token))) {
              lost = true;
              report(new Error(`The lease on ${key} was lost while onEvent ran.`), {
                status: 200,
                code: 'lease_lost',
                key,
                event,
              });
              return;
            }
          } catch (error) {
            // The store is unreachable: the lease may still hold; try again at the next tick.
            report(error, { status: 200, code: 'store_unavailable', key, event });
          }
          if (!stopped) schedule();
        },
        Math.max(1, Math.floor(leaseMs / 3)),
      );
      (timer as { unref?: () => void }).unref?.();
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      return lost;
    };
  }

  async function handle(input: WebhookInput): Promise<WebhookHandleResult<E>> {
    let event: E;
    try {
      event = await provider.parseWebhook(input, parseOptions);
    } catch (error) {
      // No secret configured is the operator's fault, not the sender's: a 401 would make the
      // provider give up on a genuine event (see configuration_error).
      if (WebhookVerificationError.isInstance(error) && error.reason === 'missing_secret') {
        return fail('configuration_error', error, { reason: error.code });
      }
      if (WebhookVerificationError.isInstance(error)) {
        return fail('verification_failed', error, { reason: error.code });
      }
      if (WebhookParseError.isInstance(error)) {
        return fail(error.code === 'body_too_large' ? 'body_too_large' : 'invalid_body', error, {
          reason: error.code,
        });
      }
      if (ConfigurationError.isInstance(error))
        return fail('configuration_error', error, { reason: error.code });
      return fail('internal_error', error);
    }
    try {
      return await process(event);
    } catch (error) {
      // A fault of this handler's own, or of a store or provider of yours (a getter that throws):
      // never a 4xx, which providers read as "do not retry".
      return fail('internal_error', error);
    }
  }

  /** Dedupe and run `onEvent` for a verified event. */
  async function process(event: E): Promise<WebhookHandleResult<E>> {
    if (typeof event?.id !== 'string' || event.id === '') {
      return fail(
        'internal_error',
        new TypeError(`${provider.name}.parseWebhook returned an event without an id`),
      );
    }

    // Bounded: a store keeps keys for days, and an adapter of your own may return any id.
    const key = await boundedEventId(`${provider.name}:${event.id}`);
    const token = globalThis.crypto.randomUUID();
    let claim: Awaited<ReturnType<WebhookStore['claim']>>;
    try {
      claim = await store.claim(key, undefined, token);
    } catch (error) {
      if (ConfigurationError.isInstance(error)) return fail('configuration_error', error, { key, event });
      return fail('store_unavailable', error, { key, event });
    }
    if (claim === 'processed') {
      return { status: 200, headers: { ...JSON_HEADERS }, body: { received: true, duplicate: true }, event };
    }
    if (claim === 'in_flight') {
      return fail('in_flight', new Error(`The event ${key} is being processed by another request.`), {
        key,
        event,
      });
    }

    const stopLease = keepLease(key, token, event);
    try {
      await onEvent(event, { key });
    } catch (error) {
      stopLease();
      try {
        await store.release(key, token);
      } catch (releaseError) {
        // The claim then expires after its TTL; until then retries are answered 503 in_flight.
        report(releaseError, { status: 500, code: 'store_unavailable', key, event });
      }
      return fail('handler_failed', error, { key, event });
    }
    stopLease();

    try {
      const recorded = await store.markProcessed(key, undefined, token);
      if (recorded === false) {
        // Another worker took over the event after this one's lease expired (a stall longer than
        // the lease): its outcome decides; onEvent may have run twice.
        report(new Error(`The lease on ${key} was lost: another worker holds the event.`), {
          status: 200,
          code: 'lease_lost',
          key,
          event,
        });
      }
    } catch (error) {
      // onEvent succeeded: answering non-2xx would make the provider redeliver an event that was
      // processed. The claim stays until its TTL, which keeps concurrent copies out meanwhile.
      report(error, { status: 200, code: 'store_unavailable', key, event });
    }
    return { status: 200, headers: { ...JSON_HEADERS }, body: { received: true }, event };
  }

  async function fetchHandler(request: Request): Promise<Response> {
    let result: WebhookHandleResult<E>;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readWebBody(request, maxBodyBytes, bodyTimeoutMs);
    } catch (error) {
      result = fromReadError(error);
    }
    result ??= await handle({ body: bytes as Uint8Array, headers: request.headers, url: request.url });
    return new Response(JSON.stringify(result.body), { status: result.status, headers: result.headers });
  }

  async function nodeHandler(req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
    if (typeof req !== 'object' || req === null || typeof res !== 'object' || res === null) {
      throw new ConfigurationError("handler.node(req, res) needs Node's request and response objects.", {
        code: 'invalid_input',
      });
    }
    let result: WebhookHandleResult<E>;
    let drained = true;
    const body = req.body;
    if (isRawBody(body)) {
      result = await handle({ body, headers: req.headers, url: req.url });
    } else if ((body !== undefined && body !== null) || req.readableEnded === true) {
      const what = body !== undefined && body !== null ? 'already parsed into an object' : 'already consumed';
      result = fail(
        'invalid_body',
        new WebhookParseError(
          'parsed_body',
          `The request body was ${what} by a body parser. ${NODE_BODY_HINT}`,
          {
            provider: provider.name,
          },
        ),
        { reason: 'parsed_body' },
      );
    } else if (declaredTooLarge(req.headers['content-length'], maxBodyBytes)) {
      // Refused before reading a byte, as fetch() does; the upload is discarded after the answer.
      drained = false;
      result = fromReadError(new BodyTooLarge(maxBodyBytes));
    } else {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await readNodeBody(req, maxBodyBytes, bodyTimeoutMs);
      } catch (error) {
        drained = !(error instanceof BodyTooLarge || error instanceof BodyTimeout);
        result = fromReadError(error);
      }
      result ??= await handle({ body: bytes as Uint8Array, headers: req.headers, url: req.url });
    }
    if (!res.headersSent) {
      res.statusCode = result.status;
      for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
      // The rest of an oversized upload is discarded, not kept: do not reuse the connection.
      if (!drained) res.setHeader('connection', 'close');
      res.end(JSON.stringify(result.body));
    }
    if (!drained) {
      // Keep an error listener: a stream without one crashes the process on error.
      req.on('error', () => {});
      req.resume();
    }
  }

  return { fetch: fetchHandler, node: nodeHandler, handle };
}
