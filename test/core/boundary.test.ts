/**
 * The core stays platform-neutral: nothing under src/ may import a platform SDK or an adapter; and
 * its folders form no import cycle, so each can be read (and changed) knowing only those below it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/**
 * Where a file sits in the folder graph: a folder under src/ (`src/jobs`) for the files inside it,
 * the file itself for a top-level module (`src/core.ts`), which is a unit of its own.
 */
function unitOf(file: string): string {
  const path = relative(root, file).split(sep).join('/');
  return path.split('/').length > 2 ? dirname(path) : path;
}

/** Every relative import (static, `export … from` and dynamic) of each src/ unit, as unit → units. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files(join(root, 'src'))) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
      /(?:from|import\()\s*['"](\.[^'"]+)['"]/g,
    )) {
      if (!specifier) continue;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (!relative(join(root, 'src'), target).startsWith('..')) {
        const to = unitOf(target);
        if (to !== from) edges.add(to);
      }
    }
  }
  return graph;
}

/** The cycles a depth-first walk meets, each written `a → b → a`; empty when the graph is acyclic. */
function importCycles(graph: Map<string, Set<string>>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const walk = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node].join(' → '));
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) walk(node, []);
  return cycles;
}

describe('the core boundary', () => {
  it('has no import cycle between the folders (and top-level modules) of src/', () => {
    const graph = folderGraph();
    expect(graph.get('src/jobs')?.size).toBeGreaterThan(0);
    expect(importCycles(graph)).toEqual([]);
  });

  it('the cycle check finds a cycle when one folder imports another that imports it back', () => {
    const graph = new Map([
      ['src/jobs', new Set(['src/digest', 'src/i18n'])],
      ['src/digest', new Set(['src/i18n', 'src/jobs'])],
      ['src/i18n', new Set<string>()],
    ]);
    expect(importCycles(graph)).toEqual(['src/digest → src/jobs → src/digest']);
  });

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

  it('raises no plain Error in src/, db/ or adapters/: every failure has a code (src/errors.ts)', () => {
    const plain = [...files(join(root, 'src')), ...files(join(root, 'db')), ...files(join(root, 'adapters'))]
      .filter((file) => /\bnew Error\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(plain).toEqual([]);
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
