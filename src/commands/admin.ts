/** `/hearken …`: admins set Hearken up, tune it, export and erase data. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { complaintEvents, complaints, intakeSessions } from '../../db/schema.js';
import { byCode, normaliseCode } from '../complaints/repo.js';
import { type Ctx, forgetCustomer } from '../complaints/workflow.js';
import { isThreadReplyMode } from '../domain/index.js';
import type { CommandEvent, OutboundMessage, Reply } from '../messages.js';
import { configureTenant, type TenantPatch } from '../tenants.js';
import { mayRun } from './access.js';
import { first, type OptionValues, parse, parseCommand } from './args.js';
import { commandHelp, parseProblem } from './help.js';
import { COMMAND_SPEC } from './spec.js';
import { staffCatalog } from './ticket.js';

const ephemeral = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: true });

/**
 * The answer to a `/hearken` command from someone who may not use it, or undefined for an admin.
 * The core asks this before it runs a subcommand registered by another module (the digest).
 */
export function adminRefusal(ctx: Ctx, event: CommandEvent): Reply | undefined {
  if (mayRun('hearken', event.actor, ctx.tenant)) return undefined;
  return ephemeral({ text: staffCatalog(event.actor, ctx).staff.notAdmin });
}

/** The built-in `/hearken` subcommands. */
export async function adminCommand(ctx: Ctx, event: CommandEvent): Promise<Reply> {
  const refusal = adminRefusal(ctx, event);
  if (refusal) return refusal;
  const t = staffCatalog(event.actor, ctx);
  const parsed = parseCommand('hearken', event.text);
  if (parsed.kind !== 'ok' || parsed.sub === 'help')
    return ephemeral({ text: parseProblem(t, 'hearken', parsed) ?? commandHelp(t, 'hearken') });
  const { sub, values } = parsed;
  switch (sub) {
    case 'setup':
      return setup(ctx, event, values);
    case 'settings':
      return settings(ctx, event, values);
    case 'digest':
      return ephemeral({ text: t.admin.digestUnavailable });
    case 'export':
      return exportData(ctx, event, first(values, 'code'));
    case 'forget':
      return forget(ctx, event, first(values, 'code'));
    default:
      return ephemeral({ text: commandHelp(t, 'hearken') });
  }
}

/** `setup staff=<channel> manager=<channel> role=<role>`; with no arguments, this channel is the staff channel. */
async function setup(ctx: Ctx, event: CommandEvent, values: OptionValues): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const patch: TenantPatch = {};
  const staff = first(values, 'staff_channel');
  const manager = first(values, 'manager_channel');
  const roles = values.staff_role ?? [];
  if (staff) patch.staffChannelId = staff;
  if (manager) patch.managerChannelId = manager;
  if (roles.length > 0) patch.staffRoles = [...new Set([...ctx.tenant.staffRoles, ...roles])];
  if (Object.keys(patch).length === 0) {
    if (event.place.kind !== 'channel') return ephemeral({ text: commandHelp(t, 'hearken') });
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

/** The settings `/hearken settings` changes: its options in the spec. */
const SETTING_FIELDS = Object.keys(COMMAND_SPEC.hearken.subcommands.settings.options);

function settingsPatch(values: OptionValues): TenantPatch {
  const patch: TenantPatch = {};
  const timeZone = first(values, 'timezone');
  const digest = first(values, 'digest');
  const locale = first(values, 'locale');
  const delay = first(values, 'survey-delay');
  const threadReplies = first(values, 'thread-replies');
  if (timeZone) patch.timeZone = timeZone;
  if (digest) patch.digestTime = digest;
  if (locale === 'en' || locale === 'zh-CN') patch.defaultLocale = locale;
  if (delay) patch.surveyDelayMinutes = Number(delay);
  if (isThreadReplyMode(threadReplies)) patch.threadReplies = threadReplies;
  return patch;
}

/** No options: the current settings. Options (checked by the spec): change each, say what each is now. */
async function settings(ctx: Ctx, event: CommandEvent, values: OptionValues): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const patch = settingsPatch(values);
  if (Object.keys(patch).length === 0) {
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
        { label: 'thread-replies', value: s.threadReplies, short: true },
      ],
    });
  }
  await configureTenant(ctx.q, ctx.tenant.tenantId, event.actor.platform, patch, ctx.now);
  const typed = parse(event.text).args;
  // Say each back as they wrote it (`24h`, not 1440).
  const asTyped = (key: string) => {
    const at = typed.findIndex((word) => word.toLowerCase() === key);
    return (at >= 0 ? typed[at + 1] : undefined) ?? first(values, key) ?? '';
  };
  const lines = SETTING_FIELDS.filter((key) => values[key]).map((key) =>
    t.admin.settingsUpdated(key, asTyped(key)),
  );
  return ephemeral({ text: lines.join('\n') });
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
  if (!code) return ephemeral({ text: commandHelp(t, 'hearken') });
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
