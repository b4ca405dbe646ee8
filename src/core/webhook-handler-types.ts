/**
 * The types of `createWebhookHandler` (webhook-handler.ts): its options, the adapters and tenant
 * resolvers it takes, the request and response shapes of its Node transport, and what `handle`
 * answers.
 */
import type { ConfirmPolicy } from './confirmation';
import type {
  DeliveredEvent,
  EventContext,
  OrderingPolicy,
  WebhookErrorCode,
  WebhookErrorContext,
} from './delivery';
import type { OutcomeHook } from './outcome';
import type { ParseWebhookOptions, Payment, RequestOptions, WebhookEvent, WebhookInput } from './types';
import type { WebhookStore } from './webhook-store';

/** Anything that verifies and parses webhooks: every adapter (`createMoyasar(…)`, …) qualifies. */
export interface WebhookProvider<E extends WebhookEvent = WebhookEvent> {
  readonly name: string;
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<E>;
  /** Used by the confirmation policy (`confirm`); every adapter of paybridge has it. */
  getPayment?: ((id: string, options?: RequestOptions) => Promise<Payment>) | undefined;
}

/** What a tenant resolver learns about the request. */
export interface WebhookRequestInfo {
  /** The request's URL (a path-only `req.url` is resolved against `http://localhost`), when known. */
  url: URL | undefined;
  /** A case-insensitive header lookup. */
  header(name: string): string | undefined;
}

/**
 * The adapter for one request: a bare adapter (keys are not namespaced), `{ tenant, provider }`
 * (keys, furthest statuses and tracked payments are filed under the tenant), or nothing for a
 * request of no known tenant (answered 404 `unknown_tenant`).
 */
export type ResolvedProvider<E extends WebhookEvent = WebhookEvent> =
  | WebhookProvider<E>
  | { tenant: string; provider: WebhookProvider<E> }
  | undefined
  | null;

/** Resolves the adapter per request, from its path, query or headers (a platform of many tenants). */
export type ProviderResolver<E extends WebhookEvent = WebhookEvent> = (
  request: WebhookRequestInfo,
) => ResolvedProvider<E> | Promise<ResolvedProvider<E>>;

/** The JSON body of an answer. */
export type WebhookResponseBody =
  | { received: true; duplicate?: true; stale?: true }
  | { error: WebhookErrorCode; message: string; reason?: string };

/** What `handle` decided: the answer to send, and the event when it was verified. */
export interface WebhookHandleResult<E extends WebhookEvent = WebhookEvent> {
  /** 200, or 400 / 401 / 404 / 408 / 409 / 413 / 500 / 503 (see the README's table). */
  status: number;
  /** Headers to send (`content-type`, and `retry-after` on 503). */
  headers: Record<string, string>;
  body: WebhookResponseBody;
  /** The verified event, when verification succeeded. */
  event?: E | undefined;
  /** The tenant the request was resolved to, with a resolver that names one. */
  tenant?: string | undefined;
  /** The error behind a non-2xx answer (also handed to `onError`). */
  error?: unknown;
}

export interface WebhookHandlerOptions<E extends WebhookEvent = WebhookEvent, Tx = undefined> {
  /**
   * The adapter that verifies and parses (`name`, `parseWebhook`, and `getPayment` to confirm), or
   * a function that resolves it per request (many tenants: see `ResolvedProvider`).
   */
  provider: WebhookProvider<E> | ProviderResolver<E>;
  /**
   * Your processing. Runs at most once per successful event (per store), and once per payment and
   * final status: the same outcome reached by another event (or found by a reconciler on the same
   * store) is a duplicate. When it throws, the handler answers 500 and releases the claim, so the
   * provider's retry runs it again. The event says where it came from (`source`), whether it was
   * confirmed (`confirmed`, `confirmation`) and whether it is `stale`.
   */
  onEvent: (event: DeliveredEvent<E>, context: EventContext<Tx>) => unknown;
  /** Dedupe state (default: a `createMemoryStore()` of this handler alone). Share one across instances. */
  store?: WebhookStore<Tx> | undefined;
  /**
   * Which events are confirmed through the provider's API (`getPayment`) before `onEvent`:
   * `'unverified'` (default: those with a field their verification did not cover, see
   * `event.coverage`), `'always'` or `'never'`. An event the API contradicts is answered 409, one the
   * API has not caught up with 503 with Retry-After: either way the provider retries.
   */
  confirm?: ConfirmPolicy | undefined;
  /**
   * An event that would move its payment backwards (by `STATUS_RANK`): `'flag'` (default) hands it
   * to `onEvent` with `stale: true`; `'skip'` answers 200 `{ received: true, stale: true }` without
   * calling `onEvent`. Needs a store with `advance` (all of paybridge's).
   */
  ordering?: OrderingPolicy | undefined;
  /**
   * Called (not awaited) for every non-2xx answer, with the error behind it, for logging. Also
   * called with status 200 when an event was processed but could not be recorded as processed.
   * Whatever it throws is ignored.
   */
  onError?: ((error: unknown, context: WebhookErrorContext<E>) => unknown) | undefined;
  /**
   * Called (not awaited) once per request with what became of it (`WebhookOutcome`: processed,
   * duplicate, skipped, in flight, refused with its reason, failed; verified, confirmed, stale, the
   * tenant), for logs and metrics (`paybridge/opentelemetry`). Nothing secret; whatever it throws
   * is ignored.
   */
  onOutcome?: OutcomeHook | undefined;
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
