/**
 * The hand-written fast paths of Paymob's webhook parsing, held to the generic code they stand in
 * for: on the documented callback (TV-P1's fixture) with fields changed, removed or retyped at
 * random, each pair gives the same answer, or throws the same error (class, code, message).
 *
 * - paymobTransactionMessage (20 fields read one by one) vs fieldsMessage (the field list, by path);
 * - viewTransactionObject vs viewTransaction(objectSource(…));
 * - paymobDecision / paymobOutcome (rows compiled to bit masks) vs the table read as written;
 * - minorUnits / looseMinorUnits vs parseProviderAmount (whose integer fast path is in core);
 * - paymobEventKind (two comparisons) vs an own-property lookup in PAYMOB_EVENT_TYPES.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProviderAmount } from '../../../src/core/money';
import {
  looseMinorUnits,
  minorUnits,
  objectSource,
  viewTransaction,
  viewTransactionObject,
} from '../../../src/providers/paymob/payments';
import {
  fieldsMessage,
  PAYMOB_TRANSACTION_HMAC_FIELDS,
  paymobTransactionMessage,
} from '../../../src/providers/paymob/signature';
import {
  PAYMOB_EVENT_TYPES,
  PAYMOB_FLAGS,
  PAYMOB_SIGNED_FLAGS,
  PAYMOB_STATUS_TABLE,
  type PaymobFlag,
  type PaymobOutcome,
  type PaymobStatusField,
  type PaymobStatusInput,
  paymobEventKind,
  paymobOutcome,
} from '../../../src/providers/paymob/status';

type Json = Record<string, unknown>;

const callback = JSON.parse(
  readFileSync(
    new URL('../../fixtures/paymob/transaction_processed_callback_card_success.json', import.meta.url),
    'utf8',
  ),
) as Json;
const fixtureObj = callback['obj'] as Json;

/** The answer of `fn`, or what it threw (class, code, message, field), for comparing two paths. */
function outcome(fn: () => unknown): unknown {
  try {
    return { ok: fn() };
  } catch (error) {
    const e = error as Error & { code?: unknown; field?: unknown };
    return { threw: e.constructor.name, code: e.code, message: e.message, field: e.field };
  }
}

/** Values a field can hold in a JSON body (and a few a JavaScript caller could pass). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    1,
    -1,
    100_000,
    2 ** 53,
    1.5,
    Number.NaN,
    '',
    ' ',
    'true',
    'false',
    '100',
    '-5',
    '1e3',
    'EGP',
    'egp',
    'XXX',
    'US',
    '2024-06-13T11:33:44.592345',
    '2024-06-13T11:33:44Z',
    '2024-06-13T11:33:44+02:00',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant([1]),
  fc.constant({}),
  fc.constant({ id: 7, pan: '2346', sub_type: 'MasterCard', type: 'card', message: 'ok' }),
  fc.constant(undefined),
);

/** Every key the fast paths read, at the top of `obj` and in its sub-objects. */
const TOP_KEYS = [
  ...new Set([
    ...Object.keys(fixtureObj),
    'id',
    'currency',
    'amount_cents',
    'refunded_amount_cents',
    'captured_amount',
    'is_live',
    'parent_transaction',
    'created_at',
    'owner',
    ...PAYMOB_FLAGS,
  ]),
];
const NESTED: Record<string, readonly string[]> = {
  order: ['id', 'merchant_order_id'],
  source_data: ['pan', 'sub_type', 'type'],
  data: ['message'],
  parent_transaction: ['id'],
};

/** A change to the fixture's `obj`: a top-level or nested field set to a value, or removed. */
const change = fc.oneof(
  fc.record({ key: fc.constantFrom(...TOP_KEYS), value: anyValue, remove: fc.boolean() }).map((c) => ({
    ...c,
    inner: undefined as string | undefined,
  })),
  fc
    .constantFrom(
      ...Object.entries(NESTED).flatMap(([outer, keys]) => keys.map((key) => [outer, key] as const)),
    )
    .chain(([outer, key]) =>
      fc.record({ value: anyValue, remove: fc.boolean() }).map((c) => ({ ...c, key: outer, inner: key })),
    ),
);

function mutated(
  changes: readonly { key: string; inner: string | undefined; value: unknown; remove: boolean }[],
) {
  const obj = structuredClone(fixtureObj);
  for (const { key, inner, value, remove } of changes) {
    if (inner === undefined) {
      if (remove) delete obj[key];
      else obj[key] = value;
      continue;
    }
    let target = obj[key];
    if (typeof target !== 'object' || target === null || Array.isArray(target)) {
      target = {};
      obj[key] = target;
    }
    if (remove) delete (target as Json)[inner];
    else (target as Json)[inner] = value;
  }
  return obj;
}

const bodies = fc.array(change, { maxLength: 6 }).map(mutated);

describe('paymobTransactionMessage (unrolled) agrees with the field list read by path', () => {
  it('on the fixture (TV-P1)', () => {
    expect(paymobTransactionMessage(fixtureObj)).toBe(
      fieldsMessage(fixtureObj, PAYMOB_TRANSACTION_HMAC_FIELDS),
    );
  });

  it('on the fixture with fields changed, removed or retyped (fast-check)', () => {
    fc.assert(
      fc.property(bodies, (obj) => {
        expect(outcome(() => paymobTransactionMessage(obj))).toEqual(
          outcome(() => fieldsMessage(obj, PAYMOB_TRANSACTION_HMAC_FIELDS)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('on a JSON body whose __proto__ key is data', () => {
    const obj = JSON.parse('{"__proto__": {"id": 5}, "order": {"__proto__": {"id": 9}}}') as Json;
    expect(paymobTransactionMessage(obj)).toBe(fieldsMessage(obj, PAYMOB_TRANSACTION_HMAC_FIELDS));
    expect(paymobTransactionMessage(obj)).toBe('');
  });

  it('on what is not an object', () => {
    for (const value of [null, undefined, [], [1], 'x', 3]) {
      const obj = value as unknown as Json;
      expect(outcome(() => paymobTransactionMessage(obj))).toEqual(
        outcome(() => fieldsMessage(obj, PAYMOB_TRANSACTION_HMAC_FIELDS)),
      );
    }
  });
});

describe('viewTransactionObject agrees with viewTransaction(objectSource(…))', () => {
  it('on the fixture', () => {
    expect(viewTransactionObject(fixtureObj)).toEqual(viewTransaction(objectSource(fixtureObj)));
  });

  it('on the fixture with fields changed, removed or retyped (fast-check)', () => {
    fc.assert(
      fc.property(bodies, (obj) => {
        expect(outcome(() => viewTransactionObject(obj))).toEqual(
          outcome(() => viewTransaction(objectSource(obj))),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

/** The table read as written, before it was compiled to masks (the reference for paymobOutcome). */
function tableAsWritten(input: PaymobStatusInput): PaymobOutcome {
  const read: PaymobStatusField[] = [];
  const look = (field: PaymobFlag): boolean => {
    if (!read.includes(field)) read.push(field);
    return input.flags[field];
  };
  for (const candidate of PAYMOB_STATUS_TABLE) {
    if (!candidate.when.every(([field, value]) => look(field) === value)) continue;
    let status: PaymobOutcome['status'];
    if (candidate.status === 'by_refunded_amount') {
      read.push('refunded_amount_cents');
      const refunded = input.refundedAmount;
      status =
        refunded !== undefined && refunded > 0 && refunded < input.amount ? 'partially_refunded' : 'refunded';
    } else {
      status = candidate.status;
    }
    const operation =
      candidate.operation === 'by_is_auth'
        ? look('is_auth')
          ? 'authorize'
          : 'purchase'
        : candidate.operation;
    return {
      status,
      operation,
      operationOutcome: candidate.outcome,
      row: candidate.name,
      read,
      signedOnly: read.every((field) => PAYMOB_SIGNED_FLAGS.has(field)),
    };
  }
  return {
    status: 'pending',
    operation: undefined,
    operationOutcome: undefined,
    row: 'none',
    read,
    signedOnly: false,
  };
}

describe('paymobOutcome (compiled rows) agrees with the table read as written', () => {
  const flagsOfMask = (mask: number) =>
    Object.fromEntries(PAYMOB_FLAGS.map((flag, i) => [flag, (mask & (1 << i)) !== 0])) as Record<
      PaymobFlag,
      boolean
    >;

  it('for every combination of the 11 flags and refunded totals below, at and above the amount', () => {
    for (let mask = 0; mask < 1 << PAYMOB_FLAGS.length; mask++) {
      for (const refundedAmount of [undefined, 0, 1, 9_999, 10_000, 20_000]) {
        const input = { flags: flagsOfMask(mask), amount: 10_000, refundedAmount };
        expect(paymobOutcome(input)).toEqual(tableAsWritten(input));
      }
    }
  });

  it('for flags that are not booleans (a JavaScript caller)', () => {
    const odd = fc.constantFrom<unknown>(true, false, undefined, null, 0, 1, 'true', '');
    fc.assert(
      fc.property(
        fc.tuple(...PAYMOB_FLAGS.map(() => odd)),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
        (values, refundedAmount) => {
          const flags = Object.fromEntries(
            PAYMOB_FLAGS.map((flag, i) => [flag, values[i]]),
          ) as unknown as Record<PaymobFlag, boolean>;
          const input = { flags, amount: 10_000, refundedAmount };
          expect(paymobOutcome(input)).toEqual(tableAsWritten(input));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('minorUnits and looseMinorUnits read amounts as parseProviderAmount does', () => {
  const currency = fc.constantFrom('EGP', 'SAR', 'KWD', 'JPY', 'XXX', 'ZZZ', 'egp', 'EG', '');
  const amount = fc.oneof(
    fc.integer(),
    fc.constantFrom(
      0,
      -0,
      1,
      -1,
      2 ** 53 - 1,
      2 ** 53,
      -(2 ** 53),
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ),
    fc.double(),
    fc.constantFrom('100', ' 100 ', '-1', '1.0', ''),
  );

  it('minorUnits (signed amounts): the same amount or the same error (fast-check)', () => {
    fc.assert(
      fc.property(amount, currency, (value, code) => {
        const expected = outcome(
          () => parseProviderAmount(value as number, code, { unit: 'minor', field: 'amount_cents' }).amount,
        );
        const got = outcome(() => minorUnits(value, code, 'amount_cents'));
        expect(got).toEqual(expected);
        if ('ok' in (got as object)) expect(Object.is((got as { ok: number }).ok, -0)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('looseMinorUnits (unsigned amounts): the same amount, or undefined where it throws (fast-check)', () => {
    fc.assert(
      fc.property(amount, currency, (value, code) => {
        let expected: number | undefined;
        try {
          expected = parseProviderAmount(value as number, code, { unit: 'minor' }).amount;
        } catch {
          expected = undefined;
        }
        expect(looseMinorUnits(value, code)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('-0 reads as 0, as its text does', () => {
    expect(Object.is(minorUnits(-0, 'EGP', 'amount_cents'), 0)).toBe(true);
    expect(parseProviderAmount(-0, 'EGP', { unit: 'minor' }).amount).toBe(0);
  });
});

describe('paymobEventKind agrees with an own-property lookup in PAYMOB_EVENT_TYPES', () => {
  const lookup = (type: string) =>
    Object.hasOwn(PAYMOB_EVENT_TYPES, type)
      ? PAYMOB_EVENT_TYPES[type as keyof typeof PAYMOB_EVENT_TYPES]
      : undefined;
  it('for every key of the table, inherited names and any strings (fast-check)', () => {
    const odd = [
      '__proto__',
      'toString',
      'constructor',
      'hasOwnProperty',
      'valueOf',
      '',
      'transaction',
      'TOKEN ',
      'Token',
    ];
    for (const type of [...Object.keys(PAYMOB_EVENT_TYPES), ...odd])
      expect(paymobEventKind(type)).toBe(lookup(type));
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (type) => {
        expect(paymobEventKind(type)).toBe(lookup(type));
      }),
    );
  });
});
