/**
 * Tap's documented lists: `POST /v2/charges/list`, `POST /v2/authorize/list` and
 * `POST /v2/refunds/list` ("the most recent … appearing first"). Filters and the cursor go in the
 * JSON body: `limit` (Tap's default 25, maximum 50), `starting_after` (the last id of the previous
 * page), `period.date.from` / `to` (epoch milliseconds), `status`, `customers`. The answer is
 * `{ object: "list", has_more, count, charges: […] }`.
 *
 * [UNCONFIRMED] Only the charges list's body and answer are documented field by field; the
 * authorization and refund lists are documented as endpoints and read the same way, their array
 * under the names in `LISTS` (the first one present is read; none present is an
 * `InvalidResponseError`, never an empty list). Numbers in the body are written as strings, as in
 * Tap's own example (`"limit": "25"`, `"from": "1662190768000"`); its example's `period.type` is
 * not documented and not sent. Without `has_more` in an answer, a full page means there may be more.
 */
import { InvalidRequestError, InvalidResponseError } from '../../core/errors';
import type { HttpClient } from '../../core/http';
import { optionalText, requiredText, requireObject } from '../../core/input';
import type { CurrencyOptions } from '../../core/money';
import { type ListPage, paginate } from '../../core/paginate';
import type { RequestOptions } from '../../core/types';
import { paths, schemas, type TapChargeObject, type TapRefundObject, type TapSchemas } from './api';
import { TAP_LIMITS } from './links';
import { chargeToPayment, toRefund } from './payments';
import type { TapListParams, TapPayment, TapRefund } from './types';

const PROVIDER = 'tap';

type Kind = 'charges' | 'authorizations' | 'refunds';

/** Each list: its path, what it is called in messages, and the names its array may have. */
const LISTS: Readonly<Record<Kind, { path: string; what: string; keys: readonly string[] }>> = {
  charges: { path: paths.chargeList, what: 'charges', keys: ['charges'] },
  authorizations: {
    path: paths.authorizationList,
    what: 'authorizations',
    keys: ['authorizes', 'authorize', 'authorizations'],
  },
  refunds: { path: paths.refundList, what: 'refunds', keys: ['refunds'] },
};

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`tap: ${message}`, { provider: PROVIDER, code, field });
}

function epochOf(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(`${field} must be a valid Date.`, 'invalid_field', field);
  return value.getTime();
}

/** A list's body without the cursor, and its page size (checked: a bad filter fails before any request). */
export function listBody(
  params: TapListParams | undefined,
  method: string,
): { body: Record<string, unknown>; limit: number; start: string | undefined } {
  const p = params === undefined ? {} : requireObject(params, method, PROVIDER);
  const max = TAP_LIMITS.maxListPageSize;
  const limit = p.limit ?? max;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > max)
    throw invalid(`limit must be an integer from 1 to ${max}.`, 'invalid_limit', 'limit');
  const start =
    p.startingAfter === undefined ? undefined : requiredText(p.startingAfter, 'startingAfter', PROVIDER);
  const from = epochOf(p.from, 'from');
  const to = epochOf(p.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw invalid('from must not be after to.', 'invalid_period', 'from');
  const status = optionalText(p.status, 'status', PROVIDER);
  let customers: string[] | undefined;
  if (p.customerIds !== undefined) {
    if (!Array.isArray(p.customerIds))
      throw invalid('customerIds must be an array of customer ids.', 'invalid_field', 'customerIds');
    customers = p.customerIds.map((id, i) => requiredText(id, `customerIds[${i}]`, PROVIDER));
  }
  const date = {
    ...(from !== undefined && { from: String(from) }),
    ...(to !== undefined && { to: String(to) }),
  };
  const body: Record<string, unknown> = {
    ...(Object.keys(date).length > 0 && { period: { date } }),
    ...(status !== undefined && { status }),
    ...(customers !== undefined && { customers }),
    limit: String(limit),
  };
  return { body, limit, start };
}

/** Reads the array of a list answer with `schema`; a missing or unreadable one is an `InvalidResponseError`. */
function itemsOf<T>(
  answer: Record<string, unknown>,
  kind: Kind,
  schema: { safeParse(value: unknown): { success: true; data: T[] } | { success: false; error: unknown } },
): T[] {
  const { path, keys } = LISTS[kind];
  const key = keys.find((k) => Array.isArray(answer[k]));
  if (key === undefined) {
    throw new InvalidResponseError(
      `Tap answered POST ${path} without ${keys.map((k) => `\`${k}\``).join(' or ')} as an array.`,
      { provider: PROVIDER, path: keys[0] },
    );
  }
  const parsed = schema.safeParse(answer[key]);
  if (!parsed.success) {
    const issue = (parsed.error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    const where = [key, ...(issue?.path ?? []).map(String)].join('.');
    throw new InvalidResponseError(
      `Tap answered POST ${path} with an item paybridge cannot read (at "${where}": ${issue?.message ?? 'invalid'}).`,
      { provider: PROVIDER, path: where },
    );
  }
  return parsed.data;
}

/** Where the next page starts: after the last id while Tap says there is more. */
function nextCursor(kind: Kind, hasMore: boolean | null | undefined, ids: string[], limit: number) {
  const last = ids.at(-1);
  if (hasMore === true && last === undefined) {
    throw new InvalidResponseError(
      `Tap answered POST ${LISTS[kind].path} with has_more but no item to continue after.`,
      { provider: PROVIDER, path: 'has_more' },
    );
  }
  if (hasMore === true) return last;
  if (hasMore === false) return undefined;
  return ids.length >= limit ? last : undefined;
}

/** The adapter's list iterators, over its HTTP client and currency table. */
export function createTapLists(deps: { http: () => HttpClient; exponents: () => CurrencyOptions }) {
  function iterate<Raw extends { id: string }, Item>(
    kind: Kind,
    method: string,
    params: TapListParams | undefined,
    options: RequestOptions | undefined,
    read: (s: TapSchemas, answer: Record<string, unknown>) => Raw[],
    map: (raw: Raw, exponents: CurrencyOptions) => Item,
  ): AsyncGenerator<Item, void, undefined> {
    const { body, limit, start } = listBody(params, method);
    const table = deps.exponents();
    const fetchPage = async (cursor: string | undefined): Promise<ListPage<Item, string>> => {
      const s = await schemas.load();
      const answer = await deps.http().request({
        method: 'POST',
        operation: method,
        path: LISTS[kind].path,
        json: { ...body, ...(cursor !== undefined && { starting_after: cursor }) },
        // A list changes nothing: safe to send again.
        idempotent: true,
        schema: s.list,
        options,
      });
      const raw = read(s, answer);
      const next = nextCursor(
        kind,
        answer.has_more,
        raw.map((r) => r.id),
        limit,
      );
      return { items: raw.map((r) => map(r, table)), next };
    };
    return paginate(fetchPage, {
      provider: PROVIDER,
      what: LISTS[kind].what,
      start,
      signal: options?.signal,
    });
  }

  return {
    charges: (params: TapListParams | undefined, options: RequestOptions | undefined) =>
      iterate<TapChargeObject, TapPayment>(
        'charges',
        'iterateCharges',
        params,
        options,
        (s, answer) => itemsOf(answer, 'charges', s.charges),
        (charge, table) => chargeToPayment(charge, 'charge', table),
      ),
    authorizations: (params: TapListParams | undefined, options: RequestOptions | undefined) =>
      iterate<TapChargeObject, TapPayment>(
        'authorizations',
        'iterateAuthorizations',
        params,
        options,
        (s, answer) => itemsOf(answer, 'authorizations', s.charges),
        (authorization, table) => chargeToPayment(authorization, 'authorize', table),
      ),
    refunds: (params: TapListParams | undefined, options: RequestOptions | undefined) =>
      iterate<TapRefundObject, TapRefund>(
        'refunds',
        'iterateRefunds',
        params,
        options,
        (s, answer) => itemsOf(answer, 'refunds', s.refunds),
        (refund, table) => toRefund(refund, table),
      ),
  };
}
