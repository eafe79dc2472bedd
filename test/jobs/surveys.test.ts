import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { complaints, outbox, surveys } from '../../db/schema.js';
import type { JobsDeps } from '../../src/jobs/deps.js';
import { registerJobHandlers, runSlaSweep, runSurveys } from '../../src/jobs/index.js';
import type { Actor, OutboundMessage, Target } from '../../src/messages.js';
import type { SendOptions } from '../../src/ports.js';
import { defuse } from '../../src/text.js';
import { DAY, HOUR } from '../support/clock.js';
import { createHarness, customer, type Harness, MANAGER_CHANNEL, shown, staff } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';
import { fileComplaint, jobsDepsFor, seedComplaint } from './support.js';

/** A port that posts the message and then fails once, as if the instance died before marking it sent. */
class CrashAfterSendPort extends MemoryPort {
  crashOnKeyPrefix: string | undefined;
  override async send(target: Target, message: OutboundMessage, options: SendOptions) {
    const ref = await super.send(target, message, options);
    if (this.crashOnKeyPrefix && options.idempotencyKey.startsWith(this.crashOnKeyPrefix)) {
      this.crashOnKeyPrefix = undefined;
      throw new Error('instance died after sending');
    }
    return ref;
  }
}

/** The same database, but every transaction dies just before it commits. */
function crashingBeforeCommit(database: Database): Database {
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver);
      return (work: (tx: unknown) => Promise<unknown>) =>
        target.transaction(async (tx) => {
          await work(tx);
          throw new Error('instance died before commit');
        });
    },
  });
  return { ...database, db };
}

const ana = customer('Ana');
const bo = staff('Bo');

describe('follow-up surveys', () => {
  let h: Harness;
  let port: CrashAfterSendPort;
  let deps: JobsDeps;

  beforeEach(async () => {
    h = await createHarness();
    port = new CrashAfterSendPort('sandbox');
    h.hearken.registerPlatform(port);
    deps = jobsDepsFor(h);
    registerJobHandlers(deps);
  });
  afterEach(() => h.close());

  /** Files a complaint through the intake as `who`, then Bo resolves it now. */
  async function resolvedComplaint(who: Actor = ana): Promise<string> {
    const row = await fileComplaint(h, who, {
      words: 'My parcel never arrived and nobody answers my emails.',
      category: 'delivery',
      impact: 'high',
      details: 'Last Tuesday, order 88231',
      outcome: 'refund',
    });
    await h.hearken.complaints.resolve({ complaintId: row.id, by: bo, reason: 'We sent a replacement.' });
    await h.deliver();
    return row.id;
  }

  const surveysFor = (complaintId: string) =>
    h.database.db
      .select()
      .from(surveys)
      .where(eq(surveys.complaintId, complaintId))
      .orderBy(surveys.resolutionNo);
  const surveyDms = (who: Actor = ana) =>
    port.dmsTo(who.userId).filter((m) => m.buttons?.[0]?.action === 'survey.rate');
  const complaint = async (id: string) =>
    (await h.database.db.select().from(complaints).where(eq(complaints.id, id)))[0];
  const rate = async (complaintId: string, rating: number, who: Actor = ana) => {
    const [survey] = (await surveysFor(complaintId)).slice(-1);
    return h.click(who, 'survey.rate', `${survey?.id}:${rating}`);
  };

  it('sends one survey after the delay, with two instances and a crash between send and mark', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY - 60_000);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(0);
    h.clock.advance(60_000);

    // One instance dies before its transaction commits: nothing of its attempt remains.
    const crashing = { ...deps, database: crashingBeforeCommit(h.database), instanceId: 'crashing' };
    expect((await runSurveys(crashing, h.clock.now())).sent).toBe(0);
    const runs = await Promise.all([
      runSurveys(deps, h.clock.now()),
      runSurveys({ ...deps, instanceId: 'b' }, h.clock.now()),
    ]);
    expect(runs[0].sent + runs[1].sent).toBe(1);

    // Delivery: the platform got the DM but the instance died before marking the row sent.
    port.crashOnKeyPrefix = `survey:${id}:`;
    await h.deliver();
    h.clock.advance(HOUR);
    await h.deliver();

    expect(await surveysFor(id)).toHaveLength(1);
    const dms = surveyDms();
    expect(dms).toHaveLength(1);
    expect(dms[0]?.buttons?.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(port.calls.filter((c) => c.key?.startsWith('survey:')).map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('asks again after a reopen and a second resolution, but not twice in one day', async () => {
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', { surveyDelayMinutes: 60 });
    const id = await resolvedComplaint();
    h.clock.advance(HOUR);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(1);
    await rate(id, 3);

    await h.hearken.complaints.reopen({ complaintId: id, by: bo, reason: 'Customer wrote back' });
    h.clock.advance(HOUR);
    await h.hearken.complaints.resolve({ complaintId: id, by: bo, reason: 'Refund sent too.' });
    h.clock.advance(2 * HOUR);

    // Due by the tenant's delay, but Ana was asked less than 24 hours ago.
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(0);
    h.clock.advance(21 * HOUR);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(1);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(0);

    expect((await surveysFor(id)).map((s) => s.resolutionNo)).toEqual([1, 2]);
  });

  it('asks a customer with two resolved complaints about one today and the other tomorrow', async () => {
    const first = await resolvedComplaint();
    const second = await seedComplaint(h.database, {
      createdAt: h.clock.now(),
      firstRespondedAt: h.clock.now(),
      status: 'resolved',
      resolvedAt: h.clock.now(),
      resolutionCount: 1,
    });

    h.clock.advance(DAY);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(1);
    h.clock.advance(DAY - 60_000);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(0);
    h.clock.advance(60_000);
    expect((await runSurveys(deps, h.clock.now())).sent).toBe(1);

    expect([...(await surveysFor(first)), ...(await surveysFor(second.id))]).toHaveLength(2);
  });

  it('does not ask about resolutions older than a survey’s whole life', async () => {
    const old = await seedComplaint(h.database, {
      createdAt: new Date(h.clock.now().getTime() - 30 * DAY),
      status: 'resolved',
      resolvedAt: new Date(h.clock.now().getTime() - 9 * DAY),
      resolutionCount: 1,
    });

    expect((await runSurveys(deps, h.clock.now())).sent).toBe(0);
    expect(await surveysFor(old.id)).toEqual([]);
  });

  it('a rating of 1 reopens and escalates the complaint and tells the customer someone will follow up', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());
    await h.deliver();

    const reply = await rate(id, 1);
    await h.deliver();

    expect(shown(reply)).toContain('We have reopened');
    expect(shown(reply)).toContain('follow up with you here');
    expect(reply.replaceSource?.text).toContain('1 out of 5');
    const after = await complaint(id);
    expect(after?.status).toBe('reopened');
    expect(after?.escalationLevel).toBe(1);
    expect(
      port
        .inChannel(MANAGER_CHANNEL)
        .map((p) => p.message.text)
        .join('\n'),
    ).toContain('rated the resolution 1/5');

    const again = await rate(id, 1);
    expect(shown(again)).toContain('already have your answer');
    expect((await complaint(id))?.escalationLevel).toBe(1);
  });

  it('a low rating reaches the customer as one message, not a thanks and a second “reopened” notice', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());
    await h.deliver();
    const before = port.dmsTo(ana.userId).length;

    const reply = await rate(id, 2);
    await h.deliver();

    expect(shown(reply)).toContain('We have reopened');
    expect(
      port
        .dmsTo(ana.userId)
        .slice(before)
        .map((m) => m.text),
    ).toEqual([]);
    expect((await complaint(id))?.status).toBe('reopened');
  });

  it('offers the five scores with none highlighted', async () => {
    await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());
    await h.deliver();

    expect(surveyDms()[0]?.buttons?.map((b) => b.style ?? 'default')).toEqual(Array(5).fill('default'));
  });

  it.each([
    ['4', 4],
    ['4/5', 4],
    ['four', 4],
    ['非常满意', 5],
  ])('takes a rating typed in the DM: “%s” is %i', async (typed, rating) => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());

    const reply = await h.dm(ana, typed);

    expect(shown(reply)).toContain('Thank you, Ana');
    expect((await surveysFor(id))[0]?.rating).toBe(rating);
    expect((await complaint(id))?.status).toBe('resolved');
  });

  it('a typed “不满意” is a low rating: reopened and escalated, told once in Chinese', async () => {
    const wang = customer('Wang', 'zh-CN');
    const row = await fileComplaint(h, wang, {
      words: '快递三天了还没收到，客服也不回复。',
      category: 'delivery',
      impact: 'high',
      details: '',
      outcome: 'refund',
    });
    await h.hearken.complaints.resolve({ complaintId: row.id, by: bo, reason: '已补发。' });
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());

    const reply = await h.dm(wang, '不满意');

    expect(shown(reply)).toContain('我们已重新打开');
    expect((await surveysFor(row.id))[0]?.rating).toBe(2);
    expect((await complaint(row.id))?.escalationLevel).toBe(1);
  });

  it('gives a complaint reopened by a low rating a fresh resolution window, so it is not “breached” at once', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(4 * DAY); // past the old 3-day resolution deadline of a high-severity complaint
    await runSurveys(deps, h.clock.now());

    await rate(id, 2);

    const reopened = await complaint(id);
    expect(reopened?.resolutionDue.getTime()).toBe(h.clock.now().getTime() + 3 * DAY);
    expect(await runSlaSweep(deps, h.clock.now())).toEqual({ warnings: 0, breaches: 0 });
    expect(reopened?.escalationLevel).toBe(1);
  });

  it('a rating of 5 thanks the customer, leaves the complaint resolved and takes a comment', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());

    const reply = await rate(id, 5);
    expect(shown(reply)).toContain('Thank you, Ana');
    expect((await complaint(id))?.status).toBe('resolved');

    const [survey] = await surveysFor(id);
    const comment = reply.replaceSource?.buttons?.[0];
    expect(comment?.action).toBe('survey.comment');
    const form = await h.click(ana, comment?.action ?? '', comment?.value ?? '');
    expect(form.form?.id).toBe('survey.comment');
    const saved = await h.submit(ana, 'survey.comment', { comment: 'Bo was lovely.' }, form.form?.context);
    expect(shown(saved)).toContain('passed on to the team');
    expect((await surveysFor(id))[0]).toMatchObject({ id: survey?.id, rating: 5, comment: 'Bo was lovely.' });
  });

  it('a comment with a NUL and markup is cleaned and stored, and staff see it marked as the customer words', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());
    const reply = await rate(id, 4);
    const button = reply.replaceSource?.buttons?.[0];
    const form = await h.click(ana, button?.action ?? '', button?.value ?? '');

    const saved = await h.submit(
      ana,
      'survey.comment',
      { comment: 'Fine\u0000 <!channel> thanks' },
      form.form?.context,
    );

    expect(shown(saved)).toContain('passed on to the team');
    expect((await surveysFor(id))[0]?.comment).toBe('Fine <!channel> thanks');
    const rows = await h.database.db.select().from(outbox).where(eq(outbox.complaintId, id));
    const thread = rows.find((r) => r.purpose === 'survey_comment');
    expect(thread?.message.text).toContain(defuse('Fine <!channel> thanks'));
  });

  it('does not take an answer from someone other than the customer', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());

    const reply = await rate(id, 1, customer('Mallory'));

    expect(shown(reply)).toContain('sent to someone else');
    expect((await surveysFor(id))[0]?.rating).toBeNull();
  });

  it('closes the complaint when the survey is unanswered for 7 days', async () => {
    const id = await resolvedComplaint();
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());
    h.clock.advance(7 * DAY - 60_000);
    expect((await runSurveys(deps, h.clock.now())).expired).toBe(0);

    h.clock.advance(60_000);
    const run = await runSurveys(deps, h.clock.now());

    expect(run.expired).toBe(1);
    expect((await complaint(id))?.status).toBe('closed');
    expect((await surveysFor(id))[0]?.status).toBe('expired');
  });

  it('when the survey DM cannot be delivered, tells the staff thread once and never retries', async () => {
    const id = await resolvedComplaint();
    port.closedDms.add(ana.userId);
    h.clock.advance(DAY);
    await runSurveys(deps, h.clock.now());

    await h.deliver();
    h.clock.advance(HOUR);
    await h.deliver();

    expect(port.calls.filter((c) => c.key?.startsWith('survey:'))).toHaveLength(1);
    expect((await surveysFor(id))[0]?.status).toBe('undeliverable');
    const card = (await complaint(id))?.cardRef;
    const thread = port.inThread(card?.messageId ?? '').map((m) => m.text);
    expect(thread.filter((t) => t.includes('survey for'))).toHaveLength(1);
    expect(
      await h.database.db
        .select()
        .from(surveys)
        .where(and(eq(surveys.complaintId, id), eq(surveys.status, 'sent'))),
    ).toHaveLength(0);
  });
});
