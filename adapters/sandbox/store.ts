/**
 * The sandbox's own "platform": its DMs, channels and threads, kept in `sandbox_messages` so a
 * restart shows the history, plus a small in-process feed that pushes each change to the open
 * browser tabs. The table is the truth; the feed is only a nudge to re-render.
 */
import { EventEmitter } from 'node:events';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sandboxMessages } from '../../db/schema.js';
import { DatabaseError } from '../../src/errors.js';
import type { OutboundMessage } from '../../src/messages.js';

/** Conversation ids: `dm:<userId>`, `channel:<channelId>`, `thread:<messageId>`. */
export const dmConversation = (userId: string): string => `dm:${userId}`;
export const channelConversation = (channelId: string): string => `channel:${channelId}`;
export const threadConversation = (messageId: string): string => `thread:${messageId}`;

/**
 * The simulated people live in the same table under this conversation, one row each, so they
 * survive a restart without a table of their own.
 */
export const DIRECTORY_CONVERSATION = 'directory';

/** What the `message` jsonb column holds for a chat message. */
export interface StoredBody {
  body: OutboundMessage;
  /** Only this user sees it (an ephemeral reply, an echoed slash command). */
  visibleTo?: string;
  /** A slash command the user typed, shown back to them in the command style. */
  command?: boolean;
}

export interface SandboxMessage {
  id: number;
  conversation: string;
  authorId: string;
  authorName: string;
  fromBot: boolean;
  body: OutboundMessage;
  visibleTo?: string;
  command: boolean;
  createdAt: Date;
  edited: boolean;
}

export type NewMessage = Pick<
  SandboxMessage,
  'conversation' | 'authorId' | 'authorName' | 'fromBot' | 'body'
> & {
  visibleTo?: string;
  command?: boolean;
  /** A repeated insert with the same key returns the first row instead of adding one. */
  idempotencyKey?: string;
};

export type StoreChange = { kind: 'message'; message: SandboxMessage } | { kind: 'directory' };

type Row = typeof sandboxMessages.$inferSelect;

function toMessage(row: Row): SandboxMessage {
  // Our own writes: the column always holds a StoredBody for chat conversations.
  const stored = row.message as unknown as StoredBody;
  const message: SandboxMessage = {
    id: row.id,
    conversation: row.conversation,
    authorId: row.authorId,
    authorName: row.authorName,
    fromBot: row.fromBot,
    body: stored.body,
    command: stored.command === true,
    createdAt: row.createdAt,
    edited: row.updatedAt.getTime() - row.createdAt.getTime() > 500,
  };
  if (stored.visibleTo) message.visibleTo = stored.visibleTo;
  return message;
}

function toColumn(input: { body: OutboundMessage; visibleTo?: string; command?: boolean }) {
  const stored: StoredBody = { body: input.body };
  if (input.visibleTo) stored.visibleTo = input.visibleTo;
  if (input.command) stored.command = true;
  return stored as unknown as Record<string, unknown>;
}

export class SandboxStore {
  private readonly feed = new EventEmitter();

  constructor(private readonly database: Database) {
    // One listener per open browser tab; a busy demo can have many.
    this.feed.setMaxListeners(0);
  }

  /** Adds a message; with an idempotency key already used, returns the earlier one unchanged. */
  async insert(input: NewMessage): Promise<SandboxMessage> {
    const values = {
      conversation: input.conversation,
      authorId: input.authorId,
      authorName: input.authorName,
      fromBot: input.fromBot,
      message: toColumn(input),
      idempotencyKey: input.idempotencyKey ?? null,
    };
    const [row] = await this.database.db
      .insert(sandboxMessages)
      .values(values)
      .onConflictDoNothing({ target: sandboxMessages.idempotencyKey })
      .returning();
    if (row) {
      const message = toMessage(row);
      this.emit({ kind: 'message', message });
      return message;
    }
    const existing = input.idempotencyKey ? await this.byKey(input.idempotencyKey) : undefined;
    if (!existing) throw new DatabaseError('E_DB_NO_ROW', 'a sandbox message insert');
    return existing;
  }

  /** Replaces the body of a message; undefined when it does not exist. */
  async replace(id: number, body: OutboundMessage): Promise<SandboxMessage | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const stored: { body: OutboundMessage; visibleTo?: string; command?: boolean } = {
      body,
      command: current.command,
    };
    if (current.visibleTo) stored.visibleTo = current.visibleTo;
    const [row] = await this.database.db
      .update(sandboxMessages)
      .set({ message: toColumn(stored), updatedAt: new Date() })
      .where(eq(sandboxMessages.id, id))
      .returning();
    if (!row) return undefined;
    const message = toMessage(row);
    this.emit({ kind: 'message', message });
    return message;
  }

  async get(id: number): Promise<SandboxMessage | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const [row] = await this.database.db.select().from(sandboxMessages).where(eq(sandboxMessages.id, id));
    return row && row.conversation !== DIRECTORY_CONVERSATION ? toMessage(row) : undefined;
  }

  /** Every chat message in order (the sandbox is a small local demo: the page filters). */
  async all(): Promise<SandboxMessage[]> {
    const rows = await this.database.db.select().from(sandboxMessages).orderBy(asc(sandboxMessages.id));
    return rows.filter((row) => row.conversation !== DIRECTORY_CONVERSATION).map(toMessage);
  }

  async conversation(conversation: string): Promise<SandboxMessage[]> {
    const rows = await this.database.db
      .select()
      .from(sandboxMessages)
      .where(eq(sandboxMessages.conversation, conversation))
      .orderBy(asc(sandboxMessages.id));
    return rows.map(toMessage);
  }

  /** Raw directory rows, for the directory module. */
  async directoryRows(): Promise<Row[]> {
    return this.database.db
      .select()
      .from(sandboxMessages)
      .where(eq(sandboxMessages.conversation, DIRECTORY_CONVERSATION))
      .orderBy(asc(sandboxMessages.id));
  }

  /** Adds a directory entry once (keyed by user id); true when it was new. */
  async addDirectoryEntry(userId: string, name: string, entry: Record<string, unknown>): Promise<boolean> {
    const rows = await this.database.db
      .insert(sandboxMessages)
      .values({
        conversation: DIRECTORY_CONVERSATION,
        authorId: userId,
        authorName: name,
        fromBot: false,
        message: entry,
        idempotencyKey: `directory:${userId}`,
      })
      .onConflictDoNothing({ target: sandboxMessages.idempotencyKey })
      .returning({ id: sandboxMessages.id });
    if (rows.length > 0) this.emit({ kind: 'directory' });
    return rows.length > 0;
  }

  /** Calls `listener` for every change until the returned function is called. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.feed.on('change', listener);
    return () => this.feed.off('change', listener);
  }

  private emit(change: StoreChange): void {
    this.feed.emit('change', change);
  }

  /** The message stored with this idempotency key, if any. */
  async byKey(key: string): Promise<SandboxMessage | undefined> {
    const [row] = await this.database.db
      .select()
      .from(sandboxMessages)
      .where(eq(sandboxMessages.idempotencyKey, key));
    return row ? toMessage(row) : undefined;
  }
}
