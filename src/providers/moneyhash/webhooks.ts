/**
 * MoneyHash webhooks: verification of `MoneyHash-Signature` (v3) over the exact bytes received,
 * then parsing into typed events (events.ts). Pure: no I/O, no HTTP client.
 *
 * Event ids: MoneyHash sends no event id, so `id` is `bodyDigestId(bytes)` (`sha256:<hex of the
 * body>`). A redelivery of the same body gets the same id; the signature header is not part of it.
 * With `acceptCompactJsonSignature`, the id is the digest of the compact JSON text instead: that is
 * what was verified, so re-spaced copies of one delivery share it.
 *
 * The digest is a second pass over the body (about a tenth of a parse). A digest taken from the
 * HMAC's own inner hash would save it, but that hash is keyed with the secret: while a secret is
 * rotated, a redelivery signed with the other secret would get another id and be processed twice.
 */

import { secretsArgument } from '../../core/config';
import { base64, hmacSha256Hex, timingSafeEqual } from '../../core/crypto';
import { WebhookParseError, WebhookVerificationError } from '../../core/errors';
import type { ParseWebhookOptions, WebhookInput } from '../../core/types';
import {
  assertFreshTimestamp,
  bodyDigestId,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../core/webhook-input';
import { SIGNATURE_HEADER, webhookSchemas } from './api';
import { toMoneyHashEvent } from './events';
import { readV3Header } from './signature';
import type { MoneyHashWebhookEvent } from './types';

const PROVIDER = 'moneyhash' as const;

export interface MoneyHashVerifyOptions {
  now?: Date | undefined;
  /** Accepted age of the signature timestamp, both ways, in seconds (default 300); `false` disables. */
  toleranceSeconds?: number | false | undefined;
  /**
   * Also accept a v3 signature computed over the compact re-serialisation of the JSON body
   * (`JSON.stringify(JSON.parse(body))`), as Lago's integration signs. Off by default: MoneyHash's
   * own module signs the raw bytes, and a signature over a re-serialisation does not cover the
   * exact bytes received (whitespace, key order, number spelling).
   */
  acceptCompactJsonSignature?: boolean | undefined;
}

export interface MoneyHashVerification {
  /** The `t=` of the header (Unix seconds). */
  timestamp: number;
  /** Which bytes the valid signature covers. */
  signedForm: 'raw' | 'compact_json';
  /**
   * The exact text that was verified, in the compact-JSON mode: `JSON.stringify(JSON.parse(body))`.
   * Undefined when only the raw bytes were considered.
   */
  compact?: string | undefined;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** What verification found, for `parseMoneyHashWebhook`: the event id and, in the compact mode, the parsed body. */
interface Verified extends MoneyHashVerification {
  /** The event id: the digest of what was verified. */
  id: string;
  /** The body as parsed for the compact form (parsed once, reused for the event). */
  parsed?: Record<string, unknown> | undefined;
}

async function verifyV3(
  bytes: Uint8Array,
  header: string | undefined,
  givenSecret: string | readonly string[] | undefined,
  options: MoneyHashVerifyOptions,
  text?: string,
): Promise<Verified> {
  const secrets = secretsArgument(givenSecret, 'webhookSecret', PROVIDER);
  if (!(bytes instanceof Uint8Array)) {
    throw new WebhookParseError(
      'invalid_body_type',
      'moneyhash: the body to verify must be the raw bytes (a Uint8Array).',
      {
        provider: PROVIDER,
      },
    );
  }
  if (secrets.length === 0) {
    throw new WebhookVerificationError(
      'missing_secret',
      'MoneyHash: no webhook secret. Pass `webhookSecret` in the settings or set MONEYHASH_WEBHOOK_SECRET ' +
        '(the organisation webhook signature secret, not the API key; fetchWebhookSecret() retrieves it).',
      { provider: PROVIDER },
    );
  }
  if (header === undefined || header.trim() === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header is missing. Pass the request headers along with the raw body.`,
      { provider: PROVIDER },
    );
  }
  const parsed = readV3Header(header);
  if (!parsed) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header has no valid t=<unix seconds> part.`,
      { provider: PROVIDER },
    );
  }
  const received = parsed.v3;
  if (received === undefined) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the ${SIGNATURE_HEADER} header has no v3 signature (only v3 is verifiable).`,
      { provider: PROVIDER },
    );
  }
  if (!HEX64.test(received)) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `MoneyHash: the v3 signature of the ${SIGNATURE_HEADER} header is not 64 hex digits.`,
      { provider: PROVIDER },
    );
  }
  const v3 = received.toLowerCase();
  const t = String(parsed.t);
  // base64 once, whatever the number of secrets; the HMAC reads it as it is (no re-encoding).
  const raw = base64(bytes);
  const compact = options.acceptCompactJsonSignature ? compactJson(bytes, text) : undefined;
  const compact64 = compact === undefined ? undefined : base64(encoder.encode(compact.text));
  let signedForm: MoneyHashVerification['signedForm'] | undefined;
  // Any one of the configured secrets (several while one is being rotated).
  for (const secret of secrets) {
    if (timingSafeEqual(await hmacSha256Hex(secret, `${raw}${t}`), v3)) {
      signedForm = 'raw';
    } else if (
      compact64 !== undefined &&
      timingSafeEqual(await hmacSha256Hex(secret, `${compact64}${t}`), v3)
    ) {
      signedForm = 'compact_json';
    }
    if (signedForm) break;
  }
  if (!signedForm) {
    throw new WebhookVerificationError(
      'bad_signature',
      'MoneyHash: the v3 signature does not match the body. Check that you pass the raw request body ' +
        '(not a parsed or re-serialised object) and the organisation webhook signature secret (not the API key).',
      { provider: PROVIDER },
    );
  }
  assertFreshTimestamp(parsed.t, {
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
    provider: PROVIDER,
  });
  return {
    timestamp: parsed.t,
    signedForm,
    compact: compact?.text,
    parsed: compact?.parsed,
    // In the compact mode the id is the compact text's digest whichever form verified, so
    // raw-signed and compact-signed copies of one delivery are one event.
    id: await bodyDigestId(compact?.text ?? bytes),
  };
}

/**
 * Verifies `MoneyHash-Signature: t=…,v1=…,v2=…,v3=…` for `bytes` with the v3 recipe, constant-time,
 * then checks the timestamp. Throws `WebhookVerificationError` with a distinct `reason`.
 */
export async function verifyMoneyHashSignature(
  bytes: Uint8Array,
  header: string | undefined,
  givenSecret: string | readonly string[] | undefined,
  options: MoneyHashVerifyOptions = {},
): Promise<MoneyHashVerification> {
  const { timestamp, signedForm, compact } = await verifyV3(bytes, header, givenSecret, options);
  return { timestamp, signedForm, compact };
}

/**
 * The body (`text`, or `bytes` decoded) parsed and re-serialised compactly:
 * `JSON.stringify(JSON.parse(body))`, with the parsed value when it is an object (reused for the
 * event, so the body is parsed once). Undefined when the body is not JSON.
 */
function compactJson(
  bytes: Uint8Array,
  text: string | undefined,
): { text: string; parsed: Record<string, unknown> | undefined } | undefined {
  let parsed: unknown;
  let compact: string;
  try {
    parsed = JSON.parse(text ?? decoder.decode(bytes));
    // Inside the try: a body nested deeper than the stack re-serialises with a RangeError; it has
    // no compact form (the raw form may still verify).
    compact = JSON.stringify(parsed);
  } catch {
    return undefined;
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  return { text: compact, parsed: isObject ? (parsed as Record<string, unknown>) : undefined };
}

export interface MoneyHashParseOptions extends ParseWebhookOptions, MoneyHashVerifyOptions {
  /** The organisation webhook signature secret. */
  secret: string | readonly string[] | undefined;
}

/** Verifies, then parses a MoneyHash webhook. Pure: no I/O. Rejects only with `PaybridgeError`s. */
export async function parseMoneyHashWebhook(
  input: WebhookInput,
  options: MoneyHashParseOptions,
): Promise<MoneyHashWebhookEvent> {
  const webhook = normalizeWebhookInput(input, {
    provider: PROVIDER,
    maxBytes: options.maxBodyBytes,
    now: options.now,
    toleranceSeconds: options.toleranceSeconds,
  });
  const verified = await verifyV3(
    webhook.bytes,
    webhook.header(SIGNATURE_HEADER),
    options.secret,
    options,
    webhook.text,
  );
  // Parsed once: the compact mode parsed the body already to re-serialise it.
  const body = verified.parsed ?? parseWebhookJson(webhook.text, PROVIDER);
  // The first parse loads zod; later ones do not wait.
  const s = webhookSchemas.ready() ?? (await webhookSchemas.load());
  // The id comes from what was verified: in the compact-JSON mode every whitespace or number-spelling
  // variant of one delivery verifies, so they must all get one id (the digest of the compact text).
  return toMoneyHashEvent(s, body, verified.id);
}
