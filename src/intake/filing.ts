/**
 * Filing a complaint from a finished (or handed-over) conversation: the database writes, the
 * code, and the words that tell the customer what happens next and when.
 */

import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { adapterState, complaints, intakeSessions } from '../../db/schema.js';
import { attachHeldFiles, HELD, heldFileRefs } from '../complaints/files.js';
import { byId, DUPLICATE_WINDOW_MS, sameWords } from '../complaints/repo.js';
import { autoAssign } from '../complaints/staff.js';
import { type Ctx, createComplaint, linkFollowUp } from '../complaints/workflow.js';
import { formatInstant } from '../i18n/format.js';
import { type Catalog, catalog } from '../i18n/index.js';
import type { Actor, FileRef, Reply } from '../messages.js';
import { bind, statement } from '../prepared.js';
import { addBusinessMinutes, hasOpenHours } from '../sla/business-hours.js';
import { summarize } from '../text.js';
import { allDetails, firstName } from './prompts.js';
import { type Session, SessionMoved, saveSession } from './session.js';
import type { Answers } from './state.js';

/** How many of the customer's complaints in the duplicate window are compared (a form sent twice is one). */
const DUPLICATES_COMPARED = 20;

const recentOfCustomer = sql`(select ${complaints.id}, ${complaints.code}, ${complaints.description}, ${complaints.createdAt} from ${complaints} where ${and(
  eq(complaints.tenantId, sql.placeholder('tenantId')),
  eq(complaints.customerId, sql.placeholder('customerId')),
  gte(complaints.createdAt, bind('since', complaints.createdAt)),
)} order by ${asc(complaints.createdAt)} limit ${DUPLICATES_COMPARED})`;
const heldRow = and(eq(adapterState.namespace, HELD), eq(adapterState.key, sql.placeholder('customerId')));

const beforeFilingFields = {
  version: sql<
    number | null
  >`(select ${intakeSessions.version} from ${intakeSessions} where ${eq(intakeSessions.id, sql.placeholder('sessionId'))})`,
  recent: sql<unknown>`(select coalesce(json_agg(json_build_object('id', r.id, 'code', r.code, 'description', r.description) order by r.created_at), '[]'::json) from ${recentOfCustomer} r)`,
  held: sql<unknown>`(select ${adapterState.value} from ${adapterState} where ${heldRow} and (${adapterState.expiresAt} is null or ${adapterState.expiresAt} > ${bind('now', adapterState.expiresAt)}))`,
  anyHeld: sql<boolean>`exists (select 1 from ${adapterState} where ${heldRow})`,
};

/**
 * What filing reads, in one statement sent after the customer's lock is held (it was taken by the
 * step's read, whose snapshot is older): whether the session is still as read, the customer's
 * complaints of the duplicate window, and the files held for this intake.
 */
const readBeforeFiling = statement<
  { version: number | null; recent: unknown; held: unknown; anyHeld: boolean },
  { sessionId: string; tenantId: string; customerId: string; since: Date; now: Date }
>((q) => q.select(beforeFilingFields).from(sql`(select 1) as "one"`), beforeFilingFields);

type Filed = { id: string; code: string; description: string };

function isFiled(value: unknown): value is Filed {
  if (typeof value !== 'object' || value === null) return false;
  const f: Record<string, unknown> = { ...value };
  return typeof f.id === 'string' && typeof f.code === 'string' && typeof f.description === 'string';
}

/** The session's state now, the complaint the same words made lately (if any) and the held files. */
async function beforeFiling(
  ctx: Ctx,
  actor: Actor,
  session: Session,
  description: string | undefined,
): Promise<{ duplicate?: Filed; held: FileRef[]; anyHeld: boolean }> {
  const [row] = await readBeforeFiling(ctx.q, {
    sessionId: session.id,
    tenantId: ctx.tenant.tenantId,
    customerId: actor.userId,
    since: new Date(ctx.now.getTime() - DUPLICATE_WINDOW_MS),
    now: ctx.now,
  });
  if (!row || row.version !== session.version) throw new SessionMoved();
  const words = description === undefined ? undefined : sameWords(description);
  const recent = Array.isArray(row.recent) ? row.recent.filter(isFiled) : [];
  const duplicate = words === undefined ? undefined : recent.find((c) => sameWords(c.description) === words);
  return { ...(duplicate ? { duplicate } : {}), held: heldFileRefs(row.held), anyHeld: row.anyHeld };
}

/**
 * Files the complaint a conversation (or the form) describes, or joins the one the same words
 * made minutes ago. Called with the customer's lock held (the step's read took it), so the same
 * form sent twice waits for the first and finds it here.
 */
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
  const { duplicate, held, anyHeld } = await beforeFiling(
    ctx,
    actor,
    session,
    a.description ? description : undefined,
  );
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
  const earlier = a.follows ? await byId(ctx.q, a.follows) : undefined;
  const follows = earlier && earlier.tenantId === ctx.tenant.tenantId ? earlier : undefined;
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
    ...(follows ? { follows } : {}),
    completes: { sessionId: session.id, answers: { ...a } },
  });
  if (follows) await linkFollowUp(ctx, follows, created);
  const complaint = await autoAssign(ctx, created);
  // Files the customer shared while we talked go to the team with the complaint.
  if (anyHeld) await attachHeldFiles(ctx, complaint, actor, held);
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
