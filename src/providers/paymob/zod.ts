/**
 * The zod functions Paymob's schemas (api.ts, errors.ts) are built from, loaded on first use.
 * Listing them keeps bundlers from shipping the rest of zod; the schemas cannot use one that is not
 * listed here.
 */

export type { output, ZodMiniType } from '../../core/zod';
export {
  array,
  boolean,
  looseObject,
  minLength,
  null,
  nullish,
  number,
  object,
  record,
  string,
  union,
  unknown,
} from '../../core/zod';
