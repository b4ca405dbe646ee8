import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  PaybridgeError,
  ProviderError,
  redactValue,
  TimeoutError,
  WebhookParseError,
  WebhookVerificationError,
} from '../../src/core/errors';
import {
  containsRegisteredSecret,
  MIN_REDACTED_SECRET_LENGTH,
  redact,
  registerSecret,
} from '../../src/core/redact';

const API_KEY = 'mh_api_key_3f9a8b7c6d5e4f3a2b1c';
const WEBHOOK_SECRET = 'whsec-Zq81!x+y/z==';
const TOKEN = 'oauth.token.value-77881122';
const SECRETS = [API_KEY, WEBHOOK_SECRET, TOKEN];
for (const secret of SECRETS) registerSecret(secret);

/** Every text an error can leak through: message, stack, each cause's message and stack, toJSON, inspect. */
function leakSurfaces(error: Error): string[] {
  const out = [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: Infinity }),
  ];
  let cause: unknown = error.cause;
  for (let i = 0; cause !== undefined && i < 10; i++) {
    out.push(inspect(cause, { depth: Infinity }));
    if (cause instanceof Error) {
      out.push(cause.message, String(cause.stack));
      cause = cause.cause;
    } else {
      out.push(String(cause));
      cause = undefined;
    }
  }
  return out;
}

function expectNoSecret(error: Error, secrets: string[] = SECRETS): void {
  for (const text of leakSurfaces(error)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('PaybridgeError brand', () => {
  it('recognizes every subclass, and a copy from another bundle by its Symbol.for brand', () => {
    const errors = [
      new ConfigurationError('x'),
      new InvalidRequestError('x'),
      new ProviderError({ status: 400, message: 'x' }),
      new NetworkError('x'),
      new TimeoutError('x'),
      new InvalidResponseError('x'),
      new WebhookVerificationError('bad_signature', 'x'),
      new WebhookParseError('not_json', 'x'),
    ];
    for (const error of errors) {
      expect(PaybridgeError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(PaybridgeError);
      expect(error).toBeInstanceOf(Error);
    }
    const secondCopy = Object.assign(new Error('from another copy'), {
      [Symbol.for('paybridge.error')]: true,
      code: 'timeout',
    });
    expect(PaybridgeError.isInstance(secondCopy)).toBe(true);
    expect(secondCopy instanceof PaybridgeError).toBe(false);
    expect(PaybridgeError.isInstance({ [Symbol.for('paybridge.error')]: true })).toBe(true);
  });

  it.each([
    [new Error('plain')],
    [{ code: 'timeout', name: 'PaybridgeError' }],
    [{ [Symbol.for('paybridge.error')]: 'yes' }],
    [{ [Symbol('paybridge.error')]: true }],
    [null],
    [undefined],
    ['PaybridgeError'],
    [42],
  ])('does not recognize %o', (value) => {
    expect(PaybridgeError.isInstance(value)).toBe(false);
  });

  it('keeps the brand out of enumerable keys', () => {
    const error = new InvalidRequestError('x');
    expect(Object.getOwnPropertySymbols(error)).toContain(Symbol.for('paybridge.error'));
    expect(Object.keys(error)).not.toContain(Symbol.for('paybridge.error'));
  });
});

describe('subclasses', () => {
  it('ConfigurationError', () => {
    const e = new ConfigurationError('missing key', { provider: 'moyasar' });
    expect([e.name, e.code, e.provider, e.message]).toEqual([
      'ConfigurationError',
      'configuration_error',
      'moyasar',
      'missing key',
    ]);
    expect(new ConfigurationError('x', { code: 'missing_setting' }).code).toBe('missing_setting');
  });

  it('InvalidRequestError', () => {
    const e = new InvalidRequestError('bad amount', { code: 'invalid_amount', field: 'amount' });
    expect([e.name, e.code, e.field, e.provider]).toEqual([
      'InvalidRequestError',
      'invalid_amount',
      'amount',
      undefined,
    ]);
    expect(new InvalidRequestError('x').code).toBe('invalid_request');
  });

  it('ProviderError', () => {
    const e = new ProviderError(
      {
        status: 422,
        code: 'validation_failed',
        providerType: 'invalid_request_error',
        message: 'amount is invalid',
        fieldErrors: [{ field: 'amount', message: 'must be positive' }],
        requestId: 'req_123',
        retryAfterSeconds: 3,
        body: { type: 'invalid_request_error' },
      },
      { provider: 'moyasar' },
    );
    expect(e.name).toBe('ProviderError');
    expect(e.code).toBe('validation_failed');
    expect(e.status).toBe(422);
    expect(e.providerType).toBe('invalid_request_error');
    expect(e.fieldErrors).toEqual([{ field: 'amount', message: 'must be positive' }]);
    expect(e.requestId).toBe('req_123');
    expect(e.retryAfterSeconds).toBe(3);
    expect(e.retryable).toBe(false);
    expect(e.body).toEqual({ type: 'invalid_request_error' });
    expect(e.provider).toBe('moyasar');
  });

  it.each([
    [400, false],
    [401, false],
    [408, false],
    [429, true],
    [500, true],
    [503, true],
  ])('ProviderError with status %i is retryable: %s by default', (status, retryable) => {
    const e = new ProviderError({ status, message: 'x' });
    expect(e.retryable).toBe(retryable);
    expect(e.code).toBe('provider_error');
    expect(e.fieldErrors).toEqual([]);
    expect(e.body).toBeUndefined();
    expect(new ProviderError({ status, message: 'x', retryable: !retryable }).retryable).toBe(!retryable);
  });

  it('NetworkError', () => {
    const e = new NetworkError('reset');
    expect([e.name, e.code, e.mayHaveReachedProvider]).toEqual(['NetworkError', 'network_error', true]);
    const aborted = new NetworkError('aborted', { code: 'aborted', mayHaveReachedProvider: false });
    expect([aborted.code, aborted.mayHaveReachedProvider]).toEqual(['aborted', false]);
  });

  it('TimeoutError', () => {
    const e = new TimeoutError('slow', { timeoutMs: 15_000, provider: 'moneygo' });
    expect([e.name, e.code, e.timeoutMs, e.provider]).toEqual(['TimeoutError', 'timeout', 15_000, 'moneygo']);
  });

  it('InvalidResponseError', () => {
    const e = new InvalidResponseError('bad shape', { path: 'data.url', status: 200 });
    expect([e.name, e.code, e.path, e.status]).toEqual([
      'InvalidResponseError',
      'invalid_response',
      'data.url',
      200,
    ]);
  });

  it('WebhookVerificationError and WebhookParseError carry their reason as the code', () => {
    const v = new WebhookVerificationError('timestamp_too_old', 'old');
    expect([v.name, v.code, v.reason]).toEqual([
      'WebhookVerificationError',
      'timestamp_too_old',
      'timestamp_too_old',
    ]);
    const p = new WebhookParseError('parsed_body', 'parsed');
    expect([p.name, p.code, p.reason]).toEqual(['WebhookParseError', 'parsed_body', 'parsed_body']);
  });

  it('names a subclass of a subclass after itself', () => {
    class MyError extends InvalidRequestError {}
    expect(new MyError('x').name).toBe('MyError');
  });
});

describe('toJSON', () => {
  it('gives name, code, provider, message and the public fields', () => {
    const e = new ProviderError(
      { status: 400, message: 'bad', fieldErrors: [{ field: 'a', message: 'b' }], requestId: 'r1' },
      { provider: 'moneyhash', cause: new Error('inner') },
    );
    expect(e.toJSON()).toEqual({
      name: 'ProviderError',
      code: 'provider_error',
      category: 'provider_error',
      message: 'bad',
      provider: 'moneyhash',
      status: 400,
      fieldErrors: [{ field: 'a', message: 'b' }],
      retryable: false,
      requestId: 'r1',
      cause: { name: 'Error', message: 'inner' },
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.toJSON());
  });

  it('leaves out undefined fields and the provider when there is none', () => {
    expect(new InvalidRequestError('x').toJSON()).toEqual({
      name: 'InvalidRequestError',
      code: 'invalid_request',
      message: 'x',
    });
  });
});

describe('redaction', () => {
  it('does not register secrets shorter than the minimum', () => {
    registerSecret('abc');
    registerSecret(undefined);
    registerSecret(null);
    expect(MIN_REDACTED_SECRET_LENGTH).toBe(4);
    expect(redact('abc abcd')).toBe('abc abcd');
    expect(containsRegisteredSecret(`x${API_KEY}x`)).toBe(true);
    expect(containsRegisteredSecret('nothing here')).toBe(false);
  });

  it('removes registered secrets, longest first', () => {
    registerSecret('prefix-secret');
    registerSecret('prefix-secret-longer');
    expect(redact('a prefix-secret-longer b prefix-secret c')).toBe('a [REDACTED] b [REDACTED] c');
  });

  it.each([
    ['Authorization: Bearer abcdef123456.xyz', 'Authorization: [REDACTED]'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'Basic [REDACTED]'],
    ['token is sk_live_abcDEF123 here', 'sk_live_[REDACTED]'],
    ['pk_test_abc123', 'pk_test_[REDACTED]'],
    ['{"secret_token":"abc-123"}', '"secret_token":"[REDACTED]"'],
    ['x-api-key: k-123456', 'x-api-key: [REDACTED]'],
    ['client_secret=s3cr3t&x=1', 'client_secret=[REDACTED]'],
  ])('removes the credential-shaped %j', (text, expected) => {
    const out = redact(text);
    expect(out).toContain(expected);
    expect(out).not.toMatch(/abcdef123456|dXNlcjpw|abcDEF123|abc123|abc-123|k-123456|s3cr3t/);
    expect(out).toContain('[REDACTED]');
  });

  it('keeps ordinary text', () => {
    expect(redact('amount must be an integer count of minor units')).toBe(
      'amount must be an integer count of minor units',
    );
  });

  it('keeps secrets out of message, stack, cause chain, JSON and inspect', () => {
    const innermost = new Error(`socket closed while sending ${TOKEN}`);
    const middle = new Error(`request with key ${API_KEY} failed`, { cause: innermost });
    const outer = new Error(`webhook secret ${WEBHOOK_SECRET} rejected`, { cause: middle });
    Object.assign(outer, { config: { headers: { authorization: `Bearer ${TOKEN}` } } });
    const error = new NetworkError(`Could not reach moyasar with ${API_KEY}`, {
      provider: 'moyasar',
      cause: outer,
    });
    expect(error.message).toBe('Could not reach moyasar with [REDACTED]');
    expectNoSecret(error);
    const chain: string[] = [];
    for (let c: unknown = error.cause; c instanceof Error; c = c.cause) chain.push(c.message);
    expect(chain).toEqual([
      'webhook secret [REDACTED] rejected',
      'request with key [REDACTED] failed',
      'socket closed while sending [REDACTED]',
    ]);
    expect(error.cause).not.toBe(outer);
    expect((error.cause as unknown as Record<string, unknown>)['config']).toBeUndefined();
  });

  it('redacts a secret that only a stack carries', () => {
    const cause = new Error('plain message');
    cause.stack = `Error: plain message\n    at call (https://x.test/?key=${API_KEY})`;
    const error = new InvalidResponseError('bad', { cause });
    expectNoSecret(error);
    expect(String((error.cause as Error).stack)).toContain('key=[REDACTED]');
  });

  it('redacts string causes and keeps codes of causes', () => {
    const error = new NetworkError('x', { cause: `raw ${API_KEY}` });
    expect((error.cause as Error).message).toBe('raw [REDACTED]');
    const coded = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    expect((new NetworkError('x', { cause: coded }).cause as Error & { code: string }).code).toBe(
      'ECONNREFUSED',
    );
    expectNoSecret(error);
  });

  it('keeps a paybridge error from this copy as the cause', () => {
    const inner = new InvalidRequestError('inner');
    expect(new NetworkError('x', { cause: inner }).cause).toBe(inner);
  });

  it('sanitizes a branded error from another copy, which redacts with its own secrets', () => {
    const foreign = Object.assign(new Error(`foreign copy saw ${API_KEY}`), {
      [Symbol.for('paybridge.error')]: true,
      code: 'network_error',
      request: { headers: { authorization: `Bearer ${TOKEN}` } },
    });
    const error = new NetworkError('x', { cause: foreign });
    expectNoSecret(error);
    expect((error.cause as Error).message).toBe('foreign copy saw [REDACTED]');
    expect((error.cause as Error & { code: string }).code).toBe('network_error');
  });

  it('keeps secrets out of ProviderError bodies and field errors, however deep', () => {
    let deep: Record<string, unknown> = { key: API_KEY };
    for (let i = 0; i < 15; i++) deep = { nested: deep, list: [TOKEN] };
    const error = new ProviderError(
      {
        status: 401,
        message: `Invalid API key ${API_KEY}`,
        providerType: `auth ${TOKEN}`,
        requestId: `req-${TOKEN}`,
        fieldErrors: [{ field: `header.${API_KEY}`, message: `${WEBHOOK_SECRET} is not valid` }],
        body: { error: `Bearer ${TOKEN}`, secret: WEBHOOK_SECRET, echo: { headers: [API_KEY] }, deep },
      },
      { provider: 'moneyhash' },
    );
    expectNoSecret(error);
    expect(error.fieldErrors[0]!.message).toBe('[REDACTED] is not valid');
    expect(JSON.stringify(error.body)).not.toContain(API_KEY);
  });

  it('redacts generic credentials in every surface', () => {
    const error = new ProviderError({
      status: 401,
      message: 'sent Authorization: Bearer eyJhbGciOi.payload.sig and sk_live_51Habc',
      body: { detail: 'Basic dXNlcjpwYXNzd29yZA==' },
    });
    expectNoSecret(error, ['eyJhbGciOi.payload.sig', 'sk_live_51Habc', 'dXNlcjpwYXNzd29yZA==']);
  });

  it('keeps a __proto__ key in a body as plain data', () => {
    const body = JSON.parse('{"__proto__": {"polluted": 1, "status": 200}, "message": "x"}');
    const error = new ProviderError({ status: 400, message: 'x', body });
    const copy = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 1, status: 200 });
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(error.status).toBe(400);
  });

  it('redactValue copies arrays and leaves non-strings alone', () => {
    expect(redactValue([API_KEY, 1, null, true, { a: API_KEY }])).toEqual([
      '[REDACTED]',
      1,
      null,
      true,
      { a: '[REDACTED]' },
    ]);
  });
});
