/**
 * Slack acknowledgement, measured fairly: the load comes from another process (bench/loadgen.mjs,
 * forked), with pre-built, pre-signed requests over keep-alive connections, so the figure is the
 * server's and not the harness's. Three servers, measured the same way in the same run:
 * - floor: a raw node:http server that checks the Slack signature and answers 200;
 * - Bolt: `@slack/bolt` (HTTPReceiver, processBeforeResponse) with an empty `message` listener;
 * - Hearken: the real Slack adapter, whose 200 waits for the INSERT into the durable inbox.
 * Per server: a burst (all at once: p50/p99), the closed-loop capacity, and open-loop latency at
 * 25/50/75 % of that capacity (timed from the scheduled send). Node CPU per message is the
 * server process's `process.cpuUsage()` over the whole run divided by the requests acked (for
 * Hearken this includes the inbox workers and outbox in that process, and the fake Slack API).
 */
import { fork } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import bolt from '@slack/bolt';
import { startSlack } from '../adapters/slack/index.js';
import { openDatabase } from '../db/client.js';
import { Hearken } from '../src/core.js';
import { createHost } from '../src/host.js';
import { HttpServer } from '../src/http.js';
import { silentLogger } from '../src/log.js';
import { BOT_TOKEN, FakeSlack } from '../test/kit/slack-api.js';
import { dmMessage } from '../test/kit/slack-payloads.js';
import { type Figure, figure, judge, type Target, throwawayDatabase } from './lib.js';
import { wireCounter } from './wire.js';

const SECRET = 'bench-signing-secret';
const USERS = 200;

export interface LoadSizes {
  burst: number;
  concurrency: number;
  warmSeconds: number;
  capacitySeconds: number;
  openSeconds: number;
}

interface LoadResult {
  burst: { all: number; p50: number; p99: number };
  capacity: number;
  open: { share: number; rate: number; sent: number; p50: number; p99: number }[];
  /** Requests acked (200). */
  sent: number;
  errors: number;
}

interface Measured extends LoadResult {
  cpuMsPerMessage: number;
}

/** A Slack DM event with `__N__` where each request puts its own number. */
function template(team: string): string {
  const body = dmMessage('U0B00000', 'My parcel __N__ never arrived and nobody answers my emails.', {
    team,
    eventId: 'EvB__N__',
  });
  const event = body.event;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new Error('no event');
  Object.assign(event, { ts: '1__N__.000100', event_ts: '1__N__.000100' });
  return JSON.stringify(body);
}

async function load(url: string, body: string, sizes: LoadSizes): Promise<Measured> {
  const cpu = process.cpuUsage();
  const child = fork(new URL('./loadgen.mjs', import.meta.url), [], { execArgv: [] });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m: LoadResult & { error?: string }) =>
      m.error ? reject(new Error(m.error)) : resolve(m),
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
    child.send({ url, secret: SECRET, template: body, sizes });
  });
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${url}: ${result.sent} sent, ${result.errors} failed, capacity ${Math.round(result.capacity)}/s`,
  );
  child.kill();
  return { ...result, cpuMsPerMessage: (used.user + used.system) / 1000 / result.sent };
}

/** The floor: node:http, the Slack signature checked, 200. */
async function floor(body: string, sizes: LoadSizes): Promise<Measured> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
      const want = Buffer.from(`v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${raw}`).digest('hex')}`);
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      const ok = fresh && given.length === want.length && timingSafeEqual(given, want);
      JSON.parse(raw);
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await load(`http://127.0.0.1:${port}/slack/events`, body, sizes);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Bolt with an empty message listener, acked before response like Hearken's adapter. */
async function boltEmpty(apiUrl: string, body: string, sizes: LoadSizes): Promise<Measured> {
  const app = new bolt.App({
    token: BOT_TOKEN,
    signingSecret: SECRET,
    processBeforeResponse: true,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: bolt.LogLevel.ERROR,
  });
  app.message(async () => {});
  const server = (await app.start(0)) as unknown as { address(): AddressInfo };
  try {
    return await load(`http://127.0.0.1:${server.address().port}/slack/events`, body, sizes);
  } finally {
    await app.stop();
  }
}

async function hearkenAdapter(
  slack: FakeSlack,
  body: string,
  sizes: LoadSizes,
): Promise<Measured & { statements: number; roundTrips: number }> {
  const db = await throwawayDatabase(2);
  const wire = await wireCounter(db.url);
  const database = await openDatabase({ url: wire.url, maxConnections: 10 });
  const hearken = new Hearken({ database, logger: silentLogger });
  const http = new HttpServer();
  const port = await http.listen(0, '127.0.0.1');
  const config = { botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: slack.apiUrl };
  const adapter = await startSlack(createHost(hearken, http), config, { retryConfig: { retries: 0 } });
  try {
    wire.reset();
    const measured = await load(`http://127.0.0.1:${port}/slack/events`, body, sizes);
    const counts = wire.counts();
    const [stored] = await db.sql<{ n: number }[]>`select count(*)::int as n from inbox`;
    if ((stored?.n ?? 0) < measured.sent)
      throw new Error(`inbox holds ${stored?.n} of ${measured.sent} acked`);
    return {
      ...measured,
      statements: counts.statements / measured.sent,
      roundTrips: counts.roundTrips / measured.sent,
    };
  } finally {
    await adapter.stop();
    await hearken.inbox.stop();
    await hearken.outbox.stop();
    await http.close();
    await database.close();
    await wire.close();
    await db.drop();
  }
}

export interface FairAck {
  figures: Figure[];
  targets: Target[];
}

export async function benchFairAck(sizes: LoadSizes): Promise<FairAck> {
  const slack = await FakeSlack.start();
  for (let i = 0; i < USERS; i++) {
    const id = `U0B${String(i).padStart(5, '0')}`;
    slack.addUser({ id, name: id.toLowerCase(), realName: `Bench ${id}`, locale: 'en-US' });
  }
  const body = template(slack.teamId);
  try {
    const base = await floor(body, sizes);
    const withBolt = await boltEmpty(slack.apiUrl, body, sizes);
    const ours = await hearkenAdapter(slack, body, sizes);
    const figures: Figure[] = [];
    const floorName = 'node:http + signature';
    for (const [name, m] of [
      ['Bolt empty listener', withBolt],
      ['Hearken Slack + inbox', ours],
    ] as const) {
      figures.push(
        figure(`${name}: burst ${sizes.burst} all acked`, m.burst.all, 'ms', {
          name: floorName,
          value: base.burst.all,
        }),
        figure(`${name}: burst p99`, m.burst.p99, 'ms', { name: floorName, value: base.burst.p99 }),
        figure(`${name}: capacity`, m.capacity, 'acks/s', { name: floorName, value: base.capacity }),
      );
      for (const o of m.open) {
        const b = base.open.find((x) => x.share === o.share);
        figures.push(
          figure(
            `${name}: open loop ${o.share * 100}% p99`,
            o.p99,
            'ms',
            { name: floorName, value: b?.p99 ?? 0 },
            {
              rate: Math.round(o.rate),
              floorRate: Math.round(b?.rate ?? 0),
              seconds: sizes.openSeconds,
              p50: o.p50,
            },
          ),
        );
      }
      figures.push(
        figure(`${name}: Node CPU per message`, m.cpuMsPerMessage, 'ms', {
          name: floorName,
          value: base.cpuMsPerMessage,
        }),
      );
    }
    figures.push(
      figure('Hearken Slack + inbox: statements per message', ours.statements, 'stmts', {
        name: 'one INSERT',
        value: 1,
      }),
      figure('Hearken Slack + inbox: round trips per message', ours.roundTrips, 'trips', {
        name: 'one INSERT',
        value: 1,
      }),
    );
    const half = ours.open.find((o) => o.share === 0.5);
    const floorHalf = base.open.find((o) => o.share === 0.5);
    const p99 = half?.p99 ?? Number.POSITIVE_INFINITY;
    const floorP99 = floorHalf?.p99 ?? 0;
    const targets = [
      judge(
        'Slack ack p99 at 50% of capacity ≤ 2× node:http+signature floor and < 100 ms',
        p99 <= 2 * floorP99 && p99 < 100,
        `${p99.toFixed(1)} ms vs floor ${floorP99.toFixed(1)} ms (Hearken's own 50% rate ${Math.round(half?.rate ?? 0)}/s, floor's ${Math.round(floorHalf?.rate ?? 0)}/s)`,
      ),
    ];
    return { figures, targets };
  } finally {
    await slack.close();
  }
}
