import { createHash, createHmac, timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  base64,
  type CryptoBackend,
  cryptoBackendName,
  hmacSha256Hex,
  hmacSha512Hex,
  setCryptoBackend,
  sha256Hex,
  timingSafeEqual,
  webCryptoBackend,
} from '../../src/core/crypto';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const utf8 = (text: string) => new TextEncoder().encode(text);

const SHA256_VECTORS: [string, Uint8Array | string, string][] = [
  ['empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'the 448-bit NIST message',
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
  ['"abc" as bytes', utf8('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
];

// RFC 4231, HMAC-SHA-256 results of test cases 1, 2, 3, 4, 6 and 7.
const HMAC_VECTORS: [string, Uint8Array | string, Uint8Array | string, string][] = [
  [
    'RFC 4231 case 1',
    hex('0b'.repeat(20)),
    'Hi There',
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  ],
  [
    'RFC 4231 case 2 (string key)',
    'Jefe',
    'what do ya want for nothing?',
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  [
    'RFC 4231 case 3',
    hex('aa'.repeat(20)),
    hex('dd'.repeat(50)),
    '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  ],
  [
    'RFC 4231 case 4',
    hex('0102030405060708090a0b0c0d0e0f10111213141516171819'),
    hex('cd'.repeat(50)),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  [
    'RFC 4231 case 6 (key longer than a block)',
    hex('aa'.repeat(131)),
    'Test Using Larger Than Block-Size Key - Hash Key First',
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    'RFC 4231 case 7',
    hex('aa'.repeat(131)),
    'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
];

afterEach(() => {
  setCryptoBackend('node');
});

describe.each(['node', 'webcrypto'] as const)('the %s backend', (name) => {
  it('is selected by setCryptoBackend', () => {
    setCryptoBackend(name);
    expect(cryptoBackendName()).toBe(name);
  });

  it.each(SHA256_VECTORS)('sha256Hex of %s', async (_, data, expected) => {
    setCryptoBackend(name);
    expect(await sha256Hex(data)).toBe(expected);
  });

  it.each(HMAC_VECTORS)('hmacSha256Hex, %s', async (_, key, data, expected) => {
    setCryptoBackend(name);
    expect(await hmacSha256Hex(key, data)).toBe(expected);
  });

  it('accepts an empty HMAC key, equal to the single zero byte (HMAC pads keys with zeros)', async () => {
    setCryptoBackend(name);
    const expected = createHmac('sha256', Buffer.alloc(0)).update('data').digest('hex');
    expect(await hmacSha256Hex('', 'data')).toBe(expected);
    expect(await hmacSha256Hex(new Uint8Array(0), 'data')).toBe(expected);
    expect(await hmacSha256Hex(new Uint8Array(1), 'data')).toBe(expected);
  });

  it('hashes the bytes a view covers, not its whole buffer', async () => {
    setCryptoBackend(name);
    const whole = utf8('xxabcxx');
    const view = whole.subarray(2, 5);
    expect(await sha256Hex(view)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const keyView = utf8('__Jefe__').subarray(2, 6);
    expect(await hmacSha256Hex(keyView, 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('encodes strings as UTF-8', async () => {
    setCryptoBackend(name);
    expect(await sha256Hex('مرحبا ✓')).toBe(createHash('sha256').update('مرحبا ✓', 'utf8').digest('hex'));
  });
});

describe('both backends agree', () => {
  it('on random keys and data (fast-check)', async () => {
    setCryptoBackend('webcrypto');
    const node = setCryptoBackend('node');
    expect(cryptoBackendName()).toBe('node');
    expect(node.name).toBe('webcrypto');
    const web = webCryptoBackend();
    const input = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }));
    await fc.assert(
      fc.asyncProperty(input, input, async (key, data) => {
        setCryptoBackend('node');
        const nodeSha = await sha256Hex(data);
        const nodeHmac = await hmacSha256Hex(key, data);
        expect(await web.sha256Hex(data)).toBe(nodeSha);
        expect(await web.hmacSha256Hex(key, data)).toBe(nodeHmac);
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
        const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
        expect(nodeSha).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(nodeHmac).toBe(createHmac('sha256', keyBytes).update(bytes).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('setCryptoBackend accepts a custom backend and returns the previous one', async () => {
    const fake: CryptoBackend = {
      name: 'webcrypto',
      sha256Hex: async () => 'fake-sha',
      hmacSha256Hex: async () => 'fake-hmac',
    };
    const previous = setCryptoBackend(fake);
    expect(previous.name).toBe('node');
    expect(await sha256Hex('x')).toBe('fake-sha');
    expect(await hmacSha256Hex('k', 'x')).toBe('fake-hmac');
    expect(setCryptoBackend(previous)).toBe(fake);
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('base64', () => {
  it('matches Buffer for random bytes and views with offsets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 10 }), (bytes, cut) => {
        expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        const view = bytes.subarray(Math.min(cut, bytes.length));
        expect(base64(view)).toBe(Buffer.from(view).toString('base64'));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the RFC 4648 vectors', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [text, expected] of cases) expect(base64(utf8(text))).toBe(expected);
  });

  it('gives the same without Buffer (the Web path), also past one chunk', () => {
    const big = new Uint8Array(0x8000 * 2 + 17).map((_, i) => (i * 31) % 256);
    const expectedBig = Buffer.from(big).toString('base64');
    const small = utf8('foobar').subarray(1, 5);
    vi.stubGlobal('Buffer', undefined);
    try {
      expect(base64(big)).toBe(expectedBig);
      expect(base64(small)).toBe('b29iYQ==');
      expect(base64(new Uint8Array([0xff, 0xfe, 0x00]))).toBe('//4A');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('timingSafeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['abc', 'abd', false],
    ['abc', 'xbc', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['abc', '', false],
    ['', 'abc', false],
    ['abc', 'abc\u0000', false],
    ['abc\u0000', 'abc', false],
    ['abc', 'ABC', false],
    ['sha256=abc', 'sha256=ab', false],
    ['ab', 'ab ', false],
    ['é', 'e\u0301', false],
    ['✓✓', '✓✓', true],
  ])('timingSafeEqual(%j, %j) is %s', (a, b, expected) => {
    expect(timingSafeEqual(a, b)).toBe(expected);
  });

  it('agrees with === on random strings (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b);
        expect(timingSafeEqual(a, a)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), fc.nat({ max: 63 }), (digest, i) => {
        const flipped = digest.slice(0, i) + (digest[i] === '0' ? '1' : '0') + digest.slice(i + 1);
        expect(timingSafeEqual(digest, flipped)).toBe(false);
        expect(timingSafeEqual(digest, digest.slice(0, i))).toBe(false);
        expect(nodeTimingSafeEqual(Buffer.from(digest), Buffer.from(digest))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('answers false, not a TypeError, when the received value is missing', () => {
    expect(timingSafeEqual('abc', undefined as unknown as string)).toBe(false);
    expect(timingSafeEqual('abc', null as unknown as string)).toBe(false);
    expect(timingSafeEqual('', undefined as unknown as string)).toBe(false);
  });
});

// RFC 4231, HMAC-SHA-512 results of test cases 1, 2 and 6 (Paymob signs its callbacks with HMAC-SHA512).
const HMAC_SHA512_VECTORS: [string, Uint8Array | string, Uint8Array | string, string][] = [
  [
    'RFC 4231 case 1',
    hex('0b'.repeat(20)),
    'Hi There',
    '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  ],
  [
    'RFC 4231 case 2 (string key)',
    'Jefe',
    'what do ya want for nothing?',
    '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
  ],
  [
    'RFC 4231 case 6 (key longer than a block)',
    hex('aa'.repeat(131)),
    'Test Using Larger Than Block-Size Key - Hash Key First',
    '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
  ],
];

describe.each(['node', 'webcrypto'] as const)('hmacSha512Hex on the %s backend', (name) => {
  it.each(HMAC_SHA512_VECTORS)('%s', async (_, key, data, expected) => {
    setCryptoBackend(name);
    expect(await hmacSha512Hex(key, data)).toBe(expected);
  });

  it('accepts an empty key (equal to the single zero byte) and hashes only the bytes a view covers', async () => {
    setCryptoBackend(name);
    const expected = createHmac('sha512', Buffer.alloc(0)).update('data').digest('hex');
    expect(await hmacSha512Hex('', 'data')).toBe(expected);
    expect(await hmacSha512Hex(new Uint8Array(1), 'data')).toBe(expected);
    const keyView = utf8('__Jefe__').subarray(2, 6);
    expect(await hmacSha512Hex(keyView, utf8('xwhat do ya want for nothing?x').subarray(1, 29))).toBe(
      HMAC_SHA512_VECTORS[1]![3],
    );
  });
});

describe('hmacSha512Hex across backends', () => {
  it('node and Web Crypto agree on random keys and data (fast-check)', async () => {
    const input = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }));
    await fc.assert(
      fc.asyncProperty(input, input, async (key, data) => {
        setCryptoBackend('webcrypto');
        const fromWeb = await hmacSha512Hex(key, data);
        setCryptoBackend('node');
        const fromNode = await hmacSha512Hex(key, data);
        expect(fromWeb).toBe(fromNode);
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
        const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
        expect(fromNode).toBe(createHmac('sha512', keyBytes).update(bytes).digest('hex'));
      }),
      { numRuns: 100 },
    );
  });

  it('a custom backend without hmacSha512Hex (written before it existed) falls back by its name', async () => {
    const custom: CryptoBackend = {
      name: 'webcrypto',
      sha256Hex: async () => 'fake-sha',
      hmacSha256Hex: async () => 'fake-hmac',
    };
    setCryptoBackend(custom);
    expect(await hmacSha256Hex('k', 'x')).toBe('fake-hmac');
    expect(await hmacSha512Hex('Jefe', 'what do ya want for nothing?')).toBe(HMAC_SHA512_VECTORS[1]![3]);
    setCryptoBackend({ ...custom, hmacSha512Hex: async () => 'fake-512' });
    expect(await hmacSha512Hex('k', 'x')).toBe('fake-512');
  });
});
