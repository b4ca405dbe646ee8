/** Loads every bench/providers/<name>.ts (one file per adapter). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './entries.ts';
import type { ProviderBench } from './types.ts';

export async function loadProviderBenches(): Promise<ProviderBench[]> {
  const dir = join(ROOT, 'bench/providers');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: ProviderBench[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: ProviderBench };
    out.push(mod.default);
  }
  return out;
}
