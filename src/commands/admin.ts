/** `/hearken …`: admins set Hearken up, tune it, export and erase data. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { complaintEvents, complaints, intakeSessions } from '../../db/schema.js';
import { byCode, normaliseCode } from '../complaints/repo.js';
import { type Ctx, forgetCustomer } from '../complaints/workflow.js';
import { settingHint } from '../i18n/index.js';
import type { CommandEvent, OutboundMessage, Reply } from '../messages.js';
import { isValidTimeZone } from '../sla/calendar.js';
import { configureTenant, type TenantPatch } from '../tenants.js';
import { isAdmin } from './access.js';
import { parse } from './args.js';
import { staffCatalog } from './ticket.js';

const ephemeral = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: true });

/**
 * The answer to a `/hearken` command from someone who may not use it, or undefined for an admin.
 * The core asks this before it runs a subcommand registered by another module (the digest).
 */
export function adminRefusal(ctx: Ctx, event: CommandEvent): Reply | undefined {
  if (isAdmin(event.actor)) return undefined;
  return ephemeral({ text: staffCatalog(event.actor, ctx).staff.notAdmin });
}

/** The built-in `/hearken` subcommands. */
export async function adminCommand(ctx: Ctx, event: CommandEvent): Promise<Reply> {
  const refusal = adminRefusal(ctx, event);
  if (refusal) return refusal;
  const t = staffCatalog(event.actor, ctx);
  const { sub, args } = parse(event.text);
  switch (sub) {
    case 'setup':
      return setup(ctx, event, args);
    case 'settings':
      return settings(ctx, event, args);
    case 'digest':
      return ephemeral({ text: t.admin.digestUnavailable });
    case 'export':
      return exportData(ctx, event, args[0]);
    case 'forget':
      return forget(ctx, event, args[0]);
    default:
      return ephemeral({ text: t.admin.help });
  }
}

/** `setup staff=<channel> manager=<channel> role=<role>`; with no arguments, this channel is the staff channel. */
async function setup(ctx: Ctx, event: CommandEvent, args: string[]): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const pairs = new Map(args.map((arg) => arg.split('=', 2) as [string, string | undefined]));
  const patch: TenantPatch = {};
  const staff = pairs.get('staff');
  const manager = pairs.get('manager');
  const roles = [...pairs.entries()]
    .filter(([k, v]) => (k === 'role' || k === 'group') && v)
    .map(([, v]) => v as string);
  if (staff) patch.staffChannelId = staff;
  if (manager) patch.managerChannelId = manager;
  if (roles.length > 0) patch.staffRoles = [...new Set([...ctx.tenant.staffRoles, ...roles])];
  if (Object.keys(patch).length === 0) {
    if (event.place.kind !== 'channel') return ephemeral({ text: t.admin.setupHelp });
    patch.staffChannelId = event.place.channelId;
  }
  const next = await configureTenant(ctx.q, ctx.tenant.tenantId, event.actor.platform, patch, ctx.now);
  return ephemeral({
    text: t.admin.setupDone({
      staff: next.staffChannelId ?? t.admin.notSet,
      manager: next.managerChannelId ?? t.admin.notSet,
      roles: next.staffRoles.join(', '),
    }),
  });
}

function parseDelay(value: string): number | undefined {
  const match = value.match(/^(\d{1,5})\s*(m|min|h|d)?$/i);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? 'm').toLowerCase();
  const minutes = unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  return minutes <= 30 * 1440 ? minutes : undefined;
}

async function settings(ctx: Ctx, event: CommandEvent, args: string[]): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const [key, value] = args;
  if (!key) {
    const s = ctx.tenant;
    return ephemeral({
      title: t.admin.settingsHeading,
      text: t.admin.settingsHelp,
      fields: [
        { label: 'staff', value: s.staffChannelId ?? t.admin.notSet, short: true },
        { label: 'manager', value: s.managerChannelId ?? t.admin.notSet, short: true },
        { label: 'roles', value: s.staffRoles.join(', '), short: true },
        { label: 'timezone', value: s.timeZone, short: true },
        { label: 'digest', value: s.digestTime, short: true },
        { label: 'locale', value: s.defaultLocale, short: true },
        { label: 'survey-delay', value: `${s.surveyDelayMinutes}m`, short: true },
      ],
    });
  }
  const bad = () => ephemeral({ text: t.admin.badSetting(key, settingHint(t, key) ?? t.admin.settingsHelp) });
  const patch: TenantPatch = {};
  if (key === 'timezone' && value && isValidTimeZone(value)) patch.timeZone = value;
  else if (key === 'digest' && value && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)) patch.digestTime = value;
  else if (key === 'locale' && (value === 'en' || value === 'zh-CN')) patch.defaultLocale = value;
  else if (key === 'survey-delay' && value && parseDelay(value) !== undefined)
    patch.surveyDelayMinutes = parseDelay(value);
  else return bad();
  await configureTenant(ctx.q, ctx.tenant.tenantId, event.actor.platform, patch, ctx.now);
  return ephemeral({ text: t.admin.settingsUpdated(key, value ?? '') });
}

async function exportData(ctx: Ctx, event: CommandEvent, codeArg: string | undefined): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const code = normaliseCode(codeArg);
  const rows = await ctx.q
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, ctx.tenant.tenantId), ...(code ? [eq(complaints.code, code)] : [])))
    .orderBy(asc(complaints.createdAt))
    .limit(5000);
  const events = rows.length
    ? await ctx.q
        .select()
        .from(complaintEvents)
        .where(
          inArray(
            complaintEvents.complaintId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(complaintEvents.id))
    : [];
  const data = rows.map((c) => ({ ...c, timeline: events.filter((e) => e.complaintId === c.id) }));
  const json = JSON.stringify(
    { tenant: ctx.tenant.tenantId, exportedAt: ctx.now.toISOString(), complaints: data },
    null,
    2,
  );
  return ephemeral({
    text: t.admin.exportReady(rows.length),
    attachments: [
      {
        filename: `hearken-export-${ctx.now.toISOString().slice(0, 10)}.json`,
        contentType: 'application/json',
        base64: Buffer.from(json).toString('base64'),
        alt: t.admin.exportReady(rows.length),
      },
    ],
  });
}

async function forget(ctx: Ctx, event: CommandEvent, codeArg: string | undefined): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const code = normaliseCode(codeArg);
  if (!code) return ephemeral({ text: t.admin.forgetHelp });
  const c = await byCode(ctx.q, ctx.tenant.tenantId, code);
  if (!c || c.customerId.startsWith('erased:')) return ephemeral({ text: t.admin.forgetNothing });
  await ctx.q
    .update(intakeSessions)
    .set({ answers: {}, customerName: '[erased]', customerId: `erased:${c.id}`, status: 'cancelled' })
    .where(
      and(eq(intakeSessions.tenantId, ctx.tenant.tenantId), eq(intakeSessions.customerId, c.customerId)),
    );
  const count = await forgetCustomer(ctx, event.actor, ctx.tenant.tenantId, c.customerId);
  return ephemeral({ text: t.admin.forgetDone({ count }) });
}
