/**
 * Reading adapter settings: a value given in code wins, else an environment variable, read only
 * when first needed (so importing or constructing an adapter never throws). Every credential read
 * here is registered for redaction.
 */
import { ConfigurationError } from './errors';
import { registerSecret } from './redact';

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

export interface CredentialSpec {
  provider: string;
  /** The settings field, for messages (`'apiKey'`). */
  setting: string;
  /** The environment variable that may hold it (`'MONEYHASH_API_KEY'`). */
  envVar?: string | undefined;
  /** Whether it is a secret (registered for redaction). Default true. */
  secret?: boolean;
}

/** What a non-string setting is, for messages (never its value: it may be a secret). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.byteLength} bytes`;
  return `a ${typeof value}`;
}

/**
 * The value from settings or the environment, or undefined. Registers it as a secret.
 *
 * Settings are strings: anything else (a `Buffer`, a number, an object, `true`) is a
 * `ConfigurationError` naming the setting, so that a value of the wrong type can never turn into an
 * empty HMAC key or a check that passes. An empty or blank string counts as not given, like an
 * empty environment variable.
 */
export function readSetting(value: string | undefined, spec: CredentialSpec): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new ConfigurationError(
      `${spec.provider}: \`${spec.setting}\` must be a string, got ${kindOf(value)}.`,
      { provider: spec.provider, code: 'invalid_setting' },
    );
  }
  const given = value === undefined || value.trim() === '' ? undefined : value;
  const fromEnv = given === undefined && spec.envVar ? env(spec.envVar) : undefined;
  const raw = given ?? fromEnv;
  // Surrounding whitespace is never part of a credential (a secret file or an env file often ends
  // with a newline): it is dropped, and both forms are registered, since HTTP clients trim header
  // values and a provider may echo either.
  const resolved = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  if (resolved !== undefined && spec.secret !== false) {
    registerSecret(raw);
    registerSecret(resolved);
  }
  return resolved;
}

/** Like `readSetting`, but throws `ConfigurationError` naming both places it looked when the value is missing. */
export function requireSetting(value: string | undefined, spec: CredentialSpec): string {
  const resolved = readSetting(value, spec);
  if (resolved === undefined) {
    const where = spec.envVar ? ` or set the ${spec.envVar} environment variable` : '';
    throw new ConfigurationError(`${spec.provider}: pass \`${spec.setting}\` in the settings${where}.`, {
      provider: spec.provider,
      code: 'missing_setting',
    });
  }
  return resolved;
}

/** Checks that a base URL is an absolute http(s) URL and returns it without a trailing slash. */
export function normalizeBaseUrl(raw: string, provider: string): string {
  if (typeof raw !== 'string') {
    throw new ConfigurationError(`${provider}: baseUrl must be a string, got ${kindOf(raw)}.`, {
      provider,
      code: 'invalid_base_url',
    });
  }
  // new URL() ignores surrounding spaces, so the returned string must not keep them either.
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not quoted: a malformed URL can still hold a password.
    throw new ConfigurationError(
      `${provider}: baseUrl is not an absolute URL (it must start with https://).`,
      {
        provider,
        code: 'invalid_base_url',
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(
      `${provider}: baseUrl must not contain a user name or password (user:password@host): credentials go in the adapter's settings.`,
      { provider, code: 'invalid_base_url' },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${provider}: baseUrl must use https (or http for a local simulator).`, {
      provider,
      code: 'invalid_base_url',
    });
  }
  return value.replace(/\/+$/, '');
}

/**
 * A secret handed straight to a verifier (not through the settings): `undefined` or `''` means
 * none (the verifier refuses with `missing_secret`); anything but a string is a `ConfigurationError`,
 * never an empty HMAC key that would make a forgery verify.
 */
export function secretArgument(secret: unknown, setting: string, provider: string): string | undefined {
  if (secret === undefined || secret === '') return undefined;
  if (typeof secret !== 'string') {
    throw new ConfigurationError(`${provider}: \`${setting}\` must be a string, got ${kindOf(secret)}.`, {
      provider,
      code: 'invalid_setting',
    });
  }
  return secret;
}

/** A webhook secret, or several while one is being rotated: any one of them verifies. */
export type SecretList = string | readonly string[];

/**
 * Webhook secrets from the settings (a string, or a list while rotating: new first, old after) or
 * else from the environment (`<envVar>`, then `<envVar>_PREVIOUS`). Every one is a non-blank
 * string (`ConfigurationError` otherwise), trimmed and registered for redaction. An empty list
 * means none is configured.
 */
export function readSecrets(value: SecretList | undefined, spec: CredentialSpec): string[] {
  if (value !== undefined && typeof value !== 'string') {
    if (!Array.isArray(value)) return [readSetting(value as unknown as string, spec)].filter(isString);
    return value.map((item, i) => {
      const read = readSetting(item, { ...spec, setting: `${spec.setting}[${i}]`, envVar: undefined });
      if (read === undefined) {
        throw new ConfigurationError(`${spec.provider}: \`${spec.setting}[${i}]\` is empty.`, {
          provider: spec.provider,
          code: 'invalid_setting',
        });
      }
      return read;
    });
  }
  const current = readSetting(value, spec);
  if (current === undefined) return [];
  const previous =
    value === undefined && spec.envVar
      ? readSetting(undefined, { ...spec, envVar: `${spec.envVar}_PREVIOUS` })
      : undefined;
  return previous === undefined ? [current] : [current, previous];
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Secrets handed straight to a verifier: one (`secretArgument`) or a list while rotating; blanks
 * are dropped, anything but strings is a `ConfigurationError`. Empty means none.
 */
export function secretsArgument(given: unknown, setting: string, provider: string): string[] {
  const list = Array.isArray(given) ? given : [given];
  return list.map((secret) => secretArgument(secret, setting, provider)).filter(isString);
}
