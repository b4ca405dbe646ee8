/**
 * The part of zod paybridge uses: zod/mini's functional API (the same zod 4 package; it tree-shakes
 * to a few KiB where zod classic bundles to ~93 KiB gzip). Every schema in src/ is built from this
 * module, so it is the one place that decides what of zod ships. No entry point imports it (or
 * zod) statically: it is loaded on first use, through core/zod-parse.ts and providers/<name>/zod.ts
 * (core/lazy.ts); everything else imports only its types.
 *
 * The build bundles what this module uses (tsup.config.ts `noExternal`), so the code that runs is
 * paybridge's copy of zod; zod keeps its settings on `globalThis`, which that copy shares with the
 * application's zod. Loading it gives zod the English error messages zod classic installs by
 * default (zod/mini has none and would say only "Invalid input"); a locale the application
 * configured itself wins.
 */
import { config, unknown, type ZodMiniObject, ZodMiniType } from 'zod/mini';
import {
  $constructor,
  type $loose,
  type $strip,
  type $ZodLooseShape,
  $ZodObjectJIT,
  type $ZodShape,
  type $ZodType,
} from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

export type { output, ZodMiniType } from 'zod/mini';
/** Any zod schema (classic or mini): what http.ts validates with. */
export type ZodSchema = $ZodType;
export {
  array,
  boolean,
  int,
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

if (!config().localeError) config(en());

/**
 * zod/mini's object with the object parser zod classic uses: `$ZodObjectJIT` compiles a fast path
 * per shape on first parse (and falls back to the plain parser by itself where `new Function` is not
 * allowed). Measured on MoneyHash's transaction webhook (bench/, Node 24): in the default (strip)
 * mode it validates in about a third of the time of zod/mini's own object; in the loose mode the
 * gain is small (0.75–1.0×), since copying every other key dominates there.
 */
const ZodMiniObjectJIT: $constructor<ZodMiniObject> = $constructor('ZodMiniObject', (inst, def) => {
  $ZodObjectJIT.init(inst, def);
  ZodMiniType.init(inst, def);
  Object.defineProperty(inst, 'shape', { get: () => inst._zod.def.shape, configurable: true });
});

/**
 * An object schema that checks the listed keys and never visits any other (zod's default, strip
 * mode): its output holds the listed keys only. What webhook schemas are built from, so that
 * merchant metadata and fields paybridge does not read cost nothing.
 */
export function object<T extends $ZodShape>(
  shape: T,
): ZodMiniObject<{ -readonly [K in keyof T]: T[K] }, $strip> {
  return new ZodMiniObjectJIT({ type: 'object', shape }) as ZodMiniObject<
    { -readonly [K in keyof T]: T[K] },
    $strip
  >;
}

/** An object schema that checks the listed keys and passes every other key through untouched (API answers). */
export function looseObject<T extends $ZodLooseShape>(
  shape: T,
): ZodMiniObject<{ -readonly [K in keyof T]: T[K] }, $loose> {
  return new ZodMiniObjectJIT({ type: 'object', shape, catchall: unknown() }) as ZodMiniObject<
    { -readonly [K in keyof T]: T[K] },
    $loose
  >;
}
