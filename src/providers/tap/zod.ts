/**
 * The zod functions Tap's schemas (api.ts, errors.ts) are built from, loaded on first use. Listing
 * them keeps bundlers from shipping the rest of zod; the schemas cannot use one not listed here.
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
  string,
  union,
  unknown,
  url,
} from '../../core/zod';
