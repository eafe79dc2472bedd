/**
 * Filing a complaint from a finished (or handed-over) conversation: the database writes, the
 * code, and the words that tell the customer what happens next and when.
 */

import { attachHeldFiles } from '../complaints/files.js';
import { byId, recentDuplicate } from '../complaints/repo.js';
import { autoAssign } from '../complaints/staff.js';
import { type Ctx, createComplaint, linkFollowUp } from '../complaints/workflow.js';
import { formatInstant } from '../i18n/format.js';
import { type Catalog, catalog } from '../i18n/index.js';
import type { Actor, Reply } from '../messages.js';
import { addBusinessMinutes, hasOpenHours } from '../sla/business-hours.js';
import { summarize } from '../text.js';
import { allDetails, firstName } from './prompts.js';
import { type Session, saveSession } from './session.js';
import type { Answers } from './state.js';

export async function file(
  ctx: Ctx,
  actor: Actor,
  session: Session,
  a: Answers,
  source: 'dm' | 'form',
): Promise<Reply> {
  const locale = session.locale;
  const t = catalog(locale);
  const description = a.description || t.intake.personNoStory;
  // The same words from the same customer minutes ago (a form sent twice): one complaint, not two.
  const duplicate = a.description
    ? await recentDuplicate(ctx.q, ctx.tenant.tenantId, actor.userId, description, ctx.now)
    : undefined;
  if (duplicate) {
    await saveSession(
      ctx.q,
      session,
      { status: 'completed', complaintId: duplicate.id, answers: { ...a } },
      ctx.now,
    );
    return {
      messages: [{ text: t.lifecycle.duplicateJoined(duplicate.code), footer: duplicate.code }],
      ephemeral: false,
    };
  }
  const follows = a.follows ? await byId(ctx.q, a.follows) : undefined;
  const created = await createComplaint(ctx, {
    customer: actor,
    locale,
    category: a.category ?? 'other',
    severity: a.severity ?? 'normal',
    summary: summarize(description),
    description,
    details: allDetails(t, a) || null,
    desiredOutcome: a.outcome ?? 'other',
    outcomeNote: a.outcomeNote || null,
    sentiment: a.emotion ?? 'calm',
    source,
    ...(a.wantsPerson ? { personRequested: true } : {}),
    ...(follows && follows.tenantId === ctx.tenant.tenantId ? { follows } : {}),
  });
  if (follows && follows.tenantId === ctx.tenant.tenantId) await linkFollowUp(ctx, follows, created);
  const complaint = await autoAssign(ctx, created);
  // Files the customer shared while we talked go to the team with the complaint.
  await attachHeldFiles(ctx, complaint, actor);
  await saveSession(
    ctx.q,
    session,
    { status: 'completed', complaintId: complaint.id, answers: { ...a } },
    ctx.now,
  );
  const minutes = Math.round((complaint.firstResponseDue.getTime() - complaint.createdAt.getTime()) / 60_000);
  const name = firstName(actor.displayName);
  const text = a.wantsPerson
    ? `${t.intake.personFiled({ name, code: complaint.code, minutes })}`
    : `${t.intake.created({ name, code: complaint.code })}\n\n${t.intake.nextSteps({ code: complaint.code, minutes })}`;
  const closed = outOfHours(ctx, t, complaint.firstResponseDue);
  return {
    messages: [{ text: closed ? `${text}\n\n${closed}` : text, tone: 'success', footer: complaint.code }],
    ephemeral: false,
  };
}

/**
 * Filed while the team is away (outside the tenant's business hours, on a holiday): when they are
 * back and by when a person will answer, both in the tenant's zone and the customer's language.
 * The deadline is already counted in business time (src/sla/policy.ts), so it is quoted as is.
 */
function outOfHours(ctx: Ctx, t: Catalog, firstResponseDue: Date): string | undefined {
  const hours = ctx.tenant.businessHours;
  if (!ctx.tenant.outOfHoursNotice || !hasOpenHours(hours)) return undefined;
  // One business minute from now, less that minute: the moment the team is next at work.
  const back = new Date(addBusinessMinutes(ctx.now, 1, hours, ctx.tenant.timeZone).getTime() - 60_000);
  if (back.getTime() <= ctx.now.getTime()) return undefined;
  return t.lifecycle.outOfHours({
    back: formatInstant(back, t.locale, ctx.tenant.timeZone),
    due: formatInstant(firstResponseDue, t.locale, ctx.tenant.timeZone),
  });
}
