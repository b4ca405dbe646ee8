// Run by scripts/smoke-package.sh. CommonJS side: require() every entry point (Node 22 loads ESM
// synchronously), check its exports, and check that import() gives the very same classes.
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');

const pkg = JSON.parse(readFileSync('node_modules/paybridge/package.json', 'utf8'));
const expected = JSON.parse(readFileSync('expected-exports.json', 'utf8'));
const specifiers = Object.keys(pkg.exports)
  .filter((k) => !k.endsWith('.json'))
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}${k.slice(1)}`));

async function main() {
  assert.ok(process.versions.node.startsWith('22.'), `expected Node 22, got ${process.version}`);
  for (const specifier of specifiers) {
    const cjs = require(specifier);
    const names = Object.keys(cjs).filter((k) => k !== 'default' && k !== '__esModule');
    assert.ok(names.length > 0, `${specifier}: no exports from require()`);
    for (const name of expected[specifier] ?? [])
      assert.ok(name in cjs, `${specifier}: require() lacks ${name}`);
    const esm = await import(specifier);
    for (const name of names)
      assert.equal(esm[name], cjs[name], `${specifier}: ${name} differs between import() and require()`);
  }
  const { PaybridgeError, WebhookParseError } = require('paybridge');
  assert.equal(
    (await import('paybridge')).PaybridgeError,
    PaybridgeError,
    'PaybridgeError must be one class',
  );
  // The first parse loads the schema chunk with a dynamic import(), which works from require() too.
  const { createMoyasar } = require('paybridge/moyasar');
  const moyasar = createMoyasar({ secretKey: 'sk_test_smoke', webhookSecret: 'smoke-webhook-secret' });
  const event = await moyasar.parseWebhook({
    body: JSON.stringify({
      id: 'evt_smoke',
      type: 'payment_paid',
      secret_token: 'smoke-webhook-secret',
      live: false,
      data: { id: 'pay_smoke', status: 'paid', amount: 1000, currency: 'SAR' },
    }),
    headers: {},
  });
  assert.equal(event.kind, 'payment');
  assert.equal(event.status, 'succeeded');
  const error = new WebhookParseError('not_json', 'smoke');
  assert.ok(error instanceof PaybridgeError && error instanceof Error && PaybridgeError.isInstance(error));
  console.log(`CommonJS ok on Node ${process.version}: ${specifiers.join(', ')}`);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
