/**
 * Issue 14 on Discord: admins set the SLA policy, hours and holidays from chat; staff page through
 * the whole queue and say why they escalate; the digest finds the admins when no manager channel
 * is set.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../adapters/discord/commands.js';
import { complaintEvents, complaints, customerBlocks } from '../../db/schema.js';
import { runDigests } from '../../src/jobs/index.js';
import { seedComplaint, silentLogger } from '../jobs/support.js';
import {
  control,
  customIds,
  fileComplaint,
  latest,
  type Story,
  storyPerTest,
  visibleText,
} from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

describe('admins and staff on Discord (issue 14)', () => {
  const current = storyPerTest();
  let story: Story;
  let tenant: string;
  beforeEach(() => {
    story = current();
    tenant = `discord:${story.world.acme.id}`;
  });

  test('/hearken settings offers the SLA, hours and holidays as text options and /ticket list a page number', () => {
    const hearken = commandDefinitions().find((c) => c.name === 'hearken');
    const settings = hearken?.options?.find((o) => o.name === 'settings');
    const names =
      settings && 'options' in settings ? (settings.options ?? []).map((o) => [o.name, o.type]) : [];
    expect(names).toEqual(
      expect.arrayContaining([
        ['sla', 3],
        ['hours', 3],
        ['holidays', 3],
      ]),
    );
    const list = commandDefinitions()
      .find((c) => c.name === 'ticket')
      ?.options?.find((o) => o.name === 'list');
    const page = list && 'options' in list ? list.options?.find((o) => o.name === 'page') : undefined;
    expect(page).toMatchObject({ type: 4, min_value: 1 });
  });

  test('an admin sets an SLA target and business hours in one command and sees old and new', async () => {
    const { fake, world } = story;

    const settings = fake.slash(story.inAcme(world.users.ola), 'hearken', 'settings', {
      sla: 'normal 8h 5d',
      hours: 'mon-fri 08:00-18:00 sat-sun closed',
    });
    const [answer] = await story.repliesTo(settings);

    expect(answer?.flags).toBe(64);
    expect(visibleText(answer!)).toContain('normal 8h/5d');
    expect(visibleText(answer!)).toContain('(was urgent 1h/1d, high 4h/3d, normal 1d/7d, low 2d/14d)');
    expect(visibleText(answer!)).toContain('hours is now mon-fri 08:00-18:00, sat-sun closed (was 24/7)');
    expect(await story.core.tenantSettings(tenant)).toMatchObject({
      slaPolicy: { normal: { firstResponseMinutes: 480, resolutionMinutes: 7200 } },
      businessHours: { weekly: { '1': [['08:00', '18:00']], '7': [] } },
    });
  });

  test('holidays Hearken cannot read are refused with the accepted form', async () => {
    const { fake, world } = story;

    const settings = fake.slash(story.inAcme(world.users.ola), 'hearken', 'settings', {
      holidays: 'add christmas',
    });
    const [answer] = await story.repliesTo(settings);

    expect(visibleText(answer!)).toContain('holidays add 2026-12-24..2026-12-26');
    expect((await story.core.tenantSettings(tenant))?.businessHours).toBeNull();
  });

  test('/ticket list counts every open complaint and Next turns to the second page', async () => {
    const { fake, world } = story;
    const at = new Date('2026-03-02T08:00:00Z');
    for (let i = 0; i < 23; i++) {
      await seedComplaint(story.database, {
        tenantId: tenant,
        platform: 'discord',
        createdAt: new Date(at.getTime() + i * 60_000),
      });
    }
    const sam = story.inAcme(world.users.sam, 'staff');

    const [list] = await story.repliesTo(fake.slash(sam, 'ticket', 'list'));
    expect(visibleText(list!)).toContain('Open complaints: 23');
    expect(visibleText(list!)).toContain('1–20 of 23 (page 1 of 2)');

    fake.click(sam, list!, control(list!, 'ticket.page'));
    const turned = await waitFor(
      () => (visibleText(latest(story, list!)).includes('page 2 of 2') ? latest(story, list!) : undefined),
      'the second page',
    );
    expect(visibleText(turned).match(/Parcel arrived damaged/g)).toHaveLength(3);

    const [typed] = await story.repliesTo(fake.slash(sam, 'ticket', 'list', { page: 2 }));
    expect(visibleText(typed!)).toContain('21–23 of 23 (page 2 of 2)');
  });

  test('the card’s Escalate opens a form, and the reason given is on the timeline', async () => {
    const { fake, world } = story;
    const { card } = await fileComplaint(story, world.users.ana);
    const sam = story.inAcme(world.users.sam, 'staff');

    const click = fake.click(sam, card, control(card, 'ticket.escalate'));
    const modal = await waitFor(() => fake.interaction(click).modal, 'the escalate form');
    const field = JSON.stringify(modal).match(/"custom_id":"([^"]*text[^"]*)"/)?.[1] ?? 'text';
    const [answer] = await story.repliesTo(
      fake.submitModal(sam, click, { [field]: 'Customer has waited two weeks' }),
    );

    expect(visibleText(answer!)).toMatch(/escalated/i);
    const [event] = await story.database.db
      .select({ body: complaintEvents.body })
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(and(eq(complaints.tenantId, tenant), eq(complaintEvents.type, 'escalated')));
    expect(event?.body).toBe('Customer has waited two weeks');
  });

  test('without a manager channel the digest goes to the admin’s DMs and says how to set one', async () => {
    const { fake, world } = story;
    await story.core.configureTenant(tenant, 'discord', { managerChannelId: null });
    await story.repliesTo(fake.slash(story.inAcme(world.users.ola), 'hearken', 'settings'));
    const tomorrow = new Date(Date.now() + 86_400_000);
    const nineThirty = new Date(`${tomorrow.toISOString().slice(0, 10)}T09:30:00Z`);

    await runDigests(
      {
        hearken: story.core,
        database: story.database,
        clock: { now: () => nineThirty },
        logger: silentLogger,
        instanceId: 'a',
      },
      nineThirty,
    );
    await story.deliver();

    const [digest] = await story.dmsTo(world.users.ola, 1);
    expect(visibleText(digest!)).toContain('/hearken setup manager=#channel');
    expect(customIds(digest!)).toEqual([]);
  });

  test('an admin blocks a customer: they are told once in their DM and no card or relay reaches staff', async () => {
    const { fake, world } = story;
    const staffBefore = fake.messagesIn(world.channels.staff).length;

    const [blocked] = await story.repliesTo(
      fake.slash(story.inAcme(world.users.ola), 'hearken', 'block', { customer: world.users.ana.id }),
    );
    expect(visibleText(blocked!)).toMatch(/^Blocked /);
    fake.dm(world.users.ana, 'The parcel came smashed and nobody answers the phone');
    const [notice] = await story.dmsTo(world.users.ana, 1);
    fake.dm(world.users.ana, 'Hello?');
    await waitFor(
      () => story.host.received.some((e) => e.kind === 'message' && e.text === 'Hello?'),
      'the second DM to reach the core',
    );
    await story.host.idle();
    await story.deliver();

    expect(visibleText(notice!)).toBe(
      'Thank you for your message. This channel cannot pass on your messages at the moment.',
    );
    expect(fake.messagesIn(fake.dmChannel(world.users.ana).id).filter((m) => m.author?.bot)).toHaveLength(1);
    expect(fake.messagesIn(world.channels.staff)).toHaveLength(staffBefore);
    const [audit] = await story.database.db
      .select()
      .from(customerBlocks)
      .where(eq(customerBlocks.tenantId, tenant));
    expect(audit).toMatchObject({
      action: 'blocked',
      customerId: `discord:${world.acme.id}:${world.users.ana.id}`,
    });
  });
});
