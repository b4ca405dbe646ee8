/**
 * `@opentelemetry/api` is an optional peer dependency: only paybridge/opentelemetry may load it, so
 * a user who never imports that entry point needs no OpenTelemetry package at all. Each entry
 * point's import graph, bundled as tsup bundles it (esbuild, dependencies and peers left out), is
 * checked for it.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { externalPackages, ROOT, sourceEntries } from '../runtime/entries';

const OTEL = '@opentelemetry/api';

async function externalImports(source: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [source],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    external: externalPackages(),
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.external).map((i) => i.path),
  );
}

describe('@opentelemetry/api stays behind paybridge/opentelemetry', () => {
  it('is an optional peer dependency', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      dependencies: Record<string, string>;
    };
    expect(pkg.peerDependencies[OTEL]).toMatch(/^\^1\./);
    expect(pkg.peerDependenciesMeta[OTEL]).toEqual({ optional: true });
    expect(pkg.dependencies[OTEL]).toBeUndefined();
  });

  for (const entry of sourceEntries()) {
    const own = entry.specifier === 'paybridge/opentelemetry';
    it(`${entry.specifier} ${own ? 'imports it, and neither ky nor zod' : 'never imports it'}`, async () => {
      const imports = await externalImports(entry.source);
      if (own) {
        expect(imports).toContain(OTEL);
        expect(imports.filter((path) => path === 'ky' || path.startsWith('zod'))).toEqual([]);
      } else {
        expect(imports.filter((path) => path.startsWith('@opentelemetry/'))).toEqual([]);
      }
    });
  }
});
