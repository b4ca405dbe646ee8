/**
 * Run in a fresh Node process by test/runtime/construction.test.ts (bundled with esbuild first):
 * installs the side-effect guard before anything of paybridge is loaded, imports every entry point
 * of package.json "exports", then constructs every row of constructions.ts, and prints what it saw
 * as JSON. Any module resolved while the factories run (a dynamic import kicked off at
 * construction) is reported too.
 *
 * Usage: node guard-child.js <manifest.json>, the manifest naming the bundled entry points, the
 * bundled constructions.ts and the directory that holds them (the code under test).
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { guardSideEffects, type SideEffect } from '../helpers/side-effect-guard';
import type { Construction } from './constructions';

interface Manifest {
  ownDir: string;
  entries: Array<{ specifier: string; file: string }>;
  constructions: string;
}

export interface GuardReport {
  imported: string[];
  constructed: string[];
  failures: Array<{ step: string; error: string }>;
  importEffects: SideEffect[];
  constructionEffects: SideEffect[];
  resolvedDuringConstruction: string[];
  unpatched: string[];
}

const manifest = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Manifest;
const wait = globalThis.setTimeout;
const pause = (ms: number) => new Promise((resolve) => wait(resolve, ms));

let constructing = false;
const resolvedDuringConstruction: string[] = [];
registerHooks({
  resolve(specifier, context, next) {
    if (constructing) resolvedDuringConstruction.push(specifier);
    return next(specifier, context);
  },
});

const report: GuardReport = {
  imported: [],
  constructed: [],
  failures: [],
  importEffects: [],
  constructionEffects: [],
  resolvedDuringConstruction,
  unpatched: [],
};
const describe = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

const guard = guardSideEffects({ isOwnFrame: (frame) => frame.includes(manifest.ownDir) });
report.unpatched = guard.unpatched;
try {
  for (const entry of manifest.entries) {
    try {
      await import(pathToFileURL(entry.file).href);
      report.imported.push(entry.specifier);
    } catch (error) {
      report.failures.push({ step: `import ${entry.specifier}`, error: describe(error) });
    }
  }
  const { CONSTRUCTIONS } = (await import(pathToFileURL(manifest.constructions).href)) as {
    CONSTRUCTIONS: readonly Construction[];
  };
  // Anything an import deferred (a promise chain, a timer armed late) has run by now.
  await pause(50);
  report.importEffects = guard.effects.splice(0);

  constructing = true;
  for (const [name, construct] of CONSTRUCTIONS) {
    try {
      construct();
      report.constructed.push(name);
    } catch (error) {
      report.failures.push({ step: name, error: describe(error) });
    }
  }
  await pause(100);
  constructing = false;
  report.constructionEffects = guard.effects.splice(0);
} finally {
  guard.restore();
}
process.stdout.write(JSON.stringify(report));
