/**
 * `npm run bench`: every figure beside its baseline, measured in the same run on the same machine,
 * printed and written to bench/results.json. Needs the Postgres server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres); each part works in a throwaway database.
 * `BENCH_QUICK=1` runs everything at small sizes (a smoke test of the harness, not figures).
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchAck } from './ack.js';
import { benchColdStart } from './cold-start.js';
import { benchEngine } from './engine.js';
import { benchHistory } from './history.js';
import type { Figure } from './lib.js';
import { benchMemory } from './memory.js';
import { benchScale } from './scale.js';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick
  ? {
      complaints: 30,
      concurrency: 10,
      intakes: 20,
      seeded: 20_000,
      history: [2_000, 20_000],
      inFlight: 300,
      coldRuns: 1,
    }
  : {
      complaints: 300,
      concurrency: 20,
      intakes: 200,
      seeded: 1_000_000,
      history: [100_000, 1_000_000],
      inFlight: 10_000,
      coldRuns: 3,
    };

const started = Date.now();
const figures: Figure[] = [];
const parts: [string, () => Promise<Figure[]>][] = [
  ['cold start', () => benchColdStart({ runs: SIZES.coldRuns })],
  ['engine', () => benchEngine({ complaints: SIZES.complaints, concurrency: SIZES.concurrency })],
  ['acknowledgement latency', () => benchAck({ intakes: SIZES.intakes })],
  ['memory', () => benchMemory({ intakes: SIZES.inFlight, concurrency: SIZES.concurrency })],
  ['SLA sweep and digest at scale', () => benchScale({ complaints: SIZES.seeded })],
  ['queries that must not grow with history', () => benchHistory({ sizes: SIZES.history })],
];
for (const [name, run] of parts) {
  console.log(`\n— ${name}`);
  figures.push(...(await run()));
}

const results = {
  ranAt: new Date().toISOString(),
  quick,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  seconds: Math.round((Date.now() - started) / 1000),
  figures,
};
const file = new URL(quick ? './results.local.json' : './results.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${figures.length} figures in ${results.seconds} s → ${file.pathname}`);
process.exit(0);
