/**
 * Redaction of credentials from anything an error can carry.
 *
 * Adapters register every credential they resolve (API keys, webhook secrets, form secrets,
 * OAuth tokens) with `registerSecret`. `PaybridgeError` runs its message, stack and cause chain
 * through `redact` when it is built, so a secret cannot reach a log through an error even if some
 * code path put it into a message by mistake, nor when a provider echoes it back encoded.
 *
 * A registered secret is removed in every form it takes on the wire: as is, JSON-escaped,
 * URL-encoded (percent and form encoding, either hex case), hex, and base64 or base64url at any
 * of the three byte alignments, with or without padding, so `Basic base64(key + ':')` and a
 * secret inside a longer encoded value are caught too. Generic patterns (bearer/basic
 * credentials, provider key shapes, `user:password@` in URLs) are removed as well, registered or not.
 */

const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not registered: redacting them would mangle ordinary words. */
export const MIN_REDACTED_SECRET_LENGTH = 4;

/** Encoded forms shorter than this are not redacted (a 2-byte base64 core would hit ordinary text). */
const MIN_FORM_LENGTH = 6;

const registered = new Set<string>();
let longestFirst: string[] = [];

const encoder = new TextEncoder();
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  return out;
}

/**
 * The base64 characters that depend only on `bytes`, whatever precedes or follows them, for each
 * of the three alignments the bytes can have inside a longer encoded value.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const padded = new Uint8Array(lead + bytes.length);
    padded.set(bytes, lead);
    const text = base64(padded);
    const from = Math.ceil((lead * 8) / 6);
    const to = Math.floor(((lead + bytes.length) * 8) / 6);
    cores.push(text.slice(from, to));
  }
  return cores;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** `\uXXXX` escapes (lowercase hex) of every UTF-16 unit `escape` selects. */
function unicodeEscaped(text: string, escapes: (unit: number) => boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += escapes(unit) ? `\\u${unit.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}

const HTML_SENSITIVE = new Set([0x3c, 0x3e, 0x26]);

/** Every form of `secret` that `redact` removes. */
export function secretForms(secret: string): string[] {
  const bytes = encoder.encode(secret);
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    json,
    secret.replaceAll('/', '\\/'),
    // JSON as Go writes it (<, > and & escaped), as Python's ensure_ascii and PHP write it (non-ASCII
    // escaped), and both.
    unicodeEscaped(json, (unit) => HTML_SENSITIVE.has(unit)),
    unicodeEscaped(json, (unit) => unit > 0x7e),
    unicodeEscaped(json, (unit) => unit > 0x7e || HTML_SENSITIVE.has(unit)),
    // application/x-www-form-urlencoded (URLSearchParams), which escapes more than encodeURIComponent.
    new URLSearchParams([['k', secret]]).toString().slice(2),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    percent.replaceAll('%20', '+'),
    encodeURI(secret),
    hex(bytes),
    hex(bytes).toUpperCase(),
  ];
  for (const core of base64Cores(bytes)) {
    forms.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...new Set(forms)].filter((form) => form.length >= MIN_FORM_LENGTH || form === secret);
}

/** Registers a credential so that it is removed, in every encoding, from every paybridge error from now on. */
export function registerSecret(secret: string | undefined | null): void {
  // Blank values are never credentials, and redacting runs of spaces would mangle every stack trace.
  if (typeof secret !== 'string' || secret.trim().length < MIN_REDACTED_SECRET_LENGTH) return;
  if (registered.has(secret)) return;
  const before = registered.size;
  for (const form of secretForms(secret)) registered.add(form);
  registered.add(secret);
  if (registered.size !== before) longestFirst = [...registered].sort((a, b) => b.length - a.length);
}

const GENERIC_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // user:password@ in any URL (the runtime's own messages quote URLs with credentials).
  // Greedy up to the last @ of the authority: a password may itself contain an @.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi, `$1${REDACTED}@`],
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b(sk|pk)_(test|live)_[A-Za-z0-9]+/g, `$1_$2_${REDACTED}`],
  [
    /("?(?:x-api-key|authorization|secret_token|client_secret|access_token|secret)"?\s*[:=]\s*"?)[^",\s}]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Removes every registered secret (in every encoding) and every credential-shaped token from `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of longestFirst) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** True when `text` contains a registered secret, in any of its forms (used by tests and sweeps). */
export function containsRegisteredSecret(text: string): boolean {
  for (const secret of longestFirst) if (text.includes(secret)) return true;
  return false;
}
