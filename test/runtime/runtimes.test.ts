/**
 * `npm test` runs the runtime matrix (scripts/runtime-tests/run.ts) on Node 24, Bun, Deno and
 * workerd, with and without nodejs_compat, against a fresh JavaScript build of the sources (tsup
 * without declarations, into a directory of its own, so it never races the dist/ other tests
 * build). CI's `npm run test:runtimes` runs the same matrix on dist/ and adds Node 22.12 from npx.
 * The suite's re-run on another Node (`npm run test:node22`) skips it: it would spawn the very
 * same runtimes again.
 *
 * Every README runtime recipe is the very file the matrix serves (examples/runtimes/).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './entries';

const NODE = join(ROOT, 'node_modules/.bin/node');
const out = join(ROOT, 'test/artifacts', `runtimes-dist-${process.pid}`);

afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(NODE, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The Node the project pins (the npm package `node`); the matrix runs from the suite on that one. */
const PINNED_NODE = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/node/package.json'), 'utf8')) as { version: string }
).version;

describe.skipIf(process.versions.node !== PINNED_NODE)('the runtime matrix', () => {
  it('passes on Node 24, Bun, Deno and workerd (with and without nodejs_compat)', async () => {
    const build = await run([
      join(ROOT, 'node_modules/tsup/dist/cli-default.js'),
      '--out-dir',
      out,
      '--no-dts',
      '--silent',
    ]);
    expect(build.code, build.output).toBe(0);
    const matrix = await run([
      join(ROOT, 'scripts/runtime-tests/run.ts'),
      '--dist',
      out,
      '--only',
      'node24,bun,deno,workerd',
    ]);
    expect(matrix.output).toMatch(/Runtime tests passed: 5 runtimes/);
    expect(matrix.code, matrix.output).toBe(0);
    for (const runtime of ['node24', 'bun', 'deno', 'workerd', 'workerd-nodejs-compat']) {
      expect(matrix.output).toMatch(new RegExp(`^ok +${runtime}: `, 'm'));
    }
  }, 120_000);
});

describe('README: Runtimes', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('\n## Runtimes'),
    readme.indexOf('\n## ', readme.indexOf('\n## Runtimes') + 1),
  );
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

  for (const recipe of ['node.mjs', 'bun.mjs', 'deno.mjs', 'worker.mjs']) {
    it(`shows examples/runtimes/${recipe} verbatim`, () => {
      expect(blocks).toContain(readFileSync(join(ROOT, 'examples/runtimes', recipe), 'utf8'));
    });
  }

  it('every recipe in examples/runtimes/ is served by the matrix', () => {
    const served = readFileSync(join(ROOT, 'scripts/runtime-tests/run.ts'), 'utf8');
    for (const file of readdirSync(join(ROOT, 'examples/runtimes'))) expect(served).toContain(`'${file}'`);
  });
});
