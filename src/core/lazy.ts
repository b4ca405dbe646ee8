/**
 * Loading on first use. Importing an adapter evaluates neither zod nor ky: the first request loads
 * both (http.ts), the first webhook parse loads zod, and each provider's schemas are built once
 * right after. Later calls get the cached modules and schemas without waiting (`ready()`).
 *
 * What is loaded is always a small module of ours that names what it takes from zod or ky (./ky.ts,
 * ./zod-parse.ts, providers/<name>/zod.ts): bundlers tree-shake named imports, while a dynamic
 * `import('zod/mini')` would hand them the whole namespace (~87 KiB gzip).
 */
import type { $ZodError } from 'zod/v4/core';
import { ConfigurationError } from './errors';

/** A module (or value) loaded on the first `load()`; `ready()` returns it, synchronously, once loaded. */
export interface LazyModule<M> {
  ready(): M | undefined;
  load(): Promise<M>;
}

/**
 * One dynamic import, shared by every caller. A failure (the dependency is missing from
 * node_modules) rejects with a `ConfigurationError` and is tried again on the next call.
 */
export function lazyModule<M>(dependency: string, importModule: () => Promise<M>): LazyModule<M> {
  let module: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    ready: () => module,
    load() {
      loading ??= importModule().then(
        (loaded) => {
          module = loaded;
          return loaded;
        },
        (error: unknown) => {
          loading = undefined;
          throw new ConfigurationError(
            `paybridge could not load its dependency ${dependency}: is it installed next to paybridge?`,
            { code: 'dependency_missing', cause: error },
          );
        },
      );
      return loading;
    },
  };
}

/**
 * A provider's schemas, built once from its zod subset (`providers/<name>/zod.ts`) on the first
 * `load()`; `ready()` returns them without waiting from then on (undefined before).
 */
export function lazySchemas<Z, T>(importZod: () => Promise<Z>, build: (z: Z) => T): LazyModule<T> {
  const zod = lazyModule('zod', importZod);
  let built: T | undefined;
  return {
    ready: () => built,
    load: async () => {
      built ??= build(zod.ready() ?? (await zod.load()));
      return built;
    },
  };
}

export type ZodParse = typeof import('./zod-parse');

/** zod's `safeParse` and `prettifyError`, loaded on first use. */
export const zodParse: LazyModule<ZodParse> = /* @__PURE__ */ lazyModule('zod', () => import('./zod-parse'));

/** zod's readable summary of a failed parse (`✖ message → at path` lines). */
export async function prettifyZodError(error: $ZodError): Promise<string> {
  return (zodParse.ready() ?? (await zodParse.load())).prettifyError(error);
}
