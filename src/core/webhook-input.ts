/**
 * Normalises what frameworks hand over as a webhook: the raw body in any of its usual forms and
 * headers as a `Headers` object or Node's `IncomingHttpHeaders`. Verification must run on the
 * exact bytes received, so a body that was already parsed into an object is refused with the fix.
 */
import { nodeBuiltin } from './builtin';
import { sha256Hex } from './crypto';
import { ConfigurationError, WebhookParseError, WebhookVerificationError } from './errors';
import type { WebhookInput } from './types';

/** Default largest body accepted: 1 MiB. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface NormalizedWebhook {
  /** The body bytes exactly as received. */
  bytes: Uint8Array;
  /** The body decoded as UTF-8 (invalid sequences become U+FFFD; signatures use `bytes`). */
  text: string;
  /** Case-insensitive header lookup; repeated headers are joined with `, `. */
  header(name: string): string | undefined;
  /** The webhook's URL (a path and query is read against `http://localhost`), when one was given. */
  url: URL | undefined;
}

export interface NormalizeOptions {
  provider?: string | undefined;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBytes?: number | undefined;
  /** The clock of this parse, checked here (a `Date` with a valid time) so that no adapter uses a broken one. */
  now?: Date | undefined;
  /** Checked here (a finite number of seconds ≥ 0, or `false`) so that a bad value never switches a check off. */
  toleranceSeconds?: number | false | undefined;
}

/** `maxBodyBytes` when given: a positive safe integer, else `ConfigurationError`. */
export function checkMaxBodyBytes(value: unknown, provider: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_WEBHOOK_BYTES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigurationError(
      `maxBodyBytes must be a positive whole number of bytes, got ${describeOption(value)}.`,
      {
        provider,
        code: 'invalid_option',
      },
    );
  }
  return value;
}

/**
 * `toleranceSeconds`: a finite number of seconds ≥ 0, or `false` to turn the window off. Anything
 * else (`NaN` from `Number(process.env.UNSET)`, a string, a negative number) is a
 * `ConfigurationError`: a value that silently switched the replay window off would be an open door.
 */
export function checkTolerance(value: unknown, provider: string | undefined): number | false {
  if (value === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `toleranceSeconds must be a finite number of seconds (0 or more) or false, got ${describeOption(value)}.`,
      { provider, code: 'invalid_option' },
    );
  }
  return value;
}

/** `now`: a `Date` with a valid time (an invalid one would make every timestamp look fresh or stale). */
export function checkNow(value: unknown, provider: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ConfigurationError(`now must be a valid Date, got ${describeOption(value)}.`, {
      provider,
      code: 'invalid_option',
    });
  }
  return value;
}

function describeOption(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return value === null ? 'null' : `a ${typeof value}`;
}

const decoder = new TextDecoder('utf-8');

type NodeBuffer = Pick<typeof import('node:buffer'), 'Buffer' | 'isUtf8'>;

/** node:buffer where the runtime has it with `isUtf8` (Node, Bun, Deno). */
function loadNodeBuffer(): NodeBuffer | undefined {
  const mod = nodeBuiltin('node:buffer') as Partial<NodeBuffer> | undefined;
  return typeof mod?.isUtf8 === 'function' && typeof mod.Buffer === 'function'
    ? (mod as NodeBuffer)
    : undefined;
}

const nodeBuffer = loadNodeBuffer();

/**
 * The body's bytes as UTF-8 text, exactly as `TextDecoder` decodes them. Valid UTF-8 without a
 * leading byte order mark (what providers send) has one decoding, so where node:buffer exists its
 * decoder makes the text: a string that `JSON.parse` reads 10–20 % faster on Node 24 than
 * TextDecoder's. Anything else goes to TextDecoder, so invalid sequences become U+FFFD by its
 * rules, and one leading byte order mark is dropped, whatever the runtime's Buffer would do.
 */
function utf8Text(bytes: Uint8Array): string {
  if (nodeBuffer === undefined || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf))
    return decoder.decode(bytes);
  try {
    if (!nodeBuffer.isUtf8(bytes)) return decoder.decode(bytes);
  } catch {
    return decoder.decode(bytes);
  }
  return nodeBuffer.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
const encoder = new TextEncoder();

/**
 * How to hand over the raw body in each framework, for the messages that refuse a parsed or
 * missing body (here and in the webhook handler). Each one is the whole fix, tested in a real server.
 */
export const RAW_BODY_FIXES =
  'Express: express.raw({ type: "*/*" }) on the webhook route, and no express.json() before it. ' +
  "Fastify: in the webhook route's plugin call removeAllContentTypeParsers() (else Fastify's own JSON " +
  'parser takes application/json), then addContentTypeParser("*", { parseAs: "buffer" }, ' +
  '(request, body, done) => done(null, body)), and pass request.body to handler.handle() or parseWebhook(). ' +
  'NestJS: NestFactory.create(AppModule, { rawBody: true }), and pass req.rawBody. ' +
  'Next.js, Hono, Bun, Deno (a fetch Request): handler.fetch(request), or pass await request.arrayBuffer().';

const RAW_BODY_HINT =
  'Pass the raw request body (a string, Buffer, Uint8Array or ArrayBuffer), not a parsed object: ' +
  `signatures are computed over the exact bytes received. ${RAW_BODY_FIXES}`;

function toBytes(body: unknown, provider: string | undefined): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  try {
    if (body instanceof Uint8Array) return body;
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  } catch (error) {
    // A detached (transferred) buffer.
    throw new WebhookParseError('unreadable_input', `The webhook body could not be read. ${RAW_BODY_HINT}`, {
      provider,
      cause: error,
    });
  }
  if (body === undefined || body === null) {
    throw new WebhookParseError('empty_body', `The webhook body is ${String(body)}. ${RAW_BODY_HINT}`, {
      provider,
    });
  }
  if (typeof body === 'object') {
    throw new WebhookParseError(
      'parsed_body',
      `The webhook body is an already-parsed object. ${RAW_BODY_HINT}`,
      {
        provider,
      },
    );
  }
  throw new WebhookParseError('invalid_body_type', `The webhook body is a ${typeof body}. ${RAW_BODY_HINT}`, {
    provider,
  });
}

type HeaderRecord = Record<string, string | string[] | undefined>;

function unreadableHeaders(provider: string | undefined, cause?: unknown): WebhookParseError {
  return new WebhookParseError(
    'invalid_headers',
    'Webhook headers must be a Headers object or a plain record of strings; these could not be read.',
    { provider, cause },
  );
}

/**
 * A case-insensitive lookup over the request headers. A plain record (Node's `IncomingHttpHeaders`,
 * a framework's object) is read once, without touching the runtime's `Headers` class (on Node,
 * naming it loads the whole fetch implementation); anything else with a `get` method (`Headers`
 * of any realm) is asked per name. A getter that throws is a `WebhookParseError`, never a raw error.
 */
export function headerLookup(
  headers: unknown,
  provider: string | undefined,
): (name: string) => string | undefined {
  if (headers === undefined || headers === null) return () => undefined;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw unreadableHeaders(provider);
  try {
    const proto: unknown = Object.getPrototypeOf(headers);
    const get = (headers as { get?: unknown }).get;
    if (proto !== Object.prototype && proto !== null && typeof get === 'function') {
      return (name) => {
        try {
          const value: unknown = get.call(headers, name);
          return typeof value === 'string' ? value : undefined;
        } catch (error) {
          throw unreadableHeaders(provider, error);
        }
      };
    }
    // Read on the first lookup (once: a getter could answer differently the second time), so a
    // provider that reads no header (Moyasar, Money-Go, Paymob) does not pay for it.
    let lower: Map<string, string> | undefined;
    return (name) => {
      if (lower === undefined) {
        try {
          lower = lowerCased(headers as HeaderRecord);
        } catch (error) {
          throw unreadableHeaders(provider, error);
        }
      }
      return lower.get(name.toLowerCase());
    };
  } catch (error) {
    throw unreadableHeaders(provider, error);
  }
}

/** A record's headers by lower-cased name; repeated names (in any case) joined with `, `. */
function lowerCased(headers: HeaderRecord): Map<string, string> {
  const lower = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    const k = key.toLowerCase();
    const prev = lower.get(k);
    lower.set(k, prev === undefined ? joined : `${prev}, ${joined}`);
  }
  return lower;
}

/** The webhook's URL: a `URL`, an absolute URL or a path with its query (`req.url` in Node). */
export function webhookUrl(url: unknown, provider: string | undefined): URL | undefined {
  if (url === undefined || url === null) return undefined;
  try {
    if (url instanceof URL) return url;
    if (typeof url === 'string') return new URL(url, 'http://localhost');
  } catch {
    // falls through to the error below
  }
  throw new WebhookParseError(
    'invalid_url',
    'The webhook url must be a URL or the request path with its query.',
    {
      provider,
    },
  );
}

/** Turns a `WebhookInput` into bytes, text and a header lookup, enforcing the size limit. */
export function normalizeWebhookInput(
  input: WebhookInput,
  options: NormalizeOptions = {},
): NormalizedWebhook {
  const provider = options.provider;
  checkNow(options.now, provider);
  checkTolerance(options.toleranceSeconds, provider);
  if (typeof input !== 'object' || input === null) {
    throw new WebhookParseError(
      'invalid_body_type',
      `parseWebhook expects { body, headers }. ${RAW_BODY_HINT}`,
      {
        provider,
      },
    );
  }
  const maxBytes = checkMaxBodyBytes(options.maxBytes, provider);
  let body: unknown;
  let headers: unknown;
  let url: unknown;
  try {
    // Read once: a getter could answer differently the second time.
    body = input.body;
    headers = input.headers;
    url = input.url;
  } catch (error) {
    throw new WebhookParseError('unreadable_input', `The webhook input could not be read. ${RAW_BODY_HINT}`, {
      provider,
      cause: error,
    });
  }
  if (typeof body === 'string') return fromText(body, maxBytes, headers, url, provider);
  const bytes = toBytes(body, provider);
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes, provider);
  if (bytes.byteLength === 0) {
    throw new WebhookParseError('empty_body', `The webhook body is empty. ${RAW_BODY_HINT}`, { provider });
  }
  return {
    bytes,
    text: utf8Text(bytes),
    header: headerLookup(headers, provider),
    url: webhookUrl(url, provider),
  };
}

/**
 * A body given as text. Its UTF-8 bytes are made only if an adapter asks for them (MoneyHash signs
 * bytes; the others read the text): a UTF-8 encoding is at least as long as the UTF-16 length and at
 * most three times it, so the size limit is decided without encoding unless the text is near it.
 */
function fromText(
  text: string,
  maxBytes: number,
  headers: unknown,
  url: unknown,
  provider: string | undefined,
): NormalizedWebhook {
  if (text.length > maxBytes) throw tooLarge(maxBytes, provider);
  if (text.length === 0) {
    throw new WebhookParseError('empty_body', `The webhook body is empty. ${RAW_BODY_HINT}`, { provider });
  }
  let bytes: Uint8Array | undefined;
  if (text.length * 3 > maxBytes) {
    bytes = encoder.encode(text);
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes, provider);
  }
  const header = headerLookup(headers, provider);
  const parsedUrl = webhookUrl(url, provider);
  return {
    get bytes() {
      bytes ??= encoder.encode(text);
      return bytes;
    },
    text,
    header,
    url: parsedUrl,
  };
}

function tooLarge(maxBytes: number, provider: string | undefined): WebhookParseError {
  return new WebhookParseError(
    'body_too_large',
    `The webhook body is larger than ${maxBytes} bytes; raise maxBodyBytes if your provider really sends such bodies.`,
    { provider },
  );
}

/**
 * Parses webhook JSON text. Only a JSON object is accepted. `__proto__` keys stay plain data
 * (JSON.parse never sets prototypes), so payloads cannot pollute `Object.prototype`.
 */
export function parseWebhookJson(text: string, provider?: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // No cause: JSON.parse's message quotes the body, which may hold a secret (Moyasar's secret_token).
    throw new WebhookParseError('not_json', 'The webhook body is not valid JSON.', { provider });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebhookParseError('invalid_shape', 'The webhook body must be a JSON object.', { provider });
  }
  return value as Record<string, unknown>;
}

/** A stable event id for providers that send none: `sha256:` + the hex digest of the body bytes (or text). */
export async function bodyDigestId(bytes: Uint8Array | string): Promise<string> {
  return `sha256:${await sha256Hex(bytes)}`;
}

/**
 * Longest event id kept as it is (characters). Ids are dedupe keys that stores keep for days, so
 * a longer one (a provider id stuffed with 512 KiB) is replaced by `sha256:` + its digest.
 */
export const MAX_EVENT_ID_LENGTH = 200;

/** `id` when it is at most `MAX_EVENT_ID_LENGTH` characters, else `sha256:` + the digest of it. */
export async function boundedEventId(id: string): Promise<string> {
  return id.length <= MAX_EVENT_ID_LENGTH ? id : `sha256:${await sha256Hex(id)}`;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Checks a signature timestamp (Unix seconds) against `now`, both ways: too old and too far in the
 * future are refused. `toleranceSeconds: false` turns the check off.
 */
export function assertFreshTimestamp(
  timestamp: number,
  options: {
    now?: Date | undefined;
    toleranceSeconds?: number | false | undefined;
    provider?: string | undefined;
  },
): void {
  const tolerance = checkTolerance(options.toleranceSeconds, options.provider);
  const clock = checkNow(options.now, options.provider);
  if (tolerance === false) return;
  // NaN compares false both ways and would pass as fresh: a timestamp that is not a number is refused.
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `The webhook signature timestamp is not a number of seconds (got ${String(timestamp)}).`,
      { provider: options.provider },
    );
  }
  const now = Math.floor((clock ?? new Date()).getTime() / 1000);
  const age = now - timestamp;
  if (age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `The webhook signature is ${age} s old, more than the ${tolerance} s tolerance. Replayed or delayed delivery; ` +
        'if your clock is wrong, fix it rather than raising toleranceSeconds.',
      { provider: options.provider },
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_in_future',
      `The webhook signature is dated ${-age} s in the future, more than the ${tolerance} s tolerance. Check your server clock.`,
      { provider: options.provider },
    );
  }
}
