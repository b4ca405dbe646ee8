/**
 * Nothing random, no I/O and no timer at import or construction, anywhere (Cloudflare Workers
 * refuse all three in global scope, where users build their handler). Under a guard that throws
 * on `crypto.randomUUID`, `getRandomValues`, `Math.random`, `node:crypto`'s random functions,
 * timers, `fetch`, sockets, DNS and files at that very moment:
 * - a fresh Node process imports every entry point of package.json "exports" (bundled from the
 *   sources as tsup bundles them) and constructs every row of constructions.ts;
 * - this process constructs every row again, from the sources.
 * The guard itself is shown to catch each kind of call, and a library call that does draw random
 * ids (a webhook builder) is caught.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { moneyGoWebhook, moyasarWebhook } from 'paybridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardSideEffects, SideEffectError } from '../helpers/side-effect-guard';
import { CONSTRUCTIONS } from './constructions';
import { externalPackages, ROOT, sourceEntries } from './entries';
import type { GuardReport } from './guard-child';

const SRC = join(ROOT, 'src/');
const entries = sourceEntries();
const work = join(ROOT, 'test/artifacts', `guard-${process.pid}`);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('every factory of the public surface has a row in constructions.ts', () => {
  it('each exported create*, mock* and instrument* function', async () => {
    const factories: string[] = [];
    for (const entry of entries) {
      const module = (await import(/* @vite-ignore */ entry.specifier)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'function' && /^((create|mock)[A-Z]|instrument)/.test(name))
          factories.push(name);
      }
    }
    expect(factories.length).toBeGreaterThanOrEqual(12);
    const covered = new Set(CONSTRUCTIONS.map(([name]) => name.split(' ')[0]));
    expect(factories.filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe('in a fresh Node process', () => {
  let report: GuardReport;

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const ownDir = join(work, 'pkg');
    // The entry points as tsup builds them (esbuild, one shared graph split into chunks), plus the
    // constructions, which import paybridge/* by name and so share the entry points' modules.
    const built = await build({
      absWorkingDir: ROOT,
      entryPoints: [
        ...entries.map((entry) => ({ in: entry.source, out: entry.name })),
        { in: join(ROOT, 'test/runtime/constructions.ts'), out: 'constructions' },
      ],
      outdir: ownDir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      external: externalPackages(),
      tsconfig: join(ROOT, 'tsconfig.json'),
      logLevel: 'silent',
      metafile: true,
    });
    expect(Object.keys(built.metafile.outputs).length).toBeGreaterThan(entries.length);
    await build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, 'test/runtime/guard-child.ts')],
      outfile: join(work, 'guard-child.js'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      logLevel: 'silent',
    });
    const manifest = join(work, 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        ownDir,
        entries: entries.map((entry) => ({
          specifier: entry.specifier,
          file: join(ownDir, `${entry.name}.js`),
        })),
        constructions: join(ownDir, 'constructions.js'),
      }),
    );
    const child = spawnSync(process.execPath, [join(work, 'guard-child.js'), manifest], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    if (child.status !== 0) throw new Error(`the guard's child failed:\n${child.stderr}`);
    report = JSON.parse(child.stdout) as GuardReport;
  }, 60_000);

  it('patches every guarded function', () => {
    expect(report.unpatched).toEqual([]);
  });

  it('imports every entry point of package.json "exports" with no side effect', () => {
    expect(report.failures.filter((f) => f.step.startsWith('import '))).toEqual([]);
    expect(report.imported).toEqual(entries.map((entry) => entry.specifier));
    expect(report.importEffects).toEqual([]);
  });

  it('constructs every factory with no side effect, and loads no module meanwhile', () => {
    expect(report.failures).toEqual([]);
    expect(report.constructed).toEqual(CONSTRUCTIONS.map(([name]) => name));
    expect(report.constructionEffects).toEqual([]);
    expect(report.resolvedDuringConstruction).toEqual([]);
  });
});

describe('in this process, from the sources', () => {
  for (const [name, construct] of CONSTRUCTIONS) {
    it(name, async () => {
      const guard = guardSideEffects({ isOwnFrame: (frame) => frame.includes(SRC) });
      try {
        expect(construct()).toBeTruthy();
        // Work the construction deferred (a promise chain, a dynamic import) runs meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(guard.effects.map((effect) => `${effect.what}\n${effect.stack}`)).toEqual([]);
      } finally {
        guard.restore();
      }
    });
  }
});

describe('the guard', () => {
  const THIS_FILE = 'construction.test.ts';
  const calls: Array<[string, () => unknown]> = [
    ['crypto.randomUUID', () => crypto.randomUUID()],
    ['crypto.getRandomValues', () => crypto.getRandomValues(new Uint8Array(4))],
    ['Math.random', () => Math.random()],
    ['setTimeout', () => setTimeout(() => undefined, 1)],
    ['setInterval', () => setInterval(() => undefined, 1000)],
    ['setImmediate', () => setImmediate(() => undefined)],
    ['fetch', () => fetch('http://127.0.0.1:1/')],
    ['node:crypto.randomBytes', () => process.getBuiltinModule('node:crypto').randomBytes(4)],
    ['node:timers.setTimeout', () => process.getBuiltinModule('node:timers').setTimeout(() => undefined, 1)],
    ['node:net.connect', () => process.getBuiltinModule('node:net').connect(1, '127.0.0.1')],
    [
      'node:fs.readFileSync',
      () => process.getBuiltinModule('node:fs').readFileSync(join(ROOT, 'package.json')),
    ],
  ];
  for (const [what, call] of calls) {
    it(`throws on ${what} from the code under test, and records it`, () => {
      const guard = guardSideEffects({ isOwnFrame: (frame) => frame.includes(THIS_FILE) });
      try {
        expect(call).toThrow(SideEffectError);
        expect(guard.effects.map((effect) => effect.what)).toEqual([what]);
      } finally {
        guard.restore();
      }
    });
  }

  it('lets other code (the test runner, Node) call them', () => {
    const guard = guardSideEffects({ isOwnFrame: () => false });
    try {
      expect(typeof crypto.randomUUID()).toBe('string');
      clearTimeout(setTimeout(() => undefined, 1));
      expect(guard.effects).toEqual([]);
    } finally {
      guard.restore();
    }
  });

  it('catches the library when it does draw random values: a webhook builder without ids', async () => {
    const guard = guardSideEffects({ isOwnFrame: (frame) => frame.includes(SRC) });
    try {
      await expect(moyasarWebhook({ status: 'succeeded' })).rejects.toThrow(SideEffectError);
      expect(guard.effects.map((effect) => effect.what)).toContain('crypto.randomUUID');
    } finally {
      guard.restore();
    }
    // Given its ids, a Money-Go builder draws nothing: the guard is quiet.
    const quiet = guardSideEffects({ isOwnFrame: (frame) => frame.includes(SRC) });
    try {
      await moneyGoWebhook({ paymentId: 'order-1', transactionId: 7 });
      expect(quiet.effects).toEqual([]);
    } finally {
      quiet.restore();
    }
  });
});
