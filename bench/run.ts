/**
 * `npm run bench`: every figure beside its baseline, measured in the same run on the same machine,
 * printed and written to bench/results.json. Needs the Postgres server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres); each part works in a throwaway database.
 * `BENCH_QUICK=1` runs everything at small sizes (a smoke test of the harness, not figures).
 * `BENCH_ONLY=fair-ack,engine` runs only the named parts (fair-ack, discord-ack, cold-start,
 * engine, ack, memory, scale, history); `BENCH_SKIP=history` skips some (the history part seeds a
 * million complaints). The machine's other work moves every rate and latency: compare ratios.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchAck } from './ack.js';
import { benchColdStart } from './cold-start.js';
import { benchDiscordAck } from './discord-ack.js';
import { benchEngine } from './engine.js';
import { benchFairAck, type FairAck } from './fair-ack.js';
import { benchHistory } from './history.js';
import { type Figure, judge } from './lib.js';
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
      load: {
        burst: 200,
        concurrency: 32,
        warmSeconds: 0.5,
        capacitySeconds: 1,
        openSeconds: 1,
        trialSeconds: 1,
        drainSeconds: 30,
      },
      discord: { burst: 100, concurrency: 16, warmSeconds: 0.5, capacitySeconds: 1, openSeconds: 1 },
    }
  : {
      complaints: 300,
      concurrency: 20,
      intakes: 200,
      seeded: 1_000_000,
      history: [100_000, 1_000_000],
      inFlight: 10_000,
      coldRuns: 3,
      load: {
        burst: 200,
        concurrency: 32,
        warmSeconds: 3,
        capacitySeconds: 10,
        openSeconds: 30,
        trialSeconds: 10,
        drainSeconds: 300,
      },
      discord: { burst: 200, concurrency: 32, warmSeconds: 3, capacitySeconds: 10, openSeconds: 30 },
    };

const started = Date.now();
const figures: Figure[] = [];
const targets: FairAck['targets'] = [];
const parts: [string, string, () => Promise<Figure[]>][] = [
  [
    'fair-ack',
    'Slack ack, load from another process',
    async () => {
      const out = await benchFairAck(SIZES.load);
      targets.push(...out.targets);
      return out.figures;
    },
  ],
  [
    'discord-ack',
    'Discord interaction ack, the fake Discord in another process',
    async () => {
      const out = await benchDiscordAck(SIZES.discord);
      targets.push(...out.targets);
      return out.figures;
    },
  ],
  ['cold-start', 'cold start', () => benchColdStart({ runs: SIZES.coldRuns })],
  ['engine', 'engine', () => benchEngine({ complaints: SIZES.complaints, concurrency: SIZES.concurrency })],
  ['ack', 'acknowledgement latency (load in the same process)', () => benchAck({ intakes: SIZES.intakes })],
  ['memory', 'memory', () => benchMemory({ intakes: SIZES.inFlight, concurrency: SIZES.concurrency })],
  ['scale', 'SLA sweep and digest at scale', () => benchScale({ complaints: SIZES.seeded })],
  ['history', 'queries that must not grow with history', () => benchHistory({ sizes: SIZES.history })],
];
const only = process.env.BENCH_ONLY?.split(',');
const skip = process.env.BENCH_SKIP?.split(',') ?? [];
for (const [key, name, run] of parts) {
  if ((only && !only.includes(key)) || skip.includes(key)) {
    console.log(`\n— ${name}: skipped (${key})`);
    continue;
  }
  console.log(`\n— ${name}`);
  figures.push(...(await run()));
}

// Intake targets, from the engine's figures (their baseline: single-row INSERTs/s, same concurrency).
// The intake target is judged on both paths a customer's words take: `handle` alone, and a DM
// through the durable inbox (acked, then answered), which is how a DM travels in production.
for (const [figureName, share, target] of [
  [
    'engine: intake messages/s',
    0.5,
    'intake msgs/s ≥ 0.5 × single-row INSERTs/s (handle, before the confirmation)',
  ],
  [
    'engine: DM messages/s through the inbox, acked → answered',
    0.5,
    'intake msgs/s ≥ 0.5 × single-row INSERTs/s (a DM through the inbox, acked → answered)',
  ],
  ['engine: confirmed complaints/s', 0.25, 'confirmed complaints/s ≥ 0.25 × single-row INSERTs/s'],
] as const) {
  const f = figures.find((x) => x.name === figureName);
  if (!f) continue;
  targets.push(judge(target, f.ratio >= share, `${f.value} vs ${f.baseline.value} (ratio ${f.ratio})`));
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
  parts: parts.map(([key]) => key).filter((key) => (!only || only.includes(key)) && !skip.includes(key)),
  figures,
  targets,
};
const file = new URL(quick ? './results.local.json' : './results.json', import.meta.url);
// A run of some parts keeps the other parts' figures from the file, each marked with its run.
if (only || skip.length > 0) {
  try {
    const before = JSON.parse(readFileSync(file, 'utf8')) as {
      ranAt?: string;
      figures?: Figure[];
      targets?: FairAck['targets'];
    };
    const measured = new Set(figures.map((f) => f.name));
    for (const f of before.figures ?? [])
      if (!measured.has(f.name)) figures.push({ ...f, notes: { ranAt: before.ranAt, ...f.notes } });
    // Targets judged by the parts not run now stay, marked with the run that judged them.
    const judged = new Set(targets.map((t) => t.name));
    for (const t of before.targets ?? [])
      if (!judged.has(t.name))
        targets.push({
          ...t,
          detail: t.detail.includes('(run of') ? t.detail : `${t.detail} (run of ${before.ranAt})`,
        });
  } catch {
    // no earlier results: only this run's figures
  }
}
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${figures.length} figures in ${results.seconds} s → ${file.pathname}`);
process.exit(0);
