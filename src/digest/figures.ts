/**
 * The numbers in a tenant's daily digest for one local day, read straight from the complaints
 * and surveys tables. Day boundaries are the tenant's midnights in its time zone; "open" counts
 * and the oldest open list are as of `now`.
 */
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { complaints, surveys } from '../../db/schema.js';
import {
  CATEGORIES,
  type Category,
  type ComplaintStatus,
  OPEN_STATUSES,
  type Severity,
} from '../domain/index.js';
import { addDays, formatDate, type LocalDate, startOfLocalDay, toLocal } from '../sla/calendar.js';

/** A category is spiking when its day is above this many times its 7-day daily average … */
export const SPIKE_FACTOR = 2;
/** … and has at least this many complaints (1 against an average of 0 is not a spike). */
export const SPIKE_MIN = 3;
const TREND_DAYS = 7;
const CSAT_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface DayCount {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  newCount: number;
  resolved: number;
}

export interface CategoryCount {
  category: Category;
  count: number;
}

export interface Spike extends CategoryCount {
  /** Daily average over the 7 days before the digest day. */
  average: number;
}

export interface OldestOpen {
  code: string;
  summary: string;
  severity: Severity;
  status: ComplaintStatus;
  assigneeName: string | null;
  ageMinutes: number;
}

export interface DigestFigures {
  tenantId: string;
  timeZone: string;
  day: string;
  /** True when the day is not over yet (`/hearken digest now`). */
  partial: boolean;
  newCount: number;
  resolvedCount: number;
  openCount: number;
  breaches: { firstResponse: number; resolution: number };
  medianFirstResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
  /** Surveys sent in the 7 days up to the end of the day: the average of those answered. */
  csat: { average: number | null; answered: number; sent: number };
  /** The day's new complaints per category, largest first, zeros left out. */
  topCategories: CategoryCount[];
  /** New complaints per category over the 7-day trend, every category. */
  weekCategories: CategoryCount[];
  /** Oldest first, the digest day last. */
  trend: DayCount[];
  spikes: Spike[];
  oldestOpen: OldestOpen[];
}

export interface FiguresInput {
  tenantId: string;
  timeZone: string;
  day: LocalDate;
  now: Date;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function digestFigures(db: Db, input: FiguresInput): Promise<DigestFigures> {
  const { tenantId, timeZone, day, now } = input;
  const dayStart = startOfLocalDay(day, timeZone);
  const nextDayStart = startOfLocalDay(addDays(day, 1), timeZone);
  const end = new Date(Math.min(now.getTime(), nextDayStart.getTime()));
  // Two weeks of new complaints: the 7-day trend plus the 7 days before the digest day (spikes).
  const historyStart = startOfLocalDay(addDays(day, -(2 * TREND_DAYS - 1)), timeZone);
  const trendStart = startOfLocalDay(addDays(day, -(TREND_DAYS - 1)), timeZone);
  const tenant = eq(complaints.tenantId, tenantId);
  const within = (column: typeof complaints.createdAt | typeof complaints.resolvedAt, from: Date) =>
    and(gte(column, from), lt(column, end));
  // A complaint breached, answered or resolved on the day is still open, or was resolved since the
  // day began (resolving stamps resolved_at, reopening clears it). Saying so lets the breach and
  // median queries use the status and resolved_at indexes instead of reading the tenant's whole
  // history: on 1,000,000 complaints that is the difference between milliseconds and seconds.
  const touchedSinceDayStart = and(
    tenant,
    or(
      inArray(complaints.status, [...OPEN_STATUSES]),
      isNull(complaints.resolvedAt),
      gte(complaints.resolvedAt, dayStart),
    ),
  );

  const [created, resolved, open, breaches, medians, csat, oldest] = await Promise.all([
    db
      .select({ at: complaints.createdAt, category: complaints.category })
      .from(complaints)
      .where(and(tenant, within(complaints.createdAt, historyStart))),
    db
      .select({ at: complaints.resolvedAt })
      .from(complaints)
      .where(and(tenant, isNotNull(complaints.resolvedAt), within(complaints.resolvedAt, trendStart))),
    db
      .select({ n: count() })
      .from(complaints)
      .where(and(tenant, inArray(complaints.status, [...OPEN_STATUSES]))),
    db
      .select({
        first: sql<number>`count(*) filter (where ${complaints.firstResponseBreachedAt} >= ${dayStart.toISOString()}::timestamptz and ${complaints.firstResponseBreachedAt} < ${end.toISOString()}::timestamptz)`,
        resolution: sql<number>`count(*) filter (where ${complaints.resolutionBreachedAt} >= ${dayStart.toISOString()}::timestamptz and ${complaints.resolutionBreachedAt} < ${end.toISOString()}::timestamptz)`,
      })
      .from(complaints)
      .where(touchedSinceDayStart),
    db
      .select({
        firstResponse: sql<
          number | null
        >`percentile_cont(0.5) within group (order by extract(epoch from (${complaints.firstRespondedAt} - ${complaints.createdAt})) / 60) filter (where ${complaints.firstRespondedAt} >= ${dayStart.toISOString()}::timestamptz and ${complaints.firstRespondedAt} < ${end.toISOString()}::timestamptz)`,
        resolution: sql<
          number | null
        >`percentile_cont(0.5) within group (order by extract(epoch from (${complaints.resolvedAt} - ${complaints.createdAt})) / 60) filter (where ${complaints.resolvedAt} >= ${dayStart.toISOString()}::timestamptz and ${complaints.resolvedAt} < ${end.toISOString()}::timestamptz)`,
      })
      .from(complaints)
      .where(touchedSinceDayStart),
    db
      .select({
        sent: count(),
        answered: count(surveys.rating),
        average: sql<number | null>`avg(${surveys.rating})`,
      })
      .from(surveys)
      .where(
        and(
          eq(surveys.tenantId, tenantId),
          gte(surveys.sentAt, new Date(end.getTime() - CSAT_WINDOW_MS)),
          lt(surveys.sentAt, end),
        ),
      ),
    db
      .select()
      .from(complaints)
      .where(and(tenant, inArray(complaints.status, [...OPEN_STATUSES])))
      .orderBy(asc(complaints.createdAt))
      .limit(5),
  ]);

  const localDay = (at: Date) => formatDate(toLocal(at, timeZone));
  const trendDays = Array.from({ length: TREND_DAYS }, (_, i) =>
    formatDate(addDays(day, i - (TREND_DAYS - 1))),
  );
  const priorDays = new Set(Array.from({ length: TREND_DAYS }, (_, i) => formatDate(addDays(day, -(i + 1)))));
  const dayKey = formatDate(day);

  const newPerDay = new Map<string, number>();
  const today = new Map<Category, number>();
  const week = new Map<Category, number>();
  const prior = new Map<Category, number>();
  for (const row of created) {
    const d = localDay(row.at);
    newPerDay.set(d, (newPerDay.get(d) ?? 0) + 1);
    if (d === dayKey) today.set(row.category, (today.get(row.category) ?? 0) + 1);
    if (trendDays.includes(d)) week.set(row.category, (week.get(row.category) ?? 0) + 1);
    if (priorDays.has(d)) prior.set(row.category, (prior.get(row.category) ?? 0) + 1);
  }
  const resolvedPerDay = new Map<string, number>();
  for (const row of resolved) {
    if (!row.at) continue;
    const d = localDay(row.at);
    resolvedPerDay.set(d, (resolvedPerDay.get(d) ?? 0) + 1);
  }

  const trend = trendDays.map((d) => ({
    day: d,
    newCount: newPerDay.get(d) ?? 0,
    resolved: resolvedPerDay.get(d) ?? 0,
  }));
  const topCategories = CATEGORIES.map((category) => ({ category, count: today.get(category) ?? 0 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  const spikes = topCategories
    .map((c) => ({ ...c, average: (prior.get(c.category) ?? 0) / TREND_DAYS }))
    .filter((c) => c.count >= SPIKE_MIN && c.count > SPIKE_FACTOR * c.average);

  return {
    tenantId,
    timeZone,
    day: dayKey,
    partial: end < nextDayStart,
    newCount: trend.at(-1)?.newCount ?? 0,
    resolvedCount: trend.at(-1)?.resolved ?? 0,
    openCount: open[0]?.n ?? 0,
    breaches: {
      firstResponse: Number(breaches[0]?.first ?? 0),
      resolution: Number(breaches[0]?.resolution ?? 0),
    },
    medianFirstResponseMinutes: num(medians[0]?.firstResponse),
    medianResolutionMinutes: num(medians[0]?.resolution),
    csat: {
      average: num(csat[0]?.average),
      answered: csat[0]?.answered ?? 0,
      sent: csat[0]?.sent ?? 0,
    },
    topCategories,
    weekCategories: CATEGORIES.map((category) => ({ category, count: week.get(category) ?? 0 })),
    trend,
    spikes,
    oldestOpen: oldest.map((c) => ({
      code: c.code,
      summary: c.summary,
      severity: c.severity,
      status: c.status,
      assigneeName: c.assigneeName,
      ageMinutes: Math.max(0, Math.round((now.getTime() - c.createdAt.getTime()) / 60_000)),
    })),
  };
}
