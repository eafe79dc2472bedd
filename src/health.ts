/**
 * `/healthz`: what a load balancer and an operator need, answered within a second however sick
 * the process is. The probe (database ping, outbox backlog, each adapter's own view) runs with a
 * deadline and its result is cached: a request reuses a reading younger than `maxAgeMs`, and
 * otherwise waits for one fresh probe (itself bounded by `probeTimeoutMs`). A ping still hanging
 * from an earlier probe is not repeated: the database is down until it answers.
 *
 * 503 when the database is down, an adapter is disconnected or the process is stopping (send work
 * elsewhere), with `degraded` (or `stopping`) and the reasons; 200 `degraded` with the reasons when
 * this instance serves but its deliveries are stuck (the oldest due outbox row waited too long, a
 * platform call hangs past its timeout); 200 `ok` otherwise.
 */
import { and, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outbox } from '../db/schema.js';
import type { Platform } from './domain/index.js';
import type { HttpServer } from './http.js';
import type { AdapterHealth, Clock, Logger } from './ports.js';

export const HEALTH_DEFAULTS = {
  /**
   * A reading this young is answered as is (a burst of probes costs one database ping); an older
   * one is refreshed first, so a database that just went down shows at once.
   */
  maxAgeMs: 250,
  /** The probe's own deadline: with the request's overhead, `/healthz` answers within 1 s. */
  probeTimeoutMs: 700,
  /** Background refresh, so the reading is warm when a request comes. */
  refreshMs: 5_000,
  /** The outbox is stuck when a row has been due (and not delivered) longer than this. */
  outboxStuckAfterMs: 2 * 60_000,
} as const;

export type HealthOptions = { [K in keyof typeof HEALTH_DEFAULTS]: number };

export interface HealthDeps {
  database: Pick<Database, 'kind' | 'ping' | 'db'>;
  clock: Clock;
  logger: Logger;
  /** The platforms this instance delivers for (its outbox claims only their rows). */
  platforms(): Platform[];
  /** Each running adapter's own view. */
  adapters(): { name: string; health(): AdapterHealth }[];
  /** The outbox worker's view: platform calls abandoned at their timeout, still unanswered. */
  outbox(): { hangingCalls: number };
  stopping(): boolean;
}

export type HealthStatus = 'ok' | 'degraded' | 'stopping';

/** The `/healthz` body. `status`, `database` and `platforms` keep their earlier shape. */
export interface HealthReport {
  status: HealthStatus;
  /** False when a load balancer should send work elsewhere (503). */
  serving: boolean;
  /** What is wrong, in words an operator reads; empty when `ok`. */
  reasons: string[];
  database: { kind: 'postgres' | 'pglite'; up: boolean; reason?: string };
  platforms: Record<string, AdapterHealth>;
  outbox: {
    /** Seconds the oldest due row has waited; null when nothing is due or it could not be read. */
    oldestDueSeconds: number | null;
    stuck: boolean;
    hangingCalls: number;
  };
  checkedAt: string;
}

const TIMED_OUT = Symbol('timed out');

async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export class HealthProbe {
  private readonly options: HealthOptions;
  private reading: { report: HealthReport; at: number } | undefined;
  private probing: Promise<HealthReport> | undefined;
  /** A ping that outlived its probe: while it hangs, the database counts as down. */
  private hangingPing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: HealthDeps,
    options: Partial<HealthOptions> = {},
  ) {
    this.options = { ...HEALTH_DEFAULTS, ...options };
  }

  /** Refreshes in the background until `stop()`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The latest reading if it is young enough, else a fresh one (bounded by the probe timeout). */
  async current(): Promise<HealthReport> {
    if (this.deps.stopping()) return { ...(await this.lastOrFresh()), status: 'stopping', serving: false };
    return this.lastOrFresh();
  }

  private async lastOrFresh(): Promise<HealthReport> {
    const reading = this.reading;
    if (reading && Date.now() - reading.at < this.options.maxAgeMs) return reading.report;
    return this.refresh();
  }

  /** One probe at a time; callers during a probe share it. */
  refresh(): Promise<HealthReport> {
    this.probing ??= this.probe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async probe(): Promise<HealthReport> {
    const { database } = this.deps;
    const [databaseState, backlog] = await Promise.all([this.pingDatabase(), this.oldestDue()]);
    const platforms = Object.fromEntries(this.deps.adapters().map((a) => [a.name, a.health()] as const));
    const { hangingCalls } = this.deps.outbox();
    const stuck = backlog !== null && backlog * 1000 > this.options.outboxStuckAfterMs;
    const reasons: string[] = [];
    if (!databaseState.up) reasons.push(`database: ${databaseState.reason}`);
    if (stuck) reasons.push(`outbox: the oldest due message has waited ${Math.round(backlog ?? 0)} s`);
    if (hangingCalls > 0) reasons.push(`outbox: ${hangingCalls} platform call(s) hang past their timeout`);
    for (const [name, health] of Object.entries(platforms))
      if (health.status !== 'connected') reasons.push(`${name}: ${health.reason}`);
    const connected = Object.values(platforms).every((h) => h.status === 'connected');
    const report: HealthReport = {
      status: reasons.length > 0 ? 'degraded' : 'ok',
      serving: databaseState.up && connected,
      reasons,
      database: { kind: database.kind, ...databaseState },
      platforms,
      outbox: { oldestDueSeconds: backlog, stuck, hangingCalls },
      checkedAt: new Date().toISOString(),
    };
    this.reading = { report, at: Date.now() };
    return report;
  }

  private async pingDatabase(): Promise<{ up: boolean; reason?: string }> {
    if (this.hangingPing) return { up: false, reason: 'an earlier ping still has no answer' };
    let failure = 'the ping failed';
    const ping = this.deps.database.ping((error) => {
      failure = error instanceof Error ? error.message.slice(0, 200) : 'the ping failed';
      this.deps.logger.warn({ err: error }, 'healthz: database ping failed');
    });
    const answer = await within(ping, this.options.probeTimeoutMs);
    if (answer === TIMED_OUT) {
      this.hangingPing = ping;
      void ping
        .catch(() => false)
        .finally(() => {
          if (this.hangingPing === ping) this.hangingPing = undefined;
        });
      return { up: false, reason: `no answer within ${this.options.probeTimeoutMs} ms` };
    }
    return answer ? { up: true } : { up: false, reason: failure };
  }

  /** Seconds the oldest due row of this instance's platforms has waited, or null. */
  private async oldestDue(): Promise<number | null> {
    const platforms = this.deps.platforms();
    if (platforms.length === 0) return null;
    const now = this.deps.clock.now();
    const query = this.deps.database.db
      // Rows enqueued "due now" carry the epoch as their due time: their wait starts at creation.
      .select({
        oldest: sql<Date | string | null>`min(greatest(${outbox.nextAttemptAt}, ${outbox.createdAt}))`,
      })
      .from(outbox)
      .where(
        and(
          sql`${outbox.status} = 'pending'`,
          lte(outbox.nextAttemptAt, now),
          inArray(outbox.platform, platforms),
        ),
      )
      .then((rows) => rows[0]?.oldest ?? null);
    const oldest = await within(
      query.catch(() => null),
      this.options.probeTimeoutMs,
    );
    if (oldest === TIMED_OUT || oldest === null) return null;
    return Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000);
  }
}

/** Serves the probe's reading on `/healthz`: 503 when down or stopping, 200 otherwise. */
export function mountHealth(http: HttpServer, probe: HealthProbe): void {
  http.app.get('/healthz', async (c) => {
    const report = await probe.current();
    return c.json(report, report.serving ? 200 : 503);
  });
}
