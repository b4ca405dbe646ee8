/**
 * Node's built-in modules where the runtime has them (Node, Bun, Deno), fetched through
 * `process.getBuiltinModule` so that no bundler sees a Node import and edge runtimes load nothing.
 */

/** The built-in module `id` (`'node:crypto'`, …), or undefined where the runtime cannot give it. */
export function nodeBuiltin(id: string): unknown {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.(id);
  } catch {
    return undefined;
  }
}
