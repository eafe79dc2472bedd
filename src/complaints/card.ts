/** The staff card: one message per complaint in the staff channel, replaced as it moves. */
import type { TicketAction } from '../domain/index.js';
import { formatInstant } from '../i18n/format.js';
import type { Catalog } from '../i18n/index.js';
import type { Button, OutboundMessage, Tone } from '../messages.js';
import { quote } from '../text.js';
import type { Complaint } from './repo.js';

/** How much of the description the card shows; a longer one is posted whole in its thread. */
export const CARD_DESCRIPTION_CHARS = 600;

export function cardButtons(c: Complaint, t: Catalog): Button[] {
  const b = (action: TicketAction, label: string, style: Button['style'] = 'default'): Button => ({
    action,
    value: c.id,
    label,
    style,
  });
  switch (c.status) {
    case 'open':
    case 'reopened':
      return [
        b('ticket.claim', t.buttons.claim, 'primary'),
        b('ticket.reply', t.buttons.reply),
        b('ticket.escalate', t.buttons.escalate, 'danger'),
        b('ticket.resolve', t.buttons.resolve),
      ];
    case 'claimed':
    case 'waiting':
      return [
        b('ticket.reply', t.buttons.reply, 'primary'),
        b('ticket.escalate', t.buttons.escalate, 'danger'),
        b('ticket.resolve', t.buttons.resolve),
      ];
    case 'resolved':
    case 'closed':
      return [b('ticket.reopen', t.buttons.reopen)];
  }
}

function tone(c: Complaint): Tone {
  if (c.status === 'resolved' || c.status === 'closed') return 'success';
  if (c.severity === 'urgent' || c.escalationLevel > 0) return 'danger';
  if (c.severity === 'high') return 'warning';
  return 'info';
}

export function renderCard(c: Complaint, t: Catalog, timeZone: string): OutboundMessage {
  const f = t.staff.fields;
  const due = (at: Date, met: Date | null) =>
    met ? t.staff.met(formatInstant(met, t.locale, timeZone)) : formatInstant(at, t.locale, timeZone);
  const fields = [
    { label: f.customer, value: c.customerName, short: true },
    { label: f.severity, value: t.severities[c.severity], short: true },
    { label: f.status, value: t.staff.statuses[c.status], short: true },
    { label: f.assignee, value: c.assigneeName ?? t.staff.unassigned, short: true },
    {
      label: f.wants,
      value: t.outcomes[c.desiredOutcome] + (c.outcomeNote ? `: ${quote(c.outcomeNote, 120)}` : ''),
      short: true,
    },
    { label: f.sentiment, value: t.moods[c.sentiment], short: true },
    { label: f.firstResponseDue, value: due(c.firstResponseDue, c.firstRespondedAt), short: true },
    { label: f.resolutionDue, value: due(c.resolutionDue, c.resolvedAt), short: true },
  ];
  if (c.details) fields.push({ label: f.details, value: quote(c.details, 200), short: false });
  if (c.escalationLevel > 0)
    fields.push({ label: f.escalation, value: t.staff.escalationLevel(c.escalationLevel), short: true });
  return {
    title: t.staff.cardTitle({ code: c.code, category: t.categories[c.category] }),
    text: quote(c.description, CARD_DESCRIPTION_CHARS),
    fields,
    buttons: cardButtons(c, t),
    tone: tone(c),
    footer: `${c.code} · ${c.platform} · ${c.source}`,
  };
}
