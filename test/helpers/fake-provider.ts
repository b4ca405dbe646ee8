/**
 * A test-only provider for the webhook handler's tests: it verifies an HMAC-SHA256 of the raw
 * body in `x-fake-signature` (hex) and returns `kind: 'payment'` events whose `id` comes from the
 * JSON body, throwing WebhookVerificationError / WebhookParseError like a real adapter.
 */
import { FULL_COVERAGE } from '../../src/core/coverage';
import { hmacSha256Hex, timingSafeEqual } from '../../src/core/crypto';
import { WebhookVerificationError } from '../../src/core/errors';
import type { ParseWebhookOptions, PaymentEvent, WebhookInput } from '../../src/core/types';
import { normalizeWebhookInput, parseWebhookJson } from '../../src/core/webhook-input';

export const FAKE_SECRET = 'whsec_fake_test_secret_123';
export const SIGNATURE_HEADER = 'x-fake-signature';

export interface FakeProvider {
  readonly name: 'fake';
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<PaymentEvent<'fake'>>;
}

export function createFakeProvider(secret = FAKE_SECRET): FakeProvider {
  return {
    name: 'fake',
    async parseWebhook(input, options = {}) {
      const { bytes, text, header } = normalizeWebhookInput(input, {
        provider: 'fake',
        maxBytes: options.maxBodyBytes,
      });
      const received = header(SIGNATURE_HEADER);
      if (!received) {
        throw new WebhookVerificationError('missing_signature', `No ${SIGNATURE_HEADER} header.`, {
          provider: 'fake',
        });
      }
      const expected = await hmacSha256Hex(secret, bytes);
      if (!timingSafeEqual(expected, received)) {
        throw new WebhookVerificationError('bad_signature', 'The signature does not match the body.', {
          provider: 'fake',
        });
      }
      const raw = parseWebhookJson(text, 'fake');
      const id = typeof raw['id'] === 'string' ? raw['id'] : '';
      return {
        kind: 'payment',
        provider: 'fake',
        coverage: FULL_COVERAGE,
        id,
        type: 'payment.paid',
        status: 'succeeded',
        providerStatus: 'paid',
        paymentId: typeof raw['paymentId'] === 'string' ? raw['paymentId'] : `pay_${id}`,
        raw,
      };
    },
  };
}

/** A signed delivery of event `id`: the JSON body and its headers. */
export async function signedWebhook(
  id: string,
  extra: Record<string, unknown> = {},
  secret = FAKE_SECRET,
): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify({ id, ...extra });
  return {
    body,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: await hmacSha256Hex(secret, body) },
  };
}
