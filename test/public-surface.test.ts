/**
 * The public surface, by name: each entry point exports exactly the runtime names listed in
 * scripts/package-smoke/expected-exports.json (the packed tarball is checked against the same list).
 * An internal helper cannot become API by accident, and a public name cannot vanish unnoticed.
 */
import { readFileSync } from 'node:fs';
import * as core from 'paybridge';
import * as moneygo from 'paybridge/moneygo';
import * as moneygoWebhooks from 'paybridge/moneygo/webhooks';
import * as moneyhash from 'paybridge/moneyhash';
import * as moneyhashWebhooks from 'paybridge/moneyhash/webhooks';
import * as moyasar from 'paybridge/moyasar';
import * as moyasarWebhooks from 'paybridge/moyasar/webhooks';
import * as opentelemetry from 'paybridge/opentelemetry';
import * as paymob from 'paybridge/paymob';
import * as paymobWebhooks from 'paybridge/paymob/webhooks';
import * as postgres from 'paybridge/postgres';
import * as redis from 'paybridge/redis';
import * as tap from 'paybridge/tap';
import * as tapWebhooks from 'paybridge/tap/webhooks';
import * as testing from 'paybridge/testing';
import * as msw from 'paybridge/testing/msw';
import * as simulator from 'paybridge/testing/simulator';
import { describe, expect, it } from 'vitest';

const expected = JSON.parse(
  readFileSync(new URL('../scripts/package-smoke/expected-exports.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

const entries: Record<string, object> = {
  paybridge: core,
  'paybridge/moneyhash': moneyhash,
  'paybridge/moneyhash/webhooks': moneyhashWebhooks,
  'paybridge/moyasar': moyasar,
  'paybridge/moyasar/webhooks': moyasarWebhooks,
  'paybridge/moneygo': moneygo,
  'paybridge/moneygo/webhooks': moneygoWebhooks,
  'paybridge/paymob': paymob,
  'paybridge/paymob/webhooks': paymobWebhooks,
  'paybridge/tap': tap,
  'paybridge/tap/webhooks': tapWebhooks,
  'paybridge/testing': testing,
  'paybridge/testing/msw': msw,
  'paybridge/testing/simulator': simulator,
  'paybridge/redis': redis,
  'paybridge/postgres': postgres,
  'paybridge/opentelemetry': opentelemetry,
};

describe('the public surface', () => {
  it('lists every entry point of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const specifiers = Object.keys(pkg.exports)
      .filter((k) => !k.endsWith('.json'))
      .map((k) => (k === '.' ? 'paybridge' : `paybridge${k.slice(1)}`));
    expect(Object.keys(entries).sort()).toEqual(specifiers.sort());
    expect(
      Object.keys(expected)
        .filter((k) => k !== '$comment')
        .sort(),
    ).toEqual(specifiers.sort());
  });

  for (const [specifier, module] of Object.entries(entries)) {
    it(`${specifier} exports exactly its listed names`, () => {
      expect(Object.keys(module).sort()).toEqual([...(expected[specifier] ?? [])].sort());
    });
  }

  it('every error class has its own isInstance brand', () => {
    const classes = Object.values(entries).flatMap((m) =>
      Object.values(m).filter(
        (v): v is typeof core.PaybridgeError =>
          typeof v === 'function' && v.prototype instanceof Error && 'isInstance' in v,
      ),
    );
    expect(classes.length).toBeGreaterThanOrEqual(12);
    for (const errorClass of classes) {
      expect(Object.hasOwn(errorClass, 'errorName'), errorClass.name).toBe(true);
    }
  });
});
