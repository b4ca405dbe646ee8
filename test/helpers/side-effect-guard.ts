/**
 * A guard against side effects where none may happen: while it is installed, drawing random values
 * (Web Crypto, `Math.random`, `node:crypto`), arming a timer (global, `node:timers`), calling
 * `fetch`, opening a socket or a file, or resolving a DNS name throws at that very moment and is
 * recorded. Cloudflare Workers refuse random values, timers and I/O in global scope ("Disallowed
 * operation called within global scope"), where users build their webhook handler; paybridge's rule
 * is stricter: nothing of the kind at import or construction, on any runtime.
 *
 * Only calls made by the code under test count (`isOwnFrame` decides from the call's stack), so the
 * test runner and Node's own module loader may keep using timers and files meanwhile. Used in
 * process by test/runtime/construction.test.ts and, bundled, in a fresh Node process by
 * test/runtime/guard-child.ts.
 */

export interface SideEffect {
  /** What was called: `crypto.randomUUID`, `setTimeout`, `fetch`, `node:net.connect`, … */
  what: string;
  /** The stack of the call. */
  stack: string;
}

export interface GuardOptions {
  /** Whether a stack frame (one line of `Error.stack`) belongs to the code under test. */
  isOwnFrame: (frame: string) => boolean;
}

export interface SideEffectGuard {
  /** Every side effect the code under test attempted since the guard was installed (or last cleared). */
  readonly effects: SideEffect[];
  /** What could not be patched (expected empty: the test asserts it). */
  readonly unpatched: string[];
  /** Removes every patch. */
  restore(): void;
}

export class SideEffectError extends Error {
  override readonly name = 'SideEffectError';
}

type AnyFunction = (...args: unknown[]) => unknown;

interface BuiltinModules {
  crypto?: Record<string, unknown>;
  timers?: Record<string, unknown>;
  timersPromises?: Record<string, unknown>;
  net?: Record<string, unknown>;
  tls?: Record<string, unknown>;
  http?: Record<string, unknown>;
  https?: Record<string, unknown>;
  dns?: Record<string, unknown>;
  fs?: Record<string, unknown>;
  fsPromises?: Record<string, unknown>;
  module?: { syncBuiltinESMExports?: () => void };
}

function builtins(): BuiltinModules {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = <T>(id: string) => proc?.getBuiltinModule?.(id) as T | undefined;
  return {
    crypto: get('node:crypto'),
    timers: get('node:timers'),
    timersPromises: get('node:timers/promises'),
    net: get('node:net'),
    tls: get('node:tls'),
    http: get('node:http'),
    https: get('node:https'),
    dns: get('node:dns'),
    fs: get('node:fs'),
    fsPromises: get('node:fs/promises'),
    module: get('node:module'),
  };
}

/** The functions patched, per object: `[object, label, names]`. */
function targets(): Array<[object | undefined, string, string[]]> {
  const node = builtins();
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  return [
    [webCrypto, 'crypto', ['randomUUID', 'getRandomValues']],
    [webCrypto?.subtle, 'crypto.subtle', ['generateKey']],
    [Math, 'Math', ['random']],
    [
      globalThis,
      '',
      ['setTimeout', 'setInterval', 'setImmediate', 'fetch', 'WebSocket', 'EventSource'].filter(
        (name) => typeof (globalThis as Record<string, unknown>)[name] === 'function',
      ),
    ],
    // node:crypto's getRandomValues (a read-only property) calls the Web Crypto one patched above.
    [node.crypto, 'node:crypto', ['randomUUID', 'randomBytes', 'randomInt', 'randomFill', 'randomFillSync']],
    [node.timers, 'node:timers', ['setTimeout', 'setInterval', 'setImmediate']],
    [node.timersPromises, 'node:timers/promises', ['setTimeout', 'setInterval', 'setImmediate']],
    [node.net, 'node:net', ['connect', 'createConnection']],
    [(node.net?.Socket as { prototype?: object } | undefined)?.prototype, 'node:net.Socket#', ['connect']],
    [node.tls, 'node:tls', ['connect']],
    [node.http, 'node:http', ['request', 'get']],
    [node.https, 'node:https', ['request', 'get']],
    [node.dns, 'node:dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
    [
      node.fs,
      'node:fs',
      ['open', 'openSync', 'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'stat', 'statSync'],
    ],
    [node.fsPromises, 'node:fs/promises', ['open', 'readFile', 'writeFile', 'stat']],
  ];
}

/** Installs the guard. Call `restore()` in a `finally`. */
export function guardSideEffects(options: GuardOptions): SideEffectGuard {
  const effects: SideEffect[] = [];
  const unpatched: string[] = [];
  const undo: Array<() => void> = [];
  let inside = false;

  const ownCall = (): string | undefined => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const stack = new Error('side effect').stack ?? '';
    Error.stackTraceLimit = limit;
    // The first line is the message, the second this function, the third the wrapper.
    const frames = stack.split('\n').slice(3);
    return frames.some(options.isOwnFrame) ? frames.join('\n') : undefined;
  };

  for (const [object, label, names] of targets()) {
    if (object === undefined || object === null) continue;
    for (const name of names) {
      const what = label.endsWith('#') || label === '' ? `${label}${name}` : `${label}.${name}`;
      const original = (object as Record<string, unknown>)[name];
      if (typeof original !== 'function') continue;
      const own = Object.getOwnPropertyDescriptor(object, name);
      const wrapper = function (this: unknown, ...args: unknown[]) {
        // A patched function the guard itself reaches (computing a stack never does) stays quiet.
        if (!inside) {
          inside = true;
          try {
            const stack = ownCall();
            if (stack !== undefined) {
              effects.push({ what, stack });
              throw new SideEffectError(`${what} called at import or construction`);
            }
          } finally {
            inside = false;
          }
        }
        return new.target
          ? Reflect.construct(original as AnyFunction, args)
          : (original as AnyFunction).apply(this, args);
      };
      try {
        Object.defineProperty(object, name, {
          value: wrapper,
          writable: true,
          configurable: true,
          enumerable: own?.enumerable ?? false,
        });
        undo.push(() => {
          if (own) Object.defineProperty(object, name, own);
          else delete (object as Record<string, unknown>)[name];
        });
      } catch {
        unpatched.push(what);
      }
    }
  }
  // ESM named imports of built-ins (`import { setTimeout } from 'node:timers'`) see the patches too.
  const sync = builtins().module?.syncBuiltinESMExports;
  sync?.();
  return {
    effects,
    unpatched,
    restore() {
      for (const step of undo.reverse()) step();
      undo.length = 0;
      sync?.();
    },
  };
}
