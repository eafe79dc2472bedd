/** `/ticket …` and the staff card's buttons and forms: the staff side of a complaint. */
import { renderCard } from '../complaints/card.js';
import { sortFiles } from '../complaints/files.js';
import {
  byCardMessage,
  byCode,
  byId,
  type Complaint,
  QUEUE_PAGE_SIZE,
  type QueueFilter,
  queue,
  timeline,
} from '../complaints/repo.js';
import { noteStaff, setAvailable } from '../complaints/staff.js';
import * as wf from '../complaints/workflow.js';
import { isLocale } from '../domain/index.js';
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
import { clean, defuse, MAX_SHORT, MAX_TEXT, quote } from '../text.js';
import { isStaff, mayRun } from './access.js';
import { first, type OptionValues, parseCommand } from './args.js';
import { commandHelp, parseProblem } from './help.js';
import { expandMacro, listMacros, type MacroAction, macroCommand } from './macros.js';
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
  // Whoever works complaints is known to auto-assignment from their first command on.
  await noteStaff(ctx.q, event.actor, ctx.now);
  if (sub === 'macro') {
    const action = first(values, 'action');
    const lang = first(values, 'lang');
    const text = await macroCommand(
      ctx.q,
      t,
      ctx.tenant,
      event.actor,
      action === 'add' || action === 'edit' || action === 'delete' ? action : ('list' satisfies MacroAction),
      isLocale(lang) ? lang : undefined,
      first(values, 'content') ?? '',
      ctx.now,
    );
    return ephemeral({ text });
  }
  if (sub === 'away' || sub === 'back') {
    await setAvailable(ctx.q, event.actor, sub === 'back', ctx.now);
    return ephemeral({ text: sub === 'back' ? t.assignment.back : t.assignment.away });
  }
  if (sub === 'list') {
    const filter = queueFilter(first(values, 'filter'));
    const page = Number(first(values, 'page') ?? 1);
    return ephemeral(await listMessage(ctx, t, filter, event.actor.userId, page));
  }
  const found = await target(ctx, event.place, first(values, 'code'));
  if (!found.code) return ephemeral({ text: t.staff.needCode });
  if (!found.complaint) return ephemeral({ text: t.staff.notFound(found.code) });
  const cleaned = clean(freeText(sub, values), limitOf(sub));
  // Never cut a staff member's words silently: refuse whole, with the limit named.
  if (cleaned.truncated) return tooLong(t, limitOf(sub));
  const text = cleaned.text;
  const member = first(values, 'member') ?? '';
  if (event.files?.length && sub === 'reply') return replyWithFiles(ctx, t, event, found.complaint, text);
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

/**
 * `/ticket reply` with files: they go to the customer with the words, and show in the thread. A
 * program or an oversized file stops the whole reply (the staff member fixes it and sends again),
 * so the customer never gets half of what was meant.
 */
async function replyWithFiles(
  ctx: wf.Ctx,
  t: Catalog,
  event: CommandEvent,
  c: Complaint,
  text: string,
): Promise<Reply> {
  const { kept, refused } = sortFiles(event.files ?? []);
  if (refused.length > 0)
    return ephemeral(
      ...refused.map(({ file, problem }) => ({ text: t.files.refused[problem](defuse(file.name)) })),
    );
  if (!text) return ephemeral({ text: t.staff.needText('reply') });
  if (!wf.allowed.work(c) && c.status !== 'resolved')
    return ephemeral({
      text: t.staff.wrongState({ code: c.code, status: t.staff.statuses[c.status] ?? c.status }),
    });
  await wf.reply(ctx, c, event.actor, text, false, kept);
  return ephemeral({ text: t.staff.replySent(c.code) });
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
  typed: string,
  mentions?: Record<string, string>,
  /** A macro picked in the Reply form. */
  picked?: string,
): Promise<Reply> {
  let text = typed;
  if (sub === 'reply' || sub === 'ask') {
    const expanded = await expandMacro(ctx.q, ctx.tenant, c, actor, typed, picked);
    if ('missing' in expanded) return ephemeral({ text: t.macros.notFound(expanded.missing) });
    text = clean(expanded.text, MAX_TEXT).text;
  }
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

/**
 * The Reply and Resolve forms. Reply offers the tenant's macros as a select (a select in the modal
 * on every platform: Slack's static_select, Discord's string select in a Label, the sandbox's
 * `<select>`); with one picked, the text box is optional and adds to it.
 */
function replyForm(t: Catalog, c: Complaint, kind: 'reply' | 'resolve', macroNames: string[] = []): Form {
  const offer = kind === 'reply' && macroNames.length > 0;
  return {
    id: `ticket.${kind}`,
    title: kind === 'reply' ? t.form.replyTitle : t.form.resolveTitle,
    submitLabel: kind === 'reply' ? t.form.replySubmit : t.form.resolveSubmit,
    context: c.id,
    fields: [
      ...(offer
        ? [
            {
              id: 'macro',
              label: t.macros.formLabel,
              kind: 'select' as const,
              required: false,
              placeholder: t.macros.formPlaceholder,
              options: macroNames.map((name) => ({ value: name, label: name })),
            },
          ]
        : []),
      {
        id: 'text',
        label: kind === 'reply' ? t.form.replyLabel : t.form.resolveLabel,
        kind: 'paragraph',
        required: !offer,
        maxLength: 3000,
      },
    ],
  };
}

/** A click on a card button. Reply and Resolve open a form; the others act at once. */
export async function ticketAction(ctx: wf.Ctx, event: ActionEvent): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  if (!isStaff(event.actor, ctx.tenant)) return ephemeral({ text: t.staff.notStaff });
  await noteStaff(ctx.q, event.actor, ctx.now);
  if (event.action === 'ticket.page') return pageAction(ctx, t, event);
  const c = await byId(ctx.q, event.value);
  if (!c || c.tenantId !== ctx.tenant.tenantId) return ephemeral({ text: t.errors.unknownAction });
  const sub = event.action.slice('ticket.'.length);
  if (sub === 'escalate') {
    if (!wf.allowed.work(c)) {
      return ephemeral({
        text: t.staff.wrongState({ code: c.code, status: t.staff.statuses[c.status] ?? c.status }),
      });
    }
    return { messages: [], form: escalateForm(t, c), ephemeral: true };
  }
  if (sub === 'reply' || sub === 'resolve') {
    if (!wf.allowed.work(c) && !(sub === 'reply' && c.status === 'resolved')) {
      return ephemeral({
        text: t.staff.wrongState({ code: c.code, status: t.staff.statuses[c.status] ?? c.status }),
      });
    }
    const names = sub === 'reply' ? (await listMacros(ctx.q, ctx.tenant.tenantId)).map((m) => m.name) : [];
    return { messages: [], form: replyForm(t, c, sub, names), ephemeral: true };
  }
  if (!['claim', 'reopen'].includes(sub)) return ephemeral({ text: t.errors.unknownAction });
  return runStaffAction(ctx, t, event.actor, c, sub, '');
}

export async function ticketForm(ctx: wf.Ctx, event: FormEvent): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  if (!isStaff(event.actor, ctx.tenant)) return ephemeral({ text: t.staff.notStaff });
  const c = event.context ? await byId(ctx.q, event.context) : undefined;
  if (!c || c.tenantId !== ctx.tenant.tenantId) return ephemeral({ text: t.errors.formExpired });
  await noteStaff(ctx.q, event.actor, ctx.now);
  const sub =
    event.formId === 'ticket.resolve' ? 'resolve' : event.formId === 'ticket.escalate' ? 'escalate' : 'reply';
  const max = sub === 'escalate' ? MAX_SHORT : MAX_TEXT;
  const cleaned = clean(event.values.text ?? '', max);
  if (cleaned.truncated) return tooLong(t, max);
  const text = cleaned.text;
  const picked = sub === 'reply' ? event.values.macro?.trim() || undefined : undefined;
  return runStaffAction(ctx, t, event.actor, c, sub, text, undefined, picked);
}

/** The card's Escalate button asks why, as `/ticket escalate C-… reason` says it. */
function escalateForm(t: Catalog, c: Complaint): Form {
  return {
    id: 'ticket.escalate',
    title: t.queue.escalateTitle(c.code),
    submitLabel: t.queue.escalateSubmit,
    context: c.id,
    fields: [
      {
        id: 'text',
        label: t.queue.escalateLabel,
        kind: 'paragraph',
        required: true,
        maxLength: MAX_SHORT,
      },
    ],
  };
}

const queueFilter = (value: string | undefined): QueueFilter =>
  value === 'mine' || value === 'breaching' ? value : 'open';

/** Next or Previous on a list: the list's message becomes that page. */
async function pageAction(ctx: wf.Ctx, t: Catalog, event: ActionEvent): Promise<Reply> {
  const [filter, page] = event.value.split(':');
  const message = await listMessage(ctx, t, queueFilter(filter), event.actor.userId, Number(page) || 1);
  return { messages: event.source ? [] : [message], replaceSource: message, ephemeral: true };
}

/**
 * One page of a queue. The heading counts the whole queue; the footer says which page this is
 * and how to type the next; Previous and Next buttons turn the pages in place.
 */
async function listMessage(
  ctx: wf.Ctx,
  t: Catalog,
  filter: QueueFilter,
  viewerId: string,
  requested: number,
): Promise<OutboundMessage> {
  let { rows, total } = await queue(ctx.q, ctx.tenant.tenantId, filter, viewerId, ctx.now, requested);
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pages);
  // Past the end (the queue shrank, or a typo): the last page rather than an empty one.
  if (page !== requested)
    ({ rows, total } = await queue(ctx.q, ctx.tenant.tenantId, filter, viewerId, ctx.now, page));
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
  const buttons = [
    ...(page > 1 ? [{ label: t.queue.previous, action: 'ticket.page', value: `${filter}:${page - 1}` }] : []),
    ...(page < pages ? [{ label: t.queue.next, action: 'ticket.page', value: `${filter}:${page + 1}` }] : []),
  ];
  const from = (page - 1) * QUEUE_PAGE_SIZE + 1;
  // In the text, not the footer: Discord shows a footer's markup as typed, and the hint has code.
  const where = t.queue.page({
    from,
    to: from + rows.length - 1,
    total,
    page,
    pages,
    next: page < pages ? `/ticket list ${filter} page ${page + 1}` : undefined,
  });
  const body = lines.length > 0 ? lines.join('\n') : t.staff.listEmpty;
  return {
    title: t.staff.listHeading({ which, count: total }),
    text: pages > 1 ? `${body}\n\n${where}` : body,
    ...(buttons.length > 0 ? { buttons } : {}),
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
