// This file must not import zod classic: classic installs the English messages itself, which would
// hide a missing locale in src/core/zod.ts (vitest runs each test file in its own worker).
import { describe, expect, it } from 'vitest';
import { ZodMiniObject } from 'zod/mini';
import * as z from '../../src/core/zod';

describe('core/zod', () => {
  const schema = z.looseObject({
    id: z.string().check(z.minLength(1)),
    amount: z.union([z.number(), z.string()]),
    note: z.nullish(z.string()),
  });

  it('looseObject checks the listed keys and passes every other key through, nested too', () => {
    const input = { id: 'pay_1', amount: 100, extra: { deep: [1, 2] }, flag: true };
    const parsed = z.safeParse(schema, input);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(input);
    // Repeated parses take the compiled path: same result.
    for (let i = 0; i < 3; i++) expect(z.safeParse(schema, input).data).toEqual(input);
  });

  it('looseObject is a zod/mini object (instanceof, .shape, .safeParse)', () => {
    expect(schema).toBeInstanceOf(ZodMiniObject);
    expect(Object.keys(schema.shape)).toEqual(['id', 'amount', 'note']);
    expect(schema.safeParse({ id: 'x', amount: '1' }).success).toBe(true);
  });

  it('keeps own __proto__ keys as data and never touches Object.prototype', () => {
    const input = JSON.parse('{"id":"a","amount":1,"__proto__":{"polluted":true}}') as object;
    const parsed = z.safeParse(schema, input);
    expect(parsed.success).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports failures with the English messages zod classic gives, with paths', () => {
    const parsed = z.safeParse(schema, { id: '', amount: true, note: 5 });
    expect(parsed.success).toBe(false);
    const pretty = z.prettifyError(parsed.error!);
    expect(pretty).toContain('Too small: expected string to have >=1 characters');
    expect(pretty).toContain('→ at id');
    expect(pretty).toContain('Invalid input: expected string, received number');
    expect(pretty).toContain('→ at note');
    expect(z.safeParse(schema, 'text').error?.issues[0]?.message).toBe(
      'Invalid input: expected object, received string',
    );
  });
});
