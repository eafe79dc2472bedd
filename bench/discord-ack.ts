/**
 * Discord interaction acknowledgement: the time from the fake gateway's INTERACTION_CREATE
 * dispatch to the interaction callback POST arriving at the fake REST server, both read in the
 * load process (bench/discord-load.ts, forked: the project's fake Discord runs there), so the bot
 * measured has this process to itself. Two bots, measured the same way in the same run, each a
 * real discord.js client logged in through the fake gateway:
 * - baseline: a bare discord.js `Client` (Guilds intent) whose handler only calls
 *   `interaction.deferReply()`;
 * - Hearken: the real Discord adapter and core (`startDiscord`, the inbox workers and the outbox
 *   running as `npm start` runs them), answering `/complain status` from the database. It
 *   acknowledges at once ("thinking…") and edits the answer in, so the time to that answer (the
 *   edit of `@original`) is read too: the cost of the second HTTP call and of the work behind it.
 * Each gets a burst (all at once), its closed-loop capacity (interactions per second, each counted
 * when answered: Hearken's at its edit, so its capacity is what it can fully answer, not only
 * acknowledge; the baseline's at its callback, as it never answers), and open-loop arrivals
 * at 50 % of its own capacity; the baseline also at Hearken's 50 % rate, against which the target
 * is judged (same arrival rate), with each process's event-loop delay during the 50 % phases.
 *
 * `BENCH_DISCORD_PHASES=1` also prints where Hearken's time goes before the ack in its own 50 %
 * phase, read around the core (off by default: the figures above are taken without it):
 * core called → the delivery known to be ours (`owned`, after the claiming statement) → the
 * reply ready (after the work and its commit). A command acknowledged at once runs these after
 * its acknowledgement, so they now add to the time to the answer, not to the ack.
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startDiscord } from '../adapters/discord/index.js';
import { Hearken } from '../src/core.js';
import { createHost } from '../src/host.js';
import { HttpServer } from '../src/http.js';
import { silentLogger } from '../src/log.js';
import type { AdapterHost } from '../src/ports.js';
import { Forked } from './forked.js';
import { type Figure, figure, judge, percentile, type Target, throwawayDatabase } from './lib.js';

const MEMBERS = 200;
const BASELINE = 'discord.js, deferReply only';

export interface DiscordSizes {
  burst: number;
  concurrency: number;
  warmSeconds: number;
  capacitySeconds: number;
  openSeconds: number;
}

interface Counters {
  answered: number;
  errors: number;
}
interface Latency {
  p50: number;
  p99: number;
}
/** The acknowledgement's latency, and the answer's. */
interface Answered extends Latency {
  answerP50: number;
  answerP99: number;
}
interface Fake {
  apiUrl: string;
  token: string;
  guildId: string;
  channelId: string;
  staffChannelId: string;
}

type Load = Forked<Counters>;

/** Times around the core per interaction (see `BENCH_DISCORD_PHASES` above). */
class Phases {
  private toOwned: number[] = [];
  private toReply: number[] = [];
  private recording = false;

  /** The host with its `handle` timed: from the call to `owned`, and to the reply. */
  wrap(host: AdapterHost): AdapterHost {
    const handle = host.handle;
    host.handle = async (event, signals = {}) => {
      const start = performance.now();
      let owned: number | undefined;
      const reply = await handle(event, {
        ...signals,
        owned: () => {
          owned = performance.now();
          signals.owned?.();
        },
      });
      if (this.recording && owned !== undefined) {
        this.toOwned.push(owned - start);
        this.toReply.push(performance.now() - owned);
      }
      return reply;
    };
    return host;
  }

  record(on: boolean): void {
    this.recording = on;
  }

  print(): void {
    const line = (name: string, xs: number[]) =>
      `    ${name}: p50 ${percentile(xs, 50).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms`;
    console.log(`  around the core, after the ack (${this.toOwned.length} interactions):`);
    console.log(line('core called → owned (pool, BEGIN, claim)', this.toOwned));
    console.log(line('owned → reply ready (work, COMMIT)', this.toReply));
  }
}

const phases = process.env.BENCH_DISCORD_PHASES === '1' ? new Phases() : undefined;

/** The child runs TypeScript through the loader this process runs under (tsx). */
function startLoad(): Load {
  return new Forked<Counters>(fork(new URL('./discord-load.ts', import.meta.url)), 'Discord load process');
}

interface Phase extends Answered {
  rate: number;
  sent: number;
  loopP99: number;
}

interface Run {
  burst: Latency & { all: number; answerAll: number };
  capacity: number;
  ownHalf: Phase;
  /** At the other bot's 50 % rate (the baseline at Hearken's). */
  atRate?: Phase;
  answered: number;
  errors: number;
  cpuMsPerInteraction: number;
}

async function openPhase(load: Load, rate: number, seconds: number): Promise<Phase> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const open = await load.ask<Answered & { sent: number }>({ op: 'open', rate, seconds });
  loop.disable();
  console.log(
    `  ${Math.round(rate)}/s: ack p50 ${open.p50.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms; answer p50 ${open.answerP50.toFixed(1)} ms, p99 ${open.answerP99.toFixed(1)} ms; loop p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
  );
  return { ...open, rate, loopP99: loop.percentile(99) / 1e6 };
}

/** Starts a bot against the fake, measures it, stops it. */
async function measure(
  name: string,
  sizes: DiscordSizes,
  start: (fake: Fake) => Promise<{ stop(): Promise<void> }>,
  /** Whether the bot answers (after its acknowledgement); an interaction counts when it has. */
  answers: boolean,
  otherRate?: number,
): Promise<Run> {
  const load = startLoad();
  try {
    const fake = await load.ask<Fake>({ op: 'setup', members: MEMBERS, untilAnswer: answers ? 1 : 0 });
    const bot = await start(fake);
    try {
      const cpu = process.cpuUsage();
      await load.ask({ op: 'closed', concurrency: 4, seconds: sizes.warmSeconds });
      const burst = await load.ask<Latency & { all: number; answerAll: number }>({
        op: 'burst',
        count: sizes.burst,
      });
      const capacity = await load.ask<{ perSecond: number }>({
        op: 'closed',
        concurrency: sizes.concurrency,
        seconds: sizes.capacitySeconds,
      });
      console.log(
        `  ${name}: burst ${sizes.burst} ack p99 ${burst.p99.toFixed(1)} ms, all answered by ${burst.answerAll.toFixed(1)} ms, capacity ${Math.round(capacity.perSecond)}/s`,
      );
      // The other bot's rate first: a phase at a rate this bot cannot keep up with leaves a backlog
      // (and a busy load process) that would spill into the next phase's figures.
      const atRate =
        otherRate === undefined ? undefined : await openPhase(load, otherRate, sizes.openSeconds);
      // Only Hearken's own 50 % phase is broken down (the baseline never reaches the core).
      if (otherRate === undefined) phases?.record(true);
      const ownHalf = await openPhase(load, capacity.perSecond / 2, sizes.openSeconds);
      phases?.record(false);
      const last = await load.ask<Counters>({ op: 'counters' });
      const used = process.cpuUsage(cpu);
      return {
        burst,
        capacity: capacity.perSecond,
        ownHalf,
        ...(atRate ? { atRate } : {}),
        answered: last.answered,
        errors: last.errors,
        cpuMsPerInteraction: (used.user + used.system) / 1000 / last.answered,
      };
    } finally {
      await bot.stop();
      await load.ask({ op: 'stop' });
    }
  } finally {
    load.stop();
  }
}

async function bare(fake: Fake): Promise<{ stop(): Promise<void> }> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.deferReply().catch(() => {});
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  await ready;
  return { stop: () => client.destroy() };
}

export interface DiscordAck {
  figures: Figure[];
  targets: Target[];
}

export async function benchDiscordAck(sizes: DiscordSizes): Promise<DiscordAck> {
  const db = await throwawayDatabase(10);
  try {
    const ours = await measure(
      'Hearken',
      sizes,
      async (fake) => {
        const hearken = new Hearken({ database: db.database, logger: silentLogger });
        const host = createHost(hearken, new HttpServer());
        const adapter = await startDiscord(phases ? phases.wrap(host) : host, {
          token: fake.token,
          apiUrl: fake.apiUrl,
        });
        await hearken.configureTenant(`discord:${fake.guildId}`, 'discord', {
          staffChannelId: `discord:${fake.staffChannelId}`,
        });
        // As `npm start` runs them (src/main.ts).
        hearken.outbox.start();
        hearken.inbox.start();
        return {
          async stop() {
            await adapter.stop();
            await hearken.inbox.stop();
            await hearken.outbox.stop();
          },
        };
      },
      true,
    );
    phases?.print();
    const base = await measure(BASELINE, sizes, bare, false, ours.ownHalf.rate);
    const same = base.atRate ?? base.ownHalf;
    const name = 'Hearken Discord /complain status';
    const figures = [
      figure(`${name}: burst ${sizes.burst} all answered`, ours.burst.all, 'ms', {
        name: BASELINE,
        value: base.burst.all,
      }),
      figure(`${name}: burst p50`, ours.burst.p50, 'ms', { name: BASELINE, value: base.burst.p50 }),
      figure(`${name}: burst p99`, ours.burst.p99, 'ms', { name: BASELINE, value: base.burst.p99 }),
      figure(`${name}: capacity`, ours.capacity, 'acks/s', { name: BASELINE, value: base.capacity }),
      figure(
        `${name}: p50 at 50% of its capacity (${Math.round(ours.ownHalf.rate)}/s)`,
        ours.ownHalf.p50,
        'ms',
        { name: `${BASELINE}, same rate`, value: same.p50 },
      ),
      figure(
        `${name}: p99 at 50% of its capacity (${Math.round(ours.ownHalf.rate)}/s)`,
        ours.ownHalf.p99,
        'ms',
        { name: `${BASELINE}, same rate`, value: same.p99 },
        { sent: ours.ownHalf.sent },
      ),
      figure(
        `${BASELINE}: p99 at 50% of its own capacity (${Math.round(base.ownHalf.rate)}/s)`,
        base.ownHalf.p99,
        'ms',
        { name: `${BASELINE} at Hearken's 50% (${Math.round(same.rate)}/s)`, value: same.p99 },
        { p50: base.ownHalf.p50 },
      ),
      figure(
        `${name}: answer (edit after the ack) p99 at 50% of its capacity (${Math.round(ours.ownHalf.rate)}/s)`,
        ours.ownHalf.answerP99,
        'ms',
        { name: `${BASELINE} (its ack: it never answers), same rate`, value: same.p99 },
        { p50: ours.ownHalf.answerP50, burstAllAnswered: ours.burst.answerAll },
      ),
      figure(`${name}: event-loop delay p99 at 50%`, ours.ownHalf.loopP99, 'ms', {
        name: `${BASELINE}, same rate`,
        value: same.loopP99,
      }),
      figure(
        `${name}: Node CPU per interaction`,
        ours.cpuMsPerInteraction,
        'ms',
        { name: BASELINE, value: base.cpuMsPerInteraction },
        { answered: ours.answered, failed: ours.errors, baselineFailed: base.errors },
      ),
    ];
    const p99 = ours.ownHalf.p99;
    const targets = [
      judge(
        'Discord interaction ack p99 at 50 % of capacity within 2 × the discord.js empty-handler baseline and under 100 ms',
        ours.errors === 0 && p99 <= 2 * same.p99 && p99 < 100,
        `${p99.toFixed(1)} ms vs baseline ${same.p99.toFixed(1)} ms, both at ${Math.round(same.rate)}/s = 50 % of Hearken's capacity (${Math.round(ours.capacity)}/s; the baseline's own capacity ${Math.round(base.capacity)}/s, its p99 at 50 % of it ${base.ownHalf.p99.toFixed(1)} ms)${ours.errors ? `; ${ours.errors} interactions unanswered` : ''}`,
      ),
    ];
    return { figures, targets };
  } finally {
    await db.drop();
  }
}
