/**
 * Every entry point but the simulator bundles for Web runtimes (browsers, Cloudflare Workers) as a
 * user's bundler would: esbuild, `platform: 'browser'`, dependencies included, optional peers left
 * out. No `node:` module may be imported anywhere in those bundles; `paybridge/testing/simulator`
 * (node:http) is the one entry point that may not, and this test fails if it starts to bundle.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { packageJson, ROOT, sourceEntries } from './entries';

/** Node-only entry points, on purpose (README, "Runtimes"). */
const NODE_ONLY = new Set(['paybridge/testing/simulator']);

const peers = Object.keys(packageJson().peerDependencies ?? {});

async function bundleForBrowsers(source: string) {
  return build({
    absWorkingDir: ROOT,
    entryPoints: [source],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    external: peers,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('esbuild --platform=browser', () => {
  for (const entry of sourceEntries()) {
    if (NODE_ONLY.has(entry.specifier)) {
      it(`${entry.specifier} needs Node (node:http): it does not bundle for browsers`, async () => {
        const error = await bundleForBrowsers(entry.source).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect(String((error as Error).message)).toMatch(/Could not resolve "node:http"/);
      });
      continue;
    }
    it(`${entry.specifier} bundles, with no node: import`, async () => {
      const result = await bundleForBrowsers(entry.source);
      expect(result.errors).toEqual([]);
      const imports = Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.filter((i) => i.external).map((i) => i.path),
      );
      expect(
        imports.filter((path) => !peers.some((peer) => path === peer || path.startsWith(`${peer}/`))),
      ).toEqual([]);
      const code = new TextDecoder().decode(result.outputFiles[0]!.contents);
      expect(code).not.toMatch(/\bfrom\s*["']node:|import\(\s*["']node:/);
    });
  }
});
