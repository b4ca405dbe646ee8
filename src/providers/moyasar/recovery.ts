/**
 * Nothing created twice. Moyasar has no idempotency key for invoices, so a create whose outcome is
 * unknown (a timeout, a dropped connection, a 5xx, a 2xx whose body could not be read) is followed
 * by a look-up of the invoice by its reference (`metadata[paybridge_reference]`) before it is sent
 * once more, and only once. The same holds per chunk of a bulk create.
 */
import {
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  ProviderError,
  TimeoutError,
} from '../../core/errors';
import type { RequestOptions } from '../../core/types';
import type { MoyasarInvoice } from './api';
import type { PreparedInvoice } from './links';
import { newest, referenceOf, viewInvoice } from './payments';

/** Invoice statuses that a freshly created invoice cannot have: never returned by the recovery. */
const CLOSED_INVOICE_STATUSES = new Set(['canceled', 'expired', 'voided']);

/** The API calls the recovery needs. */
export interface InvoiceCalls {
  post(body: Record<string, unknown>, options: RequestOptions | undefined): Promise<MoyasarInvoice>;
  postBulk(bodies: Record<string, unknown>[], options: RequestOptions | undefined): Promise<MoyasarInvoice[]>;
  listByReference(reference: string, options: RequestOptions | undefined): Promise<MoyasarInvoice[]>;
}

/** Whether a failed create may nevertheless have created the invoice at Moyasar. */
export function mayHaveCreated(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  // A 2xx whose body could not be read (cut, undecodable, too large): the invoice was created.
  if (error instanceof InvalidResponseError) return true;
  if (error instanceof NetworkError) return error.code !== 'aborted' && error.mayHaveReachedProvider;
  if (error instanceof ProviderError) return error.status >= 500;
  return false;
}

export function createInvoiceWriter(calls: InvoiceCalls) {
  /**
   * After a create whose outcome is unknown: the invoice created for `prepared`, if Moyasar has it.
   * Closed invoices are ignored: a fresh one cannot be closed. An open invoice with the same
   * reference but another amount or currency is a conflict, not a match.
   */
  async function recover(
    prepared: PreparedInvoice,
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice | undefined> {
    const invoices = await calls.listByReference(prepared.reference, options);
    const candidates = invoices.filter(
      (invoice) =>
        referenceOf(invoice.metadata) === prepared.reference && !CLOSED_INVOICE_STATUSES.has(invoice.status),
    );
    const same = candidates.filter((invoice) => {
      const view = viewInvoice(invoice);
      return view.amount === prepared.amount && view.currency === prepared.currency;
    });
    if (same.length > 0) return newest(same);
    const other = candidates[0];
    if (other !== undefined) {
      throw new InvalidRequestError(
        `moyasar: creating the invoice for reference "${prepared.reference}" did not complete, and Moyasar already has an ` +
          `open invoice with that reference for another amount or currency (${other.id}). paybridge will not create a ` +
          'second one: cancel that invoice or use a new reference.',
        { provider: 'moyasar', code: 'reference_conflict', field: 'reference' },
      );
    }
    return undefined;
  }

  /** `recover`, but a failing look-up rethrows the create's own error (the outcome stays unknown). */
  async function recoverOrThrow(
    prepared: PreparedInvoice,
    createError: unknown,
    options: RequestOptions | undefined,
  ): Promise<MoyasarInvoice | undefined> {
    try {
      return await recover(prepared, options);
    } catch (error) {
      if (error instanceof InvalidRequestError) throw error;
      throw createError;
    }
  }

  /** Maps a bulk answer back to its inputs: by the reference in metadata, else by position. */
  function matchBulk(invoices: MoyasarInvoice[], items: PreparedInvoice[]): MoyasarInvoice[] {
    if (invoices.length !== items.length) {
      throw new InvalidResponseError(
        `Moyasar answered a bulk create of ${items.length} invoices with ${invoices.length}.`,
        { provider: 'moyasar', path: 'invoices' },
      );
    }
    const byReference = new Map<string, MoyasarInvoice>();
    for (const invoice of invoices) {
      const reference = referenceOf(invoice.metadata);
      if (reference !== undefined) byReference.set(reference, invoice);
    }
    return items.map((item, i) => byReference.get(item.reference) ?? (invoices[i] as MoyasarInvoice));
  }

  return {
    /** Creates one invoice, at most once. */
    async createOne(prepared: PreparedInvoice, options: RequestOptions | undefined): Promise<MoyasarInvoice> {
      try {
        return await calls.post(prepared.body, options);
      } catch (error) {
        if (!mayHaveCreated(error)) throw error;
        const existing = await recoverOrThrow(prepared, error, options);
        if (existing !== undefined) return existing;
        // Not at Moyasar: create it once more, and only once.
        return calls.post(prepared.body, options);
      }
    },

    /** Creates one chunk (≤ 50) with the bulk endpoint, each invoice at most once. */
    async createChunk(
      items: PreparedInvoice[],
      options: RequestOptions | undefined,
    ): Promise<MoyasarInvoice[]> {
      try {
        return matchBulk(
          await calls.postBulk(
            items.map((item) => item.body),
            options,
          ),
          items,
        );
      } catch (error) {
        if (!mayHaveCreated(error)) throw error;
        const found: (MoyasarInvoice | undefined)[] = [];
        for (const item of items) found.push(await recoverOrThrow(item, error, options));
        const missing = items.filter((_, i) => found[i] === undefined);
        const created =
          missing.length > 0
            ? matchBulk(
                await calls.postBulk(
                  missing.map((m) => m.body),
                  options,
                ),
                missing,
              )
            : [];
        let next = 0;
        return found.map((invoice) => invoice ?? (created[next++] as MoyasarInvoice));
      }
    },
  };
}
