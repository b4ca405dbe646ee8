/**
 * Cold import time: each specifier is imported in a fresh `node` process (N runs, interleaved,
 * median). The child reports the time its `await import()` took; the parent times the whole process.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from './entries.ts';

export interface ImportTiming {
  /** Median time of the `import()` alone, inside the child. */
  importMs: number;
  /** Median wall time of the whole child process (node start-up included). */
  processMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** `null` stands for bare node (no import at all). */
export function measureImports(
  specifiers: Array<string | null>,
  runs: number,
): Map<string | null, ImportTiming> {
  const samples = new Map<string | null, { imp: number[]; proc: number[] }>();
  for (const s of specifiers) samples.set(s, { imp: [], proc: [] });
  for (let run = 0; run < runs; run++) {
    for (const specifier of specifiers) {
      const code =
        specifier === null
          ? 'process.stdout.write("0")'
          : `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
      const t0 = performance.now();
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      const elapsed = performance.now() - t0;
      if (child.status !== 0) throw new Error(`importing ${specifier} failed:\n${child.stderr}`);
      const entry = samples.get(specifier)!;
      entry.imp.push(Number(child.stdout));
      entry.proc.push(elapsed);
    }
  }
  const out = new Map<string | null, ImportTiming>();
  for (const [s, { imp, proc }] of samples) out.set(s, { importMs: median(imp), processMs: median(proc) });
  return out;
}

/**
 * Import plus first use, each in a fresh process (N runs, interleaved, median): `code` is an ES
 * module body that does the work and writes the milliseconds it took to stdout.
 */
export function measureColdRuns(
  cases: Array<{ name: string; code: string }>,
  runs: number,
): Map<string, number> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const { name, code } of cases) {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`${name} failed:\n${child.stderr}`);
      samples.get(name)!.push(Number(child.stdout));
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}
