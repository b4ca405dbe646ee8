/**
 * The zod functions Moyasar's schemas (api.ts) are built from, loaded on first use. Listing them
 * keeps bundlers from shipping the rest of zod; api.ts cannot use one that is not listed here.
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
  optional,
  record,
  string,
  union,
  unknown,
  url,
} from '../../core/zod';
