/**
 * The inbox's worker pool: leases due rows (`inbox.ts`), runs each through `process` with at most
 * `concurrency` at once and one at a time per ordering key, retries a failed row with backoff and
 * gives it up after `maxAttempts` (logging its id and error code, never the customer's words).
 * A row accepted here runs at once when it can (`offer`), on the event loop's next turn (after its
 * ack is answered; rows start one per turn, see `startSoon`); `kick()` looks for work, one lease at a
 * time (a kick meanwhile runs it once more), and only when one can find something: not for a
 * row whose customer this pool has in hand (the row that finishes looks), not while every slot
 * is taken. `start()` listens for rows another instance stored unleased (on a Postgres server:
 * the accept's notice on `INBOX_CHANNEL`) and adds a poll, the safety net, for rows whose lease ran
 * out (a crashed instance), retries that came due and notices lost while the listener was away.
 * With `concurrency` 0 the pool handles nothing: its instance only accepts (a web-role instance),
 * storing every row unleased for the pools of other instances.
 */

import { randomUUID } from 'node:crypto';
import type { Database, Listening } from '../../db/client.js';
import { DEFAULT_INBOX_LEASE_SECONDS } from '../config.js';
import { HearkenError } from '../errors.js';
import type { Platform } from '../messages.js';
import type { Clock, Logger } from '../ports.js';
import { type InboxRow, leaseDue, release, walkedTo } from './inbox.js';
import { listenForRows, NoticeSender, type Telling } from './notices.js';

export const INBOX_DEFAULTS = {
  /** Rows handled at once by one instance; 0: none, the instance only accepts. */
  concurrency: 8,
  /**
   * Far longer than an event takes; a row held longer belongs to a dead instance, and its
   * customer waits that long for the answer after a crash. Taking a row whose worker is only slow
   * is harmless: the work's transaction starts by marking its row done under its own lease
   * (`claimRow`), so of two runs only one does the work.
   */
  leaseMs: DEFAULT_INBOX_LEASE_SECONDS * 1000,
  pollMs: 1_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  /** A row failing this often is given up (a poison message must not block its customer forever). */
  maxAttempts: 5,
} as const;

export type InboxOptions = { [K in keyof typeof INBOX_DEFAULTS]: number };

export interface InboxWorkerDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /**
   * The platforms this instance has adapters for: it takes only their rows, so a Slack-only and a
   * Discord-only instance on one database each answer their own. Absent: every platform.
   */
  platforms?(): Platform[];
  /**
   * Does the row's work and marks it done in one transaction; throws to have it retried. Resolves
   * true when a later row of the same ordering key is waiting (the pool looks for it at once).
   */
  process(row: InboxRow): Promise<boolean>;
  /** Marks the row failed (and tells the person, if it can) after its last attempt. */
  giveUp(row: InboxRow, reason: string): Promise<void>;
}

/** What `offer`'s `store` did: its result, the row when it came back leased, else the key of a row stored to wait. */
export interface Stored<T> {
  result: T;
  leased?: InboxRow | undefined;
  /**
   * The ordering key of a row stored unleased (it waits for a lease; stored quietly, it is owed a
   * notice); absent for a duplicate.
   */
  waits?: string | undefined;
}

/**
 * What `offer` stores through: `leaseUntil` to store the row leased to this pool (absent: unleased),
 * `telling` whether a row stored unleased notifies other instances itself (`acceptLeasing`).
 */
export type Store<T> = (leaseUntil: Date | undefined, telling: Telling) => Promise<Stored<T>>;

export class InboxWorker {
  readonly options: InboxOptions;
  /** Names this pool in the notices its accepts send, so that it ignores its own. */
  readonly id = randomUUID();
  private readonly active = new Map<number, Promise<void>>();
  /** Ordering keys with a row in hand here: their next row waits even after this one commits. */
  private readonly busy = new Set<string>();
  /** Keys of rows being stored leased to this pool right now (`offer`). */
  private readonly offering = new Set<string>();
  /** Slots promised to rows being accepted here (`offer`), not in `active` yet. */
  private reserved = 0;
  /**
   * Keys in `busy` whose next row may have been passed over: stored here meanwhile, or a lease
   * skipped the key while it was in hand (another instance may have stored its next row). Their
   * row that finishes looks even if its claim (which saw the key's later rows as of its start)
   * said there was none.
   */
  private readonly followed = new Set<string>();
  /**
   * A lease found the pool full: a row may be due that nobody here took, so the next row to
   * finish looks again. Otherwise a finishing row looks only when its key has more (a key in hand
   * here is skipped by a lease, and its row finishing is what lets its next row go).
   */
  private crowded = false;
  /** Where the next lease starts its walk over customers (`leaseDue`'s `after`): they take turns. */
  private cursor = '';
  private leases = 0;
  /** Rows taken in hand, waiting for their turn to start (`startSoon`). */
  private readonly starting: (() => void)[] = [];
  private startScheduled = false;
  private pumping: Promise<void> | undefined;
  private again = false;
  private poll: NodeJS.Timeout | undefined;
  /** The LISTEN on `INBOX_CHANNEL` while started (none on PGlite, or when it failed). */
  private listening: Promise<Listening | undefined> | undefined;
  /** Tells other instances of the rows this pool's accepts store unleased. */
  private readonly notices: NoticeSender;
  private stopped = false;

  constructor(
    private readonly deps: InboxWorkerDeps,
    options: Partial<InboxOptions> = {},
  ) {
    this.options = { ...INBOX_DEFAULTS, ...options };
    this.notices = new NoticeSender(deps, this.id);
  }

  /** True when this pool handles no rows: its instance only accepts them (`concurrency` 0). */
  get acceptOnly(): boolean {
    return this.options.concurrency === 0;
  }

  /** Looks for work now (after an accept, or when a row finished). */
  kick(): void {
    if (this.stopped || this.acceptOnly) return;
    void this.pump();
  }

  /**
   * A row of `orderingKey` was stored to wait for a lease: looks for it now, unless this pool has
   * the key in hand or is storing a row of it (a lease would skip it; that row looks when it
   * finishes).
   */
  kickFor(orderingKey: string): void {
    if (this.busy.has(orderingKey) || this.offering.has(orderingKey)) this.followed.add(orderingKey);
    else this.kick();
  }

  /** Lease statements this pool has sent (what a kick costs the database, for tests and metrics). */
  get leaseStatements(): number {
    return this.leases;
  }

  /**
   * Listens for rows stored unleased elsewhere and polls for the rest; resolves once the listener
   * is in place (at once where there is none). An accept-only pool does neither.
   */
  start(): Promise<void> {
    this.stopped = false;
    if (this.acceptOnly) return Promise.resolve();
    this.listening ??= this.listen();
    if (!this.poll) {
      this.poll = setInterval(() => this.kick(), this.options.pollMs);
      this.poll.unref();
      this.kick();
    }
    return this.listening.then(() => undefined);
  }

  /** Stops taking rows and waits for those in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    const listening = this.listening;
    this.listening = undefined;
    // Not awaited: with the database down it would wait for a connection, and a notice heard
    // meanwhile kicks a stopped pool, which does nothing.
    void listening?.then((l) => l?.unlisten()).catch(() => undefined);
    await this.idle();
  }

  /** LISTENs for rows stored unleased elsewhere (see `listenForRows`). */
  private async listen(): Promise<Listening | undefined> {
    const listening = await listenForRows(this.deps, {
      from: this.id,
      answers: (platform) => this.deps.platforms?.().includes(platform) ?? true,
      row: (orderingKey) => this.kickFor(orderingKey),
      any: () => this.kick(),
    });
    // Failed: the next start tries again.
    if (!listening) this.listening = undefined;
    return listening;
  }

  /** Handles everything due now, and waits until nothing is in hand (tests). */
  async drain(): Promise<void> {
    const wasStopped = this.stopped;
    this.stopped = false;
    try {
      await this.pump();
      await this.idle();
    } finally {
      this.stopped = wasStopped;
    }
  }

  /** Resolves when no row is in hand, no lease is being taken and no notice is on its way. */
  async idle(): Promise<void> {
    while (this.pumping || this.notices.inFlight || this.active.size > 0) {
      await Promise.allSettled([this.pumping, this.notices.inFlight, ...this.active.values()]);
    }
  }

  private pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    const run = async () => {
      try {
        do {
          this.again = false;
          await this.fill();
        } while (this.again && !this.stopped);
      } catch (error) {
        // The database is down or a query failed: the poll (or the next accept) tries again.
        this.deps.logger.warn({ code: HearkenError.wrap(error).code }, 'inbox: could not lease rows');
      } finally {
        this.pumping = undefined;
      }
    };
    this.pumping = run();
    return this.pumping;
  }

  /**
   * Stores a row through `store`, leased to this pool when it has a free slot and answers on
   * `platform` (`store` gets the lease's end, or undefined), and runs a row that came back leased
   * at once: the accepting instance needs no lease statement. A row stored to wait (`store` says
   * its key) is looked for when a lease can find it (`kickFor`); pools elsewhere hear of it from
   * the accept's notice. Returns what `store` returned.
   */
  async offer<T>(platform: Platform, orderingKey: string, store: Store<T>): Promise<T> {
    // Accept-only: every row is stored unleased, for the pools of other instances.
    if (this.acceptOnly) return (await this.notices.tell((telling) => store(undefined, telling))).result;
    const answers = this.deps.platforms?.().includes(platform) ?? true;
    // Two messages of one customer accepted at once would both pass the INSERT's "nothing pending"
    // check (neither sees the other's uncommitted row) and run side by side, perhaps the later
    // first: while one of the customer's rows is being stored or run here, the next waits its turn.
    const sameCustomer = this.offering.has(orderingKey) || this.busy.has(orderingKey);
    if (
      this.stopped ||
      !answers ||
      sameCustomer ||
      this.active.size + this.reserved >= this.options.concurrency
    ) {
      const { result, waits } = await this.notices.tell((telling) => store(undefined, telling));
      // Another platform's row is its pool's. Behind the same customer's row: that row looks when
      // it finishes (or, if it finished while this one was being stored, a lease looks now).
      // Every slot taken: the next row to finish looks.
      if (waits !== undefined && answers && !this.stopped) {
        if (sameCustomer) this.kickFor(waits);
        else this.crowded = true;
      }
      return result;
    }
    this.reserved += 1;
    this.offering.add(orderingKey);
    let stored: Stored<T>;
    try {
      const leaseUntil = new Date(this.deps.clock.now().getTime() + this.options.leaseMs);
      stored = await this.notices.tell((telling) => store(leaseUntil, telling));
    } finally {
      this.reserved -= 1;
      this.offering.delete(orderingKey);
    }
    if (stored.leased) this.run(stored.leased);
    else if (stored.waits !== undefined) this.kickFor(stored.waits);
    return stored.result;
  }

  private async fill(): Promise<void> {
    while (!this.stopped) {
      const free = this.options.concurrency - this.active.size - this.reserved;
      if (free <= 0) {
        this.crowded = true;
        return;
      }
      this.leases += 1;
      // Keys whose row is in hand, or being stored leased to this pool (its INSERT may not be
      // visible yet, so a later row of the key could look first).
      const busy = [...this.busy, ...this.offering];
      const rows = await leaseDue(this.deps.database.db, {
        now: this.deps.clock.now(),
        limit: free,
        leaseMs: this.options.leaseMs,
        busy,
        platforms: this.deps.platforms?.(),
        after: this.cursor,
      });
      for (const key of busy) this.followed.add(key);
      this.cursor = walkedTo(this.cursor, rows);
      if (rows.length === free) this.crowded = true;
      for (const row of rows) this.run(row);
      // Fewer than asked for: nothing else is due now (an accept meanwhile kicks `again`).
      if (rows.length < free) return;
    }
  }

  /**
   * Takes `row` in hand and starts it on a later turn of the event loop (`startSoon`), not in the
   * caller's: an accept that leased its own row answers the platform before the row's work runs.
   */
  private run(row: InboxRow): void {
    this.busy.add(row.orderingKey);
    const started = new Promise<boolean>((resolve) => this.startSoon(() => resolve(this.handle(row))));
    const work = started.then((more) => {
      this.active.delete(row.id);
      this.busy.delete(row.orderingKey);
      const followed = this.followed.delete(row.orderingKey);
      // The key's next row, or a row that waited for a free slot, can go now.
      if (more || followed || this.crowded) {
        this.crowded = false;
        this.kick();
      }
    });
    this.active.set(row.id, work);
  }

  /**
   * Starts one waiting row per turn of the event loop (`setImmediate`, after the turn's I/O): a
   * row's start runs its work's synchronous part (parsing, building the transaction's first
   * statement), and a lease of eight rows started together held every request that arrived
   * meanwhile, an ack among them, behind all eight.
   */
  private startSoon(start: () => void): void {
    this.starting.push(start);
    if (this.startScheduled) return;
    this.startScheduled = true;
    setImmediate(this.startNext);
  }

  private readonly startNext = (): void => {
    try {
      this.starting.shift()?.();
    } finally {
      // After the start: what it queued (or what was waiting) goes on the next turn, after its I/O.
      if (this.starting.length > 0) setImmediate(this.startNext);
      else this.startScheduled = false;
    }
  };

  /** Runs one row; true when its key has a later row waiting. Never throws. */
  private async handle(row: InboxRow): Promise<boolean> {
    try {
      return await this.deps.process(row);
    } catch (error) {
      // Made here, not per row: a row that succeeds logs nothing, and a child logger costs.
      const log = this.deps.logger.child({ inboxId: row.id, platform: row.platform });
      const code = HearkenError.wrap(error).code;
      const reason = error instanceof Error ? `${code} ${error.name}` : code;
      try {
        if (row.attempts >= this.options.maxAttempts) {
          log.error({ attempts: row.attempts, code }, 'inbox: event given up');
          await this.deps.giveUp(row, reason);
        } else {
          log.warn({ attempts: row.attempts, code }, 'inbox: event failed; will retry');
          const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (row.attempts - 1));
          await release(
            this.deps.database.db,
            row,
            new Date(this.deps.clock.now().getTime() + delay),
            reason,
          );
        }
      } catch (inner) {
        // Cannot even record it (the database is down): the lease runs out and the row comes back.
        log.warn({ code: HearkenError.wrap(inner).code }, 'inbox: could not record a failed attempt');
      }
      // Rows of its key wait behind it (due again later): the next pool run finds what is due.
      return true;
    }
  }
}
