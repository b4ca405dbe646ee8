/**
 * The built package as users run it: `npm run demo` (examples/demo.ts importing `paybridge/*` by
 * name) end to end, and the `paybridge` bin (dist/cli.js). Builds dist/ once first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { moneyGoWebhook, moneyHashWebhook, moyasarWebhook, tapWebhook } from 'paybridge/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, without any provider credentials in its environment. */
function run(args: string[], options: { stdin?: string; cmd?: string } = {}): Promise<Run> {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(MONEYHASH|MOYASAR|MONEYGO|PAYMOB|TAP)_/.test(key)) delete env[key];
  const child = spawn(options.cmd ?? process.execPath, args, { cwd: ROOT, env, stdio: 'pipe' });
  child.stdin.end(options.stdin ?? '');
  return collect(child);
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// npm run demo's build step: tsup, with progress lines while the type declarations are written.
let build: Run;
beforeAll(async () => {
  build = await run(['scripts/build-with-progress.ts']);
  if (build.code !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}, 180_000);

describe('npm run demo', () => {
  it('its build says what it does while it runs, and when each part is done', () => {
    const lines = build.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Building paybridge into dist\//);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}JavaScript bundled in \d+\.\d s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}type declarations written in \d+\.\d s$/));
    expect(lines.at(-1)).toMatch(/^Built in \d+\.\d s\.$/);
    expect(build.stderr).toBe('');
  });

  it('pays, declines and cancels one link per provider, each webhook verified and confirmed', async () => {
    const demo = await run(['examples/demo.ts']);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const lines = demo.stdout.split('\n');
    const overWide = lines.filter((line) => line.length > 100);
    expect(overWide).toEqual([]);
    // The blocks: progress, the results table, the hosted pages, the replays' title and table.
    const blocks = demo.stdout.split('\n\n');
    const [results, pages, replays] = [blocks[1], blocks[2], blocks[4]];
    const cells = (block: string | undefined) =>
      (block ?? '')
        .split('\n')
        .filter((line) => /^(moyasar|moneyhash|moneygo|paymob|tap)\s/.test(line))
        .map((line) => line.trim().split(/\s{2,}/));
    expect(cells(results).map((c) => [c[0], c[2], c[3], c[4], c[5]])).toEqual([
      ['moyasar', 'payment_paid', 'succeeded', 'succeeded ✓', '105.00 SAR'],
      ['moneyhash', 'transaction.purchase.failed', 'failed', 'failed ✓', '250.75 EGP'],
      ['moneygo', '(status CANCEL)', 'canceled', 'canceled ✓', '10.50 USD'],
      ['paymob', 'TRANSACTION', 'succeeded', 'succeeded ✓', '1000.00 EGP'],
      ['tap', 'charge', 'succeeded', 'succeeded ✓', '10.500 KWD'],
    ]);
    const urls = (pages ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/));
    expect(urls.map(([provider]) => provider)).toEqual(['moyasar', 'moneyhash', 'moneygo', 'paymob', 'tap']);
    for (const [provider, url] of urls) {
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/pay/${provider}/`));
    }
    // Every webhook posted again is a duplicate (onEvent not run twice); the forgery is refused.
    expect(cells(replays)).toEqual([
      ['moyasar', 'payment_paid again', '200', 'duplicate; onEvent ran 1×'],
      ['moneyhash', 'transaction.purchase.failed again', '200', 'duplicate; onEvent ran 1×'],
      ['moneyhash', 'forged: "failed" made "successful"', '401', 'verification_failed (bad_signature)'],
      ['moneygo', '(status CANCEL) again', '200', 'duplicate; onEvent ran 1×'],
      ['paymob', 'TRANSACTION again', '200', 'duplicate; onEvent ran 1×'],
      ['tap', 'charge again', '200', 'duplicate; onEvent ran 1×'],
    ]);
  }, 60_000);
});

describe('the built paybridge/testing', () => {
  // Imports an entry point of dist/ with a resolve hook that throws on what it must not load.
  const script = (entry: string, refused: string) => `
      import { registerHooks } from 'node:module';
      registerHooks({ resolve(specifier, context, next) {
        if (${refused}.test(specifier)) throw new Error(specifier + ' was imported');
        return next(specifier, context);
      } });
      const mod = await import('${entry}');
      process.stdout.write(['moyasarWebhook', 'startSimulator'].filter((n) => n in mod).join());`;
  const noMsw = '/^msw(\\/|$)/';
  const noNodeBuiltin = '/^node:|^(http|https|net|fs)$/';

  it('loads without msw; paybridge/testing/msw is the one that needs it', async () => {
    const testing = await run(['--input-type=module', '-e', script('paybridge/testing', noMsw)]);
    expect(testing).toMatchObject({ code: 0, stdout: 'moyasarWebhook' });
    const simulator = await run(['--input-type=module', '-e', script('paybridge/testing/simulator', noMsw)]);
    expect(simulator).toMatchObject({ code: 0, stdout: 'startSimulator' });
    const msw = await run(['--input-type=module', '-e', script('paybridge/testing/msw', noMsw)]);
    expect(msw.code).not.toBe(0);
    expect(msw.stderr).toContain('msw was imported');
  });

  it('the builders load no Node built-in; the simulator is the entry point that needs node:http', async () => {
    const testing = await run(['--input-type=module', '-e', script('paybridge/testing', noNodeBuiltin)]);
    expect(testing).toMatchObject({ code: 0, stdout: 'moyasarWebhook' });
    const simulator = await run([
      '--input-type=module',
      '-e',
      script('paybridge/testing/simulator', noNodeBuiltin),
    ]);
    expect(simulator.code).not.toBe(0);
    expect(simulator.stderr).toContain('node:http was imported');
  });
});

describe('paybridge bin', () => {
  const cli = (args: string[], stdin?: string) => run(['dist/cli.js', ...args], { stdin });

  it('verify: a MoneyHash webhook with its signature header, and a wrong secret', async () => {
    const webhook = await moneyHashWebhook({ secret: 'mh-secret', status: 'succeeded', reference: 'o-1' });
    const header = `MoneyHash-Signature: ${webhook.headers['MoneyHash-Signature']}`;
    const ok = await cli(
      ['verify', '--provider', 'moneyhash', '--secret', 'mh-secret', '--header', header],
      webhook.body,
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      verified: true,
      kind: 'payment',
      status: 'succeeded',
      reference: 'o-1',
    });
    const bad = await cli(
      ['verify', '--provider', 'moneyhash', '--secret', 'other', '--header', header],
      webhook.body,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/WebhookVerificationError \(bad_signature\)/);
    expect(bad.stderr).not.toContain('other');
  });

  it('verify: Moyasar (secret_token) and Money-Go (form secret)', async () => {
    const my = await moyasarWebhook({ secretToken: 'tok', status: 'failed' });
    const myRun = await cli(['verify', '--provider', 'moyasar', '--secret', 'tok'], my.body);
    expect(myRun.code).toBe(0);
    expect(JSON.parse(myRun.stdout)).toMatchObject({ type: 'payment_failed', status: 'failed' });
    const mg = await moneyGoWebhook({ formSecret: 'form', status: 'canceled', reference: 'o-2' });
    const mgRun = await cli(['verify', '--provider', 'moneygo', '--secret', 'form'], mg.body);
    expect(mgRun.code).toBe(0);
    expect(JSON.parse(mgRun.stdout)).toMatchObject({ status: 'canceled', paymentId: 'o-2' });
    expect((await cli(['verify', '--provider', 'moneygo', '--secret', 'nope'], mg.body)).code).toBe(1);
  });

  it('verify: Tap (the secret API key signs hashstring)', async () => {
    const key = 'sk_test_cliVerifyKey000000000001';
    const webhook = await tapWebhook({ secretKey: key, reference: 'o-3', amount: 1_500, currency: 'KWD' });
    const header = `hashstring: ${webhook.headers['hashstring']}`;
    const ok = await cli(['verify', '--provider', 'tap', '--secret', key, '--header', header], webhook.body);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'succeeded',
      amount: 1_500,
      currency: 'KWD',
      reference: 'o-3',
    });
    const bad = await cli(
      ['verify', '--provider', 'tap', '--secret', 'sk_test_cliVerifyKey000000000002', '--header', header],
      webhook.body,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/WebhookVerificationError \(bad_signature\)/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['verify', '--provider', 'stripe', '--secret', 'x'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('paybridge simulate');
  });

  it.each(Object.keys(COMMANDS))(
    '%s: --help, -h and `help <command>` print its usage and exit 0',
    async (command) => {
      for (const args of [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
        [command, '--port', '1', '--help'],
      ]) {
        const help = await cli(args);
        expect({ args, code: help.code, stderr: help.stderr }).toEqual({ args, code: 0, stderr: '' });
        expect(help.stdout).toMatch(new RegExp(`^Usage: paybridge ${command} `));
        expect(help.stdout).toContain('-h, --help');
      }
    },
  );

  it("--help lists every command; an unknown option points to the command's --help", async () => {
    const help = await cli(['--help']);
    for (const command of Object.keys(COMMANDS)) expect(help.stdout).toContain(`\n  paybridge ${command} `);
    const wrong = await cli(['simulate', '--prot', '3000']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("'--prot'");
    expect(wrong.stderr).toContain('See: paybridge simulate --help');
    const missing = await cli(['verify', '--provider', 'moyasar']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('See: paybridge verify --help');
    expect((await cli(['help', 'frobnicate'])).code).toBe(2);
  });

  it('simulate: serves the APIs until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, ['dist/cli.js', 'simulate', '--port', '0'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const done = collect(child);
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (c: Buffer) => {
        text += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) resolve(m[1]!);
      });
      child.on('close', () => reject(new Error(`simulate exited early: ${text}`)));
    });
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('paybridge simulator');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${url}/moyasar/v1`);
    expect(result.stdout).toContain(`${url}/tap/v2`);
  });
});
