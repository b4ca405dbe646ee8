// The core internals the baselines use; bundled by esbuild at bench time (src uses extensionless imports).
export { hmacSha256Hex, timingSafeEqual } from '../../src/core/crypto.ts';
export { normalizeWebhookInput, parseWebhookJson } from '../../src/core/webhook-input.ts';
