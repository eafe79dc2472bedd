/** `/complain`: anyone. Opens the form, shows your own complaints, or starts with what you typed. */
import { byCode, forCustomer, normaliseCode } from '../complaints/repo.js';
import type { Ctx } from '../complaints/workflow.js';
import { catalog, toLocale } from '../i18n/index.js';
import type { IntakeEngine } from '../intake/engine.js';
import type { CommandEvent, Locale, OutboundMessage, Reply } from '../messages.js';
import { quote } from '../text.js';
import { first, parseCommand } from './args.js';
import { commandHelp, parseProblem } from './help.js';

export async function complainCommand(ctx: Ctx, intake: IntakeEngine, event: CommandEvent): Promise<Reply> {
  const ephemeralHere = event.place.kind !== 'dm';
  const locale: Locale = toLocale(event.actor.locale) ?? 'en';
  const t = catalog(locale);
  const parsed = parseCommand('complain', event.text);
  // "/complain my parcel never came": they have started telling us; carry on as a conversation.
  if (parsed.kind !== 'ok' && startsTelling(event.text)) {
    const reply = await intake.message(ctx, event.actor, event.text);
    return { ...reply, ephemeral: ephemeralHere };
  }
  if (parsed.kind !== 'ok' || parsed.sub === 'help') {
    return {
      messages: [{ text: parseProblem(t, 'complain', parsed) ?? commandHelp(t, 'complain') }],
      ephemeral: true,
    };
  }
  if (parsed.sub === 'status')
    return { messages: [await status(ctx, event, first(parsed.values, 'code'))], ephemeral: true };
  return intake.openForm(ctx, event.actor, ephemeralHere);
}

/** Three words, or four Chinese characters, read as the start of a complaint rather than a typo. */
const startsTelling = (text: string) =>
  text.trim().split(/\s+/).length >= 3 || /\p{Script=Han}{4,}/u.test(text);

/** Only ever the actor's own complaints: another customer's code reads as "not found". */
async function status(ctx: Ctx, event: CommandEvent, codeArg: string | undefined): Promise<OutboundMessage> {
  const t = catalog(toLocale(event.actor.locale) ?? 'en');
  if (codeArg) {
    const code = normaliseCode(codeArg) ?? quote(codeArg, 20);
    const c = normaliseCode(codeArg) ? await byCode(ctx.q, event.actor.tenantId, code) : undefined;
    if (!c || c.customerId !== event.actor.userId) return { text: t.status.notFound(code) };
    const ct = catalog(c.locale);
    const minutes = c.firstRespondedAt
      ? null
      : Math.round((c.firstResponseDue.getTime() - c.createdAt.getTime()) / 60_000);
    return {
      title: `${c.code} · ${ct.categories[c.category]}`,
      text: ct.status.detail({ code: c.code, status: ct.statuses[c.status] ?? c.status, minutes }),
      fields: [
        { label: ct.intake.restateFields.what, value: quote(c.summary, 200) },
        {
          label: ct.status.opened,
          value: c.createdAt.toISOString().slice(0, 16).replace('T', ' '),
          short: true,
        },
        ...(c.assigneeName ? [{ label: ct.status.assignee, value: c.assigneeName, short: true }] : []),
      ],
    };
  }
  const mine = await forCustomer(ctx.q, event.actor.tenantId, event.actor.userId);
  if (mine.length === 0) return { text: t.status.none };
  return {
    title: t.status.heading,
    text: mine
      .map((c) =>
        t.status.line({
          code: c.code,
          summary: quote(c.summary, 80),
          status: t.statuses[c.status] ?? c.status,
        }),
      )
      .join('\n'),
  };
}
