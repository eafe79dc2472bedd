/**
 * The load generator of the fair ack benchmark, forked into its own process by bench/fair-ack.ts
 * so that it does not share a CPU budget or an event loop with the server it measures.
 *
 * Driven over IPC, one command at a time, each answered with its result (so the parent can look at
 * the server between phases: its backlog, its event loop):
 * - `{ op: 'setup', url, secret, template, users, sockets }`: the target. `template` is a Slack
 *   event body with `__N__` where each request puts its own number (unique event id, ts) and
 *   `__U__` where it puts its customer's (request number modulo `users`).
 * - `{ op: 'closed', concurrency, seconds }`: closed loop; answers `{ done, perSecond }`.
 * - `{ op: 'burst', count }`: all at once; answers `{ all, p50, p99 }` (ms from the burst's start).
 * - `{ op: 'open', rate, seconds }`: open loop, latency timed from each request's scheduled send
 *   time; answers `{ rate, sent, p50, p99 }`.
 * - `{ op: 'counters' }`: nothing but the counters below.
 * Every answer carries `acked` (200s so far) and `errors` (resets and non-200s so far: reported,
 * never retried, left out of the latencies).
 * All bodies of a phase are built and signed (v0 HMAC-SHA256 with the signing secret, fresh
 * timestamp) just before the phase, never inside the timed window. Requests go over keep-alive
 * connections (node:http Agent).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

let counter = 0;
let errors = 0;
let acked = 0;
const failed = () => {
  errors++;
};

/** Set by `setup`. */
let target;
let agent;
let template;
let secret;
let users = 1;

function build(count) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = counter++;
    const raw = template
      .replaceAll('__N__', String(n).padStart(8, '0'))
      .replaceAll('__U__', String(n % users).padStart(5, '0'));
    const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
    out.push({
      raw: Buffer.from(raw),
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(raw)),
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': sig,
      },
    });
  }
  return out;
}

function send(req) {
  return new Promise((resolve, reject) => {
    const r = request(target, { method: 'POST', agent, headers: req.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        acked++;
        resolve();
      });
    });
    r.on('error', reject);
    r.end(req.raw);
  });
}

const msSince = (t) => Number(process.hrtime.bigint() - t) / 1e6;

function pct(samples, p) {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function closedLoop({ concurrency, seconds }) {
  // Enough signed bodies for a generous rate; rebuilt in batches between, not during, requests.
  let bodies = build(concurrency * 50);
  let next = 0;
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const take = () => {
    if (next >= bodies.length) {
      bodies = build(concurrency * 50);
      next = 0;
    }
    return bodies[next++];
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await send(take()).then(() => done++, failed);
      }
    }),
  );
  return { done, perSecond: done / (msSince(started) / 1000) };
}

async function burst({ count }) {
  const bodies = build(count);
  const started = process.hrtime.bigint();
  const latencies = await Promise.all(bodies.map((b) => send(b).then(() => msSince(started), failed)));
  const ok = latencies.filter((x) => typeof x === 'number');
  return { all: Math.max(...ok), p50: pct(ok, 50), p99: pct(ok, 99) };
}

async function openLoop({ rate, seconds }) {
  const count = Math.max(1, Math.round(rate * seconds));
  const bodies = build(count);
  const latencies = [];
  const interval = 1000 / rate;
  const t0 = process.hrtime.bigint() + 5_000_000n;
  const pending = [];
  for (let i = 0; i < count; i++) {
    const scheduled = t0 + BigInt(Math.round(i * interval * 1e6));
    const wait = Number(scheduled - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(bodies[i]).then(() => latencies.push(msSince(scheduled)), failed));
  }
  await Promise.all(pending);
  return { rate, sent: count, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

const ops = {
  setup(command) {
    target = new URL(command.url);
    agent?.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: command.sockets });
    template = command.template;
    secret = command.secret;
    users = command.users;
    return {};
  },
  closed: closedLoop,
  burst,
  open: openLoop,
  counters: () => ({}),
};

process.on('uncaughtException', (error) => {
  process.send({ error: `load generator: ${error}` });
  process.exit(1);
});

process.on('message', async (command) => {
  try {
    const result = await ops[command.op](command);
    process.send({ ...result, acked, errors });
  } catch (error) {
    process.send({ error: String(error) });
  }
});
