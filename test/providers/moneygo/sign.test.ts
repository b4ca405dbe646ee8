import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkoutSignatureText, phpJsonString, signCheckout } from '../../../src/providers/moneygo/signature';

interface Vector {
  name: string;
  fields: { wallet_to: string; wallet_from: string; amount: string; id: string; secret: string };
  json: string;
  sha256: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/moneygo/php-signature-vectors.json', import.meta.url), 'utf8'),
) as { php_version: string; json_encode_flags: number; vectors: Vector[] };

describe('signCheckout against PHP json_encode + hash("sha256")', () => {
  it('the vectors were made by a real PHP with default json_encode flags', () => {
    expect(fixture.php_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(fixture.json_encode_flags).toBe(0);
    expect(fixture.vectors.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixture.vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const fields = {
      walletTo: v.fields.wallet_to,
      walletFrom: v.fields.wallet_from,
      amount: v.fields.amount,
      id: v.fields.id,
    };
    expect(checkoutSignatureText(fields, v.fields.secret)).toBe(v.json);
    expect(await signCheckout(fields, v.fields.secret)).toBe(v.sha256);
  });

  it('includes the PROVIDERS.md vector unchanged', () => {
    const v = fixture.vectors.find((x) => x.name === 'PROVIDERS.md vector');
    expect(v?.sha256).toBe('29f6bf2b0ed7571df58190262bb2e3be1234529e9aeac38fedc39c8ad2c7c322');
  });

  it('leaves DEL (0x7f) unescaped, as PHP does', () => {
    const v = fixture.vectors.find((x) => x.name === 'id with DEL');
    expect(v?.json).toContain('del\u007fend');
    expect(phpJsonString('\u007f')).toBe('"\u007f"');
  });
});

describe('phpJsonString', () => {
  it('escapes "/", non-ASCII (surrogate pairs above U+FFFF) and controls like PHP', () => {
    expect(phpJsonString('a/b')).toBe('"a\\/b"');
    expect(phpJsonString('é')).toBe('"\\u00e9"');
    expect(phpJsonString('😀')).toBe('"\\ud83d\\ude00"');
    expect(phpJsonString('\u0001')).toBe('"\\u0001"');
  });

  it('refuses lone surrogates (PHP cannot encode them) with a typed error', () => {
    expect(() => phpJsonString('a\ud800b', 'id')).toThrow(
      expect.objectContaining({ code: 'invalid_text', field: 'id' }),
    );
    expect(() => phpJsonString('\udc00', 'id')).toThrow(expect.objectContaining({ code: 'invalid_text' }));
  });

  it('always produces JSON that parses back to the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(JSON.parse(phpJsonString(s))).toBe(s);
        // Only printable ASCII survives unescaped (plus DEL).
        expect(/^[\x20-\x7f]*$/.test(phpJsonString(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('docs/moneygo.md', () => {
  it('lists every PHP vector', () => {
    const doc = readFileSync(new URL('../../../docs/moneygo.md', import.meta.url), 'utf8');
    for (const v of fixture.vectors) expect(doc).toContain(v.sha256);
    expect(doc).toContain(`PHP ${fixture.php_version}`);
  });
});
