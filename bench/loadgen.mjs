/**
 * The load generator of the fair ack benchmark, forked into its own process by bench/fair-ack.ts
 * so that it does not share a CPU budget or an event loop with the server it measures.
 *
 * Receives `{ url, secret, template, sizes }` over IPC. `template` is a Slack event body with
 * `__N__` where each request puts its own number (unique event id, ts, user). All bodies of a phase
 * are built and signed (v0 HMAC-SHA256 with the signing secret, fresh timestamp) just before the
 * phase, never inside the timed window. Requests go over keep-alive connections (node:http Agent).
 *
 * Phases: warm-up (closed loop), burst (`burst` at once: time until all acked, p50/p99), capacity
 * (closed loop at `concurrency` for `capacitySeconds`: acks/s), then open loop at 25/50/75 % of
 * that capacity for `openSeconds` each, latency timed from each request's scheduled send time.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

let counter = 0;
/** Requests that failed (reset, non-200): reported, never retried, left out of the latencies. */
let errors = 0;
const failed = () => {
  errors++;
};

function build(template, secret, count) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = String(counter++).padStart(8, '0');
    const raw = template.replaceAll('__N__', n);
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

/** Requests answered 200. */
let acked = 0;

function send(target, agent, req) {
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

async function closedLoop(target, agent, template, secret, concurrency, seconds) {
  // Enough signed bodies for a generous rate; rebuilt in batches between, not during, requests.
  let bodies = build(template, secret, concurrency * 50);
  let next = 0;
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const take = () => {
    if (next >= bodies.length) {
      bodies = build(template, secret, concurrency * 50);
      next = 0;
    }
    return bodies[next++];
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await send(target, agent, take()).then(() => done++, failed);
      }
    }),
  );
  return { done, perSecond: done / (msSince(started) / 1000) };
}

async function openLoop(target, agent, template, secret, rate, seconds) {
  const count = Math.max(1, Math.round(rate * seconds));
  const bodies = build(template, secret, count);
  const latencies = [];
  const interval = 1000 / rate;
  const t0 = process.hrtime.bigint() + 5_000_000n;
  const pending = [];
  for (let i = 0; i < count; i++) {
    const scheduled = t0 + BigInt(Math.round(i * interval * 1e6));
    const wait = Number(scheduled - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(target, agent, bodies[i]).then(() => latencies.push(msSince(scheduled)), failed));
  }
  await Promise.all(pending);
  return { rate, sent: count, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

process.on('uncaughtException', (error) => {
  process.send({ error: `load generator: ${error}` });
  process.exit(1);
});

process.once('message', async ({ url, secret, template, sizes }) => {
  try {
    const target = new URL(url);
    const agent = new Agent({ keepAlive: true, maxSockets: Math.max(sizes.burst, sizes.concurrency) });
    await closedLoop(target, agent, template, secret, sizes.concurrency, sizes.warmSeconds);
    const burstBodies = build(template, secret, sizes.burst);
    const burstStart = process.hrtime.bigint();
    const burstLatencies = await Promise.all(
      burstBodies.map((b) => send(target, agent, b).then(() => msSince(burstStart), failed)),
    );
    const ok = burstLatencies.filter((x) => typeof x === 'number');
    const burst = { all: Math.max(...ok), p50: pct(ok, 50), p99: pct(ok, 99) };
    const capacity = await closedLoop(
      target,
      agent,
      template,
      secret,
      sizes.concurrency,
      sizes.capacitySeconds,
    );
    const open = [];
    for (const share of [0.25, 0.5, 0.75]) {
      await closedLoop(target, agent, template, secret, 4, 0.5);
      open.push({
        share,
        ...(await openLoop(target, agent, template, secret, capacity.perSecond * share, sizes.openSeconds)),
      });
    }
    agent.destroy();
    process.send({ burst, capacity: capacity.perSecond, open, sent: acked, errors });
  } catch (error) {
    process.send({ error: String(error) });
  }
});
