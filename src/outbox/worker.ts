/**
 * Delivers outbox rows through the platform ports: retries with exponential backoff, a lease so a
 * crashed instance's rows are picked up again, and the same idempotency key on every attempt so
 * the adapter can make a repeated send show once.
 *
 * Rows run in lanes, one per conversation (`laneOf`): in order within a lane, side by side across
 * lanes, and every platform call has its own timeout, so one channel that hangs delays nobody else.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.js';
import { outbox, type StoredRef } from '../../db/schema.js';
import { DeliveryTimeoutError } from '../errors.js';
import type { MessageRef, OutboundMessage, Platform, Target } from '../messages.js';
import { type Clock, type Logger, PermanentDeliveryError, type PlatformPort } from '../ports.js';
import { bind, statement } from '../prepared.js';
import { claimDue, claimKeys, type OutboxRow, type OutboxTarget } from './outbox.js';

/** What a row turns into at delivery time. */
export type Resolution =
  | { action: 'send'; target: Target; message: OutboundMessage }
  | { action: 'update'; ref: MessageRef; message: OutboundMessage }
  /** Not deliverable yet (the card is not posted, the staff channel is not set up): try later. */
  | { action: 'wait'; reason: string }
  /** Nothing to deliver any more (the complaint was erased). */
  | { action: 'drop'; reason: string };

export interface WorkerDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  port(platform: Platform): PlatformPort | undefined;
  /**
   * The platforms this instance has ports for. It claims only their rows, so a Slack-only and a
   * Discord-only instance on one database never take (and delay) each other's messages.
   */
  platforms(): Platform[];
  resolve(q: Queryable, row: OutboxRow): Promise<Resolution>;
  /**
   * What to do in the transaction that marks the row sent (store the card ref, …), or undefined
   * when there is nothing: the row is then marked sent in one statement, without a transaction.
   */
  onSent(row: OutboxRow, ref: MessageRef | undefined): ((q: Queryable) => Promise<void>) | undefined;
  /** Runs in the transaction that marks the row dead (tell staff the customer is unreachable). */
  onDead(q: Queryable, row: OutboxRow, reason: string, how: DeathKind): Promise<void>;
}

/**
 * Why a row died: the platform `refused` it (a permanent error: a person can fix it), the retries
 * were `exhausted`, or it was `dropped` because there is nothing to deliver any more.
 */
export type DeathKind = 'refused' | 'exhausted' | 'dropped';

export const OUTBOX_DEFAULTS = {
  batchSize: 20,
  /** Longer than any platform call takes; a row held longer belongs to a dead instance. */
  leaseMs: 60_000,
  baseDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
  /** About two hours of retries with the delays above before a row is given up as dead. */
  maxAttempts: 16,
  /** How long to wait before looking again at a row that cannot be delivered yet. */
  waitDelayMs: 30_000,
  pollMs: 1_000,
  /**
   * Each platform call's own deadline. A call with no answer by then counts as ambiguous (it may
   * have landed): the row is retried later, and the adapter checks for the earlier copy first.
   */
  callTimeoutMs: 10_000,
} as const;

export type OutboxOptions = { [K in keyof typeof OUTBOX_DEFAULTS]: number };

export function backoff(attempt: number, options: OutboxOptions, random = Math.random): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // Up to 20 % jitter so many rows failing together do not retry in lockstep.
  return Math.round(exponential * (1 + random() * 0.2));
}

/**
 * The conversation a row will land in, as far as the stored row tells: rows of one lane are
 * delivered in order, lanes run side by side. Late targets use what they resolve from. The staff
 * channel, the cards in it and their threads are one lane per tenant: a thread post or a card
 * update needs its card posted first, and the card comes earlier in the same lane.
 */
export function laneOf(row: OutboxRow): string {
  const target = row.target as OutboxTarget;
  switch (target.kind) {
    case 'channel':
      return `${row.platform}:channel:${target.channelId}`;
    case 'user':
      return `${row.platform}:user:${target.userId}`;
    case 'thread':
      return `${row.platform}:thread:${target.parent.channelId}:${target.parent.messageId}`;
    case 'staff_channel':
    case 'card_thread':
    case 'card':
      return `${row.tenantId}:staff_channel`;
    case 'manager_channel':
      return `${row.tenantId}:manager_channel`;
    default:
      return `${row.tenantId}:${target.kind}:${row.complaintId ?? `row-${row.id}`}`;
  }
}

/** What the worker knows about its own health, for `/healthz`. */
export interface WorkerHealth {
  /** Platform calls given up after their timeout that still have no answer. */
  hangingCalls: number;
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly options: OutboxOptions;
  /** Calls abandoned at their timeout and not settled yet: a hung platform, for health. */
  private readonly hanging = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: WorkerDeps,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...OUTBOX_DEFAULTS, ...options };
  }

  /** Delivers every row due now, batch after batch. Returns how many rows were processed. */
  async drain(): Promise<number> {
    // One drain at a time per instance; a second caller waits for the first and runs again.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.drainAll();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * Delivers the rows with these keys now, in order (an answer a customer waits for, just
   * enqueued); what it cannot take is left to the loop. Returns how many it delivered or retried.
   */
  async deliverKeys(keys: readonly string[]): Promise<number> {
    const rows = await claimKeys(this.deps.database.db, keys, this.deps.clock.now(), this.options.leaseMs);
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  /**
   * The end of a lease taken now, for rows this instance will deliver itself right after enqueuing
   * them (`enqueueAll`, then `deliverRows`); undefined when it has no port for `platform`.
   */
  leaseUntil(platform: Platform): Date | undefined {
    if (!this.deps.port(platform)) return undefined;
    return new Date(this.deps.clock.now().getTime() + this.options.leaseMs);
  }

  /** Delivers rows this instance leased when it enqueued them, in order. */
  async deliverRows(rows: readonly OutboxRow[]): Promise<void> {
    for (const row of rows) await this.deliver(row);
  }

  /** Starts polling. `kick()` delivers sooner after a local enqueue. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.drain()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'outbox drain failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  kick(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.start();
  }

  /** Stops polling and waits for the delivery in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** The worker's own view of its health (the probe adds the database's view of the backlog). */
  health(): WorkerHealth {
    return { hangingCalls: this.hanging.size };
  }

  /** The platforms whose rows this instance claims. */
  platforms(): Platform[] {
    return this.deps.platforms();
  }

  /**
   * Claims due rows while there is room (at most `batchSize` in flight), queues each behind the
   * rows of its lane, and returns when nothing is due and every lane is done. While lanes are
   * busy it claims again each `pollMs`, so new rows for other conversations start at once.
   */
  private async drainAll(): Promise<number> {
    const lanes = new Map<string, Promise<void>>();
    let inFlight = 0;
    let total = 0;
    for (;;) {
      const room = this.options.batchSize - inFlight;
      let rows: OutboxRow[] = [];
      if (room > 0) {
        try {
          rows = await claimDue(
            this.deps.database.db,
            this.deps.clock.now(),
            room,
            this.options.leaseMs,
            this.deps.platforms(),
          );
        } catch (error) {
          // Let the lanes finish before this drain ends, so a next drain never overlaps them.
          await Promise.allSettled(lanes.values());
          throw error;
        }
      }
      for (const row of rows) {
        const lane = laneOf(row);
        inFlight += 1;
        total += 1;
        const next: Promise<void> = (lanes.get(lane) ?? Promise.resolve())
          .then(() => (this.leaseHolds(row) ? this.deliver(row) : this.lapsed(row)))
          .catch((error: unknown) =>
            this.deps.logger.error({ err: error, outboxId: row.id }, 'outbox row could not be settled'),
          )
          .finally(() => {
            inFlight -= 1;
            if (lanes.get(lane) === next) lanes.delete(lane);
          });
        lanes.set(lane, next);
      }
      if (rows.length === 0) {
        if (lanes.size === 0) return total;
        // Until a lane frees room, look again each poll: a row enqueued for another conversation
        // meanwhile must not wait for a lane that hangs.
        let timer: NodeJS.Timeout | undefined;
        const poll = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.options.pollMs);
        });
        await Promise.race([...lanes.values(), poll]);
        clearTimeout(timer);
      }
    }
  }

  /** Whether this instance still holds the row: one that waited out its lease in a lane may be another's. */
  private leaseHolds(row: OutboxRow): boolean {
    return row.lockedUntil !== null && this.deps.clock.now().getTime() < row.lockedUntil.getTime();
  }

  private lapsed(row: OutboxRow): void {
    this.deps.logger.info(
      { outboxId: row.id, purpose: row.purpose },
      'outbox row waited out its lease behind its lane; left for the next claim',
    );
  }

  /**
   * Runs one platform call with its own deadline. A call that misses it is left running (it
   * cannot be taken back) and counted as hanging until it settles.
   */
  private async withTimeout<T>(call: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const settled = call.then(
          () => undefined,
          () => undefined,
        );
        this.hanging.add(settled);
        void settled.then(() => this.hanging.delete(settled));
        reject(new DeliveryTimeoutError(`${what} after ${this.options.callTimeoutMs} ms`));
      }, this.options.callTimeoutMs);
    });
    try {
      return await Promise.race([call, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db } = this.deps.database;
    try {
      const port = this.deps.port(row.platform);
      if (!port) return await this.later(row, `no ${row.platform} adapter running`, false);
      const resolution = await this.deps.resolve(db, row);
      if (resolution.action === 'wait') return await this.later(row, resolution.reason, false);
      if (resolution.action === 'drop')
        return await this.finish(row, 'dead', resolution.reason, undefined, 'dropped');
      let ref: MessageRef | undefined;
      if (resolution.action === 'send') {
        ref = await this.withTimeout(
          port.send(resolution.target, resolution.message, {
            idempotencyKey: row.idempotencyKey,
            attempt: row.attempts,
            since: row.createdAt,
          }),
          `${row.platform} send`,
        );
      } else {
        await this.withTimeout(port.update(resolution.ref, resolution.message), `${row.platform} update`);
      }
      await this.finish(row, 'sent', null, ref, undefined);
      // No child logger per row: most rows log nothing (debug is off), and making one costs.
      this.deps.logger.debug({ ...about(row), attempts: row.attempts }, 'outbox row delivered');
    } catch (error) {
      const reason = describe(error);
      const log = this.deps.logger.child(about(row));
      if (error instanceof PermanentDeliveryError || row.attempts >= this.options.maxAttempts) {
        log.warn({ attempts: row.attempts, reason }, 'outbox row given up');
        const how = error instanceof PermanentDeliveryError ? 'refused' : 'exhausted';
        await this.finish(row, 'dead', reason, undefined, how);
      } else {
        log.info({ attempts: row.attempts, reason }, 'outbox delivery failed; will retry');
        await this.later(row, reason, true);
      }
    }
  }

  private async finish(
    row: OutboxRow,
    status: 'sent' | 'dead',
    reason: string | null,
    ref: MessageRef | undefined,
    how: DeathKind | undefined,
  ) {
    const now = this.deps.clock.now();
    const stored: StoredRef | null = ref ? { ...ref } : null;
    const values = { id: row.id, status, reason, sentAt: status === 'sent' ? now : null, ref: stored };
    const mark = (q: Queryable) => markStatement(q, values);
    const alsoSent = status === 'sent' ? this.deps.onSent(row, ref) : undefined;
    if (status === 'sent' && !alsoSent) {
      if (row.purpose === 'reply') await deleteStatement(this.deps.database.db, { id: row.id });
      else await mark(this.deps.database.db);
      return;
    }
    await this.deps.database.db.transaction(async (tx) => {
      await mark(tx);
      if (alsoSent) await alsoSent(tx);
      else await this.deps.onDead(tx, row, reason ?? 'unknown', how ?? 'exhausted');
    });
  }

  private async later(row: OutboxRow, reason: string, counts: boolean) {
    const now = this.deps.clock.now().getTime();
    const delay = counts ? backoff(row.attempts, this.options) : this.options.waitDelayMs;
    const values = { id: row.id, reason, next: new Date(now + delay) };
    await (counts ? retryStatement : waitStatement)(this.deps.database.db, values);
  }
}

/** Marks a row sent or dead (its lease given back), with the platform's ref of a sent message. */
const markStatement = statement<
  never,
  { id: number; status: 'sent' | 'dead'; reason: string | null; sentAt: Date | null; ref: StoredRef | null }
>(
  (q) =>
    q
      .update(outbox)
      .set({
        status: bind('status', outbox.status),
        lockedUntil: null,
        lastError: bind('reason', outbox.lastError),
        sentAt: bind('sentAt', outbox.sentAt),
        resultRef: bind('ref', outbox.resultRef),
      })
      .where(eq(outbox.id, sql.placeholder('id'))),
  undefined,
);

/**
 * Removes a delivered answer to an inbox event (purpose `reply`) instead of marking it sent: marking
 * rewrites the whole row (message included) with a new entry in each of its indexes, since the
 * status is in their predicates, while a delete adds none. Nothing needs the row once delivered:
 * no query reads delivered replies, and its key cannot be enqueued again, since only a run that
 * still holds the inbox row's lease writes an answer, in the statement or transaction that marks
 * that row done or failed. Nor does a copy of an answer (a restatement quotes the customer) stay
 * until retention.
 */
const deleteStatement = statement<never, { id: number }>(
  (q) => q.delete(outbox).where(eq(outbox.id, sql.placeholder('id'))),
  undefined,
);

/** Gives a row's lease back, due again at `next`; `attempts` is its change of the attempt count. */
const laterStatement = (attempts: SQL | undefined) =>
  statement<never, { id: number; reason: string; next: Date }>(
    (q) =>
      q
        .update(outbox)
        .set({
          lockedUntil: null,
          lastError: bind('reason', outbox.lastError),
          nextAttemptAt: bind('next', outbox.nextAttemptAt),
          ...(attempts ? { attempts } : {}),
        })
        .where(eq(outbox.id, sql.placeholder('id'))),
    undefined,
  );
const retryStatement = laterStatement(undefined);
// A row waiting for its card or for set-up has not really been tried.
const waitStatement = laterStatement(sql`${outbox.attempts} - 1`);

/** What a row's log lines say about it. */
function about(row: OutboxRow): Record<string, unknown> {
  return { outboxId: row.id, purpose: row.purpose, platform: row.platform };
}

function describe(error: unknown): string {
  if (error instanceof PermanentDeliveryError) return error.reason;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
