/**
 * `/hearken outbox`: the messages the outbox gave up on (dead rows), newest first and paged, and
 * `/hearken outbox retry <id>` to queue one again once its cause is fixed (the bot invited, the
 * channel unarchived). A retried row starts over: fresh attempts, due now.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import type { Ctx } from '../complaints/workflow.js';
import { formatInstant } from '../i18n/format.js';
import type { Catalog } from '../i18n/index.js';
import type { CommandEvent, Reply } from '../messages.js';
import { first, type OptionValues } from './args.js';
import { staffCatalog } from './ticket.js';

/** Rows per page: a list stays readable in one ephemeral message. */
export const OUTBOX_PAGE_SIZE = 10;

export async function outboxCommand(ctx: Ctx, event: CommandEvent, values: OptionValues): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const retry = first(values, 'retry');
  if (retry !== undefined) return { messages: [{ text: await requeue(ctx, t, retry) }], ephemeral: true };
  const page = Math.max(1, Number.parseInt(first(values, 'page') ?? '1', 10) || 1);
  return { messages: [{ text: await list(ctx, t, page) }], ephemeral: true };
}

async function list(ctx: Ctx, t: Catalog, page: number): Promise<string> {
  const mine = and(eq(outbox.tenantId, ctx.tenant.tenantId), eq(outbox.status, 'dead'));
  const [total] = await ctx.q.select({ n: count() }).from(outbox).where(mine);
  const rows = await ctx.q
    .select()
    .from(outbox)
    .where(mine)
    .orderBy(desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  const n = Number(total?.n ?? 0);
  if (n === 0) return t.outbound.list.empty;
  const pages = Math.ceil(n / OUTBOX_PAGE_SIZE);
  const lines = rows.map((row) =>
    t.outbound.list.row({
      id: String(row.id),
      when: formatInstant(row.createdAt, t.locale, ctx.tenant.timeZone),
      purpose: row.purpose,
      target: targetWords(t, row.target.kind),
      reason: (row.lastError ?? '').slice(0, 200),
    }),
  );
  return [
    `*${t.outbound.list.title}*`,
    ...lines,
    t.outbound.list.page(Math.min(page, pages), pages),
    ...(page < pages ? [t.outbound.list.more(page + 1)] : []),
  ].join('\n');
}

type TargetWord = keyof Catalog['outbound']['targets'];

function isTargetWord(t: Catalog, kind: unknown): kind is TargetWord {
  return typeof kind === 'string' && Object.hasOwn(t.outbound.targets, kind);
}

function targetWords(t: Catalog, kind: unknown): string {
  return isTargetWord(t, kind) ? t.outbound.targets[kind] : t.outbound.targets.channel;
}

/** Queues a dead row of this tenant again, due now with fresh attempts. */
async function requeue(ctx: Ctx, t: Catalog, raw: string): Promise<string> {
  const id = /^#?\d{1,15}$/.test(raw) ? Number(raw.replace('#', '')) : undefined;
  if (id === undefined) return t.outbound.notDead(raw);
  const done = await ctx.q
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: ctx.now, lockedUntil: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.tenantId, ctx.tenant.tenantId), eq(outbox.status, 'dead')))
    .returning({ id: outbox.id });
  return done.length > 0 ? t.outbound.retried(String(id)) : t.outbound.notDead(String(id));
}
