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
import { hookRecorder, hookRows, RowBroken } from './sweep/hooks';
import { moneygoRows } from './sweep/moneygo';
import { moneyhashRows } from './sweep/moneyhash';
import { moyasarRows } from './sweep/moyasar';
import { paymobRows } from './sweep/paymob';
import { tapRows } from './sweep/tap';
import type { SweepRow } from './sweep/types';

const tables: Record<string, SweepRow[]> = {
  core: coreRows,
  moyasar: moyasarRows,
  moneyhash: moneyhashRows,
  moneygo: moneygoRows,
  paymob: paymobRows,
  tap: tapRows,
};

/** The forms a credential takes on the wire (a quick first check; `decodedLeak` is the thorough one). */
function forms(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    ...new Set([secret, b64(secret), b64(`${secret}:`), b64(`:${secret}`), encodeURIComponent(secret)]),
  ];
}

/**
 * Finds `secret` hidden in `text` in any encoding a provider echo or a runtime message could use:
 * every run of base64/base64url characters is decoded at all four character offsets (so the
 * secret is found at any byte alignment, padded or not, inside a longer value), every run of hex
 * digits is decoded, and percent- or form-encoding is undone. Independent of paybridge's own list
 * of forms, so it checks that list rather than repeating it.
 */
function decodedLeak(text: string, secret: string): string | undefined {
  const needle = Buffer.from(secret);
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
    const plain = run.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
    for (let offset = 0; offset < 4; offset++) {
      if (Buffer.from(plain.slice(offset), 'base64').includes(needle)) return `base64 ${run}`;
    }
  }
  for (const run of text.match(/(?:[0-9a-fA-F]{2}){4,}/g) ?? []) {
    for (const offset of [0, 1]) {
      if (Buffer.from(run.slice(offset), 'hex').includes(needle)) return `hex ${run}`;
    }
  }
  if (text.includes('%') || text.includes('+')) {
    try {
      if (decodeURIComponent(text.replaceAll('+', ' ')).includes(secret)) return 'percent-encoded';
      if (decodeURIComponent(text).includes(secret)) return 'percent-encoded';
    } catch {
      // Not decodable as a whole: the base64 and hex checks above still apply.
    }
  }
  if (text.includes(JSON.stringify(secret).slice(1, -1))) return 'JSON-escaped';
  if (text.includes(secret.replaceAll('/', '\\/'))) return 'PHP-escaped';
  return undefined;
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
        for (const text of texts) {
          const how = decodedLeak(text, secret);
          expect(how, `a configured secret leaked (${how}) in:\n${text}`).toBeUndefined();
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

  it('finds a secret at every base64 alignment, in base64url without padding, in hex and percent-encoded', () => {
    const secret = 'sk_live_a+b/c=d?e&f';
    for (const prefix of ['', 'x', 'xy', 'Basic ']) {
      const b64 = Buffer.from(`${prefix}${secret}:`).toString('base64');
      expect(decodedLeak(`code ${b64} end`, secret)).toBeDefined();
      expect(
        decodedLeak(b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''), secret),
      ).toBeDefined();
    }
    expect(decodedLeak(Buffer.from(`k=${secret}`).toString('hex'), secret)).toBeDefined();
    expect(decodedLeak(`q=${encodeURIComponent(secret)}`, secret)).toBeDefined();
    expect(decodedLeak('nothing to see', secret)).toBeUndefined();
  });
});

describe('secrets sweep: what the observability hooks get (onRequest, onResponse, onRetry, onOutcome)', () => {
  it.each(hookRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    for (const s of row.secrets) readSetting(s, { provider: 'hooks', setting: 'sweep' });
    const recorder = hookRecorder();
    await Promise.resolve(row.run(recorder)).catch((error: unknown) => {
      if (error instanceof RowBroken) throw error;
    });
    expect(recorder.calls.length, 'no hook was called: the row checks nothing').toBeGreaterThan(0);
    const texts = [JSON.stringify(recorder.calls), inspect(recorder.calls, { depth: 8, showHidden: true })];
    for (const secret of row.secrets) {
      for (const form of forms(secret)) {
        const leak = texts.find((t) => t.includes(form));
        expect(leak, `"${form}" (a form of a configured secret) reached a hook:\n${leak}`).toBeUndefined();
      }
      for (const text of texts) {
        const how = decodedLeak(text, secret);
        expect(how, `a configured secret reached a hook (${how}):\n${text}`).toBeUndefined();
      }
    }
  });
});
