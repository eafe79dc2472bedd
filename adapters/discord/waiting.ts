/**
 * DMs waiting for the database. Discord never delivers a gateway event twice, so a customer's DM
 * that cannot be stored in the inbox (the database is down) waits here, in memory, in order, and
 * is tried again until it is stored. When the wait passes `noticeAfterMs` the customer is told,
 * once, to give us a moment. The queue is bounded: past `capacity` a DM is refused with an apology
 * asking to send it again, rather than growing without end.
 */
import type { Locale } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';

export interface WaitingOptions {
  /** DMs held at most; the next one is refused with an apology. */
  capacity: number;
  /** How often the head of the queue is tried again. */
  retryMs: number;
  /** Tell the customer to give us a moment once their DM has waited this long. */
  noticeAfterMs: number;
}

export const DEFAULT_WAITING: WaitingOptions = { capacity: 1_000, retryMs: 1_000, noticeAfterMs: 4_000 };

/** One DM: `store` resolves true once it is stored (or answered), false when it must wait. */
export interface WaitingDm {
  channelId: string;
  locale: Locale;
  store(): Promise<boolean>;
}

export interface WaitingDeps {
  logger: Logger;
  now(): number;
  /** Tells the customer in `channelId` (directly, without the database): `moment` or `full`. */
  tell(channelId: string, locale: Locale, what: 'moment' | 'full'): Promise<void>;
}

interface Held extends WaitingDm {
  since: number;
  told: boolean;
}

export class WaitingDms {
  private readonly queue: Held[] = [];
  /** DM channels told to give us a moment during this outage: once each is enough. */
  private readonly told = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: WaitingDeps,
    private readonly options: WaitingOptions = DEFAULT_WAITING,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** Stores the DM now if nothing waits before it and the database takes it; else it waits. */
  async submit(dm: WaitingDm): Promise<void> {
    if (this.queue.length === 0 && (await this.attempt(dm))) return;
    if (this.queue.length >= this.options.capacity) {
      this.deps.logger.error({ capacity: this.options.capacity }, 'discord: waiting DMs full; one refused');
      await this.deps.tell(dm.channelId, dm.locale, 'full');
      return;
    }
    this.queue.push({ ...dm, since: this.deps.now(), told: false });
    this.deps.logger.warn({ waiting: this.queue.length }, 'discord: a DM waits for the database');
    this.schedule();
  }

  /** Resolves when nothing waits (tests), or once stopped. */
  async idle(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      await (this.flushing ?? new Promise((resolve) => setTimeout(resolve, this.options.retryMs)));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0)
      this.deps.logger.error({ lost: this.queue.length }, 'discord: stopped with DMs still waiting');
  }

  private async attempt(dm: WaitingDm): Promise<boolean> {
    try {
      return await dm.store();
    } catch (error) {
      this.deps.logger.warn(
        { err: error instanceof Error ? error.name : 'error' },
        'discord: DM not stored yet',
      );
      return false;
    }
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.queue.length > 0) this.schedule();
      });
    }, this.options.retryMs);
  }

  /** Oldest first; stops at the first that still cannot be stored, so order is kept. */
  private async flush(): Promise<void> {
    while (!this.stopped) {
      const head = this.queue[0];
      if (!head) return;
      if (await this.attempt(head)) {
        this.queue.shift();
        if (this.queue.length === 0) this.told.clear();
        continue;
      }
      const now = this.deps.now();
      for (const held of this.queue) {
        if (held.told || now - held.since < this.options.noticeAfterMs) continue;
        held.told = true;
        if (this.told.has(held.channelId)) continue;
        this.told.add(held.channelId);
        await this.deps.tell(held.channelId, held.locale, 'moment').catch(() => undefined);
      }
      return;
    }
  }
}
