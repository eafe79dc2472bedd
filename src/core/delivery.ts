/**
 * The outbox's hooks into the domain: a stored row's late target (`staff_channel`, `card_thread`,
 * `customer`, `card`, `manager_channel`) resolved from the current database state at delivery,
 * the card's `MessageRef` stored once it is sent, and a given-up row reported to whoever cares.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaints } from '../../db/schema.js';
import { renderCard } from '../complaints/card.js';
import { byId } from '../complaints/repo.js';
import type { OutboxPurpose } from '../domain/index.js';
import { type Catalog, catalog, toLocale } from '../i18n/index.js';
import type { MessageRef, OutboundMessage } from '../messages.js';
import { enqueue, type LateTarget, type OutboxRow, type OutboxTarget } from '../outbox/outbox.js';
import type { DeathKind, Resolution } from '../outbox/worker.js';
import { getTenant } from '../tenants.js';

export type DeliveryFailedHandler = (q: Queryable, row: OutboxRow, reason: string) => Promise<void>;

export class DeliveryHooks {
  private readonly failureHandlers = new Map<string, DeliveryFailedHandler>();

  onDeliveryFailed(purpose: string, handler: DeliveryFailedHandler): void {
    this.failureHandlers.set(purpose, handler);
  }

  /** Turns a stored outbox row into something a port can deliver, from the current state. */
  async resolve(q: Queryable, row: OutboxRow): Promise<Resolution> {
    const target = row.target as OutboxTarget;
    const message = row.message as unknown as OutboundMessage;
    const late = target as LateTarget;
    const needsComplaint = COMPLAINT_TARGETS.has(late.kind) || row.purpose === 'card';
    const complaint = row.complaintId && needsComplaint ? await byId(q, row.complaintId) : undefined;
    if (needsComplaint && !complaint) return { action: 'drop', reason: 'complaint no longer exists' };
    // A message to a given place (a reply in a DM, most rows) needs no tenant settings: not read.
    const needsTenant = needsComplaint || late.kind === 'staff_channel' || late.kind === 'manager_channel';
    const tenant = needsTenant ? await getTenant(q, row.tenantId) : undefined;
    // The staff's words only for a card: a reply in a DM (most rows) needs none.
    const card = () =>
      complaint
        ? renderCard(complaint, catalog(toLocale(tenant?.defaultLocale) ?? 'en'), tenant?.timeZone ?? 'UTC')
        : message;
    switch (late.kind) {
      case 'staff_channel':
        if (!tenant?.staffChannelId)
          return { action: 'wait', reason: 'staff channel not set up (/hearken setup)' };
        return {
          action: 'send',
          target: { kind: 'channel', channelId: tenant.staffChannelId },
          // The new card carries the staff mention stored on its row; updates never do.
          message:
            row.purpose === 'card'
              ? { ...card(), ...(message.mentions ? { mentions: message.mentions } : {}) }
              : message,
        };
      case 'manager_channel': {
        // Escalations must reach someone: without a manager channel they go to the staff channel.
        const channelId = tenant?.managerChannelId ?? tenant?.staffChannelId;
        if (!channelId) return { action: 'wait', reason: 'manager channel not set up (/hearken setup)' };
        return { action: 'send', target: { kind: 'channel', channelId }, message };
      }
      case 'card_thread':
        if (!complaint?.cardRef) return { action: 'wait', reason: 'card not posted yet' };
        return {
          action: 'send',
          target: { kind: 'thread', parent: complaint.cardRef },
          message,
        };
      case 'customer':
        if (!complaint || complaint.customerId.startsWith('erased:'))
          return { action: 'drop', reason: 'customer erased' };
        return { action: 'send', target: { kind: 'user', userId: complaint.customerId }, message };
      case 'card':
        if (!complaint?.cardRef) return { action: 'wait', reason: 'card not posted yet' };
        return { action: 'update', ref: complaint.cardRef, message: card() };
      default:
        return { action: 'send', target: target as Exclude<OutboxTarget, LateTarget>, message };
    }
  }

  /**
   * For the transaction that marks the row sent: a posted card's ref is kept for updates. Nothing
   * (undefined) for every other row, which is then marked sent in one statement.
   */
  sent(row: OutboxRow, ref: MessageRef | undefined): ((q: Queryable) => Promise<void>) | undefined {
    const complaintId = row.complaintId;
    if (row.purpose !== 'card' || !ref || !complaintId) return undefined;
    return async (q) => {
      await q
        .update(complaints)
        .set({ cardRef: { ...ref } })
        .where(eq(complaints.id, complaintId));
    };
  }

  /**
   * Runs in the transaction that marks the row dead. Customer-bound: the staff thread hears about
   * it. Staff-bound (refused by the platform, or out of retries): the admins hear, in the manager
   * channel (or the staff channel when that is not the broken one), with the fix in words, once per
   * problem a day.
   * A notice that itself dies tells nobody, so notices never breed notices.
   */
  async dead(q: Queryable, row: OutboxRow, reason: string, how: DeathKind, now: Date): Promise<void> {
    if (NOTICE_PURPOSES.has(row.purpose)) return;
    const handler = this.failureHandlers.get(row.purpose);
    if (handler) return handler(q, row, reason);
    // A customer we could not reach: the staff thread hears about it, so nobody waits in silence.
    if ((row.target as LateTarget).kind === 'customer') {
      if (!row.complaintId) return;
      const tenant = await getTenant(q, row.tenantId);
      const t = catalog(toLocale(tenant?.defaultLocale) ?? 'en');
      await enqueue(q, {
        key: `delivery-failed:${row.id}`,
        tenantId: row.tenantId,
        platform: row.platform,
        target: { kind: 'card_thread' },
        message: { text: t.staff.deliveryFailed(reason), tone: 'warning' },
        purpose: 'delivery_failed',
        complaintId: row.complaintId,
      });
      return;
    }
    // Dropped rows had nothing left to deliver (the complaint was erased): nobody needs telling.
    if (how !== 'dropped') await this.tellAdmins(q, row, reason, how, now);
  }

  private async tellAdmins(
    q: Queryable,
    row: OutboxRow,
    reason: string,
    how: Exclude<DeathKind, 'dropped'>,
    now: Date,
  ): Promise<void> {
    const tenant = await getTenant(q, row.tenantId);
    const target = row.target as OutboxTarget;
    // A DM to a person is not staff-bound: the platform refusing it is nothing an admin can fix.
    if (!tenant || target.kind === 'user') return;
    const broken = brokenChannel(target, tenant);
    const where = [tenant.managerChannelId, tenant.staffChannelId].find(
      (channel): channel is string => typeof channel === 'string' && channel !== broken.channelId,
    );
    // Both channels are the broken one: nobody can be told here; `/hearken outbox` still lists it.
    if (!where) return;
    const t = catalog(toLocale(tenant.defaultLocale) ?? 'en');
    const complaint = row.complaintId ? await byId(q, row.complaintId) : undefined;
    const what =
      row.purpose === 'card' && complaint
        ? t.outbound.what.card(complaint.code)
        : row.purpose === 'digest'
          ? t.outbound.what.digest
          : t.outbound.what.other;
    await enqueue(q, {
      // Once per broken channel, reason and day, however many rows hit the same wall (rows that
      // ran out of retries carry their last error, which varies: they count as one problem).
      key: `delivery-problem:${row.tenantId}:${broken.channelId ?? broken.role}:${how === 'refused' ? reason : how}:${now.toISOString().slice(0, 10)}`,
      tenantId: row.tenantId,
      platform: row.platform,
      target: { kind: 'channel', channelId: where },
      message: {
        text: t.outbound.staffPostRefused({
          what,
          where: t.outbound.where[broken.role],
          fix: fixFor(t, reason),
        }),
        tone: 'warning',
      },
      purpose: 'delivery_failed',
      complaintId: row.complaintId,
    });
  }
}

/** Late targets resolved from the row's complaint. */
const COMPLAINT_TARGETS: ReadonlySet<string> = new Set(['card_thread', 'customer', 'card']);

/** Purposes that report on delivery itself: when one of them dies, nobody is told again. */
const NOTICE_PURPOSES: ReadonlySet<OutboxPurpose> = new Set<OutboxPurpose>(['delivery_failed']);

/** Platform reasons (Slack error names, Discord's mapped codes) that mean the same fix. */
const FIX_OF_REASON: Record<string, keyof Catalog['outbound']['fixes']> = {
  not_in_channel: 'not_in_channel',
  is_archived: 'is_archived',
  channel_not_found: 'channel_not_found',
  missing_permissions: 'missing_permissions',
  no_access: 'missing_permissions',
  no_permission: 'missing_permissions',
  restricted_action: 'missing_permissions',
  http_403: 'missing_permissions',
  invalid_auth: 'auth',
  not_authed: 'auth',
  token_revoked: 'auth',
  token_expired: 'auth',
  account_inactive: 'auth',
  missing_scope: 'auth',
};

function fixFor(t: Catalog, reason: string): string {
  const fix = FIX_OF_REASON[reason];
  if (!fix || fix === 'other') return t.outbound.fixes.other(reason);
  return t.outbound.fixes[fix];
}

/** Which channel a staff-bound row was going to, and what it is to the tenant. */
function brokenChannel(
  target: OutboxTarget,
  tenant: { staffChannelId: string | null; managerChannelId: string | null },
): { channelId: string | undefined; role: 'staff' | 'manager' | 'other' } {
  switch (target.kind) {
    case 'staff_channel':
    case 'card_thread':
    case 'card':
      return { channelId: tenant.staffChannelId ?? undefined, role: 'staff' };
    case 'manager_channel':
      return tenant.managerChannelId
        ? { channelId: tenant.managerChannelId, role: 'manager' }
        : { channelId: tenant.staffChannelId ?? undefined, role: 'staff' };
    case 'channel':
      return { channelId: target.channelId, role: roleOf(target.channelId, tenant) };
    case 'thread':
      return { channelId: target.parent.channelId, role: roleOf(target.parent.channelId, tenant) };
    default:
      return { channelId: undefined, role: 'other' };
  }
}

function roleOf(
  channelId: string,
  tenant: { staffChannelId: string | null; managerChannelId: string | null },
): 'staff' | 'manager' | 'other' {
  if (channelId === tenant.staffChannelId) return 'staff';
  if (channelId === tenant.managerChannelId) return 'manager';
  return 'other';
}
