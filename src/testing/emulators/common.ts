/**
 * What the three provider emulators share. An emulator is a stateful, in-memory model of one
 * provider's API: it answers requests (`handle`) and plays the payer (`act`), returning the
 * webhooks the provider would send. It does no I/O itself, so the same emulator backs both the msw
 * mocks (`paybridge/testing/msw`) and the HTTP simulator (`startSimulator`).
 */
import type { ProviderName } from '../defaults';
import type { SignedWebhook } from '../webhooks/index';

/** A request as the emulators see it: the path is relative to the provider's base URL. */
export interface EmulatorRequest {
  method: string;
  /** Path below the provider's base URL, starting with `/` (`/invoices/abc`). */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The raw body text (`''` when none). */
  body: string;
}

/** An answer: JSON with a status, or a dropped connection (`network: true`). */
export type EmulatorResponse =
  | { network?: false; status: number; json: unknown; headers?: Record<string, string> }
  | { network: true };

/** What a payer can do on a hosted page, plus `expire` (the link's time runs out). */
export type PayerAction = 'pay' | 'decline' | 'cancel' | 'expire';

export const PAYER_ACTIONS: readonly PayerAction[] = ['pay', 'decline', 'cancel', 'expire'];

/** The API operations a failure can be injected into. */
export type EmulatedOperation =
  | 'token'
  | 'create'
  | 'get'
  | 'list'
  | 'cancel'
  | 'bulk'
  | 'refund'
  | 'capture'
  | 'void'
  | 'wallet'
  | 'signature_key';

/** An error to answer instead of the normal response (see `failNext`). */
export interface FailureRule {
  /** Only this operation fails (default: the next request of any operation). */
  operation?: EmulatedOperation | '*';
  /** HTTP status (default 500). The body is shaped like the provider's own errors. */
  status?: number;
  /** The error message in the body. */
  message?: string;
  /** Drop the connection instead of answering (a network error on the client's side). */
  network?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/** A webhook the provider sends after an action: where to, and the signed body. */
export interface OutgoingWebhook extends SignedWebhook {
  provider: ProviderName;
  /** The link (intent, invoice, Money-Go payment id) it concerns. */
  linkId: string;
  /** The provider's event type (for Money-Go, which sends none, its `status`). */
  type: string;
  /** Where it goes; undefined when the link was created without a webhook URL. */
  url: string | undefined;
  /**
   * The body and headers of delivery attempt `n` (from 1), where the provider changes the body
   * between attempts (Tap counts them in `post.attempt`). Without it every attempt sends `body`.
   */
  attemptBody?: ((attempt: number) => Promise<SignedWebhook>) | undefined;
}

/** What the hosted checkout page and the delivery log need to know about a link. */
export interface LinkView {
  provider: ProviderName;
  id: string;
  /** The hosted page. */
  url: string;
  /** Minor units. */
  amount: number;
  currency: string;
  description: string | undefined;
  reference: string | undefined;
  /** The provider's own status of the link, verbatim (`UNPROCESSED`, `initiated`, `PENDING`…). */
  providerStatus: string;
  /** Whether the payer can still act on it. */
  open: boolean;
  /** Where the payer goes after each action, where the link says. */
  redirects: Partial<Record<PayerAction, string>>;
  webhookUrl: string | undefined;
  createdAt: Date;
  /** When the link stops accepting payments, where it says: the simulator expires it then. */
  expiresAt?: Date | undefined;
}

export interface EmulatorOptions {
  /** The hosted checkout page URL of a link. */
  hostedUrl(provider: ProviderName, id: string): string;
  /** The clock, in ms since the epoch (the simulator's; default `Date.now`). */
  now?: (() => number) | undefined;
}

/** The emulator's current time as a Date. */
export function currentDate(options: Pick<EmulatorOptions, 'now'>): Date {
  return new Date(options.now?.() ?? Date.now());
}

export interface ActOptions {
  /** The failure message of a declined payment. */
  message?: string;
}

export interface ProviderEmulator {
  readonly provider: ProviderName;
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  link(id: string): LinkView | undefined;
  links(): LinkView[];
  /** Plays the payer; returns the webhooks the provider sends (possibly none). Throws if not allowed. */
  act(id: string, action: PayerAction, options?: ActOptions): Promise<OutgoingWebhook[]>;
  /** The next matching request(s) fail as `rule` says. */
  failNext(rule?: FailureRule): void;
  /** Forgets every link, token and pending failure. */
  reset(): void;
  /** Webhooks caused by API calls since the last call (closing an intent, refunding a payment…). */
  drainApiWebhooks(): OutgoingWebhook[];
}

/** Thrown by `act` when the action is not possible (unknown link, already paid…). */
export class SimulatorActionError extends Error {
  readonly status: number;
  constructor(message: string, status = 409) {
    super(message);
    this.name = 'SimulatorActionError';
    this.status = status;
  }
}

/** Queued failures; the first rule matching an operation is used (and counted down). */
export class FailureQueue {
  #rules: (FailureRule & { left: number })[] = [];

  add(rule: FailureRule = {}): void {
    this.#rules.push({ ...rule, left: rule.times ?? 1 });
  }

  take(operation: EmulatedOperation): FailureRule | undefined {
    const index = this.#rules.findIndex(
      (r) => r.operation === undefined || r.operation === '*' || r.operation === operation,
    );
    if (index < 0) return undefined;
    const rule = this.#rules[index]!;
    rule.left -= 1;
    if (rule.left <= 0) this.#rules.splice(index, 1);
    return rule;
  }

  clear(): void {
    this.#rules = [];
  }
}

/** One API route of an emulator. */
export interface Route {
  method: string;
  pattern: RegExp;
  operation: EmulatedOperation;
  run(match: RegExpExecArray, request: EmulatorRequest): Promise<EmulatorResponse> | EmulatorResponse;
}

export const json = (status: number, body: unknown): EmulatorResponse => ({ status, json: body });

/**
 * Finds the route, applies an injected failure, runs it. `errorBody(status, message)` shapes
 * errors the provider's way; unknown paths get a 404 in that shape.
 */
export async function dispatch(
  routes: readonly Route[],
  request: EmulatorRequest,
  failures: FailureQueue,
  errorBody: (status: number, message: string) => unknown,
  authorize: (route: Route, request: EmulatorRequest) => EmulatorResponse | undefined,
): Promise<EmulatorResponse> {
  for (const route of routes) {
    if (route.method !== request.method.toUpperCase()) continue;
    const match = route.pattern.exec(request.path);
    if (!match) continue;
    const failure = failures.take(route.operation);
    if (failure) {
      if (failure.network) return { network: true };
      const status = failure.status ?? 500;
      return json(status, errorBody(status, failure.message ?? 'Simulated failure'));
    }
    const denied = authorize(route, request);
    if (denied) return denied;
    return route.run(match, request);
  }
  return json(404, errorBody(404, `No route for ${request.method} ${request.path}`));
}

/** Parses a JSON object body; undefined when it is not one. */
export function readJsonObject(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function requireLink<T>(map: Map<string, T>, id: string, provider: string): T {
  const found = map.get(id);
  if (!found) throw new SimulatorActionError(`${provider}: no link with id ${JSON.stringify(id)}.`, 404);
  return found;
}

const SIGNATURE_HEADER = /sign|hmac|hash/i;
const SIGNATURE_FIELD = /^(signature|secret_token|hmac|hashstring)$/i;

/** One character of a signature, changed: still well-formed, no longer valid. */
function flipLast(value: string): string {
  if (value === '') return 'x';
  const last = value.at(-1)!;
  return value.slice(0, -1) + (last === '0' ? '1' : '0');
}

/**
 * The webhook with a broken signature, wherever its provider puts it: a header named like a
 * signature (MoneyHash, Tap), a signature field of the JSON body (Moyasar's `secret_token`,
 * Money-Go's `signature`), or the `hmac` of the URL's query (Paymob). The simulator's
 * `corruptSignature` fault sends it.
 */
export function corruptSignature(webhook: OutgoingWebhook): OutgoingWebhook {
  const headers = { ...webhook.headers };
  const name = Object.keys(headers).find((h) => SIGNATURE_HEADER.test(h));
  if (name !== undefined) {
    headers[name] = flipLast(headers[name]!);
    return { ...webhook, headers };
  }
  if (webhook.url !== undefined) {
    const url = new URL(webhook.url);
    const hmac = url.searchParams.get('hmac');
    if (hmac !== null) {
      url.searchParams.set('hmac', flipLast(hmac));
      return { ...webhook, url: url.toString() };
    }
  }
  const body = readJsonObject(webhook.body);
  const field = body && Object.keys(body).find((k) => SIGNATURE_FIELD.test(k) && typeof body[k] === 'string');
  if (body && field !== undefined) {
    return { ...webhook, body: JSON.stringify({ ...body, [field]: flipLast(body[field] as string) }) };
  }
  // No signature found: a body that no signature can match.
  return { ...webhook, body: `${webhook.body} ` };
}
