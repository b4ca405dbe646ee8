/**
 * The package's entry points, read from package.json "exports", with the source file of each from
 * tsconfig.json "paths" (the same table the vitest aliases follow). A new entry point is covered
 * by the runtime tests without edits here; one without a "paths" row fails loudly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SourceEntry {
  /** What users import: `paybridge`, `paybridge/moyasar`, … */
  specifier: string;
  /** The built file's name without extension (`moyasar`, `testing-msw`). */
  name: string;
  /** Its source, absolute. */
  source: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;

interface PackageJson {
  name: string;
  exports: Record<string, string | { default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export const packageJson = (): PackageJson => readJson<PackageJson>('package.json');

export function sourceEntries(): SourceEntry[] {
  const pkg = packageJson();
  const paths = readJson<{ compilerOptions: { paths: Record<string, string[]> } }>('tsconfig.json')
    .compilerOptions.paths;
  return Object.entries(pkg.exports)
    .filter(([subpath]) => !subpath.endsWith('.json'))
    .map(([subpath, target]) => {
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`;
      const file = typeof target === 'string' ? target : target.default;
      const source = paths[specifier]?.[0];
      if (!file || !source)
        throw new Error(`${specifier}: no built file in "exports" or no tsconfig "paths" row`);
      return {
        specifier,
        name: file.replace(/^\.\/dist\//, '').replace(/\.js$/, ''),
        source: join(ROOT, source),
      };
    });
}

/** What the package leaves to node_modules: its dependencies and optional peers. */
export function externalPackages(): string[] {
  const pkg = packageJson();
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
}
