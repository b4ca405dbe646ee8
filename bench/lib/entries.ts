/** The package's public entry points, read from package.json "exports" (so a new one is measured without edits). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface EntryPoint {
  /** What users import: `paybridge`, `paybridge/moyasar`, … */
  specifier: string;
  /** The built file it resolves to, relative to the package root (`./dist/moyasar.js`). */
  file: string;
}

interface ExportTarget {
  default?: string;
  import?: string;
}

export function entryPoints(): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as {
    name: string;
    exports: Record<string, string | ExportTarget>;
  };
  const out: EntryPoint[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath.endsWith('.json')) continue;
    const file = typeof target === 'string' ? target : (target.import ?? target.default);
    if (!file) continue;
    out.push({ specifier: subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`, file });
  }
  return out;
}

/** The adapters' entry points, the ones the issue's targets are about. */
export const ADAPTER_ENTRIES = new Set([
  'paybridge/moneyhash',
  'paybridge/moyasar',
  'paybridge/moneygo',
  'paybridge/tap',
  'paybridge/paymob',
]);
