/**
 * Tap amounts, exactly: minor units → the decimal text sent, the JSON number text of a webhook →
 * the currency's decimals (never through a float), the exact-source extractor, and the two
 * [UNCONFIRMED] choices (JOD's decimals, the rounding of extra decimals), both branches each.
 */
import fc from 'fast-check';
import { formatMinorUnits, toMinorUnits } from 'paybridge';
import { createTap, TAP_CURRENCY_EXPONENTS } from 'paybridge/tap';
import { tapWebhook } from 'paybridge/testing';
import { describe, expect, it } from 'vitest';
import {
  formatTapAmount,
  jsonWithNumber,
  renderDecimal,
  tapExponents,
  topLevelValueText,
} from '../../../src/providers/tap/amount';
import { signedFields } from '../../../src/providers/tap/signature';
import { TEST_KEY } from './helpers';

const TAP = tapExponents(undefined);

describe('TAP_CURRENCY_EXPONENTS', () => {
  it("is Tap's webhook table plus JOD (ISO 4217: 3) [UNCONFIRMED #2]", () => {
    expect(TAP_CURRENCY_EXPONENTS).toEqual({
      AED: 2,
      BHD: 3,
      EGP: 2,
      EUR: 2,
      GBP: 2,
      JOD: 3,
      KWD: 3,
      OMR: 3,
      QAR: 2,
      SAR: 2,
      USD: 2,
    });
  });

  it('currencyExponents overrides it (keys case-insensitive); a bad table is a ConfigurationError', () => {
    expect(tapExponents({ jod: 2 }).exponents?.['JOD']).toBe(2);
    for (const bad of [[], 'JOD', { JOD: 2.5 }, { JOD: -1 }, { JO: 2 }, { JOD: 9 }]) {
      expect(() => tapExponents(bad)).toThrow(expect.objectContaining({ code: 'invalid_setting' }));
    }
  });
});

describe('request amounts: minor units → the exact decimal text', () => {
  it.each([
    [100, 'SAR', '1.00'],
    [10_500, 'KWD', '10.500'],
    [1, 'BHD', '0.001'],
    [1_500, 'OMR', '1.500'],
    [2_500, 'JOD', '2.500'],
    [100, 'JPY', '100'],
    [9_007_199_254_740_991, 'SAR', '90071992547409.91'],
    [9_007_199_254_740_991, 'KWD', '9007199254740.991'],
  ])('%i %s → %s', (minor, currency, text) => {
    expect(formatTapAmount(minor, currency, TAP)).toBe(text);
  });

  it('is written into the JSON text as it is, where JSON.stringify of the number would round', () => {
    const body = jsonWithNumber('amount', '90071992547409.91', { currency: 'SAR' });
    expect(body).toBe('{"amount":90071992547409.91,"currency":"SAR"}');
    expect(JSON.stringify({ amount: Number('90071992547409.91') })).not.toContain('90071992547409.91');
    expect(jsonWithNumber('amount', '1.000', {})).toBe('{"amount":1.000}');
    expect(() => jsonWithNumber('amount', '1e3', {})).toThrow(TypeError);
  });

  it('property: minor → text → minor is the identity for 0-, 2- and 3-decimal currencies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('JPY', 'SAR', 'USD', 'KWD', 'BHD', 'OMR', 'JOD'),
        (minor, currency) => {
          const text = formatTapAmount(minor, currency, TAP);
          expect(toMinorUnits(text, currency, TAP)).toBe(minor);
          const fromBody = topLevelValueText(jsonWithNumber('amount', text, { currency }), 'amount');
          expect(fromBody).toBe(text);
        },
      ),
    );
  });
});

describe('renderDecimal: a JSON number text → the currency’s decimals', () => {
  it.each([
    ['1.0', 2, '1.00'],
    ['100.0', 3, '100.000'],
    ['0.5', 3, '0.500'],
    ['1', 2, '1.00'],
    ['10.5', 2, '10.50'],
    ['0', 2, '0.00'],
    ['100', 0, '100'],
    ['1.5e2', 2, '150.00'],
    ['15E-1', 3, '1.500'],
    ['1.00000', 2, '1.00'],
    ['-1.5', 2, '-1.50'],
    ['90071992547409.91', 2, '90071992547409.91'],
    ['123456789012345678901234567890.1', 2, '123456789012345678901234567890.10'],
  ])('%s with %i decimals → %s', (text, decimals, rendered) => {
    expect(renderDecimal(text, decimals)).toBe(rendered);
  });

  it("extra decimals [UNCONFIRMED #3]: 'half-up' rounds half away from zero", () => {
    expect(renderDecimal('1.005', 2, 'half-up')).toBe('1.01');
    expect(renderDecimal('1.004', 2, 'half-up')).toBe('1.00');
    expect(renderDecimal('1.0049999', 2, 'half-up')).toBe('1.00');
    expect(renderDecimal('2.5', 0, 'half-up')).toBe('3');
    expect(renderDecimal('-2.5', 0, 'half-up')).toBe('-3');
    expect(renderDecimal('0.9995', 3, 'half-up')).toBe('1.000');
    expect(renderDecimal('-0.001', 2, 'half-up')).toBe('0.00');
  });

  it("extra decimals: 'refuse' gives undefined unless the extra digits are zeros", () => {
    expect(renderDecimal('1.005', 2, 'refuse')).toBeUndefined();
    expect(renderDecimal('1.000', 2, 'refuse')).toBe('1.00');
  });

  it('refuses what is not a plain number, and absurd digit counts or exponents (before any BigInt work)', () => {
    for (const text of ['', '01', '1.', '.5', '+1', '1e', '0x10', 'NaN', '1,5', ' 1', 'true', '"1"']) {
      expect(renderDecimal(text, 2), text).toBeUndefined();
    }
    expect(renderDecimal('1'.repeat(41), 2)).toBeUndefined();
    expect(renderDecimal('1e41', 2)).toBeUndefined();
    expect(renderDecimal('1e-41', 2)).toBeUndefined();
  });

  it('property: it agrees with formatMinorUnits on every exact amount, whatever trailing zeros the text has', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(0, 2, 3),
        fc.integer({ min: 0, max: 4 }),
        (minor, decimals, zeros) => {
          const exact = formatMinorUnits(minor, 'XXX', { exponents: { XXX: decimals } });
          const written =
            decimals === 0 ? `${exact}${zeros ? `.${'0'.repeat(zeros)}` : ''}` : exact + '0'.repeat(zeros);
          expect(renderDecimal(written, decimals)).toBe(exact);
          const minimal = formatMinorUnits(minor, 'XXX', { exponents: { XXX: decimals }, minimal: true });
          expect(renderDecimal(minimal, decimals)).toBe(exact);
        },
      ),
    );
  });
});

/** A number written as this exact text in a generated JSON object. */
class RawNumber {
  constructor(readonly text: string) {}
}

describe('topLevelValueText: the exact source text of a top-level member', () => {
  it('finds the top-level amount, not a nested one, as written', () => {
    const text = '{"transaction":{"amount":2.0},"activities":[{"amount":3.0}],"amount":1.0,"x":"amount"}';
    expect(topLevelValueText(text, 'amount')).toBe('1.0');
    expect(topLevelValueText('{ "amount" :\n 100.000 , "a":1}', 'amount')).toBe('100.000');
    expect(topLevelValueText('{"a":{"amount":1}}', 'amount')).toBeUndefined();
    expect(topLevelValueText('[1]', 'amount')).toBeUndefined();
  });

  it('takes the last of duplicate keys (as JSON.parse does) and matches escaped keys by their value', () => {
    expect(topLevelValueText('{"amount":1.0,"amount":2.50}', 'amount')).toBe('2.50');
    expect(JSON.parse('{"amount":1.0,"amount":2.50}').amount).toBe(2.5);
    expect(topLevelValueText('{"\\u0061mount":7.10}', 'amount')).toBe('7.10');
    expect(topLevelValueText('{"amoun\\"t":1,"amount":"9.5"}', 'amount')).toBe('"9.5"');
  });

  it('skips strings holding braces, quotes and escapes', () => {
    const text = '{"d":"}{\\"amount\\":5,[","n":[{"s":"]}"}],"amount":-0.25}';
    expect(topLevelValueText(text, 'amount')).toBe('-0.25');
  });

  it.runIf('rawJSON' in JSON)(
    "property: it agrees with JSON.parse's reviver context.source (V8) on generated objects",
    () => {
      const numberText = fc.constantFrom('1.0', '100.000', '2.5E1', '0', '-0.5', '10.50');
      const raw = numberText.map((text) => new RawNumber(text));
      const member = fc.tuple(fc.string({ maxLength: 6 }), fc.oneof(fc.jsonValue(), raw));
      fc.assert(
        fc.property(fc.array(member, { maxLength: 6 }), fc.nat(6), numberText, (members, at, amount) => {
          const write = (v: unknown) => (v instanceof RawNumber ? v.text : JSON.stringify(v));
          const parts = members.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`);
          parts.splice(Math.min(at, parts.length), 0, `"amount": ${amount}`);
          const text = `{ ${parts.join(' ,\n')} }`;
          const seen: { holder: unknown; source: string | undefined }[] = [];
          const root: unknown = JSON.parse(
            text,
            function (this: unknown, key, value, context?: { source?: string }) {
              if (key === 'amount') seen.push({ holder: this, source: context?.source });
              return value;
            },
          );
          const top = seen.filter((s) => s.holder === root).at(-1);
          const found = topLevelValueText(text, 'amount');
          if (top?.source !== undefined) expect(found).toBe(top.source);
          else expect(JSON.parse(found ?? 'null')).toEqual((root as Record<string, unknown>)['amount']);
        }),
      );
    },
  );
});

describe('the amount a webhook signature covers', () => {
  const sign = (text: string, options = {}) => signedFields(JSON.parse(text), text, { ...TAP, ...options });

  it('is rendered from the exact text received: 1.0 SAR → 1.00, 100.0 BHD → 100.000, 0.5 KWD → 0.500', () => {
    const body = (amount: string, currency: string) =>
      `{"id":"chg_1","amount":${amount},"currency":"${currency}","status":"CAPTURED"}`;
    expect(sign(body('1.0', 'SAR')).amount).toBe('1.00');
    expect(sign(body('100.0', 'BHD')).amount).toBe('100.000');
    expect(sign(body('0.5', 'KWD')).amount).toBe('0.500');
    expect(sign(body('"12.5"', 'SAR')).amount).toBe('12.50');
  });

  it('JOD [UNCONFIRMED #2]: three decimals by default, two with currencyExponents: { JOD: 2 }', async () => {
    const three = await tapWebhook({ currency: 'JOD', amount: 1_500, secretKey: TEST_KEY });
    expect(three.body).toMatch(/^\{"amount":1\.5,/);
    const event = await createTap({ secretKey: TEST_KEY }).parseWebhook(three);
    expect(event).toMatchObject({ amount: 1_500, currency: 'JOD' });
    // Signed with JOD as two decimals ("1.50"), it verifies only where the adapter says JOD has two.
    const two = await tapWebhook({
      currency: 'JOD',
      amount: 150,
      secretKey: TEST_KEY,
      exponents: { JOD: 2 },
    });
    expect(sign(two.body, { exponents: { ...TAP.exponents, JOD: 2 } }).amount).toBe('1.50');
    await expect(createTap({ secretKey: TEST_KEY }).parseWebhook(two)).rejects.toMatchObject({
      reason: 'bad_signature',
    });
    const jod2 = createTap({ secretKey: TEST_KEY, currencyExponents: { JOD: 2 } });
    expect(await jod2.parseWebhook(two)).toMatchObject({ amount: 150, currency: 'JOD' });
  });

  it("extra decimals [UNCONFIRMED #3]: amountRounding 'half-up' (default) verifies the rounded value; 'refuse' refuses", async () => {
    const text =
      '{"id":"chg_r1","object":"charge","amount":1.005,"currency":"SAR","status":"CAPTURED","transaction":{"created":"1"}}';
    const { message } = sign(text);
    expect(message).toContain('x_amount1.01x_currency');
    const { createHmac } = await import('node:crypto');
    const hashstring = createHmac('sha256', TEST_KEY).update(message).digest('hex');
    const event = await createTap({ secretKey: TEST_KEY }).parseWebhook({
      body: text,
      headers: { hashstring },
    });
    expect(event).toMatchObject({ amount: 101, currency: 'SAR' });
    await expect(
      createTap({ secretKey: TEST_KEY, amountRounding: 'refuse' }).parseWebhook({
        body: text,
        headers: { hashstring },
      }),
    ).rejects.toMatchObject({ name: 'WebhookParseError', reason: 'invalid_shape' });
  });

  it('property: every minor amount of a 0/2/3-decimal currency round-trips through a signed webhook', async () => {
    const tap = createTap({ secretKey: TEST_KEY });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.constantFrom('SAR', 'KWD', 'BHD', 'JPY', 'USD', 'OMR'),
        async (amount, currency) => {
          const event = await tap.parseWebhook(await tapWebhook({ amount, currency, secretKey: TEST_KEY }));
          expect(event).toMatchObject({ kind: 'payment', amount, currency });
        },
      ),
      { numRuns: 200 },
    );
  });
});
