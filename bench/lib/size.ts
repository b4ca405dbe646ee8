/** Bundle size of one entry point as a user's bundler would see it: esbuild, minified, dependencies included, gzip. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ROOT } from './entries.ts';

/** Peer dependencies (a client the user brings, such as `redis`) are the user's: left out of the count. */
function peers(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return Object.keys(pkg.peerDependencies ?? {});
}

export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
}

export async function bundledSize(entryFile: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entryFile],
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
    external: peers(),
  });
  const code = result.outputFiles[0]!.contents;
  return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
