/**
 * The zod functions MoneyHash's schemas (api.ts) are built from, loaded on first use. Listing them
 * keeps bundlers from shipping the rest of zod; api.ts cannot use one that is not listed here.
 */

export type { output, ZodMiniType } from '../../core/zod';
export {
  array,
  boolean,
  looseObject,
  minLength,
  nullish,
  number,
  object,
  optional,
  pipe,
  record,
  string,
  transform,
  union,
  unknown,
  url,
} from '../../core/zod';
