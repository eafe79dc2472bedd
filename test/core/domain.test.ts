/** The domain vocabulary: one list per value, and a database that refuses what the lists do not name. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  ACTIONS,
  CATEGORIES,
  EMOTIONS,
  EVENT_TYPES,
  EVENT_VISIBILITIES,
  FORMS,
  INTAKE_STATUSES,
  INTAKE_STEPS,
  isCategory,
  isComplaintStatus,
  isLocale,
  isOpenStatus,
  isOutboxPurpose,
  isPlatform,
  LOCALES,
  OPEN_STATUSES,
  OUTBOX_KINDS,
  OUTBOX_PURPOSES,
  OUTBOX_STATUSES,
  OUTCOMES,
  PLATFORMS,
  ROLES,
  RUNNING_STATUSES,
  SEVERITIES,
  SOURCES,
  STATUSES,
  SURVEY_STATUSES,
} from '../../src/domain/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const LISTS: Record<string, readonly string[]> = {
  PLATFORMS,
  LOCALES,
  ROLES,
  CATEGORIES,
  SEVERITIES,
  OUTCOMES,
  EMOTIONS,
  SOURCES,
  STATUSES,
  OPEN_STATUSES,
  RUNNING_STATUSES,
  EVENT_TYPES,
  EVENT_VISIBILITIES,
  SURVEY_STATUSES,
  INTAKE_STEPS,
  INTAKE_STATUSES,
  OUTBOX_PURPOSES,
  OUTBOX_STATUSES,
  OUTBOX_KINDS,
  ACTION_IDS,
  ...Object.fromEntries(Object.entries(ACTIONS).map(([group, ids]) => [`ACTIONS.${group}`, ids])),
  FORMS,
};

describe('domain lists', () => {
  it.each(Object.entries(LISTS))('%s is non-empty and names each value once', (_name, values) => {
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps open statuses inside all statuses, and running ones inside open ones', () => {
    expect(OPEN_STATUSES.filter((s) => !isComplaintStatus(s))).toEqual([]);
    expect(RUNNING_STATUSES.filter((s) => !isOpenStatus(s))).toEqual([]);
    expect(RUNNING_STATUSES).not.toContain('waiting');
  });

  it('files every action id under the prefix the core routes on', () => {
    for (const [group, ids] of Object.entries(ACTIONS)) {
      expect(ids.filter((id) => !id.startsWith(`${group}.`))).toEqual([]);
    }
    expect(FORMS.filter((id) => !Object.keys(ACTIONS).includes(id.split('.')[0] ?? ''))).toEqual([]);
  });

  it('guards accept the listed values and refuse anything else, whatever its type', () => {
    expect(isCategory('billing')).toBe(true);
    expect(isLocale('zh-CN')).toBe(true);
    expect(isPlatform('discord')).toBe(true);
    expect(isOutboxPurpose('intake_reminder')).toBe(true);
    for (const stranger of ['Billing', 'zh', 'teams', 'intake_', '', undefined, null, 42, { kind: 'card' }]) {
      expect([isCategory, isLocale, isPlatform, isOutboxPurpose].map((is) => is(stranger))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    }
  });
});

/** The database's error text for `run`, or `accepted` when it went through. */
async function outcomeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    const messages: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(' / ');
  }
}

describe('database CHECK constraints', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  let seq = 0;
  /** A complaint written in plain SQL, the way an old version or a hand-run script would. */
  const insertComplaint = (over: { code?: string; category?: string; status?: string; locale?: string }) => {
    seq++;
    return database.db.execute(sql`
      insert into complaints (tenant_id, platform, code, customer_id, customer_name, locale, category,
        severity, summary, description, desired_outcome, status, first_response_due, resolution_due)
      values ('sandbox:demo', 'sandbox', ${over.code ?? `C-${seq}`}, 'sandbox:demo:ana', 'Ana', ${over.locale ?? 'en'},
        ${over.category ?? 'delivery'}, 'normal', 'Late parcel', 'It did not come.', 'refund',
        ${over.status ?? 'open'}, now(), now())`);
  };
  const insertOutbox = (purpose: string) => {
    seq++;
    return database.db.execute(sql`
      insert into outbox (idempotency_key, tenant_id, platform, kind, target, message, purpose)
      values (${`k-${seq}`}, 'sandbox:demo', 'sandbox', 'send', '{"kind":"staff_channel"}'::jsonb,
        '{"text":"hi"}'::jsonb, ${purpose})`);
  };

  it('accepts a complaint whose every value the domain names', async () => {
    expect(await outcomeOf(() => insertComplaint({}))).toBe('accepted');
  });

  it('refuses a category the code does not know', async () => {
    expect(await outcomeOf(() => insertComplaint({ category: 'weather' }))).toContain(
      'violates check constraint "complaints_category_check"',
    );
  });

  it('refuses a status the code does not know', async () => {
    expect(await outcomeOf(() => insertComplaint({ status: 'archived' }))).toContain(
      'violates check constraint "complaints_status_check"',
    );
  });

  it('refuses a locale the catalogs do not have', async () => {
    expect(await outcomeOf(() => insertComplaint({ locale: 'fr' }))).toContain(
      'violates check constraint "complaints_locale_check"',
    );
  });

  it('accepts an outbox row for a known purpose and refuses one for an unknown purpose', async () => {
    expect(await outcomeOf(() => insertOutbox('intake_expired'))).toBe('accepted');
    expect(await outcomeOf(() => insertOutbox('intake_nudge'))).toContain(
      'violates check constraint "outbox_purpose_check"',
    );
  });

  it('accepts a known timeline event type and refuses one the catalogs have no label for', async () => {
    await insertComplaint({ code: 'C-EVENTS' });
    const insertEvent = (type: string) =>
      database.db.execute(sql`
        insert into complaint_events (complaint_id, tenant_id, type)
        select id, tenant_id, ${type} from complaints where code = 'C-EVENTS'`);

    expect(await outcomeOf(() => insertEvent('sla_breach'))).toBe('accepted');
    expect(await outcomeOf(() => insertEvent('sla_breached'))).toContain(
      'violates check constraint "complaint_events_type_check"',
    );
  });
});
