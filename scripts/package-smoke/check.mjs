// Run by scripts/smoke-package.sh inside a temporary project that installed the packed tarball.
// ESM side: import every entry point, check its exports, and check that require() gives the same classes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('node_modules/paybridge/package.json', 'utf8'));
const expected = JSON.parse(readFileSync('expected-exports.json', 'utf8'));
const specifiers = Object.keys(pkg.exports)
  .filter((k) => !k.endsWith('.json'))
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}${k.slice(1)}`));

assert.ok(process.versions.node.startsWith('22.'), `expected Node 22, got ${process.version}`);
for (const specifier of specifiers) {
  const esm = await import(specifier);
  const names = Object.keys(esm).filter((k) => k !== 'default');
  assert.ok(names.length > 0, `${specifier}: no exports from import()`);
  for (const name of expected[specifier] ?? [])
    assert.ok(name in esm, `${specifier}: import() lacks ${name}`);
  const cjs = require(specifier);
  assert.deepEqual(
    Object.keys(cjs)
      .filter((k) => k !== 'default' && k !== '__esModule')
      .sort(),
    names.sort(),
    `${specifier}: require() and import() export different names`,
  );
  for (const name of names)
    assert.equal(cjs[name], esm[name], `${specifier}: ${name} differs between require() and import()`);
}
const core = await import('paybridge');
assert.equal(typeof core.PaybridgeError, 'function');
assert.equal(require('paybridge').PaybridgeError, core.PaybridgeError, 'PaybridgeError must be one class');
const error = new core.ConfigurationError('smoke');
assert.ok(error instanceof core.PaybridgeError && core.PaybridgeError.isInstance(error));
console.log(`ESM ok on Node ${process.version}: ${specifiers.join(', ')}`);
