/**
 * package.json, the README and the API reference agree with what is built and shipped: types for
 * every entry point under every moduleResolution (typesVersions, for node10), README links that
 * work on the registry's page, every shipped file the README names, and one API-reference entry
 * per entry point.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  exports: Record<string, string | { types: string; default: string }>;
  types: string;
  typesVersions: Record<string, Record<string, string[]>>;
  engines: { node: string };
  files: string[];
};
const README = read('README.md');
const entryPoints = Object.entries(pkg.exports).filter(
  (entry): entry is [string, { types: string; default: string }] => typeof entry[1] === 'object',
);

describe('package.json', () => {
  it('gives every entry point its types under node10 too: "types" for the root, typesVersions for each subpath', () => {
    const [root] = entryPoints.filter(([key]) => key === '.');
    expect(pkg.types).toBe(root![1].types);
    const subpaths = entryPoints.filter(([key]) => key !== '.');
    expect(Object.keys(pkg.typesVersions)).toEqual(['*']);
    expect(pkg.typesVersions['*']).toEqual(
      Object.fromEntries(subpaths.map(([key, target]) => [key.slice(2), [target.types]])),
    );
  });

  it('claims the Node versions where require() of this ESM package works, as the README says', () => {
    // scripts/smoke-package.sh require()s the package on exactly this lowest version.
    const [, major, minor] = /^>=(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node) ?? [];
    expect(`${major}.${minor}`).toBe('22.12');
    expect(README).toContain(`Node ${major}.${minor} or later`);
    expect(README).not.toMatch(/Node ≥ 22(?!\.\d)\b/);
  });
});

describe('README on the registry', () => {
  it('has no relative links: npm cannot resolve them without a repository URL', () => {
    const targets = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !/^(https:\/\/|#)/.test(t))).toEqual([]);
  });

  it('names only example and doc files that exist and are shipped in the package', () => {
    const named = new Set(
      [...README.matchAll(/`((?:examples|docs)\/[\w./-]*)`/g)]
        .map((m) => m[1]!)
        .filter((p) => !p.startsWith('docs/api')),
    );
    expect(named.size).toBeGreaterThan(3);
    for (const path of named) {
      expect({ path, exists: existsSync(new URL(`../${path}`, import.meta.url)) }).toEqual({
        path,
        exists: true,
      });
      const shipped = pkg.files.some((f) => path === f || path.startsWith(`${f.replace(/\/$/, '')}/`));
      expect({ path, shipped }).toEqual({ path, shipped: true });
    }
  });

  it('no source refers to a file the repository does not have (DESIGN.md lives outside it)', () => {
    const sources = readdirSync(new URL('../src', import.meta.url), { recursive: true, encoding: 'utf8' });
    const mentions = sources
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => read(`src/${file}`).includes('DESIGN.md'));
    expect(mentions).toEqual([]);
  });
});

describe('the API reference (npm run docs)', () => {
  it('documents every entry point, each under its import name', () => {
    const typedoc = JSON.parse(read('typedoc.json')) as {
      entryPoints: string[];
      treatWarningsAsErrors: boolean;
    };
    expect(typedoc.treatWarningsAsErrors).toBe(true);
    // tsup.config.ts: `name: 'src/…'` for each built file; dist/<name>.js is what exports points to.
    const tsup = read('tsup.config.ts');
    const sourceOf = Object.fromEntries(
      [...tsup.matchAll(/^\s*'?([\w-]+)'?: '(src\/[\w/.-]+\.ts)',$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    const expected = entryPoints.map(([key, target]) => {
      const name = /^\.\/dist\/([\w-]+)\.js$/.exec(target.default)![1]!;
      return { specifier: key === '.' ? 'paybridge' : `paybridge${key.slice(1)}`, source: sourceOf[name] };
    });
    expect(typedoc.entryPoints.sort()).toEqual(expected.map((e) => e.source).sort());
    for (const { specifier, source } of expected) {
      expect({ source, module: read(source!).includes(` * @module ${specifier}\n`) }).toEqual({
        source,
        module: true,
      });
    }
  });
});

describe('third-party code in dist/', () => {
  it("ships zod's license with the parts of zod the build carries, matching the installed zod", () => {
    // tsup.config.ts bundles zod (noExternal); the MIT license asks for its notice in every copy.
    expect(read('tsup.config.ts')).toMatch(/noExternal: \['zod'\]/);
    expect(pkg.files).toContain('THIRD_PARTY_NOTICES.md');
    const license = read('node_modules/zod/LICENSE').trim();
    expect(license).toMatch(/^MIT License/);
    expect(read('THIRD_PARTY_NOTICES.md')).toContain(license);
  });
});
