/** `/hearken settings`: admins read and tune their workspace; a wrong value gets a hint, not a change. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    expect(fields).toMatchObject({ timezone: 'UTC', digest: '09:00', locale: 'en', 'survey-delay': '1440m' });
  });

  it.each([
    ['timezone Asia/Shanghai', { timeZone: 'Asia/Shanghai' }],
    ['digest 08:30', { digestTime: '08:30' }],
    ['locale zh-CN', { defaultLocale: 'zh-CN' }],
    ['survey-delay 90m', { surveyDelayMinutes: 90 }],
    ['survey-delay 2d', { surveyDelayMinutes: 2880 }],
  ])('“%s” changes the workspace and says what it is now', async (args, saved) => {
    const reply = await h.command(admin, 'hearken', `settings ${args}`);

    const [key, value] = args.split(' ');
    expect(shown(reply)).toBe(`Done: ${key} is now ${value}.`);
    expect(await h.hearken.tenantSettings(TENANT)).toMatchObject(saved);
  });

  it.each([
    ['timezone Mars/Olympus', 'IANA time zone'],
    ['digest 25:00', '24-hour time'],
    ['locale fr', 'en or zh-CN'],
    ['survey-delay 90d', 'at most 30 days'],
    ['survey-delay soon', 'such as 90m or 24h'],
  ])('“%s” is refused with a hint and changes nothing', async (args, hint) => {
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
});
