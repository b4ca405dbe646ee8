/**
 * Moyasar's two documented lists, `GET /invoices` and `GET /payments`: their query parameters
 * (checked: a bad filter fails before any request) and their page numbers. Both answer
 * `{ <items>, meta: { current_page, next_page, prev_page, total_pages, total_count } }` and take
 * `page` (from 1); Moyasar documents no page size, so pages are as long as Moyasar makes them.
 */
import { InvalidRequestError } from '../../core/errors';
import { optionalText, requiredText, requireObject } from '../../core/input';
import { REFERENCE_METADATA_KEY } from './api';
import type { IterateTransactionsParams, ListPaymentLinksParams } from './types';

const PROVIDER = 'moyasar';

type Query = Record<string, string | number>;

function invalid(message: string, code: string, field: string): InvalidRequestError {
  return new InvalidRequestError(`moyasar: ${message}`, { provider: PROVIDER, code, field });
}

function pageOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw invalid('page must be an integer from 1.', 'invalid_page', 'page');
  return value;
}

function dateOf(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(`${field} must be a valid Date.`, 'invalid_field', field);
  return value.toISOString();
}

/** The query of `GET /invoices` for `params`. */
export function invoiceListQuery(
  params: ListPaymentLinksParams | undefined,
  method = 'listPaymentLinks',
): Query {
  const p = params === undefined ? {} : requireObject(params, method, PROVIDER);
  const query: Query = {};
  const page = pageOf(p.page);
  if (page !== undefined) query['page'] = page;
  const status = optionalText(p.status, 'status', PROVIDER);
  if (status !== undefined) query['status'] = status;
  if (p.metadata !== undefined) {
    for (const [key, value] of Object.entries(requireObject(p.metadata, method, PROVIDER)))
      query[`metadata[${key}]`] = requiredText(value, `metadata.${key}`, PROVIDER);
  }
  const reference = p.reference === undefined ? undefined : requiredText(p.reference, 'reference', PROVIDER);
  if (reference !== undefined) query[`metadata[${REFERENCE_METADATA_KEY}]`] = reference;
  return query;
}

/**
 * The query of `GET /payments` for `params`: `status`, `created[gt]` and `created[lt]` (ISO 8601:
 * [UNCONFIRMED] the format; Moyasar's PHP SDK passes the caller's text through), `page`.
 */
export function paymentListQuery(params: IterateTransactionsParams | undefined): Query {
  const p = params === undefined ? {} : requireObject(params, 'iterateTransactions', PROVIDER);
  const query: Query = {};
  const page = pageOf(p.page);
  if (page !== undefined) query['page'] = page;
  const status = optionalText(p.status, 'status', PROVIDER);
  if (status !== undefined) query['status'] = status;
  const after = dateOf(p.createdAfter, 'createdAfter');
  if (after !== undefined) query['created[gt]'] = after;
  const before = dateOf(p.createdBefore, 'createdBefore');
  if (before !== undefined) query['created[lt]'] = before;
  return query;
}

/** What a list's `meta` says about its pages. */
export interface PageNumbers {
  page: number;
  /** The next page, or undefined on the last one. */
  nextPage: number | undefined;
  totalPages: number | undefined;
  totalCount: number | undefined;
}

type Meta =
  | {
      current_page?: number | null | undefined;
      next_page?: number | null | undefined;
      total_pages?: number | null | undefined;
      total_count?: number | null | undefined;
    }
  | null
  | undefined;

/**
 * The page numbers of an answer to a request for page `requested`: `next_page` where Moyasar sends
 * it, else the page after the current one while it is below `total_pages`; never a page at or
 * before the current one, nor past `total_pages`.
 */
export function pageNumbers(meta: Meta, requested: number): PageNumbers {
  const page = meta?.current_page ?? requested;
  let nextPage = meta?.next_page ?? undefined;
  if (meta?.next_page === undefined && typeof meta?.total_pages === 'number' && page < meta.total_pages)
    nextPage = page + 1;
  if (nextPage !== undefined && nextPage <= page) nextPage = undefined;
  // Never past the last page Moyasar counts.
  if (nextPage !== undefined && typeof meta?.total_pages === 'number' && nextPage > meta.total_pages)
    nextPage = undefined;
  return {
    page,
    nextPage,
    totalPages: meta?.total_pages ?? undefined,
    totalCount: meta?.total_count ?? undefined,
  };
}
