/**
 * The load side of the Discord interaction benchmark, forked into its own process by
 * bench/discord-ack.ts: the project's fake Discord (test/kit/discord-fake.ts, REST and gateway)
 * runs here, so neither it nor the timing shares an event loop with the bot being measured.
 *
 * Each interaction is a `/complain status` from one of the guild's members, dispatched as
 * INTERACTION_CREATE on the gateway; its time is from the dispatch (or, in the open loop, from its
 * scheduled time) until the bot's interaction callback POST has arrived at the fake's REST server,
 * both read on this process's clock. Driven over IPC one command at a time (answers carry
 * `answered` and `errors` so far: callbacks refused, or none within 10 s):
 * - `{ op: 'setup', members }` → `{ apiUrl, token, guildId, channelId, staffChannelId }`;
 * - `{ op: 'closed', concurrency, seconds }` → `{ done, perSecond }`;
 * - `{ op: 'burst', count }` → `{ all, p50, p99 }`;
 * - `{ op: 'open', rate, seconds }` → `{ rate, sent, p50, p99 }`;
 * - `{ op: 'counters' }`.
 */
import { FakeDiscord } from '../test/kit/discord-fake.js';
import { EVERYONE_PERMISSIONS, type FakeUser, snowflake } from '../test/kit/discord-model.js';

const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;
const GIVE_UP_MS = 10_000;

let fake: FakeDiscord | undefined;
let members: FakeUser[] = [];
let guildId = '';
let channelId = '';
let next = 0;
let answered = 0;
let errors = 0;
/** Interactions waiting for their callback, by id. */
const waiting = new Map<string, (ok: boolean) => void>();

const msSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function setup(command: { members: number }) {
  guildId = snowflake();
  channelId = snowflake();
  const staffChannelId = snowflake();
  members = Array.from({ length: command.members }, (_, i) => ({
    id: snowflake(),
    username: `bench${i}`,
    globalName: `Bench ${i}`,
  }));
  fake = await FakeDiscord.start({
    guilds: [
      {
        id: guildId,
        name: 'Bench',
        roles: [{ id: guildId, name: '@everyone', permissions: EVERYONE_PERMISSIONS }],
        channels: [
          { id: channelId, name: 'general', type: 0 },
          { id: staffChannelId, name: 'staff', type: 0 },
        ],
        members: members.map((user) => ({ user, roles: [] })),
      },
    ],
    interactionDeadlineMs: 60_000,
    // Heartbeats at Discord's own pace, not the tests' short one.
    heartbeatIntervalMs: 41_250,
  });
  // Told of each REST call as the fake records it: the callbacks are what is timed.
  const calls = fake.calls;
  const record = calls.push.bind(calls);
  calls.push = (...added) => {
    for (const call of added) {
      const id = call.method === 'POST' ? call.path.match(CALLBACK)?.[1] : undefined;
      const done = id ? waiting.get(id) : undefined;
      if (id && done) {
        waiting.delete(id);
        done(call.status < 300);
      }
    }
    return record(...added);
  };
  return { apiUrl: fake.apiUrl, token: fake.token, guildId, channelId, staffChannelId };
}

/** Dispatches one interaction; resolves with true once its callback arrived, false if refused or late. */
function interact(): Promise<boolean> {
  if (!fake) throw new Error('setup first');
  const user = members[next++ % members.length] as FakeUser;
  const payload = fake.slash({ user, guildId, channelId, locale: 'en-US' }, 'complain', 'status');
  // Waiting from here loses nothing: the dispatch only queued a WebSocket frame, so no callback
  // can arrive before this function returns.
  return new Promise<boolean>((resolve) => {
    const id = String(payload.id);
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(false);
    }, GIVE_UP_MS);
    waiting.set(id, (ok) => {
      clearTimeout(timer);
      resolve(ok);
    });
  }).then((ok) => {
    if (ok) answered += 1;
    else errors += 1;
    return ok;
  });
}

async function closed(command: { concurrency: number; seconds: number }) {
  let done = 0;
  const end = Date.now() + command.seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: command.concurrency }, async () => {
      while (Date.now() < end) if (await interact()) done += 1;
    }),
  );
  return { done, perSecond: done / (msSince(started) / 1000) };
}

async function burst(command: { count: number }) {
  const started = process.hrtime.bigint();
  const latencies = await Promise.all(
    Array.from({ length: command.count }, () => interact().then((ok) => (ok ? msSince(started) : undefined))),
  );
  const ok = latencies.filter((x): x is number => x !== undefined);
  return { all: Math.max(...ok), p50: percentile(ok, 50), p99: percentile(ok, 99) };
}

async function open(command: { rate: number; seconds: number }) {
  const count = Math.max(1, Math.round(command.rate * command.seconds));
  const interval = 1000 / command.rate;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = process.hrtime.bigint() + 5_000_000n;
  for (let i = 0; i < count; i++) {
    const scheduled = t0 + BigInt(Math.round(i * interval * 1e6));
    const wait = Number(scheduled - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      interact().then((ok) => {
        if (ok) latencies.push(msSince(scheduled));
      }),
    );
  }
  await Promise.all(pending);
  return { rate: command.rate, sent: count, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

type Command = { op: string } & Record<string, number>;
const ops: Record<string, (command: Command) => Promise<object> | object> = {
  setup: (c) => setup({ members: c.members ?? 200 }),
  closed: (c) => closed({ concurrency: c.concurrency ?? 1, seconds: c.seconds ?? 1 }),
  burst: (c) => burst({ count: c.count ?? 1 }),
  open: (c) => open({ rate: c.rate ?? 1, seconds: c.seconds ?? 1 }),
  counters: () => ({}),
  stop: async () => {
    await fake?.stop();
    return {};
  },
};

process.on('message', async (command: Command) => {
  try {
    const op = ops[command.op];
    if (!op) throw new Error(`unknown op ${command.op}`);
    process.send?.({ ...(await op(command)), answered, errors });
  } catch (error) {
    process.send?.({ error: String(error) });
  }
});
