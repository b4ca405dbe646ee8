/**
 * paybridge/<provider>/webhooks bundles without the HTTP client: esbuild (`platform: 'browser'`,
 * minified, dependencies included) finds no ky and no core/http* among its inputs, none of the
 * provider's API endpoints or API schemas in its output, and the bundle is smaller than the full
 * adapter's. The sizes are printed (gzip level 9, as `npm run check:size` counts them).
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { packageJson, ROOT } from '../runtime/entries';

const peers = Object.keys(packageJson().peerDependencies ?? {});

async function bundle(source: string) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, source)],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    external: peers,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return {
    inputs: Object.keys(result.metafile.inputs),
    text: new TextDecoder().decode(code),
    gzip: gzipSync(code, { level: 9 }).byteLength,
  };
}

/** Per provider: strings only its API code has (an endpoint path, a key of its API schemas). */
const API_MARKERS: Record<string, readonly string[]> = {
  moyasar: ['/invoices/bulk', 'invoiceList'],
  moneyhash: ['/api/v1.1/payments/intent/', 'transactionOperationResponse'],
  moneygo: ['/api/processing/checkout', 'transactionShow'],
  paymob: ['/api/auth/tokens', 'transaction_inquiry'],
  tap: ['/charges', 'refunds'],
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

describe('the webhooks-only entry points bundle without the HTTP client', () => {
  for (const [provider, markers] of Object.entries(API_MARKERS)) {
    it(`paybridge/${provider}/webhooks: no ky, no core/http, no API code; smaller than paybridge/${provider}`, async () => {
      const [only, full] = await Promise.all([
        bundle(`src/providers/${provider}/webhooks-entry.ts`),
        bundle(`src/providers/${provider}/index.ts`),
      ]);
      // The full adapter has all of it: the checks below can fail.
      expect(full.inputs.some((p) => p.includes('node_modules/ky/'))).toBe(true);
      expect(full.inputs.some((p) => p.includes('core/http'))).toBe(true);
      for (const marker of markers) expect(full.text, marker).toContain(marker);

      expect(only.inputs.filter((p) => p.includes('node_modules/ky/') || p.includes('core/http'))).toEqual(
        [],
      );
      expect(only.inputs.filter((p) => p.endsWith('/index.ts') && p.includes('providers/'))).toEqual([]);
      for (const marker of markers) expect(only.text, marker).not.toContain(marker);
      expect(only.text).toContain('parseWebhook');

      console.log(
        `paybridge/${provider}/webhooks ${kib(only.gzip)} gzip vs paybridge/${provider} ${kib(full.gzip)} ` +
          `(${Math.round((100 * only.gzip) / full.gzip)}%)`,
      );
      expect(only.gzip).toBeLessThan(full.gzip);
    });
  }
});
