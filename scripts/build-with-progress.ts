/**
 * `npm run build` for the demo and the examples, with progress: tsup (JavaScript and, in parallel,
 * the type declarations, which take most of the 15–45 s) prints nothing useful until it is done, so
 * this says what runs, when each part has finished, and how long it has been every 5 s. tsup's own
 * output is shown only if it fails.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const tsup = fileURLToPath(new URL('../node_modules/tsup/dist/cli-default.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (text: string) => process.stdout.write(`${text}\n`);

say('Building paybridge into dist/: JavaScript, and type declarations in parallel (15–45 s)…');
const build = spawn(process.execPath, [tsup], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
let pending = '';
const parts = [
  { pattern: /^ESM .*Build success in (\d+)ms/, done: 'JavaScript bundled' },
  { pattern: /^DTS .*Build success in (\d+)ms/, done: 'type declarations written' },
];
build.stdout.on('data', (chunk: Buffer) => {
  output += chunk;
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const raw of lines) {
    // tsup colours its log when it thinks a terminal or a CI reads it (CI=true): match the plain text.
    const line = stripVTControlCharacters(raw);
    for (const part of parts) {
      const match = part.pattern.exec(line);
      if (match) say(`  ${part.done} in ${seconds(Number(match[1]))}`);
    }
  }
});
build.stderr.on('data', (chunk: Buffer) => {
  output += chunk;
});
const ticker = setInterval(() => say(`  … ${Math.round((performance.now() - started) / 1000)} s`), 5_000);
const code = await new Promise<number | null>((resolve) => build.on('close', resolve));
clearInterval(ticker);
if (code !== 0) {
  process.stderr.write(output);
  say(`The build failed (exit code ${code}).`);
  process.exit(code ?? 1);
}
say(`Built in ${seconds(performance.now() - started)}.`);
