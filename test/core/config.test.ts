import { afterEach, describe, expect, it } from 'vitest';
import { normalizeBaseUrl, readSetting, requireSetting } from '../../src/core/config';
import { ConfigurationError, InvalidRequestError } from '../../src/core/errors';
import { containsRegisteredSecret, redact } from '../../src/core/redact';

const ENV = 'PAYBRIDGE_TEST_API_KEY';
const saved = process.env[ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[ENV];
  else process.env[ENV] = saved;
});

function configurationError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

const spec = { provider: 'testpay', setting: 'apiKey', envVar: ENV };

describe('readSetting', () => {
  it('prefers the value given in code over the environment', () => {
    process.env[ENV] = 'env-value-1234';
    expect(readSetting('code-value-1234', spec)).toBe('code-value-1234');
  });

  it('reads the environment variable when no value is given, at call time', () => {
    delete process.env[ENV];
    expect(readSetting(undefined, spec)).toBeUndefined();
    process.env[ENV] = 'late-env-value-5678';
    expect(readSetting(undefined, spec)).toBe('late-env-value-5678');
  });

  it('treats an empty value or environment variable as missing', () => {
    process.env[ENV] = '';
    expect(readSetting(undefined, spec)).toBeUndefined();
    process.env[ENV] = 'env-fallback-9999';
    expect(readSetting('', spec)).toBe('env-fallback-9999');
  });

  it('registers what it reads for redaction, unless marked not secret', () => {
    process.env[ENV] = 'registered-from-env-42';
    readSetting(undefined, spec);
    expect(containsRegisteredSecret('x registered-from-env-42 x')).toBe(true);
    readSetting('registered-from-code-42', spec);
    expect(redact('key registered-from-code-42')).toBe('key [REDACTED]');
    readSetting('public-flow-id-42', { ...spec, secret: false });
    expect(containsRegisteredSecret('public-flow-id-42')).toBe(false);
  });

  it('does not register a blank value, which would mangle every stack', () => {
    process.env[ENV] = '        ';
    readSetting(undefined, spec);
    const stack = 'Error: x\n        at frame (file.js:1:1)';
    expect(redact(stack)).toBe(stack);
  });

  it('needs no environment variable name', () => {
    expect(readSetting(undefined, { provider: 'testpay', setting: 'walletTo' })).toBeUndefined();
  });
});

describe('requireSetting', () => {
  it('returns the value', () => {
    process.env[ENV] = 'required-env-value-1';
    expect(requireSetting(undefined, spec)).toBe('required-env-value-1');
  });

  it('throws ConfigurationError naming the setting and the environment variable', () => {
    delete process.env[ENV];
    const error = configurationError(() => requireSetting(undefined, spec));
    expect(error.code).toBe('missing_setting');
    expect(error.provider).toBe('testpay');
    expect(error.message).toBe(
      `testpay: pass \`apiKey\` in the settings or set the ${ENV} environment variable.`,
    );
  });

  it('treats a blank value as missing without showing it', () => {
    process.env[ENV] = '   \t ';
    const error = configurationError(() => requireSetting(undefined, spec));
    expect(error.message).toContain(ENV);
    expect(error.message).not.toContain('\t');
  });

  it('does not put a configured value into the message of a later error', () => {
    process.env[ENV] = 'sk_cfg_secret_value_77';
    const key = requireSetting(undefined, spec);
    const error = new InvalidRequestError(`request failed with key ${key}`);
    expect(error.message).not.toContain('sk_cfg_secret_value_77');
  });

  it('names only the setting when there is no environment variable', () => {
    const error = configurationError(() =>
      requireSetting(undefined, { provider: 'moneygo', setting: 'walletTo' }),
    );
    expect(error.message).toBe('moneygo: pass `walletTo` in the settings.');
  });
});

describe('normalizeBaseUrl', () => {
  it.each([
    ['https://api.example.test', 'https://api.example.test'],
    ['https://api.example.test/', 'https://api.example.test'],
    ['https://api.example.test/v1//', 'https://api.example.test/v1'],
    ['http://127.0.0.1:8787/sim', 'http://127.0.0.1:8787/sim'],
    ['  https://api.example.test/v1/ ', 'https://api.example.test/v1'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeBaseUrl(input, 'testpay')).toBe(expected);
  });

  it.each([['api.example.test'], ['/v1'], [''], ['https//x']])(
    'refuses the relative or malformed %j',
    (value) => {
      const error = configurationError(() => normalizeBaseUrl(value, 'testpay'));
      expect(error.code).toBe('invalid_base_url');
      expect(error.message).toContain('is not an absolute URL');
      expect(error.provider).toBe('testpay');
    },
  );

  it.each([['ftp://api.example.test'], ['file:///etc/passwd'], ['javascript:alert(1)']])(
    'refuses the non-http URL %j',
    (value) => {
      const error = configurationError(() => normalizeBaseUrl(value, 'testpay'));
      expect(error.code).toBe('invalid_base_url');
      expect(error.message).toBe('testpay: baseUrl must use https (or http for a local simulator).');
    },
  );
});
