/**
 * The secrets sweep: every failure path in the table runs with credentials configured, and no
 * credential (nor its base64 or URL-encoded form, as Basic auth and query strings carry it) may
 * appear in the error's message, stack, cause chain, JSON.stringify or util.inspect output.
 * Providers add rows in test/security/sweep/<provider>.ts and list them here.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSetting } from '../../src/core/config';
import { PaybridgeError } from '../../src/core/errors';
import { coreRows } from './sweep/core';
import { moneygoRows } from './sweep/moneygo';
import { moneyhashRows } from './sweep/moneyhash';
import { moyasarRows } from './sweep/moyasar';
import type { SweepRow } from './sweep/types';

const tables: Record<string, SweepRow[]> = {
  core: coreRows,
  moyasar: moyasarRows,
  moneyhash: moneyhashRows,
  moneygo: moneygoRows,
};

/** The forms a credential takes on the wire. */
function forms(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    ...new Set([secret, b64(secret), b64(`${secret}:`), b64(`:${secret}`), encodeURIComponent(secret)]),
  ];
}

/** Every text a log or error reporter could print for `error`. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      out.push(current.message, String(current.stack), String(current));
    } else {
      out.push(String(current));
    }
    current = (current as { cause?: unknown }).cause;
  }
  out.push(JSON.stringify(error) ?? '');
  out.push(inspect(error, { depth: 12, showHidden: true }));
  out.push(JSON.stringify({ ...(error as object) }));
  return out;
}

async function produce(row: SweepRow): Promise<unknown> {
  try {
    await row.run();
  } catch (error) {
    return error;
  }
  throw new Error(`sweep row "${row.name}" did not fail: it checks nothing`);
}

for (const [table, rows] of Object.entries(tables)) {
  describe(`secrets sweep: ${table}`, () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      if (row.register !== false)
        for (const s of row.secrets) readSetting(s, { provider: table, setting: 'sweep' });
      const error = await produce(row);
      expect(PaybridgeError.isInstance(error), `not a PaybridgeError: ${String(error)}`).toBe(true);
      if (row.expect) expect(error).toBeInstanceOf(row.expect);
      const texts = renderings(error);
      for (const secret of row.secrets) {
        for (const form of forms(secret)) {
          const leak = texts.find((t) => t.includes(form));
          expect(leak, `"${form}" (a form of a configured secret) leaked in:\n${leak}`).toBeUndefined();
        }
      }
    });
  });
}

describe('secrets sweep: the sweep itself', () => {
  it('finds a secret that is not redacted (an Error that escaped paybridge)', () => {
    const raw = new Error('key sweep_selfcheck_unregistered_91');
    expect(renderings(raw).some((t) => t.includes('sweep_selfcheck_unregistered_91'))).toBe(true);
    expect(forms('abc:d')).toContain(Buffer.from('abc:d:').toString('base64'));
  });
});
