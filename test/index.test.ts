import * as paybridge from 'paybridge';
import { describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError as CoreConfigurationError,
  PaybridgeError as CorePaybridgeError,
} from '../src/core/errors';

describe('the paybridge entry point', () => {
  it('re-exports the very classes and helpers of core, not copies', () => {
    expect(paybridge.PaybridgeError).toBe(CorePaybridgeError);
    expect(paybridge.ConfigurationError).toBe(CoreConfigurationError);
    expect(paybridge.toMinorUnits('10.50', 'SAR')).toBe(1050);
    expect(paybridge.formatMinorUnits(1500, 'KWD')).toBe('1.500');
    expect(paybridge.PAYMENT_STATUSES).toHaveLength(9);
    expect(paybridge.DEFAULT_MAX_WEBHOOK_BYTES).toBe(1024 * 1024);
    expect(paybridge.DEFAULT_TOLERANCE_SECONDS).toBe(300);
  });

  it('parseWebhook(provider, input, options) delegates with the same arguments and returns its result', async () => {
    const event = { kind: 'unknown', provider: 'fake', id: 'evt_1', type: 'x.y', raw: {} } as const;
    const fake = { parseWebhook: vi.fn(async () => event) };
    const input = { body: '{"type":"x.y"}', headers: { 'x-signature': 'abc' } };
    const options = { now: new Date(0), toleranceSeconds: false as const, maxBodyBytes: 10 };
    const result = await paybridge.parseWebhook(fake as never, input, options);
    expect(result).toBe(event);
    expect(fake.parseWebhook).toHaveBeenCalledTimes(1);
    expect(fake.parseWebhook).toHaveBeenCalledWith(input, options);
    const call = fake.parseWebhook.mock.calls[0] as unknown[];
    expect(call[0]).toBe(input);
    expect(call[1]).toBe(options);
    await paybridge.parseWebhook(fake as never, input);
    expect(fake.parseWebhook).toHaveBeenLastCalledWith(input, undefined);
  });

  it('passes the provider error through unchanged', async () => {
    const failure = new paybridge.WebhookVerificationError('bad_signature', 'no');
    const fake = { parseWebhook: vi.fn(async () => Promise.reject(failure)) };
    await expect(paybridge.parseWebhook(fake as never, { body: 'x' })).rejects.toBe(failure);
  });
});
