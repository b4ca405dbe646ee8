/**
 * The zod functions Tap's schemas (api.ts, errors.ts) are built from, loaded on first use. Listing
 * them keeps bundlers from shipping the rest of zod; the schemas cannot use one not listed here.
 */

export type { output } from '../../core/zod';
export {
  array,
  boolean,
  looseObject,
  minLength,
  nullish,
  number,
  string,
  union,
  unknown,
  url,
} from '../../core/zod';
