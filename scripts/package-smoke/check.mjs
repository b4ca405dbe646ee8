// Run by scripts/smoke-package.sh inside a temporary project that installed the packed tarball.
// ESM side: import every entry point, check its exports, and check that require() gives the same classes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';

// Every module file loaded from here on (import and require), to check what importing costs.
const loadedUrls = [];
registerHooks({
  load(url, context, nextLoad) {
    loadedUrls.push(url);
    return nextLoad(url, context);
  },
});
const filesOf = (dependency) => loadedUrls.filter((url) => url.includes(`/node_modules/${dependency}/`));

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
  assert.deepEqual(
    names.slice().sort(),
    [...(expected[specifier] ?? [])].sort(),
    `${specifier}: exports differ from expected-exports.json`,
  );
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
// ky is loaded on first use (the first request), not on import. zod's code is never loaded from
// node_modules/zod: the build carries the tree-shaken part of zod/mini that paybridge uses, in a
// chunk of its own that the first webhook parse loads.
assert.deepEqual(filesOf('zod'), [], 'importing the entry points must not load zod');
assert.deepEqual(filesOf('ky'), [], 'importing the entry points must not load ky');
const paybridgeFilesBefore = filesOf('paybridge').length;
const { createMoyasar } = await import('paybridge/moyasar');
const moyasar = createMoyasar({ secretKey: 'sk_test_smoke', webhookSecret: 'smoke-webhook-secret' });
const webhook = {
  id: 'evt_smoke',
  type: 'payment_paid',
  secret_token: 'smoke-webhook-secret',
  live: false,
  data: { id: 'pay_smoke', status: 'paid', amount: 1000, currency: 'SAR' },
};
const event = await moyasar.parseWebhook({ body: JSON.stringify(webhook), headers: {} });
assert.equal(event.kind, 'payment');
assert.equal(event.status, 'succeeded');
assert.deepEqual(filesOf('zod'), [], 'paybridge carries the zod it uses; node_modules/zod is never loaded');
assert.ok(
  filesOf('paybridge').length > paybridgeFilesBefore,
  'the first webhook parse loads the schema chunk',
);
assert.deepEqual(filesOf('ky'), [], 'parsing a webhook must not load ky');
const core = await import('paybridge');
assert.equal(typeof core.PaybridgeError, 'function');
assert.equal(require('paybridge').PaybridgeError, core.PaybridgeError, 'PaybridgeError must be one class');
const error = new core.ConfigurationError('smoke');
assert.ok(error instanceof core.PaybridgeError && core.PaybridgeError.isInstance(error));
console.log(`ESM ok on Node ${process.version}: ${specifiers.join(', ')}`);
