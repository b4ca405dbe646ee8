/**
 * zod schemas of what Money-Go answers: minimal, tolerant of extra fields, and built on first use
 * (so importing `paybridge/moneygo` does not construct them).
 */
import { z } from 'zod';

/** A JSON number or a decimal string (PHP sends either, depending on the endpoint). */
const amountValue = () => z.union([z.number(), z.string()]);

/** Documented as a boolean; PHP integrations also produce 0/1 and "0"/"1". Read with `isCancelled` (status.ts). */
const cancelFlag = () => z.union([z.boolean(), z.number(), z.string()]);

/** An id Money-Go may write as a number or a string. */
const idValue = () => z.union([z.number(), z.string()]).transform(String);

function build() {
  const token = z.looseObject({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    /** Seconds; a string of digits is accepted too. Absent: see `DEFAULT_TOKEN_LIFETIME_SECONDS`. */
    expires_in: z
      .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
      .optional(),
  });

  const checkout = z.looseObject({
    status: z.boolean().optional(),
    data: z.looseObject({
      url: z.url({ protocol: /^https?$/ }),
      expired_at: z.string().nullish(),
    }),
  });

  const currency = z.looseObject({
    code: z.string().min(1),
    /** Money-Go's spelling: the number of decimals of the currency. */
    precession: z.number().int().nonnegative().nullish(),
  });

  /** `data` of `/api/wallet-exists`: the wallets, or empty (`[]`, `{}`, `null`) when there is no such wallet. */
  const walletExists = z.looseObject({
    status: z.boolean().optional(),
    data: z
      .union([
        z.looseObject({
          wallet_to_id: idValue().nullish(),
          number_to: z.string().nullish(),
          wallet_from_id: idValue().nullish(),
          number_from: z.string().nullish(),
          currency: z.union([currency, z.string()]).nullish(),
        }),
        z.array(z.unknown()).max(0),
      ])
      .nullish(),
  });

  const processingPay = z.looseObject({
    payment_id: z.string().nullish(),
    transaction_id: idValue().nullish(),
    wallet_from: z.string().nullish(),
    wallet_to: z.string().nullish(),
    currency_to: z.string().nullish(),
    currency_from: z.string().nullish(),
    amount: amountValue().nullish(),
    status: z.string().nullish(),
    cancel: cancelFlag().nullish(),
  });

  const transaction = z.looseObject({
    id: idValue(),
    external_id: z.string().nullish(),
    amount: amountValue(),
    commission: amountValue().nullish(),
    type: z.string().nullish(),
    status: z.string(),
    currency: z.union([currency, z.string().min(1)]).nullish(),
    processing_pay: processingPay.nullish(),
  });

  /** `data` of `/api/transaction/show`: a transaction, or empty when none has that id. */
  const transactionShow = z.looseObject({
    status: z.boolean().optional(),
    data: z.union([transaction, z.array(z.unknown()).max(0)]).nullish(),
  });

  /** `/api/transaction/transfer`: not documented beyond `status`; `data` is read where it looks like a transaction. */
  const transfer = z.looseObject({
    status: z.boolean().optional(),
    data: z.unknown().optional(),
  });

  const transferData = z.looseObject({
    id: idValue().optional(),
    external_id: z.string().nullish(),
    status: z.string().nullish(),
  });

  /** The webhook body: only what verification and mapping read; everything else stays in `raw`. */
  const webhook = z.looseObject({
    payment_id: z.union([z.string().min(1), z.number().transform(String)]),
    signature: z.unknown().optional(),
    transaction_id: idValue().nullish(),
    wallet_from: z.string().min(1),
    wallet_to: z.string().min(1),
    currency_to: z.string().min(1),
    currency_from: z.string().nullish(),
    amount: amountValue(),
    commission: amountValue().nullish(),
    status: z.string().nullish(),
    cancel: cancelFlag().nullish(),
  });

  return { token, checkout, walletExists, transaction, transactionShow, transfer, transferData, webhook };
}

export type MoneyGoSchemas = ReturnType<typeof build>;
let cached: MoneyGoSchemas | undefined;

/** The schemas, built on first use. */
export function schemas(): MoneyGoSchemas {
  cached ??= build();
  return cached;
}

export type MoneyGoTransactionData = z.output<MoneyGoSchemas['transaction']>;
export type MoneyGoWebhookBody = z.output<MoneyGoSchemas['webhook']>;
