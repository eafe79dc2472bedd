/**
 * The load side of the Discord interaction benchmark, forked into its own process by
 * bench/discord-ack.ts: the project's fake Discord (test/kit/discord-fake.ts, REST and gateway)
 * runs here, so neither it nor the timing shares an event loop with the bot being measured.
 *
 * Each interaction is a `/complain status` from one of the guild's members, dispatched as
 * INTERACTION_CREATE on the gateway. Two times are read for each, from the dispatch (or, in the
 * open loop, from its scheduled time), on this process's clock: until the bot's interaction
 * callback POST has arrived at the fake's REST server (the acknowledgement), and until its answer
 * has (a callback that is the answer itself, or the first edit of `@original` after a deferral).
 * With `untilAnswer` (set at setup) an interaction counts as done at its answer, so the closed
 * loop measures how many the bot can fully answer per second; without it (a bot that only
 * acknowledges) at its callback. Driven over IPC one command at a time (answers carry `answered`
 * and `errors` so far: callbacks or edits refused, or none within 10 s):
 * - `{ op: 'setup', members, untilAnswer }` → `{ apiUrl, token, guildId, channelId, staffChannelId }`;
 * - `{ op: 'closed', concurrency, seconds }` → `{ done, perSecond }`;
 * - `{ op: 'burst', count }` → `{ all, p50, p99 }` (acknowledgements), `answerAll`;
 * - `{ op: 'open', rate, seconds }` → `{ rate, sent, p50, p99, answerP50, answerP99 }`;
 * - `{ op: 'counters' }`.
 */
import { FakeDiscord } from '../test/kit/discord-fake.js';
import { EVERYONE_PERMISSIONS, type FakeUser, snowflake } from '../test/kit/discord-model.js';

const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;
const EDIT_ORIGINAL = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/;
/** Callback types that are the answer itself: a message, a message update, a modal. */
const ANSWERING = new Set([4, 7, 9]);
const GIVE_UP_MS = 10_000;

let fake: FakeDiscord | undefined;
let members: FakeUser[] = [];
let guildId = '';
let channelId = '';
let next = 0;
let answered = 0;
let errors = 0;
let untilAnswer = false;

/** An interaction's two times, in ms from when it was sent (or scheduled). */
interface Timed {
  ok: boolean;
  ack: number;
  answer: number;
}
interface Pending {
  from: bigint;
  token: string;
  ack?: number;
  finish: (ok: boolean) => void;
}
/** Interactions waiting for their callback or answer, by id; ids by token for the edits. */
const waiting = new Map<string, Pending>();
const idsByToken = new Map<string, string>();

const msSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Reads one REST call the fake recorded: an interaction's acknowledgement, or its answer. */
function observe(call: { method: string; path: string; status: number; body: unknown }): void {
  const callback = call.method === 'POST' ? call.path.match(CALLBACK)?.[1] : undefined;
  const edited = call.method === 'PATCH' ? call.path.match(EDIT_ORIGINAL)?.[1] : undefined;
  const id = callback ?? (edited ? idsByToken.get(edited) : undefined);
  const pending = id ? waiting.get(id) : undefined;
  if (!pending) return;
  if (callback) {
    if (pending.ack !== undefined) return;
    pending.ack = msSince(pending.from);
    const type = Number((call.body as { type?: unknown } | undefined)?.type);
    if (call.status >= 300) pending.finish(false);
    else if (!untilAnswer || ANSWERING.has(type)) pending.finish(true);
    return;
  }
  pending.finish(call.status < 300);
}

async function setup(command: { members: number; untilAnswer: boolean }) {
  untilAnswer = command.untilAnswer;
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
  // Told of each REST call as the fake records it: the callbacks and edits are what is timed.
  const calls = fake.calls;
  const record = calls.push.bind(calls);
  calls.push = (...added) => {
    for (const call of added) observe(call);
    return record(...added);
  };
  return { apiUrl: fake.apiUrl, token: fake.token, guildId, channelId, staffChannelId };
}

/**
 * Dispatches one interaction; resolves once it is done (see `untilAnswer`) with its times from
 * `from` (now, unless scheduled earlier), not ok if refused or late.
 */
function interact(from: bigint = process.hrtime.bigint()): Promise<Timed> {
  if (!fake) throw new Error('setup first');
  const user = members[next++ % members.length] as FakeUser;
  const payload = fake.slash({ user, guildId, channelId, locale: 'en-US' }, 'complain', 'status');
  const id = String(payload.id);
  const token = String(payload.token);
  // Waiting from here loses nothing: the dispatch only queued a WebSocket frame, so no callback
  // can arrive before this function returns.
  return new Promise<Timed>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      waiting.delete(id);
      idsByToken.delete(token);
      const ack = pending.ack ?? msSince(from);
      resolve({ ok, ack, answer: ok ? msSince(from) : ack });
    };
    const pending: Pending = { from, token, finish: done };
    const timer = setTimeout(() => done(false), GIVE_UP_MS);
    waiting.set(id, pending);
    idsByToken.set(token, id);
  }).then((timed) => {
    if (timed.ok) answered += 1;
    else errors += 1;
    return timed;
  });
}

async function closed(command: { concurrency: number; seconds: number }) {
  let done = 0;
  const end = Date.now() + command.seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: command.concurrency }, async () => {
      while (Date.now() < end) if ((await interact()).ok) done += 1;
    }),
  );
  return { done, perSecond: done / (msSince(started) / 1000) };
}

async function burst(command: { count: number }) {
  const started = process.hrtime.bigint();
  const timed = (await Promise.all(Array.from({ length: command.count }, () => interact(started)))).filter(
    (t) => t.ok,
  );
  const ok = timed.map((t) => t.ack);
  return {
    all: Math.max(...ok),
    p50: percentile(ok, 50),
    p99: percentile(ok, 99),
    answerAll: Math.max(...timed.map((t) => t.answer)),
  };
}

async function open(command: { rate: number; seconds: number }) {
  const count = Math.max(1, Math.round(command.rate * command.seconds));
  const interval = 1000 / command.rate;
  const acks: number[] = [];
  const answers: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = process.hrtime.bigint() + 5_000_000n;
  for (let i = 0; i < count; i++) {
    const scheduled = t0 + BigInt(Math.round(i * interval * 1e6));
    const wait = Number(scheduled - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      interact(scheduled).then((t) => {
        if (!t.ok) return;
        acks.push(t.ack);
        answers.push(t.answer);
      }),
    );
  }
  await Promise.all(pending);
  return {
    rate: command.rate,
    sent: count,
    p50: percentile(acks, 50),
    p99: percentile(acks, 99),
    answerP50: percentile(answers, 50),
    answerP99: percentile(answers, 99),
  };
}

type Command = { op: string } & Record<string, number>;
const ops: Record<string, (command: Command) => Promise<object> | object> = {
  setup: (c) => setup({ members: c.members ?? 200, untilAnswer: c.untilAnswer === 1 }),
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
