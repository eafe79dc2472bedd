/**
 * Auto-close, run every minute: a complaint waiting on its customer longer than the tenant's
 * auto-close delay closes itself, with a kind notice to the customer (they may still write: a
 * message within the reopen window reopens it). Each closes once: the row is locked and read
 * again inside the transaction that closes it, so any number of instances sweeping at once close
 * it once and send one notice.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import { complaints, tenantSettings } from '../../db/schema.js';
import { close } from '../complaints/workflow.js';
import { formatDuration } from '../i18n/format.js';
import { catalog } from '../i18n/index.js';
import type { JobsDeps } from './deps.js';

/** Complaints closed per sweep; the rest wait a minute (longest waiting first). */
const BATCH = 500;

export async function runAutoClose(deps: JobsDeps, now: Date): Promise<number> {
  const { db } = deps.database;
  const due = await db
    .select({ id: complaints.id, waitingSince: complaints.waitingSince, settings: tenantSettings })
    .from(complaints)
    .innerJoin(tenantSettings, eq(tenantSettings.tenantId, complaints.tenantId))
    .where(
      and(
        eq(complaints.status, 'waiting'),
        lte(
          complaints.waitingSince,
          sql`${now.toISOString()}::timestamptz - make_interval(mins => ${tenantSettings.autoCloseMinutes})`,
        ),
      ),
    )
    .orderBy(complaints.waitingSince)
    .limit(BATCH);
  let closed = 0;
  for (const row of due) {
    if (!row.waitingSince) continue;
    const waitingSince = row.waitingSince;
    try {
      const done = await db.transaction(async (tx) => {
        const [c] = await tx
          .select()
          .from(complaints)
          .where(
            and(
              eq(complaints.id, row.id),
              eq(complaints.status, 'waiting'),
              eq(complaints.waitingSince, waitingSince),
            ),
          )
          .for('update');
        if (!c) return false;
        const t = catalog(c.locale);
        const staffT = catalog(row.settings.defaultLocale);
        const waited = formatDuration(row.settings.autoCloseMinutes, c.locale);
        await close(
          { q: tx, now, tenant: row.settings },
          c,
          'system',
          staffT.lifecycle.autoClosedReason(formatDuration(row.settings.autoCloseMinutes, staffT.locale)),
          t.lifecycle.autoClosedNotice({ code: c.code, waited }),
        );
        return true;
      });
      if (done) closed++;
    } catch (error) {
      deps.logger.error({ err: error, complaintId: row.id }, 'auto-close failed; retrying next sweep');
    }
  }
  if (closed > 0) {
    deps.logger.info({ closed }, 'complaints waiting on their customer closed');
    deps.hearken.outbox.kick();
  }
  return closed;
}
