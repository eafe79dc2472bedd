import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintEvents } from '../../db/schema.js';
import { EVENT_TYPES, type EventType, LOCALES } from '../../src/domain/index.js';
import { catalog } from '../../src/i18n/index.js';
import { describeEvent, type TimelineEvent } from '../../src/i18n/timeline.js';
import { seedComplaint } from '../jobs/support.js';
import { createHarness, type Harness, shown, staff } from '../support/harness.js';

/** What each event type carries in its data when the workflow or a job writes it. */
const DATA: Partial<Record<EventType, Record<string, unknown>>> = {
  sla_warning: { clock: 'first', due: '2026-11-23T10:00:00.000Z' },
  sla_breach: { clock: 'resolution', due: '2026-11-24T10:00:00.000Z' },
  survey_sent: { surveyId: 'x', resolutionNo: 1 },
  survey_undeliverable: { surveyId: 'x', reason: 'DMs closed' },
  survey_answered: { surveyId: 'x', rating: 2, resolutionNo: 1 },
};

/** Jobs write their events as Hearken; people write the rest. */
const actorOf = (type: EventType) =>
  type.startsWith('sla_') || type.startsWith('survey_s') ? 'Hearken' : 'Bo';

const event = (type: EventType): TimelineEvent => ({
  type,
  actorName: actorOf(type),
  data: DATA[type] ?? null,
});

/** An identifier as the code writes it (`sla_breach`, `survey_comment`), shown to nobody. */
const RAW = new RegExp(`\\b(${EVENT_TYPES.filter((type) => type.includes('_')).join('|')})\\b`);

describe('timeline wording', () => {
  it('says whom a complaint was assigned to, in both languages', () => {
    const assigned: TimelineEvent = {
      type: 'assigned',
      actorName: 'Hearken',
      data: { assigneeId: 'sandbox:demo:sam', assigneeName: 'Sam Lee' },
    };
    expect(describeEvent(catalog('en'), assigned, 'UTC')).toContain('assigned it to Sam Lee');
    expect(describeEvent(catalog('zh-CN'), assigned, 'UTC')).toContain('分配给了 Sam Lee');
  });

  for (const locale of LOCALES) {
    it(`labels every event type in ${locale}, with its facts and never its identifier`, () => {
      const t = catalog(locale);
      for (const type of EVENT_TYPES) {
        const line = describeEvent(t, event(type), 'Asia/Shanghai');
        expect(line, type).not.toMatch(RAW);
        expect(line, type).not.toBe(type);
        expect(line.trim().length, type).toBeGreaterThan(3);
      }
      expect(describeEvent(t, event('survey_answered'), 'UTC')).toMatch(/2/);
      expect(describeEvent(t, event('sla_breach'), 'Asia/Shanghai')).toMatch(/18:00/);
    });
  }

  it('reads an event type it does not know as an update, not as its identifier', () => {
    const line = describeEvent(catalog('en'), { type: 'teleported', actorName: 'Bo', data: null }, 'UTC');
    expect(line).toBe('Bo updated the complaint');
  });
});

describe('/ticket show', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  /** A complaint whose timeline holds one event of each of `types`, as the jobs and workflow write them. */
  async function complaintWith(types: readonly EventType[]) {
    const row = await seedComplaint(h.database, { createdAt: h.clock.now() });
    await h.database.db.insert(complaintEvents).values(
      types.map((type) => ({
        complaintId: row.id,
        tenantId: row.tenantId,
        type,
        actorName: actorOf(type),
        body: type === 'survey_comment' ? 'Quick and kind, thank you.' : null,
        data: DATA[type] ?? null,
        at: h.clock.now(),
      })),
    );
    return row;
  }

  // `/ticket show` lists the newest 15 entries, so every type is shown across two complaints.
  const halves = [EVENT_TYPES.slice(0, 9), EVENT_TYPES.slice(9)];

  for (const [locale, who] of [
    ['en', staff('Bo')],
    ['zh-CN', { ...staff('Chen'), locale: 'zh-CN' }],
  ] as const) {
    it(`shows every event type in words in ${locale}: no sla_breach, survey_sent or survey_comment:`, async () => {
      const t = catalog(locale);
      for (const types of halves) {
        const row = await complaintWith(types);
        const text = shown(await h.command(who, 'ticket', `show ${row.code}`));
        expect(text).not.toMatch(RAW);
        for (const type of types) {
          // The tenant keeps the default zone, UTC.
          expect(text, type).toContain(`• ${describeEvent(t, event(type), 'UTC')}`);
        }
      }
    });
  }
});
