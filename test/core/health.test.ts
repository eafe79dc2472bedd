/**
 * `/healthz` tells the truth within a second: 503 naming the database while it is down (even when
 * its ping never answers), 200 `degraded` naming the outbox while deliveries are stuck, and the
 * earlier shape (`status`, `database`, `platforms`) kept for whoever reads it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HealthDeps, HealthProbe, type HealthReport, mountHealth } from '../../src/health.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { ManualClock, MINUTE } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let http: HttpServer | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());
afterEach(async () => {
  await http?.close();
  http = undefined;
});

function deps(overrides: Partial<HealthDeps> = {}): HealthDeps {
  return {
    database,
    clock: new ManualClock(new Date().toISOString()),
    logger: silentLogger,
    platforms: () => ['slack'],
    adapters: () => [{ name: 'slack', health: () => ({ status: 'connected' }) }],
    outbox: () => ({ hangingCalls: 0 }),
    stopping: () => false,
    ...overrides,
  };
}

async function get(probe: HealthProbe): Promise<{ status: number; body: HealthReport; ms: number }> {
  http = new HttpServer();
  mountHealth(http, probe);
  const port = await http.listen(0, '127.0.0.1');
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  // The body as the server wrote it: typed by the report the probe builds.
  const body = (await response.json()) as HealthReport;
  return { status: response.status, body, ms: performance.now() - started };
}

describe('/healthz', () => {
  it('says ok with the earlier shape when everything works', async () => {
    const { status, body } = await get(new HealthProbe(deps()));

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      database: { kind: database.kind, up: true },
      platforms: { slack: { status: 'connected' } },
      outbox: { stuck: false, hangingCalls: 0 },
    });
  });

  it('answers 503 naming the database, within a second, while the database never answers', async () => {
    const hung = {
      ...database,
      kind: database.kind,
      db: database.db,
      ping: () => new Promise<boolean>(() => {}),
    };
    const probe = new HealthProbe(deps({ database: hung }), { probeTimeoutMs: 300 });

    const first = await get(probe);
    await http?.close();
    const second = await get(probe);

    for (const answer of [first, second]) {
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(1_000);
      expect(answer.body).toMatchObject({ status: 'degraded', database: { up: false } });
      expect(String(answer.body.reasons[0])).toMatch(/^database: /);
    }
  });

  it('answers 503 when the ping fails outright', async () => {
    const down = { ...database, kind: database.kind, db: database.db, ping: async () => false };
    const { status, body } = await get(new HealthProbe(deps({ database: down })));

    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', database: { up: false } });
  });

  it('says degraded (200) naming the outbox when a due message has waited past the threshold', async () => {
    await enqueue(database.db, {
      key: 'health:stuck',
      tenantId: 'slack:TSTUCK',
      platform: 'slack',
      target: { kind: 'channel', channelId: 'slack:TSTUCK:C1' },
      message: { text: 'waiting' },
      purpose: 'thread',
    });
    const clock = new ManualClock(new Date(Date.now() + 10 * MINUTE).toISOString());

    const { status, body } = await get(new HealthProbe(deps({ clock }), { outboxStuckAfterMs: 2 * MINUTE }));

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', database: { up: true }, outbox: { stuck: true } });
    expect(body.reasons.join(' ')).toContain('outbox: the oldest due message has waited');
  });

  it('says degraded while a platform call hangs past its timeout', async () => {
    const { status, body } = await get(new HealthProbe(deps({ outbox: () => ({ hangingCalls: 1 }) })));

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', outbox: { hangingCalls: 1 } });
  });
});
