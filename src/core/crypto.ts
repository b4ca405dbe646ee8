/**
 * Hashing for webhook verification and request signing. On Node (and Bun, Deno) the work runs
 * synchronously through `node:crypto`, fetched with `process.getBuiltinModule` so no bundler sees
 * a Node import; elsewhere Web Crypto does it. Both paths give the same bytes (tested).
 */

import { nodeBuiltin } from './builtin';

type NodeCrypto = typeof import('node:crypto');

export interface CryptoBackend {
  readonly name: 'node' | 'webcrypto';
  sha256Hex(data: Uint8Array | string): Promise<string>;
  hmacSha256Hex(key: Uint8Array | string, data: Uint8Array | string): Promise<string>;
  /**
   * HMAC-SHA512 (Paymob's callbacks), for a custom backend. Optional: without it `hmacSha512Hex`
   * uses node:crypto under the `'node'` backend and Web Crypto under `'webcrypto'`, so the built-in
   * backends, and custom ones written before it existed, keep their shape.
   */
  hmacSha512Hex?(key: Uint8Array | string, data: Uint8Array | string): Promise<string>;
}

const encoder = new TextEncoder();
const toBytes = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? encoder.encode(data) : data;

/**
 * SHA-256 in one call: node:crypto's one-shot `hash()` (Node 21.7+, about 0.5 µs less per call
 * than `createHash`, which older runtimes fall back to).
 */
function nodeSha256(nodeCrypto: NodeCrypto): (data: Uint8Array | string) => string {
  const oneShot = (
    nodeCrypto as { hash?: (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string }
  ).hash;
  if (typeof oneShot === 'function') return (data) => oneShot('sha256', data, 'hex');
  return (data) => nodeCrypto.createHash('sha256').update(data).digest('hex');
}

/** The node:crypto backends this module made (a custom backend may call itself 'node'). */
const builtInNode = new WeakSet<CryptoBackend>();

function nodeBackend(nodeCrypto: NodeCrypto): CryptoBackend {
  const sha256 = nodeSha256(nodeCrypto);
  // Strings go to node:crypto as they are: it UTF-8 encodes them itself (the same bytes as
  // TextEncoder, lone surrogates included), without a copy through TextEncoder first. A string
  // key, likewise: a Buffer or Uint8Array key costs about 14 µs more per call on Node 24.
  const made: CryptoBackend = {
    name: 'node',
    sha256Hex: async (data) => sha256(data),
    hmacSha256Hex: async (key, data) => nodeCrypto.createHmac('sha256', key).update(data).digest('hex'),
  };
  builtInNode.add(made);
  return made;
}

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

/** Web Crypto wants an ArrayBuffer-backed view; copy views over shared or offset buffers. */
const asBufferSource = (data: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(toBytes(data)) as Uint8Array<ArrayBuffer>;

export function webCryptoBackend(subtle: SubtleCrypto = globalThis.crypto.subtle): CryptoBackend {
  return {
    name: 'webcrypto',
    sha256Hex: async (data) => toHex(await subtle.digest('SHA-256', asBufferSource(data))),
    hmacSha256Hex: async (key, data) => {
      // Web Crypto refuses a zero-length HMAC key; HMAC pads short keys with zero bytes to the
      // block size, so the empty key and the single zero byte give the same MAC (as node:crypto does).
      const keyBytes = toBytes(key).byteLength === 0 ? new Uint8Array(1) : key;
      const cryptoKey = await subtle.importKey(
        'raw',
        asBufferSource(keyBytes),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return toHex(await subtle.sign('HMAC', cryptoKey, asBufferSource(data)));
    },
  };
}

const nodeCrypto = nodeBuiltin('node:crypto') as NodeCrypto | undefined;
let backend: CryptoBackend = nodeCrypto ? nodeBackend(nodeCrypto) : webCryptoBackend();
/** node:crypto's SHA-256, for `sha256HexNow` (the built-in backend's own, called without a promise). */
const nodeSha256Now = nodeCrypto ? nodeSha256(nodeCrypto) : undefined;

/** The backend in use: `'node'` where `node:crypto` is available, else `'webcrypto'`. */
export function cryptoBackendName(): CryptoBackend['name'] {
  return backend.name;
}

/** Replaces the backend (tests use it to run both paths); returns the previous one. */
export function setCryptoBackend(next: CryptoBackend | 'node' | 'webcrypto'): CryptoBackend {
  const previous = backend;
  if (next === 'node') {
    if (!nodeCrypto) throw new Error('node:crypto is not available in this runtime');
    backend = nodeBackend(nodeCrypto);
  } else if (next === 'webcrypto') {
    backend = webCryptoBackend();
  } else {
    backend = next;
  }
  return previous;
}

/** Lowercase hex SHA-256 of `data` (strings are UTF-8 encoded). */
export function sha256Hex(data: Uint8Array | string): Promise<string> {
  return backend.sha256Hex(data);
}

/**
 * `sha256Hex`, synchronously when the backend is a built-in node:crypto one (the same bytes, without
 * a promise to wait for), else the backend's promise. Hot paths use it to skip a microtask per hash.
 */
export function sha256HexNow(data: Uint8Array | string): string | Promise<string> {
  return nodeSha256Now && builtInNode.has(backend) ? nodeSha256Now(data) : backend.sha256Hex(data);
}

/** Lowercase hex HMAC-SHA256 of `data` with `key` (strings are UTF-8 encoded). */
export function hmacSha256Hex(key: Uint8Array | string, data: Uint8Array | string): Promise<string> {
  return backend.hmacSha256Hex(key, data);
}

/**
 * Lowercase hex HMAC-SHA512 of `data` with `key` (strings are UTF-8 encoded): the backend's own
 * where it has one, else node:crypto under the built-in `'node'` backend and Web Crypto otherwise.
 * Kept out of the built-in backends so that entry points which never use it do not carry it.
 */
export async function hmacSha512Hex(key: Uint8Array | string, data: Uint8Array | string): Promise<string> {
  return hmacSha512HexNow(key, data);
}

/**
 * `hmacSha512Hex`, synchronously under a built-in node:crypto backend (the same bytes, without a
 * promise to wait for), else a promise: the custom backend's own, or Web Crypto's.
 */
export function hmacSha512HexNow(
  key: Uint8Array | string,
  data: Uint8Array | string,
): string | Promise<string> {
  if (backend.hmacSha512Hex) return backend.hmacSha512Hex(key, data);
  if (nodeCrypto && builtInNode.has(backend)) {
    return nodeCrypto.createHmac('sha512', key).update(data).digest('hex');
  }
  return webCryptoHmacSha512Hex(key, data);
}

async function webCryptoHmacSha512Hex(key: Uint8Array | string, data: Uint8Array | string): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  // A zero-length key is the single zero byte to HMAC (Web Crypto refuses the empty one), as in webCryptoBackend.
  const keyBytes = toBytes(key).byteLength === 0 ? new Uint8Array(1) : key;
  const cryptoKey = await subtle.importKey(
    'raw',
    asBufferSource(keyBytes),
    { name: 'HMAC', hash: 'SHA-512' },
    false,
    ['sign'],
  );
  return toHex(await subtle.sign('HMAC', cryptoKey, asBufferSource(data)));
}

/** Standard base64 (with padding) of bytes. */
export function base64(bytes: Uint8Array): string {
  const B = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (B) return B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Compares two strings in time that depends only on the length of `expected`, never on where
 * they first differ, and without returning early on a length mismatch. Use it for every secret,
 * token and signature comparison.
 */
export function timingSafeEqual(expected: string, received: string): boolean {
  // A missing header reaches here as undefined from untyped callers: that is a mismatch, not a TypeError.
  if (typeof expected !== 'string' || typeof received !== 'string') return false;
  const n = expected.length;
  let diff = n ^ received.length;
  for (let i = 0; i < n; i++) {
    // Past the end of `received`, charCodeAt gives NaN, which `| 0` turns into 0: the loop runs n times regardless.
    diff |= expected.charCodeAt(i) ^ (received.charCodeAt(i) | 0);
  }
  return diff === 0;
}
