import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../src/core/http';
import { PAYBRIDGE_VERSION } from '../../src/core/version';

describe('PAYBRIDGE_VERSION', () => {
  it("equals package.json's version, and is what User-Agent sends", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(PAYBRIDGE_VERSION).toBe(pkg.version);
    expect(PAYBRIDGE_VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(USER_AGENT).toBe(`paybridge/${pkg.version}`);
  });
});
