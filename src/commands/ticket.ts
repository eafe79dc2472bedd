/** `/ticket …` and the staff card's buttons and forms: the staff side of a complaint. */
import { renderCard } from '../complaints/card.js';
import {
  byCardMessage,
  byCode,
  byId,
  type Complaint,
  type QueueFilter,
  queue,
  timeline,
} from '../complaints/repo.js';
import * as wf from '../complaints/workflow.js';
import { type Catalog, catalog, toLocale } from '../i18n/index.js';
import { describeEvent } from '../i18n/timeline.js';
import type {
  ActionEvent,
  Actor,
  CommandEvent,
  Form,
  FormEvent,
  OutboundMessage,
  Place,
  Reply,
} from '../messages.js';
import { clean, MAX_SHORT, MAX_TEXT, quote } from '../text.js';
import { isStaff, mayRun } from './access.js';
import { first, type OptionValues, parseCommand } from './args.js';
import { commandHelp, parseProblem } from './help.js';
import { commandSpec, optionsOf } from './spec.js';

const ephemeral = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: true });

export function staffCatalog(actor: Actor, ctx: wf.Ctx): Catalog {
  return catalog(toLocale(actor.locale) ?? ctx.tenant.defaultLocale);
}

/** Finds the complaint a command is about: its code, or the thread it was typed in. */
async function target(ctx: wf.Ctx, place: Place, code: string | undefined) {
  if (code) return { complaint: await byCode(ctx.q, ctx.tenant.tenantId, code), code };
  if (place.kind === 'channel' && place.threadOf) {
    const complaint = await byCardMessage(ctx.q, ctx.tenant.tenantId, place.threadOf);
    return { complaint, code: complaint?.code };
  }
  return { complaint: undefined, code: undefined };
}

/** Free text a subcommand takes, whichever option carries it (`message`, `note`, `reason`, …). */
function freeText(sub: string, values: OptionValues): string {
  const spec = commandSpec('ticket').subcommands[sub];
  const name = spec && optionsOf(spec).find(([, o]) => o.kind.type === 'text')?.[0];
  return name ? (first(values, name) ?? '') : '';
}

export async function ticketCommand(ctx: wf.Ctx, event: CommandEvent): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  if (!mayRun('ticket', event.actor, ctx.tenant)) return ephemeral({ text: t.staff.notStaff });
  const parsed = parseCommand('ticket', event.text);
  if (parsed.kind !== 'ok' || parsed.sub === 'help')
    return ephemeral({ text: parseProblem(t, 'ticket', parsed) ?? commandHelp(t, 'ticket') });
  const { sub, values } = parsed;
  if (sub === 'list') {
    const filter = first(values, 'filter');
    return ephemeral(
      await listMessage(
        ctx,
        t,
        filter === 'mine' || filter === 'breaching' ? filter : 'open',
        event.actor.userId,
      ),
    );
  }
  const found = await target(ctx, event.place, first(values, 'code'));
  if (!found.code) return ephemeral({ text: t.staff.needCode });
  if (!found.complaint) return ephemeral({ text: t.staff.notFound(found.code) });
  const cleaned = clean(freeText(sub, values), limitOf(sub));
  // Never cut a staff member's words silently: refuse whole, with the limit named.
  if (cleaned.truncated) return tooLong(t, limitOf(sub));
  const text = cleaned.text;
  const member = first(values, 'member') ?? '';
  return runStaffAction(
    ctx,
    t,
    event.actor,
    found.complaint,
    sub,
    sub === 'assign' ? member : text,
    event.mentions,
  );
}

/** A reason (escalate, reopen) is a short answer; everything else may be long. */
const limitOf = (sub: string) => (sub === 'escalate' || sub === 'reopen' ? MAX_SHORT : MAX_TEXT);

const tooLong = (t: Catalog, max: number) =>
  ephemeral({ text: t.threads.textTooLong(max.toLocaleString('en')) });

async function runStaffAction(
  ctx: wf.Ctx,
  t: Catalog,
  actor: Actor,
  c: Complaint,
  sub: string,
  text: string,
  mentions?: Record<string, string>,
): Promise<Reply> {
  const wrongState = () =>
    ephemeral({ text: t.staff.wrongState({ code: c.code, status: t.staff.statuses[c.status] ?? c.status }) });
  switch (sub) {
    case 'show':
      return ephemeral(await showMessage(ctx, t, c));
    case 'claim': {
      if (!wf.allowed.claim(c)) {
        return c.assigneeName && wf.allowed.work(c)
          ? ephemeral({ text: t.staff.alreadyClaimed({ code: c.code, name: c.assigneeName }) })
          : wrongState();
      }
      const result = await wf.claim(ctx, c, actor);
      return result.ok
        ? ephemeral({ text: t.staff.claimed(c.code) })
        : ephemeral({ text: t.staff.alreadyClaimed({ code: c.code, name: result.holder ?? '?' }) });
    }
    case 'assign': {
      const id = text.split(/\s+/)[0];
      if (!id) return ephemeral({ text: t.staff.needAssignee });
      if (!wf.allowed.work(c)) return wrongState();
      const name = clean(mentions?.[id] ?? id, 80).text;
      await wf.assign(ctx, c, actor, { id, name });
      return ephemeral({ text: t.staff.assigned({ code: c.code, name }) });
    }
    case 'reply':
    case 'ask': {
      if (!text) return ephemeral({ text: t.staff.needText(sub) });
      if (!wf.allowed.work(c) && c.status !== 'resolved') return wrongState();
      await wf.reply(ctx, c, actor, text, sub === 'ask');
      return ephemeral({ text: sub === 'ask' ? t.staff.askSent(c.code) : t.staff.replySent(c.code) });
    }
    case 'note':
      if (!text) return ephemeral({ text: t.staff.needText(sub) });
      await wf.note(ctx, c, actor, text);
      return ephemeral({ text: t.staff.noteAdded(c.code) });
    case 'escalate': {
      if (!wf.allowed.work(c)) return wrongState();
      const next = await wf.escalate(ctx, c, actor, text);
      return ephemeral({ text: t.staff.escalated({ code: c.code, level: next.escalationLevel }) });
    }
    case 'resolve':
      if (!text) return ephemeral({ text: t.staff.needText(sub) });
      if (!wf.allowed.work(c)) return wrongState();
      await wf.resolve(ctx, c, actor, text);
      return ephemeral({ text: t.staff.resolved(c.code) });
    case 'reopen':
      if (!wf.allowed.reopen(c)) return wrongState();
      await wf.reopen(ctx, c, actor, text);
      return ephemeral({ text: t.staff.reopened(c.code) });
    default:
      return ephemeral({ text: commandHelp(t, 'ticket') });
  }
}

function replyForm(t: Catalog, c: Complaint, kind: 'reply' | 'resolve'): Form {
  return {
    id: `ticket.${kind}`,
    title: kind === 'reply' ? t.form.replyTitle : t.form.resolveTitle,
    submitLabel: kind === 'reply' ? t.form.replySubmit : t.form.resolveSubmit,
    context: c.id,
    fields: [
      {
        id: 'text',
        label: kind === 'reply' ? t.form.replyLabel : t.form.resolveLabel,
        kind: 'paragraph',
        required: true,
        maxLength: 3000,
      },
    ],
  };
}

/** A click on a card button. Reply and Resolve open a form; the others act at once. */
export async function ticketAction(ctx: wf.Ctx, event: ActionEvent): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  if (!isStaff(event.actor, ctx.tenant)) return ephemeral({ text: t.staff.notStaff });
  const c = await byId(ctx.q, event.value);
  if (!c || c.tenantId !== ctx.tenant.tenantId) return ephemeral({ text: t.errors.unknownAction });
  const sub = event.action.slice('ticket.'.length);
  if (sub === 'reply' || sub === 'resolve') {
    if (!wf.allowed.work(c) && !(sub === 'reply' && c.status === 'resolved')) {
      return ephemeral({
        text: t.staff.wrongState({ code: c.code, status: t.staff.statuses[c.status] ?? c.status }),
      });
    }
    return { messages: [], form: replyForm(t, c, sub), ephemeral: true };
  }
  if (!['claim', 'escalate', 'reopen'].includes(sub)) return ephemeral({ text: t.errors.unknownAction });
  return runStaffAction(ctx, t, event.actor, c, sub, '');
}

export async function ticketForm(ctx: wf.Ctx, event: FormEvent): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  if (!isStaff(event.actor, ctx.tenant)) return ephemeral({ text: t.staff.notStaff });
  const c = event.context ? await byId(ctx.q, event.context) : undefined;
  if (!c || c.tenantId !== ctx.tenant.tenantId) return ephemeral({ text: t.errors.formExpired });
  const cleaned = clean(event.values.text ?? '', MAX_TEXT);
  if (cleaned.truncated) return tooLong(t, MAX_TEXT);
  const text = cleaned.text;
  const sub = event.formId === 'ticket.resolve' ? 'resolve' : 'reply';
  return runStaffAction(ctx, t, event.actor, c, sub, text);
}

async function listMessage(
  ctx: wf.Ctx,
  t: Catalog,
  filter: QueueFilter,
  viewerId: string,
): Promise<OutboundMessage> {
  const rows = await queue(ctx.q, ctx.tenant.tenantId, filter, viewerId, ctx.now);
  const which = t.staff.listNames[filter] ?? filter;
  const lines = rows.map((c) => {
    const minutes = Math.round((c.firstResponseDue.getTime() - ctx.now.getTime()) / 60_000);
    return t.staff.listLine({
      code: c.code,
      severity: t.severities[c.severity],
      summary: quote(c.summary, 80),
      status: t.staff.statuses[c.status] ?? c.status,
      due: c.firstRespondedAt ? t.staff.responded : t.staff.dueIn(minutes),
    });
  });
  return {
    title: t.staff.listHeading({ which, count: rows.length }),
    text: lines.length > 0 ? lines.join('\n') : t.staff.listEmpty,
  };
}

const SHOW_EVENTS = 15;

async function showMessage(ctx: wf.Ctx, t: Catalog, c: Complaint): Promise<OutboundMessage> {
  const card = renderCard(c, t, ctx.tenant.timeZone);
  const events = await timeline(ctx.q, c.id);
  const shown = events.slice(-SHOW_EVENTS);
  const lines = shown.map((e) => {
    const who = describeEvent(t, e, ctx.tenant.timeZone);
    const body = e.body && e.type !== 'created' ? `: ${quote(e.body, 160)}` : '';
    return `• ${who}${body}`;
  });
  if (events.length > shown.length) lines.unshift(t.staff.moreEvents(events.length - shown.length));
  return { ...card, text: `${card.text}\n\n*${t.staff.timelineHeading}*\n${lines.join('\n')}` };
}
