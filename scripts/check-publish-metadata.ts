/**
 * `npm publish` runs this first (prepublishOnly). paybridge has no public repository, home page or
 * issue tracker yet, so package.json has no `repository`, `homepage` or `bugs`: made-up URLs would
 * send users nowhere. This refuses to publish until they are set to real ones.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const url = (value: unknown) =>
  typeof value === 'string' ? value : (value as { url?: unknown } | undefined)?.url;
const missing = ['repository', 'homepage', 'bugs'].filter((field) => {
  const value = url(pkg[field]);
  return typeof value !== 'string' || !/^(git\+)?https:\/\//.test(value);
});
if (missing.length > 0) {
  process.stderr.write(
    `package.json needs ${missing.join(', ')} (https URLs) before it is published: the registry's page ` +
      'links to them,.\n',
  );
  process.exit(1);
}
