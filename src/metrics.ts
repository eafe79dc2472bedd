/**
 * Prometheus metrics for `/metrics`. The business figures (complaints by state, where intakes stop,
 * SLA breaches, the outbox) are read from the database at scrape time, so every instance behind a
 * load balancer reports the same truth; only what happens inside one process (handler errors,
 * process memory and event loop) is counted in memory.
 */
import { and, count, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { complaints, intakeSessions, outbox } from '../db/schema.js';
import { DEFAULT_OUTBOX_DEAD_DAYS } from './config.js';
import { OPEN_STATUSES } from './domain/index.js';
import type { Clock, Logger } from './ports.js';

/**
 * Conversations still going are all counted; those that ended (completed, cancelled, expired)
 * only within this window, so the count stays the size of a day's traffic however much history
 * there is (through `intake_active_uq` and `intake_ended_idx`).
 */
export const METRICS_ENDED_INTAKES_WINDOW_MS = 24 * 60 * 60_000;

const DAY_MS = 24 * 60 * 60_000;

/** Scrapes closer together than this reuse the last reading (several Prometheus servers, retries). */
export const METRICS_MIN_READ_INTERVAL_MS = 10_000;

export interface MetricsDeps {
  database: Database;
  clock: Clock;
  /** Told why a scrape could not read the database. */
  logger?: Logger;
  /**
   * Days outbox rows given up are kept (`OUTBOX_DEAD_DAYS`, default `DEFAULT_OUTBOX_DEAD_DAYS`): the
   * dead gauge counts those, as retention leaves them, even before retention has caught up.
   */
  outboxDeadDays?: number;
  /** Process metrics (memory, CPU, event-loop lag); off in tests that make many registries. */
  processMetrics?: boolean;
}

/** The Prometheus text format's content type, for the HTTP response. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export class Metrics {
  readonly registry = new Registry();
  private readonly complaints: Gauge;
  private readonly intakes: Gauge;
  private readonly breaches: Gauge;
  private readonly outboxRows: Gauge;
  private readonly outboxLag: Gauge;
  private readonly databaseUp: Gauge;
  private readonly handlerErrors: Counter;
  private lastRead = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    this.complaints = new Gauge({
      name: 'hearken_complaints',
      help: 'Complaints still owed work (open, claimed, waiting, reopened), by status, all tenants.',
      labelNames: ['status'],
      registers,
    });
    this.intakes = new Gauge({
      name: 'hearken_intake_sessions',
      help: 'Intake conversations by status and the step they are on (or stopped at): the drop-off. Active ones all; ended ones of the last 24 hours.',
      labelNames: ['status', 'step'],
      registers,
    });
    this.breaches = new Gauge({
      name: 'hearken_sla_breaches',
      help: 'Complaints still owed work whose first-response or resolution target was breached.',
      labelNames: ['target'],
      registers,
    });
    this.outboxRows = new Gauge({
      name: 'hearken_outbox_rows',
      help: 'Outbox rows waiting to be delivered (pending), or given up and not retried (dead; those written within OUTBOX_DEAD_DAYS, as /hearken outbox lists them).',
      labelNames: ['status'],
      registers,
    });
    this.outboxLag = new Gauge({
      name: 'hearken_outbox_lag_seconds',
      help: 'How long the oldest due, undelivered outbox row has been waiting (0 when none is due).',
      registers,
    });
    this.databaseUp = new Gauge({
      name: 'hearken_database_up',
      help: '1 when the scrape could read the database.',
      registers,
    });
    this.handlerErrors = new Counter({
      name: 'hearken_handler_errors_total',
      help: 'Inbound events whose handling failed in this process (the actor got a kind error reply).',
      labelNames: ['kind'],
      registers,
    });
    if (deps.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'hearken_' });
  }

  /** Counts one failed inbound event (pass as the core's `onHandlerError`). */
  handlerError(kind: string): void {
    this.handlerErrors.inc({ kind });
  }

  /** Reads the database and renders every metric in the Prometheus text format. */
  async scrape(): Promise<string> {
    try {
      const now = this.deps.clock.now().getTime();
      if (now - this.lastRead >= METRICS_MIN_READ_INTERVAL_MS || now < this.lastRead) {
        await this.readDatabase();
        this.lastRead = now;
      }
      this.databaseUp.set(1);
    } catch (error) {
      this.deps.logger?.warn({ err: error }, 'metrics: could not read the database; reporting it down');
      this.lastRead = Number.NEGATIVE_INFINITY;
      // A scrape must still answer when the database is down: that is when it matters most.
      this.databaseUp.set(0);
    }
    return this.registry.metrics();
  }

  private async readDatabase(): Promise<void> {
    const { db } = this.deps.database;
    const now = this.deps.clock.now();
    const endedSince = new Date(now.getTime() - METRICS_ENDED_INTAKES_WINDOW_MS);
    const deadDays = this.deps.outboxDeadDays ?? DEFAULT_OUTBOX_DEAD_DAYS;
    const deadSince = new Date(now.getTime() - deadDays * DAY_MS);
    const [byStatus, bySession, breached, pending, dead, lag] = await Promise.all([
      // Only statuses still owed work: Postgres then uses the partial SLA index (a few thousand
      // rows) instead of reading every complaint ever filed on each scrape; on 1,000,000
      // complaints that is milliseconds instead of about a second. History belongs in the digest.
      db
        .select({ status: complaints.status, n: count() })
        .from(complaints)
        .where(inArray(complaints.status, [...OPEN_STATUSES]))
        .groupBy(complaints.status),
      db
        .select({ status: intakeSessions.status, step: intakeSessions.step, n: count() })
        .from(intakeSessions)
        .where(
          // Literals, as in the partial indexes' predicates, so the planner can match them.
          or(
            sql`${intakeSessions.status} = 'active'`,
            and(sql`${intakeSessions.status} <> 'active'`, gte(intakeSessions.lastActivityAt, endedSince)),
          ),
        )
        .groupBy(intakeSessions.status, intakeSessions.step),
      db
        .select({
          firstResponse: sql<number>`count(*) filter (where ${complaints.firstResponseBreachedAt} is not null)`,
          resolution: sql<number>`count(*) filter (where ${complaints.resolutionBreachedAt} is not null)`,
        })
        .from(complaints)
        // Only complaints still owed work, as the help says: the partial SLA index, not every row.
        .where(
          and(
            inArray(complaints.status, [...OPEN_STATUSES]),
            sql`(${complaints.firstResponseBreachedAt} is not null or ${complaints.resolutionBreachedAt} is not null)`,
          ),
        ),
      db.select({ n: count() }).from(outbox).where(sql`${outbox.status} = 'pending'`),
      // The rows retention keeps, a range of `outbox_dead_idx`: not every row given up in years.
      db
        .select({ n: count() })
        .from(outbox)
        .where(and(sql`${outbox.status} = 'dead'`, gte(outbox.createdAt, deadSince))),
      db
        // Rows enqueued "due now" carry the epoch as their due time: their wait starts at creation.
        .select({
          oldest: sql<Date | string | null>`min(greatest(${outbox.nextAttemptAt}, ${outbox.createdAt}))`,
        })
        .from(outbox)
        .where(and(sql`${outbox.status} = 'pending'`, lte(outbox.nextAttemptAt, now))),
    ]);
    this.complaints.reset();
    for (const row of byStatus) this.complaints.set({ status: row.status }, Number(row.n));
    this.intakes.reset();
    for (const row of bySession) this.intakes.set({ status: row.status, step: row.step }, Number(row.n));
    this.breaches.set({ target: 'first_response' }, Number(breached[0]?.firstResponse ?? 0));
    this.breaches.set({ target: 'resolution' }, Number(breached[0]?.resolution ?? 0));
    this.outboxRows.set({ status: 'pending' }, Number(pending[0]?.n ?? 0));
    this.outboxRows.set({ status: 'dead' }, Number(dead[0]?.n ?? 0));
    const oldest = lag[0]?.oldest;
    this.outboxLag.set(oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0);
  }
}
