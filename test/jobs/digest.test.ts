import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, surveys, tenantSettings } from '../../db/schema.js';
import { buildDigestWithFigures } from '../../src/digest/build.js';
import type { JobsDeps } from '../../src/jobs/deps.js';
import { type JobHandlers, registerJobHandlers, runDigests } from '../../src/jobs/index.js';
import type { OutboundMessage } from '../../src/messages.js';
import { createHarness, type Harness, shown } from '../support/harness.js';
import { jobsDepsFor, seedComplaint } from './support.js';

/** A wall time in Asia/Shanghai (UTC+8, no DST) as an instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/** Width and height from a PNG's IHDR chunk, or undefined when it is not a PNG. */
function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature) || png.subarray(12, 16).toString('ascii') !== 'IHDR')
    return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const attachment = (message: OutboundMessage) =>
  Buffer.from(message.attachments?.[0]?.base64 ?? '', 'base64');

/**
 * The seeded fortnight for tenant sandbox:acme in Asia/Shanghai; the digest day is Sunday
 * 2026-11-22, sent on Monday at 09:00. Hand-computed figures are beside each row.
 */
async function seedFortnight(h: Harness) {
  const db = h.database;
  const seed = (p: Parameters<typeof seedComplaint>[1]) => seedComplaint(db, p);
  // The oldest open complaint; its resolution time ran out on the digest day.
  const d15 = await seed({
    category: 'delivery',
    createdAt: sh('2026-11-15 10:00'),
    status: 'claimed',
    assigneeName: 'Bo',
    summary: 'Fridge delivered to the wrong address',
    resolutionBreachedAt: sh('2026-11-22 08:00'),
  });
  // Resolved on the day after 5 days (7200 min).
  const p17a = await seed({
    category: 'product',
    createdAt: sh('2026-11-17 10:00'),
    firstRespondedAt: sh('2026-11-17 11:00'),
    status: 'resolved',
    resolvedAt: sh('2026-11-22 10:00'),
    resolutionCount: 1,
  });
  const p17b = await seed({
    category: 'product',
    createdAt: sh('2026-11-17 15:00'),
    status: 'waiting',
    summary: 'Kettle stopped working after a week',
  });
  const b19 = await seed({
    category: 'billing',
    createdAt: sh('2026-11-19 09:00'),
    status: 'closed',
    resolvedAt: sh('2026-11-20 10:00'),
    closedAt: sh('2026-11-21 10:00'),
    resolutionCount: 1,
  });
  const d21 = await seed({ category: 'delivery', createdAt: sh('2026-11-21 18:00'), status: 'open' });
  // The digest day: 4 delivery (a spike: 2 in the 7 days before), 1 product, 1 service.
  await seed({
    category: 'delivery',
    createdAt: sh('2026-11-22 08:00'),
    firstRespondedAt: sh('2026-11-22 10:00'), // 120 min
    status: 'claimed',
  });
  await seed({
    category: 'delivery',
    createdAt: sh('2026-11-22 11:00'),
    status: 'open',
    firstResponseBreachedAt: sh('2026-11-22 14:00'),
  });
  await seed({ category: 'delivery', createdAt: sh('2026-11-22 15:00'), status: 'open' });
  // 23:30 local is still the 22nd in Shanghai (15:30 UTC).
  await seed({ category: 'delivery', createdAt: sh('2026-11-22 23:30'), status: 'open' });
  await seed({
    category: 'product',
    createdAt: sh('2026-11-22 12:00'),
    firstRespondedAt: sh('2026-11-22 12:20'), // 20 min
    status: 'claimed',
  });
  await seed({
    category: 'service',
    createdAt: sh('2026-11-22 09:00'),
    firstRespondedAt: sh('2026-11-22 09:30'), // 30 min
    status: 'resolved',
    resolvedAt: sh('2026-11-22 13:00'), // 240 min
    resolutionCount: 1,
  });
  // 00:30 on the 23rd in Shanghai: the 22nd in UTC, but not part of the digest day.
  await seed({ category: 'delivery', createdAt: sh('2026-11-23 00:30'), status: 'open' });

  // Surveys sent in the 7 days to the end of the day: 3 sent, 2 answered (4 and 2) → 3.0, 67 %.
  const survey = (complaintId: string, sentAt: Date, rating: number | null) => ({
    complaintId,
    tenantId: 'sandbox:acme',
    customerId: 'sandbox:acme:ana',
    resolutionNo: 1,
    sentAt,
    rating,
    status: rating ? ('answered' as const) : ('sent' as const),
  });
  await db.db.insert(surveys).values([
    survey(b19.id, sh('2026-11-21 10:00'), 4),
    survey(d15.id, sh('2026-11-18 10:00'), 2),
    survey(p17b.id, sh('2026-11-20 10:00'), null),
    survey(d21.id, sh('2026-11-10 10:00'), 1), // outside the window
  ]);
  return { p17a };
}

describe('the daily digest', () => {
  let h: Harness;
  let deps: JobsDeps;
  let handlers: JobHandlers;

  beforeAll(async () => {
    h = await createHarness();
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', {
      timeZone: 'Asia/Shanghai',
      digestTime: '09:00',
    });
    // Set up long before the seeded fortnight (the harness creates the tenant at the real time).
    await h.database.db
      .update(tenantSettings)
      .set({ createdAt: new Date('2026-10-01T00:00:00Z') })
      .where(eq(tenantSettings.tenantId, 'sandbox:acme'));
    await seedFortnight(h);
    h.clock.set('2026-11-23T01:00:00Z'); // Monday 09:00 in Shanghai
    deps = jobsDepsFor(h);
    handlers = registerJobHandlers(deps);
  });
  afterAll(() => h.close());

  it('computes the figures of a seeded fortnight as worked out by hand', async () => {
    const { figures } = await buildDigestWithFigures(deps, 'sandbox:acme', '2026-11-22');

    expect(figures).toMatchObject({
      day: '2026-11-22',
      partial: false,
      newCount: 6,
      resolvedCount: 2,
      openCount: 9,
      breaches: { firstResponse: 1, resolution: 1 },
      medianFirstResponseMinutes: 30,
      medianResolutionMinutes: 3720,
      topCategories: [
        { category: 'delivery', count: 4 },
        { category: 'product', count: 1 },
        { category: 'service', count: 1 },
      ],
      weekCategories: [
        { category: 'product', count: 3 },
        { category: 'service', count: 1 },
        { category: 'delivery', count: 5 },
        { category: 'billing', count: 1 },
        { category: 'other', count: 0 },
      ],
    });
    expect(figures.csat.sent).toBe(3);
    expect(figures.csat.answered).toBe(2);
    expect(figures.csat.average).toBeCloseTo(3);
    expect(figures.trend).toEqual([
      { day: '2026-11-16', newCount: 0, resolved: 0 },
      { day: '2026-11-17', newCount: 2, resolved: 0 },
      { day: '2026-11-18', newCount: 0, resolved: 0 },
      { day: '2026-11-19', newCount: 1, resolved: 0 },
      { day: '2026-11-20', newCount: 0, resolved: 1 },
      { day: '2026-11-21', newCount: 1, resolved: 0 },
      { day: '2026-11-22', newCount: 6, resolved: 2 },
    ]);
    expect(figures.spikes).toEqual([{ category: 'delivery', count: 4, average: 2 / 7 }]);
    expect(figures.oldestOpen.map((c) => [c.summary, c.ageMinutes])).toEqual([
      ['Fridge delivered to the wrong address', 8 * 24 * 60 - 60],
      ['Kettle stopped working after a week', 5 * 24 * 60 + 18 * 60],
      ['Parcel arrived damaged', 39 * 60],
      ['Parcel arrived damaged', 25 * 60],
      ['Parcel arrived damaged', 22 * 60],
    ]);
  });

  it('reads as a message with the figures, the spike, the oldest open and a PNG chart', async () => {
    const { message } = await buildDigestWithFigures(deps, 'sandbox:acme', '2026-11-22');

    expect(message.title).toBe('Complaints digest · Sun, Nov 22, 2026');
    expect(message.tone).toBe('warning');
    const text = shown({ messages: [message], ephemeral: false });
    expect(text).toContain('6 new, 2 resolved, 9 still open.');
    expect(text).toContain('Spike: *Delivery* had 4 complaints, more than twice its 7-day average of 0.3');
    expect(text).toContain('SLA breaches: 1 first response · 1 resolution');
    expect(text).toContain('Median first response: 30 min');
    expect(text).toContain('Median time to resolve: 2 d 14 h');
    expect(text).toContain('CSAT (7 days): 3.0 / 5 · 67% answered (2 of 3)');
    expect(text).toContain('Top categories: Delivery 4 · Product quality 1 · Service or staff 1');
    expect(text).toContain('New in the last 7 days: 0 → 2 → 0 → 1 → 0 → 1 → 6');
    expect(text).toContain('1. *C-');
    expect(text).toContain(
      '7 d 23 h old · normal · in progress · Bo — Fridge delivered to the wrong address',
    );
    expect(message.attachments?.[0]).toMatchObject({
      contentType: 'image/png',
      filename: 'hearken-digest-2026-11-22.png',
    });
    expect(pngSize(attachment(message))).toEqual({ width: 1760, height: 720 });
  });

  it('speaks Chinese to a Chinese-speaking tenant, numbers included', async () => {
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', { defaultLocale: 'zh-CN' });
    try {
      const { message } = await buildDigestWithFigures(deps, 'sandbox:acme', '2026-11-22');
      expect(message.title).toBe('投诉日报 · 2026年11月22日周日');
      expect(message.text).toContain('新增 6 件，解决 2 件，仍有 9 件未结。');
      expect(message.fields?.find((f) => f.label === '解决用时（中位数）')?.value).toBe('2 天 14 小时');
      expect(pngSize(attachment(message))).toBeDefined();
    } finally {
      await h.hearken.configureTenant('sandbox:acme', 'sandbox', { defaultLocale: 'en' });
    }
  });

  it('goes out once at the tenant’s digest time, whichever of two instances gets there', async () => {
    const before = await runDigests(deps, new Date('2026-11-23T00:59:00Z'));
    expect(before.sent).toEqual([]);

    const runs = await Promise.all([
      runDigests(deps, new Date('2026-11-23T01:00:00Z')),
      runDigests({ ...deps, instanceId: 'b' }, new Date('2026-11-23T01:00:00Z')),
    ]);
    const later = await runDigests(deps, new Date('2026-11-23T05:00:00Z'));

    expect(
      [...runs[0].sent, ...runs[1].sent, ...later.sent].filter((t) => t === 'sandbox:acme'),
    ).toHaveLength(1);
    const rows = (await h.database.db.select().from(outbox)).filter((r) =>
      r.idempotencyKey.startsWith('digest:sandbox:acme:2026-11-23'),
    );
    expect(rows.map((r) => [r.idempotencyKey, r.target])).toEqual([
      ['digest:sandbox:acme:2026-11-23', { kind: 'manager_channel' }],
    ]);
  });

  it('waits until tomorrow to send a tenant set up today its first digest', async () => {
    await h.database.db.insert(tenantSettings).values({
      tenantId: 'sandbox:newco',
      platform: 'sandbox',
      managerChannelId: 'managers',
      createdAt: new Date('2026-11-23T08:00:00Z'),
    });

    expect((await runDigests(deps, new Date('2026-11-23T10:00:00Z'))).sent).not.toContain('sandbox:newco');
    expect((await runDigests(deps, new Date('2026-11-24T09:00:00Z'))).sent).toContain('sandbox:newco');
  });

  it('posts today’s digest so far on `/hearken digest now`', async () => {
    const reply = await h.command(staffAdmin(), 'hearken', 'digest now');
    expect(shown(reply)).toContain('on its way to the managers');
    await handlers.idle();
    await h.deliver();
    const posted = h.port.posted.filter((p) => p.message.title?.startsWith('Complaints digest'));
    expect(posted.at(-1)?.message.title).toBe('Complaints digest · Mon, Nov 23, 2026 (so far)');
  });
});

function staffAdmin() {
  return {
    platform: 'sandbox' as const,
    tenantId: 'sandbox:acme',
    userId: 'sandbox:acme:mei',
    displayName: 'Mei',
    roles: ['admin', 'staff'],
  };
}
