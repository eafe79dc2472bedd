/** `/hearken block @who`, `/hearken unblock @who`, `/hearken blocked`: the block list for admins. */
import { blockCustomer, blockedList, unblockCustomer } from '../complaints/blocks.js';
import type { Ctx } from '../complaints/workflow.js';
import { formatInstant } from '../i18n/format.js';
import type { CommandEvent, OutboundMessage, Reply } from '../messages.js';
import { clean } from '../text.js';
import { commandHelp } from './help.js';
import { staffCatalog } from './ticket.js';

const ephemeral = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: true });

/** The admin was checked by the caller; `member` is the opaque id of the mentioned person. */
export async function blockCommand(
  ctx: Ctx,
  event: CommandEvent,
  sub: 'block' | 'unblock' | 'blocked',
  member: string | undefined,
): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const tenantId = ctx.tenant.tenantId;
  if (sub === 'blocked') {
    const rows = await blockedList(ctx.q, tenantId);
    const lines = rows.map((row) =>
      t.block.line({
        who: row.customerName,
        since: formatInstant(row.blockedAt, t.locale, ctx.tenant.timeZone),
      }),
    );
    return ephemeral({
      title: t.block.heading(rows.length),
      text: lines.length ? lines.join('\n') : t.block.none,
    });
  }
  if (!member) return ephemeral({ text: commandHelp(t, 'hearken') });
  const who = { id: member, name: clean(event.mentions?.[member] ?? member, 80).text };
  if (sub === 'block') {
    if (member === event.actor.userId) return ephemeral({ text: t.block.notYourself });
    const added = await blockCustomer(ctx.q, tenantId, who, event.actor, ctx.now);
    return ephemeral({ text: added ? t.block.blocked(who.name) : t.block.already(who.name) });
  }
  const removed = await unblockCustomer(ctx.q, tenantId, who, event.actor, ctx.now);
  return ephemeral({
    text: removed ? t.block.unblocked(removed.customerName) : t.block.notBlocked(who.name),
  });
}
