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

/** The value from settings or the environment, or undefined. Registers it as a secret. */
export function readSetting(value: string | undefined, spec: CredentialSpec): string | undefined {
  // An empty string in code counts as not given, like an empty environment variable.
  const resolved = (value === '' ? undefined : value) ?? (spec.envVar ? env(spec.envVar) : undefined);
  if (resolved !== undefined && spec.secret !== false) registerSecret(resolved);
  return resolved;
}

/** Like `readSetting`, but throws `ConfigurationError` naming both places it looked when the value is missing. */
export function requireSetting(value: string | undefined, spec: CredentialSpec): string {
  const resolved = readSetting(value, spec);
  if (resolved === undefined || resolved.trim() === '') {
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
  // new URL() ignores surrounding spaces, so the returned string must not keep them either.
  const value = typeof raw === 'string' ? raw.trim() : raw;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${provider}: baseUrl ${JSON.stringify(value)} is not an absolute URL.`, {
      provider,
      code: 'invalid_base_url',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${provider}: baseUrl must use https (or http for a local simulator).`, {
      provider,
      code: 'invalid_base_url',
    });
  }
  return value.replace(/\/+$/, '');
}
