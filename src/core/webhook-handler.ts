/**
 * A ready-made webhook endpoint: reads the raw body (with a size limit), verifies and parses it
 * with any adapter, runs `onEvent` once per event (deduped through a `WebhookStore`) and answers
 * with the status code that makes the provider retry exactly when it should.
 *
 * Knows no provider and imports no HTTP client. `handle` is the framework-free core; `fetch`
 * (Web-standard `Request` → `Response`) and `node` (Node's `IncomingMessage`/`ServerResponse`,
 * Express, Fastify's `request.raw`/`reply.raw`) wrap it.
 */
import { CONFIRM_POLICIES } from './confirmation';
import {
  createDelivery,
  type DeliveryResult,
  ORDERING_POLICIES,
  type WebhookErrorCode,
  type WebhookErrorContext,
} from './delivery';
import { ConfigurationError, WebhookParseError, WebhookVerificationError } from './errors';
import { callHook, monotonicNow } from './hooks';
import { createMemoryStore } from './memory-store';
import { requestOutcome } from './outcome';
import type { ParseWebhookOptions, WebhookEvent, WebhookInput } from './types';
import { BodyTimeout, BodyTooLarge, declaredTooLarge, readNodeBody, readWebBody } from './webhook-body';
import type {
  NodeRequestLike,
  NodeResponseLike,
  ProviderResolver,
  ResolvedProvider,
  WebhookHandleResult,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookProvider,
  WebhookResponseBody,
} from './webhook-handler-types';
import {
  checkNow,
  checkTolerance,
  DEFAULT_MAX_WEBHOOK_BYTES,
  headerLookup,
  RAW_BODY_FIXES,
  webhookUrl,
} from './webhook-input';
import { DEFAULT_CLAIM_TTL_MS, positiveInteger, type WebhookStore } from './webhook-store';

export type { WebhookErrorCode, WebhookErrorContext } from './delivery';

/** `value` when it is one of `allowed`, the first of them when undefined; a `ConfigurationError` otherwise. */
function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], name: string): T {
  if (value === undefined) return allowed[0]!;
  if (!allowed.includes(value)) {
    throw new ConfigurationError(
      `createWebhookHandler: ${name} must be ${allowed.map((a) => `'${a}'`).join(', ')}; got ${String(value)}.`,
      { code: 'invalid_option' },
    );
  }
  return value;
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
  not_confirmed: "The provider's API does not confirm this event; it was not processed.",
  confirmation_pending:
    "The provider's API does not show this event's status yet; it was not processed, retry later.",
  confirmation_unavailable:
    "The provider's API could not confirm this event; it was not processed, retry later.",
  unknown_tenant: 'No tenant matches this webhook URL; it was not processed.',
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
  // 409, not 4xx-final: providers retry every non-2xx, and a retry after the API caught up passes.
  not_confirmed: 409,
  confirmation_pending: 503,
  confirmation_unavailable: 503,
  unknown_tenant: 404,
  handler_failed: 500,
  internal_error: 500,
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

const NODE_BODY_HINT = `Verification needs the raw request body. ${RAW_BODY_FIXES}`;

function isRawBody(body: unknown): body is string | Uint8Array | ArrayBuffer {
  return typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

/**
 * Builds a webhook endpoint around an adapter. See `WebhookHandlerOptions`; the answers:
 * 200 processed (or `{ duplicate: true }` when processed before, `{ stale: true }` when skipped as
 * stale, without calling `onEvent`); 400 unreadable body; 401 not verified; 404 unknown tenant;
 * 408 body too slow; 409 the provider's API contradicts the event; 413 body over `maxBodyBytes`;
 * 500 `onEvent` threw (the claim is released, so the retry is processed) or misconfiguration;
 * 503 in flight elsewhere, store unavailable, or the API not yet confirming. Never a 2xx for an
 * event that was not processed.
 */
export function createWebhookHandler<E extends WebhookEvent, Tx = undefined>(
  options: WebhookHandlerOptions<E, Tx>,
): WebhookHandler<E> {
  const { provider, onEvent, onError, onOutcome } = options ?? {};
  const resolver: ProviderResolver<E> | undefined = typeof provider === 'function' ? provider : undefined;
  const fixed: WebhookProvider<E> | undefined =
    typeof provider === 'function' ? undefined : (provider as WebhookProvider<E> | undefined);
  if (
    resolver === undefined &&
    (typeof fixed?.parseWebhook !== 'function' || typeof fixed.name !== 'string')
  ) {
    throw new ConfigurationError(
      'createWebhookHandler needs a provider with a name and parseWebhook(), or a function that resolves one per request.',
      { code: 'invalid_option' },
    );
  }
  if (typeof onEvent !== 'function') {
    throw new ConfigurationError('createWebhookHandler needs an onEvent function.', {
      code: 'invalid_option',
    });
  }
  if (onOutcome !== undefined && typeof onOutcome !== 'function') {
    throw new ConfigurationError('createWebhookHandler: onOutcome must be a function.', {
      code: 'invalid_option',
    });
  }
  const store = options.store ?? (createMemoryStore() as unknown as WebhookStore<Tx>);
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
  const confirm = oneOf(options.confirm, CONFIRM_POLICIES, 'confirm');
  const ordering = oneOf(options.ordering, ORDERING_POLICIES, 'ordering');
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, DEFAULT_MAX_WEBHOOK_BYTES, 'maxBodyBytes');
  const bodyTimeoutMs = positiveInteger(options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs');
  const label = fixed?.name;
  checkTolerance(options.parseOptions?.toleranceSeconds, label);
  checkNow(options.parseOptions?.now, label);
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

  const deliver = createDelivery<E, Tx>({ store, onEvent, confirm, ordering, leaseMs, report });

  /** What a request's decision saw on the way, for its outcome. */
  interface Seen {
    provider: string | undefined;
    delivery: DeliveryResult<E> | undefined;
  }

  /** Decides one request and tells `onOutcome`: every answer of `handle`, `fetch` and `node` passes here. */
  async function answered(
    decide: (seen: Seen) => Promise<WebhookHandleResult<E>>,
  ): Promise<WebhookHandleResult<E>> {
    // The clock is read only for onOutcome's duration.
    const started = onOutcome === undefined ? 0 : monotonicNow();
    const seen: Seen = { provider: label, delivery: undefined };
    const result = await decide(seen);
    if (onOutcome !== undefined) {
      callHook(onOutcome, requestOutcome(result, seen, monotonicNow() - started));
    }
    return result;
  }

  function fail(
    code: WebhookErrorCode,
    error: unknown,
    extra: {
      reason?: string | undefined;
      key?: string | undefined;
      event?: E | undefined;
      tenant?: string;
    } = {},
  ): WebhookHandleResult<E> {
    const status = STATUS[code];
    const body: WebhookResponseBody = { error: code, message: MESSAGES[code] };
    if (extra.reason !== undefined) body.reason = extra.reason;
    // For a parsed, consumed or missing body the fix is the whole point of the answer (a framework
    // kept the bytes from us); those messages are paybridge's own text, never the payload.
    if ((extra.reason === 'parsed_body' || extra.reason === 'empty_body') && error instanceof Error) {
      body.message = error.message;
    }
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (status === 503) headers['retry-after'] = RETRY_AFTER_SECONDS;
    report(error, { status, code, key: extra.key, event: extra.event, tenant: extra.tenant });
    return { status, headers, body, event: extra.event, error, tenant: extra.tenant };
  }

  function fromReadError(error: unknown): WebhookHandleResult<E> {
    if (error instanceof BodyTimeout) {
      return fail(
        'body_timeout',
        new WebhookParseError('body_too_large', error.message, { provider: label }),
        { reason: 'body_timeout' },
      );
    }
    if (error instanceof BodyTooLarge) {
      return fail(
        'body_too_large',
        new WebhookParseError(
          'body_too_large',
          `The webhook body is larger than ${error.maxBytes} bytes; raise maxBodyBytes if your provider really sends such bodies.`,
          { provider: label },
        ),
        { reason: 'body_too_large' },
      );
    }
    return fail('invalid_body', error, { reason: 'unreadable' });
  }

  /** The adapter (and tenant) for this request: fixed, or asked of the resolver. */
  async function resolve(
    input: WebhookInput,
  ): Promise<{ provider: WebhookProvider<E>; tenant?: string } | WebhookHandleResult<E>> {
    if (fixed !== undefined) return { provider: fixed };
    let resolved: ResolvedProvider<E>;
    try {
      const url = webhookUrl(input?.url, undefined);
      const header = headerLookup(input?.headers, undefined);
      resolved = await resolver!({ url, header });
    } catch (error) {
      if (WebhookParseError.isInstance(error)) return fail('invalid_body', error, { reason: error.code });
      if (ConfigurationError.isInstance(error))
        return fail('configuration_error', error, { reason: error.code });
      return fail('internal_error', error);
    }
    if (resolved === undefined || resolved === null) {
      return fail('unknown_tenant', new Error('The provider resolver found no adapter for this request.'));
    }
    const tenant = 'parseWebhook' in resolved ? undefined : resolved.tenant;
    const adapter = 'parseWebhook' in resolved ? resolved : resolved.provider;
    if (typeof adapter?.parseWebhook !== 'function' || typeof adapter.name !== 'string') {
      return fail(
        'configuration_error',
        new ConfigurationError(
          'The provider resolver must return an adapter, { tenant, provider }, or undefined.',
          { code: 'invalid_option' },
        ),
      );
    }
    if (tenant !== undefined && (typeof tenant !== 'string' || tenant === '')) {
      return fail(
        'configuration_error',
        new ConfigurationError('The provider resolver returned a tenant that is not a non-empty string.', {
          code: 'invalid_option',
        }),
      );
    }
    return tenant === undefined ? { provider: adapter } : { provider: adapter, tenant };
  }

  async function decide(input: WebhookInput, seen: Seen): Promise<WebhookHandleResult<E>> {
    // A fixed adapter needs no resolving: no promise for it.
    const target = fixed !== undefined ? { provider: fixed, tenant: undefined } : await resolve(input);
    if ('status' in target) return target;
    const { provider: adapter, tenant } = target;
    seen.provider = adapter.name;
    let event: E;
    try {
      event = await adapter.parseWebhook(input, parseOptions);
    } catch (error) {
      // No secret configured is the operator's fault, not the sender's: a 401 would make the
      // provider give up on a genuine event (see configuration_error).
      if (WebhookVerificationError.isInstance(error) && error.reason === 'missing_secret') {
        return fail('configuration_error', error, { reason: error.code, tenant });
      }
      if (WebhookVerificationError.isInstance(error)) {
        return fail('verification_failed', error, { reason: error.code, tenant });
      }
      if (WebhookParseError.isInstance(error)) {
        return fail(error.code === 'body_too_large' ? 'body_too_large' : 'invalid_body', error, {
          reason: error.code,
          tenant,
        });
      }
      if (ConfigurationError.isInstance(error))
        return fail('configuration_error', error, { reason: error.code, tenant });
      return fail('internal_error', error, { tenant });
    }
    try {
      if (typeof event?.id !== 'string' || event.id === '') {
        return fail(
          'internal_error',
          new TypeError(`${adapter.name}.parseWebhook returned an event without an id`),
          { tenant },
        );
      }
      const outcome = await deliver(event, { provider: adapter, source: 'webhook', tenant });
      seen.delivery = outcome;
      if (outcome.result === 'failed') {
        return fail(outcome.code, outcome.error, {
          reason: outcome.reason,
          key: outcome.key,
          event: outcome.event,
          tenant,
        });
      }
      const body: WebhookResponseBody = { received: true };
      if (outcome.result === 'duplicate') body.duplicate = true;
      if (outcome.result === 'skipped_stale') body.stale = true;
      return { status: 200, headers: { ...JSON_HEADERS }, body, event, tenant };
    } catch (error) {
      // A fault of this handler's own, or of a store or provider of yours (a getter that throws):
      // never a 4xx, which providers read as "do not retry".
      return fail('internal_error', error, { event, tenant });
    }
  }

  const handle = (input: WebhookInput) => answered((seen) => decide(input, seen));

  async function fetchHandler(request: Request): Promise<Response> {
    const result = await answered(async (seen) => {
      let bytes: Uint8Array;
      try {
        bytes = await readWebBody(request, maxBodyBytes, bodyTimeoutMs);
      } catch (error) {
        return fromReadError(error);
      }
      return decide({ body: bytes, headers: request.headers, url: request.url }, seen);
    });
    return new Response(JSON.stringify(result.body), { status: result.status, headers: result.headers });
  }

  async function nodeHandler(req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
    if (typeof req !== 'object' || req === null || typeof res !== 'object' || res === null) {
      throw new ConfigurationError("handler.node(req, res) needs Node's request and response objects.", {
        code: 'invalid_input',
      });
    }
    let drained = true;
    const result = await answered(async (seen) => {
      const body = req.body;
      if (isRawBody(body)) return decide({ body, headers: req.headers, url: req.url }, seen);
      if ((body !== undefined && body !== null) || req.readableEnded === true) {
        const what =
          body !== undefined && body !== null ? 'already parsed into an object' : 'already consumed';
        return fail(
          'invalid_body',
          new WebhookParseError(
            'parsed_body',
            `The request body was ${what} by a body parser. ${NODE_BODY_HINT}`,
            {
              provider: label,
            },
          ),
          { reason: 'parsed_body' },
        );
      }
      if (declaredTooLarge(req.headers['content-length'], maxBodyBytes)) {
        // Refused before reading a byte, as fetch() does; the upload is discarded after the answer.
        drained = false;
        return fromReadError(new BodyTooLarge(maxBodyBytes));
      }
      let bytes: Uint8Array;
      try {
        bytes = await readNodeBody(req, maxBodyBytes, bodyTimeoutMs);
      } catch (error) {
        drained = !(error instanceof BodyTooLarge || error instanceof BodyTimeout);
        return fromReadError(error);
      }
      return decide({ body: bytes, headers: req.headers, url: req.url }, seen);
    });
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
