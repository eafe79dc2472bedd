/** The core stays platform-neutral: nothing under src/ may import a platform SDK or an adapter. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const FORBIDDEN = [
  /from ['"]@slack\//,
  /from ['"]discord\.js['"]/,
  /from ['"]@discordjs\//,
  /from ['"](\.\.\/)+adapters\//,
];

describe('the core boundary', () => {
  it('src/ imports neither Slack, Discord nor any adapter (src/main.ts wires them and is exempt)', () => {
    const offenders = files(join(root, 'src'))
      .filter((file) => !file.endsWith(join('src', 'main.ts')))
      .flatMap((file) => {
        const source = readFileSync(file, 'utf8');
        return FORBIDDEN.filter((pattern) => pattern.test(source)).map(
          (pattern) => `${relative(root, file)} matches ${pattern}`,
        );
      });
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in entry points, which hand it straight to the config schema', () => {
    const strays = [
      ...files(join(root, 'src')),
      ...files(join(root, 'adapters')),
      ...files(join(root, 'db')),
    ].flatMap((file) => {
      const uses = readFileSync(file, 'utf8').match(/.{0,12}process\.env\b(?!`).{0,1}/g) ?? [];
      return uses
        .filter((use) => !use.endsWith('loadConfig(process.env)'))
        .map((use) => `${relative(root, file)}: ${use}`);
    });
    expect(strays).toEqual([]);
  });
});
