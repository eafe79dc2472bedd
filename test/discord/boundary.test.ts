/** Only adapters/discord may speak discord.js; the core never learns Discord exists. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );

test('nothing outside adapters/discord imports discord.js or its packages', () => {
  const offenders = [...sources(join(root, 'src')), ...sources(join(root, 'adapters'))]
    .filter((path) => !relative(root, path).startsWith('adapters/discord/'))
    .filter((path) =>
      importsOf(path).some((spec) => /^(discord\.js|@discordjs\/|discord-api-types)/.test(spec)),
    )
    .map((path) => relative(root, path));
  expect(offenders).toEqual([]);
});

test('src/ does not import the Discord adapter, except main.ts which wires adapters in', () => {
  const offenders = sources(join(root, 'src'))
    .filter((path) => relative(root, path) !== 'src/main.ts')
    .filter((path) => importsOf(path).some((spec) => spec.includes('adapters/discord')))
    .map((path) => relative(root, path));
  expect(offenders).toEqual([]);
});
