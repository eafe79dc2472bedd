/** `/complain`: anyone. Opens the form, shows your own complaints, or starts with what you typed. */
import { byCode, forCustomer, normaliseCode } from '../complaints/repo.js';
import type { Ctx } from '../complaints/workflow.js';
import { catalog, toLocale } from '../i18n/index.js';
import type { IntakeEngine } from '../intake/engine.js';
import type { CommandEvent, Locale, OutboundMessage, Reply } from '../messages.js';
import { quote } from '../text.js';
import { parse } from './args.js';

export async function complainCommand(ctx: Ctx, intake: IntakeEngine, event: CommandEvent): Promise<Reply> {
  const { sub, args } = parse(event.text);
  const ephemeralHere = event.place.kind !== 'dm';
  const locale: Locale = toLocale(event.actor.locale) ?? 'en';
  const t = catalog(locale);
  if (sub === '') return intake.openForm(ctx, event.actor, ephemeralHere);
  if (sub === 'status' || sub === '状态')
    return { messages: [await status(ctx, event, args[0])], ephemeral: true };
  if (sub === 'help' || sub === '帮助')
    return { messages: [{ text: t.errors.complainHelp }], ephemeral: true };
  // "/complain my parcel never came": they have started telling us; carry on as a conversation.
  if (event.text.trim().split(/\s+/).length >= 3 || /\p{Script=Han}{4,}/u.test(event.text)) {
    const reply = await intake.message(ctx, event.actor, event.text);
    return { ...reply, ephemeral: ephemeralHere };
  }
  return {
    messages: [{ text: t.errors.unknownCommand(`/complain ${sub}`, t.errors.complainHelp) }],
    ephemeral: true,
  };
}

/** Only ever the actor's own complaints: another customer's code reads as "not found". */
async function status(ctx: Ctx, event: CommandEvent, codeArg: string | undefined): Promise<OutboundMessage> {
  const t = catalog(toLocale(event.actor.locale) ?? 'en');
  if (codeArg) {
    const code = normaliseCode(codeArg) ?? quote(codeArg, 20);
    const c = normaliseCode(codeArg) ? await byCode(ctx.q, event.actor.tenantId, code) : undefined;
    if (!c || c.customerId !== event.actor.userId) return { text: t.status.notFound(code) };
    const ct = catalog(c.locale as Locale);
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
