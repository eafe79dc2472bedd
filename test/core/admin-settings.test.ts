/** `/hearken settings`: admins read and tune their workspace; a wrong value gets a hint, not a change. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaints } from '../../db/schema.js';
import { seedComplaint } from '../jobs/support.js';
import { anAdmin, createHarness, type Harness, shown, staff, TENANT } from '../support/harness.js';

const admin = anAdmin('Olu');

describe('/hearken settings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('shows the current settings to an admin, only to them', async () => {
    const reply = await h.command(admin, 'hearken', 'settings');

    expect(reply.ephemeral).toBe(true);
    const fields = Object.fromEntries((reply.messages[0]?.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields).toMatchObject({
      timezone: 'UTC',
      digest: '09:00',
      locale: 'en',
      'survey-delay': '1d',
      sla: 'urgent 1h/1d, high 4h/3d, normal 1d/7d, low 2d/14d',
      hours: '24/7',
      holidays: 'none',
    });
  });

  it.each([
    ['timezone Asia/Shanghai', 'Asia/Shanghai (was UTC)', { timeZone: 'Asia/Shanghai' }],
    ['digest 08:30', '08:30 (was 09:00)', { digestTime: '08:30' }],
    ['locale zh-CN', 'zh-CN (was en)', { defaultLocale: 'zh-CN' }],
    ['survey-delay 90m', '1h30m (was 1d)', { surveyDelayMinutes: 90 }],
    ['survey-delay 2d', '2d (was 1d)', { surveyDelayMinutes: 2880 }],
  ])('“%s” changes the workspace and says what it is now and was', async (args, said, saved) => {
    const reply = await h.command(admin, 'hearken', `settings ${args}`);

    const [key] = args.split(' ');
    expect(shown(reply)).toContain(`Done: ${key} is now ${said}.`);
    expect(await h.hearken.tenantSettings(TENANT)).toMatchObject(saved);
  });

  it.each([
    ['timezone Mars/Olympus', 'IANA time zone'],
    ['digest 25:00', '24-hour time'],
    ['locale fr', 'en or zh-CN'],
    ['survey-delay 90d', 'at most 30 days'],
    ['survey-delay soon', 'such as 90m or 24h'],
  ])('“%s” is refused with a hint and changes nothing', async (args, hint) => {
    await h.command(admin, 'hearken', 'settings');
    const before = await h.hearken.tenantSettings(TENANT);

    const reply = await h.command(admin, 'hearken', `settings ${args}`);

    expect(shown(reply)).toContain(hint);
    expect(await h.hearken.tenantSettings(TENANT)).toEqual(before);
  });

  it('is refused to staff who are not admins', async () => {
    const reply = await h.command(staff('Bo'), 'hearken', 'settings timezone Asia/Shanghai');

    expect(shown(reply)).toContain('Only workspace admins');
    expect((await h.hearken.tenantSettings(TENANT))?.timeZone).toBe('UTC');
  });

  it('sets the SLA targets of one severity, keeps the others, and says so with the old value', async () => {
    const reply = await h.command(admin, 'hearken', 'settings sla urgent 30m 8h');

    expect(shown(reply)).toContain(
      'Done: sla is now urgent 30m/8h, high 4h/3d, normal 1d/7d, low 2d/14d (was urgent 1h/1d, high 4h/3d',
    );
    expect(shown(reply)).toContain('/hearken settings sla recompute');
    expect((await h.hearken.tenantSettings(TENANT))?.slaPolicy).toMatchObject({
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 240, resolutionMinutes: 4320 },
    });
  });

  it('sets business hours day by day and reads them back grouped', async () => {
    const weekdays = await h.command(admin, 'hearken', 'settings hours mon-fri 09:00-17:00');
    expect(shown(weekdays)).toContain('Done: hours is now mon-fri 09:00-17:00, sat-sun closed (was 24/7).');
    const reply = await h.command(admin, 'hearken', 'settings hours sat 10:00-14:00');

    expect(shown(reply)).toBe(
      [
        'Done: hours is now mon-fri 09:00-17:00, sat 10:00-14:00, sun closed (was mon-fri 09:00-17:00, sat-sun closed).',
        'Complaints already open keep their deadlines. To move them to these settings: `/hearken settings sla recompute`.',
      ].join('\n'),
    );
    const again = await h.command(admin, 'hearken', 'settings hours 24/7');
    expect(shown(again)).toContain(
      'Done: hours is now 24/7 (was mon-fri 09:00-17:00, sat 10:00-14:00, sun closed)',
    );
    expect((await h.hearken.tenantSettings(TENANT))?.businessHours).toBeNull();
  });

  it('adds holiday dates and ranges, removes one, and lists them in the overview', async () => {
    await h.command(admin, 'hearken', 'settings hours mon-fri 09:00-17:00 sat-sun closed');
    await h.command(admin, 'hearken', 'settings holidays add 2026-12-24..2026-12-26,2027-01-01');
    const removed = await h.command(admin, 'hearken', 'settings holidays remove 2026-12-26');

    expect(shown(removed)).toContain(
      'Done: holidays is now 2026-12-24..2026-12-25, 2027-01-01 (was 2026-12-24..2026-12-26, 2027-01-01).',
    );
    const overview = shown(await h.command(admin, 'hearken', 'settings'));
    expect(overview).toContain('holidays: 2026-12-24..2026-12-25, 2027-01-01');
    expect(overview).toContain('hours: mon-fri 09:00-17:00, sat-sun closed');
  });

  it('changes several settings in one command, each applied to what the one before left', async () => {
    const reply = await h.command(
      admin,
      'hearken',
      'settings timezone Asia/Shanghai hours mon-fri 09:00-18:00 sat-sun closed holidays add 2026-10-01..2026-10-07',
    );

    expect(shown(reply)).toContain('Done: timezone is now Asia/Shanghai (was UTC).');
    expect(shown(reply)).toContain('Done: holidays is now 2026-10-01..2026-10-07 (was none).');
    expect(await h.hearken.tenantSettings(TENANT)).toMatchObject({
      timeZone: 'Asia/Shanghai',
      businessHours: {
        weekly: { '1': [['09:00', '18:00']], '6': [] },
        holidays: [
          '2026-10-01',
          '2026-10-02',
          '2026-10-03',
          '2026-10-04',
          '2026-10-05',
          '2026-10-06',
          '2026-10-07',
        ],
      },
    });
  });

  it.each([
    ['sla urgent soon 24h', 'such as `sla urgent 1h 24h`'],
    ['sla critical 1h 24h', 'urgent, high, normal or low'],
    ['sla high 3d 4h', 'cannot take longer than the resolution'],
    ['hours mon-fri 9-5', '`hours mon-fri 09:00-17:00`'],
    ['hours funday 09:00-17:00', '`hours sat closed`'],
    ['hours daily closed', 'no open hour in the week'],
    ['holidays add 2026-02-30', '`holidays add 2026-12-25`'],
    ['holidays add 2026-12-26..2026-12-24', 'a range `holidays add 2026-12-24..2026-12-26`'],
    ['holidays plant 2026-12-25', '`holidays clear`'],
  ])('“%s” is refused with the accepted form and changes nothing', async (args, form) => {
    await h.command(admin, 'hearken', 'settings');
    const before = await h.hearken.tenantSettings(TENANT);

    const reply = await h.command(admin, 'hearken', `settings ${args}`);

    expect(shown(reply)).toContain('nothing was changed');
    expect(shown(reply)).toContain(form);
    expect(await h.hearken.tenantSettings(TENANT)).toEqual(before);
  });

  it('answers in Chinese for a Chinese-speaking admin, with the accepted form', async () => {
    const reply = await h.command({ ...admin, locale: 'zh-CN' }, 'hearken', 'settings hours someday 09:00');

    expect(shown(reply)).toContain('设置没有改动');
    expect(shown(reply)).toContain('`hours mon-fri 09:00-17:00`');
  });

  it('leaves open complaints their deadlines until an admin asks to recompute, then counts them', async () => {
    const filed = new Date('2026-03-02T08:00:00Z');
    const open = await seedComplaint(h.database, { severity: 'urgent', createdAt: filed });
    const claimed = await seedComplaint(h.database, {
      severity: 'urgent',
      status: 'claimed',
      createdAt: filed,
    });
    const waiting = await seedComplaint(h.database, {
      severity: 'urgent',
      status: 'waiting',
      createdAt: filed,
    });
    await seedComplaint(h.database, { severity: 'urgent', status: 'resolved', createdAt: filed });

    await h.command(admin, 'hearken', 'settings sla urgent 2h 2d');
    const dueOf = async (id: string) =>
      (await h.database.db.select().from(complaints).where(eq(complaints.id, id)))[0];
    expect((await dueOf(open.id))?.firstResponseDue).toEqual(new Date('2026-03-02T09:00:00Z'));

    const reply = await h.command(admin, 'hearken', 'settings sla recompute');

    expect(shown(reply)).toContain('Done: 2 open complaints now have their deadlines');
    for (const id of [open.id, claimed.id]) {
      expect(await dueOf(id)).toMatchObject({
        firstResponseDue: new Date('2026-03-02T10:00:00Z'),
        resolutionDue: new Date('2026-03-04T08:00:00Z'),
      });
    }
    expect((await dueOf(waiting.id))?.firstResponseDue).toEqual(waiting.firstResponseDue);
  });
});
