/**
 * The provider kit's layout (src/providers/README.md): every adapter folder has the same file
 * roles, and no source file carries so many concerns that it passes 500 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ROLES = [
  'api.ts',
  'errors.ts',
  'index.ts',
  'links.ts',
  'payments.ts',
  'status.ts',
  'types.ts',
  'webhooks.ts',
  'zod.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('provider kit layout', () => {
  const providers = readdirSync(join(SRC, 'providers'), { withFileTypes: true }).filter((e) =>
    e.isDirectory(),
  );

  it.each(providers.map((p) => p.name))('%s has every file role', (name) => {
    const files = readdirSync(join(SRC, 'providers', name));
    expect(ROLES.filter((role) => !files.includes(role))).toEqual([]);
  });

  it('no source file is longer than 500 lines', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((file) => ({
        file: file.slice(SRC.length),
        lines: readFileSync(file, 'utf8').split('\n').length - 1,
      }))
      .filter((f) => f.lines > 500);
    expect(long).toEqual([]);
  });
});
