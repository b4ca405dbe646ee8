/**
 * Redaction of credentials from anything an error can carry.
 *
 * Adapters register every credential they resolve (API keys, webhook secrets, form secrets,
 * OAuth tokens) with `registerSecret`. `PaybridgeError` runs its message, stack and cause chain
 * through `redact` when it is built, so a secret cannot reach a log through an error even if some
 * code path put it into a message by mistake. Generic patterns (bearer/basic credentials and
 * provider key shapes) are removed as well, registered or not.
 */

const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not registered: redacting them would mangle ordinary words. */
export const MIN_REDACTED_SECRET_LENGTH = 4;

const registered = new Set<string>();
let longestFirst: string[] = [];

/** Registers a credential so that it is removed from every paybridge error from now on. */
export function registerSecret(secret: string | undefined | null): void {
  // Blank values are never credentials, and redacting runs of spaces would mangle every stack trace.
  if (typeof secret !== 'string' || secret.trim().length < MIN_REDACTED_SECRET_LENGTH) return;
  if (registered.has(secret)) return;
  registered.add(secret);
  longestFirst = [...registered].sort((a, b) => b.length - a.length);
}

const GENERIC_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b(sk|pk)_(test|live)_[A-Za-z0-9]+/g, `$1_$2_${REDACTED}`],
  [
    /("?(?:x-api-key|authorization|secret_token|client_secret|access_token|secret)"?\s*[:=]\s*"?)[^",\s}]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Removes every registered secret and every credential-shaped token from `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of longestFirst) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** True when `text` contains a registered secret (used by tests and sweeps). */
export function containsRegisteredSecret(text: string): boolean {
  for (const secret of longestFirst) if (text.includes(secret)) return true;
  return false;
}
