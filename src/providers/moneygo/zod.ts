/**
 * The zod functions Money-Go's schemas (api.ts) are built from, loaded on first use. Listing them
 * keeps bundlers from shipping the rest of zod; api.ts cannot use one that is not listed here.
 */

export type { output, ZodMiniType } from '../../core/zod';
export {
  array,
  boolean,
  int,
  looseObject,
  maxLength,
  minLength,
  nonnegative,
  nullish,
  number,
  object,
  optional,
  pipe,
  regex,
  string,
  transform,
  union,
  unknown,
  url,
} from '../../core/zod';
