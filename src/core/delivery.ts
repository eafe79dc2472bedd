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
import { catalog, toLocale } from '../i18n/index.js';
import type { MessageRef, OutboundMessage } from '../messages.js';
import { enqueue, type LateTarget, type OutboxRow, type OutboxTarget } from '../outbox/outbox.js';
import type { Resolution } from '../outbox/worker.js';
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
    const needsComplaint = ['card_thread', 'customer', 'card'].includes(late.kind) || row.purpose === 'card';
    const complaint = row.complaintId && needsComplaint ? await byId(q, row.complaintId) : undefined;
    if (needsComplaint && !complaint) return { action: 'drop', reason: 'complaint no longer exists' };
    const tenant = await getTenant(q, row.tenantId);
    const staffT = catalog(toLocale(tenant?.defaultLocale) ?? 'en');
    const card = () => (complaint ? renderCard(complaint, staffT, tenant?.timeZone ?? 'UTC') : message);
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

  /** Runs in the transaction that marks the row sent: a posted card's ref is kept for updates. */
  async sent(q: Queryable, row: OutboxRow, ref: MessageRef | undefined): Promise<void> {
    if (row.purpose === 'card' && ref && row.complaintId) {
      await q
        .update(complaints)
        .set({ cardRef: { ...ref } })
        .where(eq(complaints.id, row.complaintId));
    }
  }

  /** Runs in the transaction that marks the row dead. */
  async dead(q: Queryable, row: OutboxRow, reason: string): Promise<void> {
    const handler = this.failureHandlers.get(row.purpose);
    if (handler) return handler(q, row, reason);
    // A customer we could not reach: the staff thread hears about it, so nobody waits in silence.
    if ((row.target as LateTarget).kind === 'customer' && row.complaintId) {
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
    }
  }
}
