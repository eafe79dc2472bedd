/** Builds one tenant's digest for one local day: figures from the database, then message and chart. */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { tenantSettings } from '../../db/schema.js';
import { InputError } from '../errors.js';
import { localeOf } from '../i18n/index.js';
import type { OutboundMessage } from '../messages.js';
import type { Clock } from '../ports.js';
import { parseDate, usableTimeZone } from '../sla/calendar.js';
import { type DigestFigures, digestFigures } from './figures.js';
import { digestMessage } from './message.js';

export interface DigestDeps {
  database: Database;
  clock: Clock;
}

export interface BuiltDigest {
  figures: DigestFigures;
  message: OutboundMessage;
}

/** Figures and message together (the job uses both; tests check the figures). */
export async function buildDigestWithFigures(
  deps: DigestDeps,
  tenantId: string,
  day: string,
): Promise<BuiltDigest> {
  const date = parseDate(day);
  if (!date) throw new InputError('E_INPUT_INVALID', `digest day must be YYYY-MM-DD, got "${day}"`);
  const [settings] = await deps.database.db
    .select()
    .from(tenantSettings)
    .where(eq(tenantSettings.tenantId, tenantId));
  const timeZone = usableTimeZone(settings?.timeZone);
  const locale = localeOf(settings?.defaultLocale);
  const figures = await digestFigures(deps.database.db, {
    tenantId,
    timeZone,
    day: date,
    now: deps.clock.now(),
  });
  // echarts and resvg take most of a second to load: only a process that sends a digest pays it.
  const { renderDigestChart } = await import('./chart.js');
  return { figures, message: digestMessage(figures, locale, await renderDigestChart(figures, locale)) };
}

/**
 * The digest for `tenantId` covering local day `day` (`YYYY-MM-DD` in the tenant's time zone, up
 * to now if the day is not over), in the tenant's default locale, with the chart attached as PNG.
 */
export async function buildDigest(deps: DigestDeps, tenantId: string, day: string): Promise<OutboundMessage> {
  return (await buildDigestWithFigures(deps, tenantId, day)).message;
}
