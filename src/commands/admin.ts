/** `/hearken …`: admins set Hearken up, tune it, export and erase data. */
import { and, eq } from 'drizzle-orm';
import { intakeSessions } from '../../db/schema.js';
import { byCode, normaliseCode } from '../complaints/repo.js';
import { type Ctx, forgetCustomer } from '../complaints/workflow.js';
import { asAttachment, bundle, exportFiles } from '../export/bundle.js';
import { loadExport } from '../export/data.js';
import type { CommandEvent, OutboundMessage, Reply } from '../messages.js';
import { addKnownAdmin, configureTenant, type TenantPatch } from '../tenants.js';
import { mayRun } from './access.js';
import { first, type OptionValues, parseCommand } from './args.js';
import { blockCommand } from './block.js';
import { commandHelp, parseProblem } from './help.js';
import { outboxCommand } from './outbox.js';
import { settingsCommand } from './settings.js';
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
  await rememberAdmin(ctx, event);
  switch (sub) {
    case 'setup':
      return setup(ctx, event, values);
    case 'settings':
      return settingsCommand(ctx, event, values);
    case 'digest':
      return ephemeral({ text: t.admin.digestUnavailable });
    case 'export':
      return exportData(ctx, event, values);
    case 'block':
    case 'unblock':
    case 'blocked':
      return blockCommand(ctx, event, sub, first(values, 'customer'));
    case 'forget':
      return forget(ctx, event, first(values, 'code'));
    case 'outbox':
      return outboxCommand(ctx, event, values);
    default:
      return ephemeral({ text: commandHelp(t, 'hearken') });
  }
}

/**
 * Remembers an admin who runs `/hearken`: while no manager channel is set, the digest goes to
 * the admins Hearken knows, and the platforms tell the core who is an admin only on their events.
 */
async function rememberAdmin(ctx: Ctx, event: CommandEvent): Promise<void> {
  if (ctx.tenant.knownAdmins.includes(event.actor.userId)) return;
  await addKnownAdmin(ctx.q, ctx.tenant.tenantId, event.actor.userId, ctx.now);
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

/**
 * `export [code] [customer=@who]`: a CSV of the complaints and an HTML transcript for each, as one
 * file or ZIP parts that each fit every platform's upload limit. With a customer: everything kept
 * about that person (complaints, messages, surveys) for a data-subject request.
 */
async function exportData(ctx: Ctx, event: CommandEvent, values: OptionValues): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const code = normaliseCode(first(values, 'code'));
  const customerId = first(values, 'customer');
  const data = await loadExport(ctx.q, {
    tenantId: ctx.tenant.tenantId,
    ...(code ? { code } : {}),
    ...(customerId ? { customerId } : {}),
  });
  const who = customerId
    ? (event.mentions?.[customerId] ?? data.complaints[0]?.customerName ?? customerId)
    : '';
  if (customerId && data.complaints.length === 0) return ephemeral({ text: t.exports.customerNothing(who) });
  const day = ctx.now.toISOString().slice(0, 10);
  const baseName = customerId ? `hearken-customer-${day}` : `hearken-export-${day}`;
  const files = await exportFiles(t, data, ctx.tenant.timeZone, ctx.now, baseName);
  const parts = await bundle(files, baseName, ctx.now);
  const heading = customerId
    ? t.exports.customerReady({ who, complaints: data.complaints.length })
    : t.exports.ready({ complaints: data.complaints.length, files: files.length, parts: parts.length });
  // One part per message: each upload stays within the limit on its own.
  return ephemeral(
    ...parts.map((part, index) => {
      const label = parts.length > 1 ? t.exports.part({ part: index + 1, parts: parts.length }) : heading;
      return { text: index === 0 ? heading : label, attachments: [asAttachment(part, label)] };
    }),
  );
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
