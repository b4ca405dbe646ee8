// Run by scripts/smoke-package.sh inside the temporary project that installed the packed tarball.
// Every dist/*.js carries a source map whose sources are the package's src/ files (and the zod
// files the build bundles), with their text embedded (src/ itself is not shipped), so that `node --enable-source-maps` shows src/ paths and
// lines in stack traces instead of dist/chunk-<hash>.js.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const dist = 'node_modules/paybridge/dist';
assert.ok(!existsSync('node_modules/paybridge/src'), 'src/ is not shipped: the maps embed it');
const scripts = readdirSync(dist).filter((file) => file.endsWith('.js'));
let sources = 0;
for (const file of scripts) {
  const code = readFileSync(`${dist}/${file}`, 'utf8');
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  assert.equal(url, `${file}.map`, `${file}: no sourceMappingURL to its map`);
  const map = JSON.parse(readFileSync(`${dist}/${url}`, 'utf8'));
  for (const source of map.sources)
    assert.match(source, /^\.\.\/(src\/[\w/.-]+\.ts|node_modules\/zod\/[\w/.-]+\.js)$/, `${file}: ${source}`);
  // An entry that only re-exports chunks has an empty map.
  assert.equal(map.sourcesContent?.length ?? 0, map.sources.length, `${file}: sources without their text`);
  for (const text of map.sourcesContent ?? [])
    assert.equal(typeof text, 'string', `${file}: a source without text`);
  sources += map.sources.length;
}

// A webhook body that a framework already parsed: the error is thrown deep in the core.
const throwing = `
  const { createMoyasar } = await import('paybridge/moyasar');
  try { await createMoyasar({ webhookSecret: 's' }).parseWebhook({ body: {} }); }
  catch (error) { process.stdout.write(error.stack); }`;
const stack = (flags) =>
  execFileSync(process.execPath, [...flags, '--input-type=module', '-e', throwing], { encoding: 'utf8' });
const mapped = stack(['--enable-source-maps']).split('\n')[1];
assert.match(mapped, /node_modules\/paybridge\/src\/core\/webhook-input\.ts:\d+:\d+\)$/, mapped);
const unmapped = stack([]).split('\n')[1];
assert.match(unmapped, /node_modules\/paybridge\/dist\/chunk-\w+\.js:\d+:\d+\)$/, unmapped);
console.log(
  `Source maps ok: ${scripts.length} files, ${sources} sources embedded; with --enable-source-maps\n  ${mapped.trim()}`,
);
