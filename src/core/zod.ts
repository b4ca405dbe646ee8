/**
 * The part of zod paybridge uses: zod/mini's functional API (the same zod 4 package; tree-shakes to
 * a few KiB where zod classic bundles to ~93 KiB gzip). Every schema in src/ is built from this
 * module, so it is the one place that decides what of zod ships.
 *
 * Loading it also gives zod the English error messages zod classic installs by default (zod/mini
 * has none and would say only "Invalid input"); a locale the application configured itself wins.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

export type { output, ZodMiniType } from 'zod/mini';
export {
  array,
  boolean,
  int,
  looseObject,
  maxLength,
  minLength,
  nonnegative,
  null,
  nullish,
  number,
  optional,
  pipe,
  prettifyError,
  record,
  regex,
  safeParse,
  string,
  transform,
  union,
  unknown,
  url,
} from 'zod/mini';
export type { $ZodType as ZodSchema } from 'zod/v4/core';

if (!config().localeError) config(en());
