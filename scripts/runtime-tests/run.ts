/**
 * The runtime matrix: the built package (dist/), installed by name in a temporary project, on
 * Node 22.12 (the oldest the package supports, fetched with `npx -p node@22.12.0`), Node 24 (the
 * project's), Bun, Deno and workerd (the binaries the project installs from npm), workerd twice:
 * with and without `nodejs_compat`. On each runtime:
 *
 * - scenario.mjs: every adapter's `parseWebhook` on string, Uint8Array and ArrayBuffer bodies with
 *   `Headers` and plain headers, forged webhooks refused, `handler.fetch` answering 200, duplicate
 *   and 401;
 * - the README's recipe for that runtime (examples/runtimes/), served on a loopback port, receiving
 *   signed webhooks POSTed by Node's fetch: 200, 200 duplicate, 401, `onEvent` once. On workerd the
 *   recipe builds its handler at module scope, where Workers refuse random values, timers and I/O.
 *
 * Usage (run by scripts/runtime-tests.sh, from .ci/run, and by test/runtime/runtimes.test.ts):
 *   node scripts/runtime-tests/run.ts [--dist DIR] [--only node24,node22,bun,deno,workerd]
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const HERE = join(ROOT, 'scripts/runtime-tests');
const RECIPES = join(ROOT, 'examples/runtimes');
/** The oldest Node the package supports (package.json "engines"). */
const OLDEST_NODE = '22.12.0';
/** workerd compatibility date: nodejs_compat fills process.env from this date on. */
const COMPATIBILITY_DATE = '2025-09-01';
const TIMEOUT_MS = 30_000;

const TEST_SECRETS = {
  MOYASAR_SECRET_KEY: 'sk_test_simulator_secret_key',
  MOYASAR_WEBHOOK_SECRET: 'moyasar_test_simulator_webhook_secret',
};

interface Outcome {
  runtime: string;
  passed: number;
  failures: string[];
  ms: number;
}

interface Checks {
  passed: number;
  failures: string[];
  check(label: string, ok: boolean, detail?: unknown): void;
}

function checks(): Checks {
  const c: Checks = {
    passed: 0,
    failures: [],
    check(label, ok, detail) {
      if (ok) c.passed++;
      else c.failures.push(detail === undefined ? label : `${label}: ${String(detail)}`);
    },
  };
  return c;
}

// ---- the temporary project -------------------------------------------------------------------

interface App {
  dir: string;
  testing: {
    moyasarWebhook(
      options: Record<string, unknown>,
    ): Promise<{ body: string; headers: Record<string, string> }>;
  };
}

/** A project that installed paybridge: node_modules/paybridge is package.json + the built files. */
async function stage(dist: string): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'paybridge-runtimes-'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const installed = join(dir, 'node_modules/paybridge');
  mkdirSync(installed, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
  cpSync(dist, join(installed, 'dist'), { recursive: true });
  for (const dependency of Object.keys(pkg.dependencies ?? {})) {
    symlinkSync(join(ROOT, 'node_modules', dependency), join(dir, 'node_modules', dependency), 'dir');
  }
  writeFileSync(
    join(dir, 'package.json'),
    '{ "name": "runtime-tests", "private": true, "type": "module" }\n',
  );
  for (const file of ['scenario.mjs', 'main.mjs', 'scenario-worker.mjs'])
    cpSync(join(HERE, file), join(dir, file));
  cpSync(RECIPES, dir, { recursive: true });
  const testing = (await import(pathToFileURL(join(installed, 'dist/testing.js')).href)) as App['testing'];
  return { dir, testing };
}

// ---- processes -------------------------------------------------------------------------------

interface Running {
  child: ChildProcess;
  output(): string;
  exited(): boolean;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  for (const key of Object.keys(env))
    if (/^(MONEYHASH|MOYASAR|MONEYGO)_|^NODE_OPTIONS$/.test(key)) delete env[key];
  return { ...env, ...extra };
}

function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', (error) => {
    output += `\n${error.message}`;
    exited = true;
  });
  return { child, output: () => output, exited: () => exited };
}

async function stop(running: Running): Promise<void> {
  if (running.exited()) return;
  const exit = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 3000);
  await exit;
  clearTimeout(timer);
}

/** Runs a command to completion and parses the last line of its output as JSON. */
async function runJson(command: string, args: string[], cwd: string): Promise<unknown> {
  const running = start(command, args, cwd, childEnv());
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => running.child.kill('SIGKILL'), TIMEOUT_MS);
    running.child.once('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
    running.child.once('error', () => resolve(-1));
  });
  const lines = running.output().trim().split('\n');
  try {
    return JSON.parse(lines.at(-1) ?? '');
  } catch {
    throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${running.output()}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until something answers HTTP at `url`. */
async function waitForHttp(url: string, running: Running): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (running.exited()) throw new Error(`it exited before listening:\n${running.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await pause(100);
    }
  }
  throw new Error(`nothing answered at ${url} within ${TIMEOUT_MS} ms:\n${running.output()}`);
}

// ---- what is checked -------------------------------------------------------------------------

/** Adds the scenario's report to `c`; returns the hashing it ran on. */
function scenario(c: Checks, report: unknown): string {
  const r = report as { hashing?: string; expected?: number; passed?: number; failures?: string[] };
  if (typeof r.passed !== 'number' || typeof r.expected !== 'number' || !Array.isArray(r.failures)) {
    c.check('scenario report', false, JSON.stringify(report));
    return '?';
  }
  c.passed += r.passed;
  c.failures.push(...r.failures.map((f) => `scenario: ${f}`));
  c.check(
    'scenario ran every check',
    r.passed + r.failures.length >= r.expected && r.expected > 0,
    `${r.passed + r.failures.length} of ${r.expected}`,
  );
  return r.hashing ?? '?';
}

/** POSTs signed webhooks to a running recipe: 200, duplicate, 401, and `onEvent` logged once. */
async function recipe(c: Checks, app: App, url: string, running: Running, label: string): Promise<void> {
  const reference = `rt-${label.replace(/\W+/g, '-')}-${Date.now()}`;
  const genuine = await app.testing.moyasarWebhook({ status: 'succeeded', reference });
  const forged = await app.testing.moyasarWebhook({ status: 'succeeded', reference, secretToken: 'forged' });
  const post = async (webhook: { body: string; headers: Record<string, string> }) => {
    const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const first = await post(genuine);
  c.check(`${label}: 200`, first.status === 200 && first.body.received === true, JSON.stringify(first));
  const again = await post(genuine);
  c.check(
    `${label}: 200 duplicate`,
    again.status === 200 && again.body.duplicate === true,
    JSON.stringify(again),
  );
  const refused = await post(forged);
  c.check(
    `${label}: forged 401`,
    refused.status === 401 && refused.body.error === 'verification_failed',
    JSON.stringify(refused),
  );
  const line = `${reference} succeeded`;
  const deadline = Date.now() + 3000;
  while (!running.output().includes(line) && Date.now() < deadline) await pause(50);
  const count = running.output().split(line).length - 1;
  c.check(`${label}: onEvent ran once`, count === 1, `${count} times; output:\n${running.output()}`);
}

/** Serves a recipe with `command`, exercises it, stops it. */
async function serveRecipe(
  c: Checks,
  app: App,
  label: string,
  command: string,
  args: string[],
  port: number,
): Promise<void> {
  const running = start(command, args, app.dir, childEnv({ ...TEST_SECRETS, PORT: String(port) }));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, running);
    await recipe(c, app, `http://127.0.0.1:${port}/webhooks/moyasar`, running, label);
  } finally {
    await stop(running);
  }
}

// ---- the runtimes ----------------------------------------------------------------------------

type Target = (app: App, c: Checks) => Promise<string>;

/** Node, Bun or Deno: the scenario, then the runtime's recipe. */
const processRuntime =
  (
    resolveCommand: () => Promise<string>,
    scenarioArgs: string[],
    recipeArgs: string[],
    version: string[],
  ): Target =>
  async (app, c) => {
    const command = await resolveCommand();
    // `deno 2.9.6 (stable, release, …)` → `deno 2.9.6`; `v24.21.0` → `node v24.21.0`.
    const first = (await promisify(execFile)(command, version)).stdout.trim().split(/[\n(]/)[0]?.trim() ?? '';
    const described = /^v?\d/.test(first) ? `${/bun/.test(command) ? 'bun' : 'node'} ${first}` : first;
    const hashing = scenario(c, await runJson(command, scenarioArgs, app.dir));
    await serveRecipe(c, app, 'recipe', command, recipeArgs, await freePort());
    return `${described}, ${hashing}`;
  };

const bin = (name: string) => async () => join(BIN, name);

/** Node 22.12 from the npm registry (the `node` package), as `npx -p node@22.12.0` installs it. */
async function oldestNode(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['-y', '-p', `node@${OLDEST_NODE}`, '-c', 'command -v node'],
      { cwd: tmpdir(), env: childEnv(), timeout: 180_000 },
    );
    return stdout.trim().split('\n').at(-1) ?? '';
  } catch (error) {
    throw new Error(`the npm registry could not serve node@${OLDEST_NODE}: ${(error as Error).message}`);
  }
}

/** workerd: the scenario as a Worker, the Workers recipe (module-scope handler) and the process.env recipe. */
const workerd =
  (nodejsCompat: boolean): Target =>
  async (app, c) => {
    const dir = join(app.dir, nodejsCompat ? 'workerd-nodejs-compat' : 'workerd');
    mkdirSync(dir);
    const workers = { scenario: 'scenario-worker.mjs', recipe: 'worker.mjs', env: 'worker-process-env.mjs' };
    for (const [name, entry] of Object.entries(workers)) {
      await build({
        absWorkingDir: app.dir,
        entryPoints: [join(app.dir, entry)],
        outfile: join(dir, `${name}.js`),
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker', 'browser'],
        // What Workers provide; with nodejs_compat off, a node: import would fail to load (it must not exist).
        external: ['cloudflare:workers', 'node:*'],
        logLevel: 'warning',
      });
    }
    const ports = { scenario: await freePort(), recipe: await freePort(), env: await freePort() };
    const flags = nodejsCompat ? '"nodejs_compat"' : '';
    const bindings = Object.entries(TEST_SECRETS)
      .map(([name, value]) => `(name = "${name}", text = "${value}")`)
      .join(', ');
    const service = (name: string) =>
      `(name = "${name}", worker = (modules = [(name = "${name}.js", esModule = embed "${name}.js")], ` +
      `compatibilityDate = "${COMPATIBILITY_DATE}", compatibilityFlags = [${flags}], bindings = [${bindings}]))`;
    writeFileSync(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${Object.keys(workers).map(service).join(', ')}],
  sockets = [${Object.entries(ports)
    .map(
      ([name, port]) => `(name = "${name}", address = "127.0.0.1:${port}", http = (), service = "${name}")`,
    )
    .join(', ')}],
);
`,
    );
    const command = join(BIN, 'workerd');
    const version = (await promisify(execFile)(command, ['--version'])).stdout.trim();
    const running = start(command, ['serve', 'config.capnp'], dir, childEnv());
    let hashing = '?';
    try {
      for (const port of Object.values(ports)) await waitForHttp(`http://127.0.0.1:${port}/`, running);
      const report = await (await fetch(`http://127.0.0.1:${ports.scenario}/`)).json();
      hashing = scenario(c, report);
      await recipe(
        c,
        app,
        `http://127.0.0.1:${ports.recipe}/webhooks/moyasar`,
        running,
        'module-scope recipe',
      );
      if (nodejsCompat) {
        await recipe(c, app, `http://127.0.0.1:${ports.env}/webhooks/moyasar`, running, 'process.env recipe');
      } else {
        // Without nodejs_compat there is no process.env: the adapter has no secret, and says so.
        const webhook = await app.testing.moyasarWebhook({ status: 'succeeded', reference: 'rt-no-env' });
        const response = await fetch(`http://127.0.0.1:${ports.env}/`, {
          method: 'POST',
          headers: webhook.headers,
          body: webhook.body,
        });
        const body = (await response.json()) as { error?: string };
        c.check(
          'process.env recipe without nodejs_compat: 500 configuration_error',
          response.status === 500 && body.error === 'configuration_error',
          `${response.status} ${JSON.stringify(body)}`,
        );
      }
      c.check('workerd logged no error', !/\berror\b|uncaught/i.test(running.output()), running.output());
    } finally {
      await stop(running);
    }
    return `${version}, ${nodejsCompat ? 'nodejs_compat' : 'no nodejs_compat'}, ${hashing}`;
  };

const denoRun = (args: string[]) => ['run', '--no-prompt', ...args];

const TARGETS: Record<string, Target> = {
  node24: processRuntime(bin('node'), ['main.mjs'], ['node.mjs'], ['--version']),
  node22: processRuntime(oldestNode, ['main.mjs'], ['node.mjs'], ['--version']),
  bun: processRuntime(bin('bun'), ['main.mjs'], ['bun.mjs'], ['--version']),
  // The scenario needs no permission at all (verifying is pure); the recipe exactly the README's.
  deno: processRuntime(
    bin('deno'),
    denoRun(['main.mjs']),
    denoRun(['--allow-net', '--allow-env=MOYASAR_SECRET_KEY,MOYASAR_WEBHOOK_SECRET,PORT', 'deno.mjs']),
    ['--version'],
  ),
  workerd: workerd(false),
  'workerd-nodejs-compat': workerd(true),
};

// ---- main ------------------------------------------------------------------------------------

const { values } = parseArgs({
  options: { dist: { type: 'string', default: join(ROOT, 'dist') }, only: { type: 'string' } },
});
const wanted = values.only
  ? Object.keys(TARGETS).filter((id) =>
      values.only?.split(',').some((w) => id === w || id.startsWith(`${w}-`)),
    )
  : Object.keys(TARGETS);

const started = performance.now();
const app = await stage(values.dist);
const outcomes: Outcome[] = [];
try {
  for (const id of wanted) {
    const c = checks();
    const t0 = performance.now();
    let runtime = id;
    try {
      runtime = `${id}: ${await TARGETS[id]!(app, c)}`;
    } catch (error) {
      c.failures.push((error as Error).stack ?? String(error));
    }
    const outcome = { runtime, passed: c.passed, failures: c.failures, ms: performance.now() - t0 };
    outcomes.push(outcome);
    const verdict = outcome.failures.length === 0 ? 'ok  ' : 'FAIL';
    console.log(
      `${verdict} ${runtime.padEnd(70)} ${String(outcome.passed).padStart(3)} checks  ${(outcome.ms / 1000).toFixed(1)} s`,
    );
    for (const failure of outcome.failures)
      console.log(`       ✗ ${failure.replaceAll('\n', '\n         ')}`);
  }
} finally {
  rmSync(app.dir, { recursive: true, force: true });
}
const failed = outcomes.filter((o) => o.failures.length > 0);
console.log(
  `${failed.length === 0 ? 'Runtime tests passed' : 'Runtime tests FAILED'}: ${outcomes.length} runtimes, ` +
    `${outcomes.reduce((n, o) => n + o.passed, 0)} checks, ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
if (failed.length > 0 || outcomes.length === 0) process.exitCode = 1;
