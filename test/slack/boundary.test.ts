import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );

describe('the Slack boundary', () => {
  it('only adapters/slack imports Slack packages', () => {
    const offenders = ['src', 'adapters', 'db']
      .flatMap((dir) => sources(join(root, dir)))
      .filter((file) => !relative(root, file).startsWith('adapters/slack/'))
      .filter((file) => importsOf(file).some((spec) => spec.startsWith('@slack/')))
      .map((file) => relative(root, file));

    expect(offenders).toEqual([]);
  });

  it('adapters/slack reaches the core only through its public modules', () => {
    // The command spec, its usage lines and the catalogs are public too: `npm run manifest`
    // (adapters/slack/manifest.ts) writes the manifest's slash commands from them.
    // errors.js (the error taxonomy) and ttl-cache.js (the one look-up cache) are public for adapters,
    // and seal.js (secrets at rest: the OAuth installation store seals tokens with it).
    const allowed = [
      'src/messages.js',
      'src/ports.js',
      'src/config.js',
      'src/http.js',
      'src/commands/spec.js',
      'src/commands/help.js',
      'src/i18n/index.js',
      'src/errors.js',
      'src/ttl-cache.js',
      'src/seal.js',
    ];
    const reaches = sources(join(root, 'adapters/slack'))
      .flatMap((file) => importsOf(file))
      .filter((spec) => spec.includes('/src/'))
      .map((spec) => spec.slice(spec.indexOf('src/')));

    expect([...new Set(reaches)].filter((spec) => !allowed.includes(spec))).toEqual([]);
  });
});
