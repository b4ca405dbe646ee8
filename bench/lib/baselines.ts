/**
 * The baselines every ratio is measured against, on the same bodies:
 * - raw: node:crypto HMAC-SHA256 hex + node:crypto timingSafeEqual + JSON.parse (the least work a
 *   verified webhook needs),
 * - paybridge's core pipeline (normalizeWebhookInput, core hmac, constant-time compare, parseWebhookJson),
 * - stripe.webhooks.constructEvent and standardwebhooks' Webhook.verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { GENERIC_EVENT, padToSize } from './bodies.ts';
import { ROOT } from './entries.ts';
import type { WebhookCase } from './types.ts';

type CoreModule = typeof import('./core-entry.ts');

let core: Promise<CoreModule> | undefined;

/** paybridge's core internals (not public API), bundled from src once per process. */
export function loadCore(): Promise<CoreModule> {
  core ??= (async () => {
    const dir = join(ROOT, 'node_modules/.cache/paybridge-bench');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `core-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, 'bench/lib/core-entry.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      outfile,
      logLevel: 'silent',
    });
    return (await import(pathToFileURL(outfile).href)) as CoreModule;
  })();
  return core;
}

const SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';

/** The raw work, for a body signed with hex HMAC-SHA256 in a header. */
export function rawHmacJson(secret: string, body: Buffer, signatureHex: string): unknown {
  const expected = createHmac('sha256', secret).update(body).digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signatureHex);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Error('bad signature');
  return JSON.parse(body.toString('utf8'));
}

/** The core pipeline a hex-HMAC adapter runs, without any provider's parsing: the floor of paybridge's overhead. */
export async function coreCase(size: number): Promise<Omit<WebhookCase, 'cold'>> {
  const c = await loadCore();
  const body = Buffer.from(padToSize(GENERIC_EVENT, size));
  const signature = createHmac('sha256', SECRET).update(body).digest('hex');
  const input = { body, headers: { 'x-signature': signature, 'content-type': 'application/json' } };
  return {
    bytes: body.byteLength,
    async parse() {
      const w = c.normalizeWebhookInput(input, { provider: 'bench' });
      const expected = await c.hmacSha256Hex(SECRET, w.bytes);
      if (!c.timingSafeEqual(expected, w.header('x-signature') ?? '')) throw new Error('bad signature');
      return c.parseWebhookJson(w.text, 'bench');
    },
    raw: () => rawHmacJson(SECRET, body, signature),
  };
}

export function stripeCase(size: number): { bytes: number; run(): unknown } {
  const stripe = new Stripe('sk_test_bench_not_a_real_key');
  const body = Buffer.from(padToSize(GENERIC_EVENT, size));
  // A fresh header per run keeps the timestamp inside Stripe's 300 s tolerance.
  const header = stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret: SECRET });
  return { bytes: body.byteLength, run: () => stripe.webhooks.constructEvent(body, header, SECRET) };
}

export function standardWebhooksCase(size: number): { bytes: number; run(): unknown } {
  const secret = `whsec_${Buffer.from(SECRET).toString('base64')}`;
  const wh = new Webhook(secret);
  const text = padToSize(GENERIC_EVENT, size);
  const id = 'msg_2f1c0d9e8b7a';
  const timestamp = new Date();
  const signature = wh.sign(id, timestamp, text);
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
  return { bytes: Buffer.byteLength(text), run: () => wh.verify(text, headers) };
}
