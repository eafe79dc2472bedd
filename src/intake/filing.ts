/**
 * Filing a complaint from a finished (or handed-over) conversation: the database writes, the
 * code, and the words that tell the customer what happens next and when.
 */

import { attachHeldFiles } from '../complaints/files.js';
import { type Ctx, createComplaint } from '../complaints/workflow.js';
import { catalog } from '../i18n/index.js';
import type { Actor, Reply } from '../messages.js';
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
  const complaint = await createComplaint(ctx, {
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
  });
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
  return { messages: [{ text, tone: 'success', footer: complaint.code }], ephemeral: false };
}
