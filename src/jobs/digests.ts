/**
 * The daily digest: at each tenant's `digestTime` in its time zone, yesterday's digest goes to its
 * managers' channel, or, while it has none, to the DMs of the admins Hearken knows (with a line
 * saying how to set the channel). Once per tenant per local day: the `job_runs` row (`digest:<tenant>:<date>`)
 * and the outbox row are written in one transaction, and both keys are unique. A tick that comes
 * late (instances were down at 09:00) still sends that day's digest.
 */
import { eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { jobRuns, tenantSettings } from '../../db/schema.js';
import type { AdminCommandHandler } from '../core.js';
import { buildDigest } from '../digest/build.js';
import { catalogFor } from '../i18n/index.js';
import type { OutboundMessage, Platform } from '../messages.js';
import { enqueue, type OutboxTarget } from '../outbox/outbox.js';
import {
  addDays,
  formatDate,
  parseClock,
  startOfLocalDay,
  toLocal,
  usableTimeZone,
} from '../sla/calendar.js';
import type { TenantSettings } from '../tenants.js';
import type { JobsDeps } from './deps.js';

const DEFAULT_DIGEST_MINUTE = 9 * 60;

export interface DigestRunResult {
  sent: string[];
}

async function existingRuns(deps: JobsDeps, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await deps.database.db
    .select({ key: jobRuns.key })
    .from(jobRuns)
    .where(inArray(jobRuns.key, keys));
  return new Set(rows.map((r) => r.key));
}

/** Sends every digest that is due at `now` and not sent yet. Safe on every instance at once. */
export async function runDigests(deps: JobsDeps, now: Date): Promise<DigestRunResult> {
  const { db } = deps.database;
  const tenants = await db
    .select()
    .from(tenantSettings)
    .where(
      or(
        isNotNull(tenantSettings.managerChannelId),
        sql`jsonb_array_length(${tenantSettings.knownAdmins}) > 0`,
      ),
    );
  const due = tenants.flatMap((tenant) => {
    const timeZone = usableTimeZone(tenant.timeZone);
    const local = toLocal(now, timeZone);
    if (local.hour * 60 + local.minute < (parseClock(tenant.digestTime) ?? DEFAULT_DIGEST_MINUTE)) return [];
    // A tenant set up today has no yesterday to report: its first digest comes tomorrow.
    if (tenant.createdAt >= startOfLocalDay(local, timeZone)) return [];
    return [{ tenant, local, key: `digest:${tenant.tenantId}:${formatDate(local)}` }];
  });
  // One look-up for every tenant's marker, not one per tenant per minute.
  const done = await existingRuns(
    deps,
    due.map((d) => d.key),
  );
  const sent: string[] = [];
  for (const { tenant, local, key } of due) {
    if (done.has(key)) continue;
    try {
      // Built outside the transaction (rendering takes a moment); the claim below decides who sends.
      const message = await buildDigest(
        { database: deps.database, clock: { now: () => now } },
        tenant.tenantId,
        formatDate(addDays(local, -1)),
      );
      const claimed = await db.transaction(async (tx) => {
        const [run] = await tx
          .insert(jobRuns)
          .values({ key, instanceId: deps.instanceId, startedAt: now, finishedAt: now })
          .onConflictDoNothing()
          .returning({ key: jobRuns.key });
        if (!run) return false;
        for (const [suffix, target, readerMessage] of readers(tenant, message)) {
          await enqueue(tx, {
            key: `${key}${suffix}`,
            tenantId: tenant.tenantId,
            platform: tenant.platform,
            target,
            message: readerMessage,
            purpose: 'digest',
          });
        }
        return true;
      });
      if (claimed) sent.push(tenant.tenantId);
    } catch (error) {
      deps.logger.error({ err: error, tenantId: tenant.tenantId }, 'digest failed; retrying next minute');
    }
  }
  if (sent.length) deps.logger.info({ tenants: sent.length }, 'digests sent');
  return { sent };
}

/**
 * Where a digest goes: the managers' channel, or each known admin's DMs while there is none, with
 * a line saying how to set the channel. Each with the suffix of its outbox key.
 */
function readers(
  tenant: TenantSettings,
  message: OutboundMessage,
): [string, OutboxTarget, OutboundMessage][] {
  if (tenant.managerChannelId) return [['', { kind: 'manager_channel' }, message]];
  const personal = withSetupHint(message, tenant.defaultLocale);
  return tenant.knownAdmins.map((userId) => [`:${userId}`, { kind: 'user', userId }, personal]);
}

/** The digest with the note that says it comes to a DM because no manager channel is set. */
function withSetupHint(message: OutboundMessage, locale: string): OutboundMessage {
  const hint = catalogFor(locale).queue.digestToAdmins;
  // In the text, not the footer: Discord shows a footer's markup as typed, and the hint has code.
  return { ...message, text: `${message.text}\n\n${hint}` };
}

/** `/hearken digest now` handler plus a way to wait for the digests it is still building. */
export interface DigestCommand {
  handler: AdminCommandHandler;
  /** Resolves when every digest asked for so far is in the outbox (or failed and was logged). */
  idle(): Promise<void>;
}

/**
 * `/hearken digest now`: today's digest so far, to the managers' channel, or to the admin's DMs
 * when there is none yet. The chart takes a moment to render, so the admin is answered at once
 * and the digest is built just after and delivered through the outbox.
 */
export function digestCommand(deps: JobsDeps): DigestCommand {
  const building = new Set<Promise<void>>();
  const handler: AdminCommandHandler = async (event, args, ctx) => {
    const t = catalogFor(ctx.locale).digest;
    if (args[0] !== 'now') return { messages: [{ text: t.usage }], ephemeral: true };
    const work = postDigestNow(deps, event.actor.tenantId, event.actor, event.id, ctx.clock.now()).catch(
      (error: unknown) =>
        deps.logger.error({ err: error, tenantId: event.actor.tenantId }, 'digest now failed'),
    );
    building.add(work);
    void work.finally(() => building.delete(work));
    return { messages: [{ text: t.onItsWay }], ephemeral: true };
  };
  return {
    handler,
    async idle() {
      while (building.size > 0) await Promise.all([...building]);
    },
  };
}

async function postDigestNow(
  deps: JobsDeps,
  tenantId: string,
  admin: { platform: Platform; userId: string },
  eventId: string,
  now: Date,
): Promise<void> {
  const [tenant] = await deps.database.db
    .select()
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId));
  const timeZone = usableTimeZone(tenant?.timeZone);
  const message = await buildDigest(
    { database: deps.database, clock: { now: () => now } },
    tenantId,
    formatDate(toLocal(now, timeZone)),
  );
  await enqueue(deps.database.db, {
    // The command's delivery id: a retried command posts once.
    key: `digest-now:${tenantId}:${eventId}`,
    tenantId,
    platform: admin.platform,
    target: tenant?.managerChannelId ? { kind: 'manager_channel' } : { kind: 'user', userId: admin.userId },
    message: tenant?.managerChannelId ? message : withSetupHint(message, tenant?.defaultLocale ?? 'en'),
    purpose: 'digest',
  });
}
