/**
 * Issue 14 in Slack: admins set the SLA policy, hours and holidays from chat; staff page through
 * the whole queue and say why they escalate; the digest finds the admins when no manager channel
 * is set.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { complaintEvents, complaints } from '../../db/schema.js';
import { runDigests } from '../../src/jobs/index.js';
import { seedComplaint, silentLogger } from '../jobs/support.js';
import type { Body } from '../kit/slack-api.js';
import {
  inEphemeral,
  inMessage,
  PEOPLE,
  readable,
  type SlackWorld,
  STAFF_CHANNEL,
  slackWorldPerTest,
} from '../kit/slack-world.js';
import type { TestDatabase } from '../support/db.js';

let _database: TestDatabase;
let w: SlackWorld;
const { mei, ana, owner } = { mei: PEOPLE.mei.id, ana: PEOPLE.ana.id, owner: PEOPLE.owner.id };

slackWorldPerTest((world, db) => {
  w = world;
  _database = db;
});

const text = (bodies: Body[]) =>
  bodies.map((b) => `${String(b.text)}\n${readable((b.blocks as Body[]) ?? [])}`).join('\n');

describe('admins set the policy from Slack', () => {
  it('change the SLA targets of a severity and are told the old and the new', async () => {
    const typed = await w.command(owner, '/hearken', 'settings sla high 2h 2d', { channel: STAFF_CHANNEL });

    expect(typed.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(text(typed.responses)).toContain('sla is now urgent 1h/1d, high 2h/2d');
    expect(text(typed.responses)).toContain('(was urgent 1h/1d, high 4h/3d');
    expect((await w.hearken.tenantSettings(w.tenant))?.slaPolicy?.high).toEqual({
      firstResponseMinutes: 120,
      resolutionMinutes: 2880,
    });
  });

  it('set business hours and a holiday range, and see them in the overview', async () => {
    await w.command(owner, '/hearken', 'settings hours mon-fri 09:00-17:00 weekend closed', {
      channel: STAFF_CHANNEL,
    });
    await w.command(owner, '/hearken', 'settings holidays add 2026-12-24..2026-12-26', {
      channel: STAFF_CHANNEL,
    });

    const overview = await w.command(owner, '/hearken', 'settings', { channel: STAFF_CHANNEL });

    expect(text(overview.responses)).toContain('mon-fri 09:00-17:00, sat-sun closed');
    expect(text(overview.responses)).toContain('2026-12-24..2026-12-26');
  });

  it('keep open complaints’ deadlines until they ask to recompute, which redraws the card', async () => {
    const card = await w.fileByForm(mei);
    const [filed] = await w.database.db.select().from(complaints).where(eq(complaints.tenantId, w.tenant));

    await w.command(owner, '/hearken', 'settings sla high 30m 1d', { channel: STAFF_CHANNEL });
    const [kept] = await w.database.db.select().from(complaints).where(eq(complaints.tenantId, w.tenant));
    expect(kept?.firstResponseDue).toEqual(filed?.firstResponseDue);

    const updatesBefore = card.updates;
    const recomputed = await w.command(owner, '/hearken', 'settings sla recompute', {
      channel: STAFF_CHANNEL,
    });
    await w.deliver();

    expect(text(recomputed.responses)).toContain('Done: 1 open complaint now has its deadlines');
    const [moved] = await w.database.db.select().from(complaints).where(eq(complaints.tenantId, w.tenant));
    expect(moved?.firstResponseDue).toEqual(new Date((filed?.createdAt.getTime() ?? 0) + 30 * 60_000));
    expect(card.updates).toBeGreaterThan(updatesBefore);
  });

  it('are shown the accepted form for hours Hearken cannot read, and nothing changes', async () => {
    const typed = await w.command(owner, '/hearken', 'settings hours 9 to 5', { channel: STAFF_CHANNEL });

    expect(text(typed.responses)).toContain('`hours mon-fri 09:00-17:00`');
    expect((await w.hearken.tenantSettings(w.tenant))?.businessHours).toBeNull();
  });
});

describe('staff queue views in Slack', () => {
  it('/ticket list counts the whole queue and pages through it with Next', async () => {
    const at = new Date('2026-03-02T08:00:00Z');
    for (let i = 0; i < 25; i++) {
      await seedComplaint(w.database, {
        tenantId: w.tenant,
        platform: 'slack',
        createdAt: new Date(at.getTime() + i * 60_000),
      });
    }

    const typed = await w.command(ana, '/ticket', 'list', { channel: STAFF_CHANNEL });
    const first = typed.responses[0] ?? {};

    expect(text([first])).toContain('Open complaints: 25');
    expect(text([first])).toContain('1–20 of 25 (page 1 of 2)');
    expect(readable((first.blocks as Body[]) ?? []).match(/Parcel arrived damaged/g)).toHaveLength(20);

    const next = await w.click(ana, inEphemeral(STAFF_CHANNEL, first), 'Next');
    const second = next.responses.at(-1) ?? {};

    expect(second).toMatchObject({ replace_original: true });
    expect(text([second])).toContain('21–25 of 25 (page 2 of 2)');
    expect(readable((second.blocks as Body[]) ?? []).match(/Parcel arrived damaged/g)).toHaveLength(5);
  });

  it('the card’s Escalate button asks why, and the reason is on the timeline', async () => {
    const card = await w.fileByForm(mei);

    await w.click(ana, inMessage(card), 'Escalate');
    const modal = w.lastModal();
    expect(modal).toMatchObject({ callback_id: 'hearken:ticket.escalate' });
    const field = (modal.blocks as { block_id: string }[])[0]?.block_id ?? '';
    await w.submit(ana, modal, { [field]: 'Third ruined delivery this month' });
    await w.deliver();

    const [escalated] = await w.database.db
      .select()
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(and(eq(complaints.tenantId, w.tenant), eq(complaintEvents.type, 'escalated')));
    expect(escalated?.complaint_events.body).toBe('Third ruined delivery this month');
    expect(escalated?.complaints.escalationLevel).toBe(1);
  });

  it('the digest goes to the admin’s DMs when no manager channel is set, and says how to set one', async () => {
    await w.hearken.configureTenant(w.tenant, 'slack', { managerChannelId: null });
    await w.command(owner, '/hearken', 'settings', { channel: STAFF_CHANNEL });
    const tomorrow = new Date(Date.now() + 86_400_000);
    const nineThirty = new Date(`${tomorrow.toISOString().slice(0, 10)}T09:30:00Z`);

    const run = await runDigests(
      {
        hearken: w.hearken,
        database: w.database,
        clock: { now: () => nineThirty },
        logger: silentLogger,
        instanceId: 'a',
      },
      nineThirty,
    );
    await w.deliver();

    expect(run.sent).toContain(w.tenant);
    const digest = w.lastDm(owner);
    expect(`${digest.text}\n${readable(digest.blocks)}`).toContain('/hearken setup manager=#channel');
  });
});

describe('the block list in Slack', () => {
  it('an admin blocks a customer by mention: one notice in their DM, nothing reaches the staff channel', async () => {
    const staffPostsBefore = w.slack.messagesIn(STAFF_CHANNEL).length;

    const blocked = await w.command(owner, '/hearken', `block <@${mei}>`, { channel: STAFF_CHANNEL });
    await w.dm(mei, 'Your courier smashed my parcel, I want my money back');
    await w.dm(mei, 'Hello??');
    await w.command(mei, '/complain', '');
    await w.deliver();

    expect(text(blocked.responses)).toContain('Blocked mei');
    const notices = w.dmsOf(mei).filter((m) => m.text.includes('cannot pass on your messages'));
    expect(w.dmsOf(mei)).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(w.slack.callsTo('views.open')).toHaveLength(0);
    expect(w.slack.messagesIn(STAFF_CHANNEL)).toHaveLength(staffPostsBefore);

    const listed = await w.command(owner, '/hearken', 'blocked', { channel: STAFF_CHANNEL });
    expect(text(listed.responses)).toContain('mei');
    await w.command(owner, '/hearken', `unblock <@${mei}>`, { channel: STAFF_CHANNEL });
    await w.dm(mei, 'Your courier smashed my parcel, I want my money back');
    expect(w.dmsOf(mei).length).toBeGreaterThan(1);
  });
});
