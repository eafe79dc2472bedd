/**
 * Waking other instances for rows stored unleased (cross-instance wake-up, on a Postgres server):
 * an accept that stored a row no pool took notifies `INBOX_CHANNEL` in its own INSERT
 * (`acceptLeasing`); every instance with workers listens (`listenForRows`) and looks at once
 * rather than at its next poll. `NoticeSender` keeps one notifying accept of a pool on its way at a
 * time: a commit that notified holds Postgres's notification queue lock until it is durable, so
 * notifying commits go one at a time across the server, and a burst of them would queue there.
 */
import { sql } from 'drizzle-orm';
import type { Database, Listening, Queryable } from '../../db/client.js';
import { isPlatform } from '../domain/platform.js';
import { HearkenError } from '../errors.js';
import type { Platform } from '../messages.js';
import type { Logger } from '../ports.js';

/**
 * The channel an accept notifies when it stores a row unleased (no pool took it as it was
 * stored): every instance with a pool listens on it (`Database.listen`) and looks at once instead
 * of at its next poll. A row stored leased sends nothing: its instance runs it.
 */
export const INBOX_CHANNEL = 'hearken_inbox';

/**
 * What a notice on `INBOX_CHANNEL` says: the row an accept stored unleased (its platform and
 * ordering key), or, with neither, that rows were stored since the last notice (`notifyInbox`).
 */
export interface InboxNotice {
  /** The pool whose accept stored it (`InboxWorker.id`, empty for none): that pool knows already. */
  from: string;
  platform?: Platform;
  orderingKey?: string;
}

/** The notice's payload (JSON: ordering keys are the platform's opaque ids, any characters). */
export function noticeText(notice: InboxNotice): string {
  const { from, platform, orderingKey } = notice;
  return JSON.stringify(
    platform === undefined || orderingKey === undefined ? [from] : [from, platform, orderingKey],
  );
}

/** A payload read back; undefined for one that is not a notice (someone else's NOTIFY). */
export function readNotice(payload: string): InboxNotice | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || (parsed.length !== 1 && parsed.length !== 3)) return undefined;
  const [from, platform, orderingKey]: unknown[] = parsed;
  if (typeof from !== 'string') return undefined;
  if (parsed.length === 1) return { from };
  if (!isPlatform(platform) || typeof orderingKey !== 'string') return undefined;
  return { from, platform, orderingKey };
}

/**
 * A notice that rows were stored unleased with no notice of their own (`acceptLeasing` with
 * `tell` false, while another accept's notice was on its way): sent after they committed, so a
 * pool woken by it leases after them and finds them.
 */
export async function notifyInbox(q: Queryable, from: string): Promise<void> {
  await q.execute(sql`select pg_notify(${INBOX_CHANNEL}, ${noticeText({ from })})`);
}

/** Who tells other instances of a row stored unleased (`acceptLeasing`). */
export interface Telling {
  /** The accepting pool (`InboxWorker.id`), named in the notice: it ignores its own. */
  from: string;
  /** False: store it quietly (a notice sent after its commit covers it, `notifyInbox`). */
  tell: boolean;
}

/**
 * One pool's side of sending notices. `tell` asks a store to notify itself when no notice of this
 * pool is on its way; otherwise the row is stored quietly and one notice naming no row is owed,
 * sent after it committed (after the one on its way, if any), so a pool woken by it leases after
 * the row and finds it. Where nobody can listen (PGlite, one process) nothing is ever sent.
 */
export class NoticeSender {
  /** A store asked to notify, or the notice owed after quiet ones, on its way (one at a time). */
  private telling: Promise<void> | undefined;
  /** Rows were stored unleased and quietly since the last notice was sent: one is owed. */
  private owed = false;

  constructor(
    private readonly deps: { database: Database; logger: Logger },
    /** The pool's id, named in its notices. */
    private readonly from: string,
  ) {}

  /** A notice on its way, if one is (tests and `idle` wait for it). */
  get inFlight(): Promise<void> | undefined {
    return this.telling;
  }

  /**
   * Runs `store` with whether it should notify itself; a row it stored unleased (`waits` set)
   * without notifying is owed a notice.
   */
  async tell<S extends { waits?: string | undefined }>(store: (telling: Telling) => Promise<S>): Promise<S> {
    const listened = this.deps.database.listen !== undefined;
    if (!listened || this.telling) {
      const stored = await store({ from: this.from, tell: false });
      if (listened && stored.waits !== undefined) {
        this.owed = true;
        this.payOwed();
      }
      return stored;
    }
    let told = () => {};
    this.telling = new Promise((resolve) => (told = resolve));
    try {
      return await store({ from: this.from, tell: true });
    } finally {
      this.telling = undefined;
      told();
      this.payOwed();
    }
  }

  /** Sends the owed notice when no other is on its way; what is owed meanwhile is sent after it. */
  private payOwed(): void {
    if (!this.owed || this.telling) return;
    this.owed = false;
    this.telling = notifyInbox(this.deps.database.db, this.from)
      .catch((error: unknown) => {
        // The poll finds the rows a little later.
        this.deps.logger.warn({ code: HearkenError.wrap(error).code }, 'inbox: could not notify');
      })
      .finally(() => {
        this.telling = undefined;
        this.payOwed();
      });
  }
}

/** What a listening pool does with a notice (see `listenForRows`). */
export interface Hearing {
  /** The pool's id: its own notices are ignored (it knows). */
  from: string;
  /** Whether the pool answers on `platform`: a Slack-only instance does not wake for a Discord row. */
  answers(platform: Platform): boolean;
  /** A row of `orderingKey` was stored unleased. */
  row(orderingKey: string): void;
  /** Rows were stored quietly (which, the notice does not say), or the listener (re)started. */
  any(): void;
}

/**
 * LISTENs on `INBOX_CHANNEL` where the database can (a Postgres server; undefined elsewhere or when
 * it failed, logged: the poll still finds every row, a little later). Each (re)start of the listener
 * counts as `any`: a row notified while it was away would wait for the poll.
 */
export async function listenForRows(
  deps: { database: Database; logger: Logger },
  hearing: Hearing,
): Promise<Listening | undefined> {
  const { listen } = deps.database;
  if (!listen) return undefined;
  const heard = (payload: string) => {
    const notice = readNotice(payload);
    if (!notice || notice.from === hearing.from) return;
    const { platform, orderingKey } = notice;
    if (platform === undefined || orderingKey === undefined) hearing.any();
    else if (hearing.answers(platform)) hearing.row(orderingKey);
  };
  try {
    return await listen(INBOX_CHANNEL, heard, () => hearing.any());
  } catch (error) {
    deps.logger.warn({ code: HearkenError.wrap(error).code }, 'inbox: could not listen for rows');
    return undefined;
  }
}
