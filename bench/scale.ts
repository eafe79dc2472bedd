/**
 * The SLA sweep and the digest's queries on 1,000,000 complaints seeded with generate_series in a
 * throwaway database: 20 tenants, two years of history, 2 % still open. Each is timed warm (best of
 * several runs) and compared with the same statements with index scans turned off, and the plans
 * are kept so the README can show which index each uses.
 */
import { sql } from 'drizzle-orm';
import { Hearken } from '../src/core.js';
import { digestFigures } from '../src/digest/figures.js';
import { runSlaSweep } from '../src/jobs/sla-sweep.js';
import { silentLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { parseDate } from '../src/sla/calendar.js';
import { type Figure, figure, ms, now, type ThrowawayDatabase, throwawayDatabase } from './lib.js';

export const NOW = new Date('2026-11-23T09:00:00Z');
const TENANTS = 20;

/** Two years of complaints ending at NOW; 2 % open with deadlines ahead, the rest resolved or closed. */
export async function seed(db: ThrowawayDatabase, total: number): Promise<number> {
  const started = now();
  await db.sql.unsafe(`
    insert into tenant_settings (tenant_id, platform, staff_channel_id, manager_channel_id)
    select 'slack:T' || t, 'slack', 'slack:T' || t || ':C0STAFF', 'slack:T' || t || ':C0LEADS'
    from generate_series(1, ${TENANTS}) t`);
  await db.sql.unsafe(`
    insert into complaints (tenant_id, platform, code, customer_id, customer_name, locale, category, severity,
      summary, description, desired_outcome, status, first_response_due, resolution_due, first_responded_at,
      resolved_at, closed_at, resolution_count, first_response_breached_at, created_at, updated_at)
    select 'slack:T' || (1 + g % ${TENANTS}), 'slack', 'C-' || (1000 + g / ${TENANTS}),
      'slack:T' || (1 + g % ${TENANTS}) || ':U' || (g % 50000), 'Customer ' || g, 'en',
      (array['product','service','delivery','billing','other'])[1 + g % 5],
      (array['low','normal','high','urgent'])[1 + g % 4],
      'Seeded complaint ' || g, 'Seeded description', 'refund',
      case when g % 50 = 0 then 'open' when g % 3 = 0 then 'closed' else 'resolved' end,
      c + interval '24 hours', c + interval '7 days',
      case when g % 50 = 0 then null else c + interval '2 hours' end,
      case when g % 50 = 0 then null else c + interval '1 day' end,
      case when g % 50 <> 0 and g % 3 = 0 then c + interval '8 days' end,
      case when g % 50 = 0 then 0 else 1 end,
      case when g % 97 = 0 then c + interval '24 hours' end,
      c, c
    from (select g, timestamptz '${NOW.toISOString()}' - (g * interval '63 seconds') as c
          from generate_series(1, ${total}) g) s`);
  // Open complaints were filed in the last minutes, with the default policy's deadlines: nothing is
  // due for a warning yet, so the sweep is measured in its steady state (finding nothing to do).
  await db.sql.unsafe(`
    update complaints set created_at = c, updated_at = c,
      first_response_due = c + case severity when 'urgent' then interval '1 hour' when 'high' then interval '4 hours'
        when 'normal' then interval '24 hours' else interval '48 hours' end,
      resolution_due = c + case severity when 'urgent' then interval '1 day' when 'high' then interval '3 days'
        when 'normal' then interval '7 days' else interval '14 days' end
    from (select id as open_id, timestamptz '${NOW.toISOString()}' - random() * interval '5 minutes' as c
          from complaints where status = 'open') fresh
    where id = fresh.open_id`);
  await db.sql.unsafe('analyze');
  return ms(started) / 1000;
}

async function best(times: number, run: () => Promise<unknown>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i += 1) {
    const started = now();
    await run();
    fastest = Math.min(fastest, ms(started));
  }
  return fastest;
}

/** The same work with the planner told not to use indexes: what the indexes are worth. */
async function withoutIndexes<T>(db: ThrowawayDatabase, run: () => Promise<T>): Promise<T> {
  await db.database.db.execute(sql`select 1`);
  const settings = ['enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan'];
  // ALTER DATABASE applies to new sessions: reconnecting the pool makes every connection see it.
  const name = new URL(db.url).pathname.slice(1);
  for (const s of settings) await db.sql.unsafe(`alter database ${name} set ${s} = off`);
  await db.reconnect();
  try {
    return await run();
  } finally {
    for (const s of settings) await db.sql.unsafe(`alter database ${name} reset ${s}`);
    await db.reconnect();
  }
}

async function plan(db: ThrowawayDatabase, statement: string): Promise<string[]> {
  const rows = await db.sql.unsafe(`explain ${statement}`);
  return rows.map((r) => String(r['QUERY PLAN']));
}

export async function benchScale(options: { complaints: number }): Promise<Figure[]> {
  const db = await throwawayDatabase(10);
  try {
    const seconds = await seed(db, options.complaints);
    console.log(`seeded ${options.complaints} complaints in ${Math.round(seconds)} s`);
    const hearken = new Hearken({ database: db.database, logger: silentLogger });
    const jobs = () => ({
      hearken,
      database: db.database,
      clock: { now: () => NOW },
      logger: silentLogger,
      instanceId: 'bench',
    });
    const sweep = () => runSlaSweep(jobs(), NOW);
    const day = parseDate('2026-11-22');
    if (!day) throw new Error('bad day');
    const digest = () =>
      digestFigures(db.database.db, { tenantId: 'slack:T1', timeZone: 'UTC', day, now: NOW });
    await sweep();
    const sweepMs = await best(5, sweep);
    const digestMs = await best(5, digest);
    // A clock a minute on at every scrape, so each one reads the database (no reuse window).
    let minutes = 0;
    const later = { now: () => new Date(NOW.getTime() + ++minutes * 60_000) };
    const metrics = new Metrics({ database: db.database, clock: later, processMetrics: false });
    const scrapeMs = await best(5, () => metrics.scrape());
    const roundTripMs = await best(5, () => db.database.db.execute(sql`select 1`));
    const [sweepBase, digestBase] = await withoutIndexes(db, async () => [
      await best(3, sweep),
      await best(3, digest),
    ]);
    const plans = {
      slaSweep: await plan(db, SWEEP_SQL),
      digestCreated: await plan(
        db,
        `select created_at, category from complaints where tenant_id = 'slack:T1' and created_at >= '2026-11-09' and created_at < '2026-11-23'`,
      ),
      digestBreaches: await plan(
        db,
        `select count(*) filter (where first_response_breached_at >= '2026-11-22') from complaints where tenant_id = 'slack:T1'
          and (status in ('open','claimed','waiting','reopened') or resolved_at is null or resolved_at >= '2026-11-22')`,
      ),
    };
    for (const [name, lines] of Object.entries(plans))
      console.log(`EXPLAIN ${name}\n  ${lines.join('\n  ')}`);
    const size =
      options.complaints >= 1_000_000
        ? `${options.complaints / 1_000_000}M`
        : `${options.complaints / 1000}k`;
    const notes = { complaints: options.complaints, tenants: TENANTS, seedSeconds: Math.round(seconds) };
    return [
      figure(
        `SLA sweep on ${size} complaints`,
        sweepMs,
        'ms',
        { name: 'same sweep, index scans off', value: sweepBase },
        {
          ...notes,
          plan: plans.slaSweep,
        },
      ),
      figure(
        `digest queries (one tenant) on ${size} complaints`,
        digestMs,
        'ms',
        {
          name: 'same queries, index scans off',
          value: digestBase,
        },
        { ...notes, plan: [...plans.digestCreated, ...plans.digestBreaches] },
      ),
      figure(
        `/metrics scrape on ${size} complaints`,
        scrapeMs,
        'ms',
        { name: 'one select 1 round trip', value: roundTripMs },
        notes,
      ),
    ];
  } finally {
    await db.drop();
  }
}

/** The sweep's candidate query as runSlaSweep sends it (kept in step by hand for EXPLAIN). */
const SWEEP_SQL = `select * from complaints left join tenant_settings on tenant_settings.tenant_id = complaints.tenant_id
  where complaints.status in ('open','claimed','reopened') and complaints.waiting_since is null
    and ((complaints.first_responded_at is null and complaints.first_response_breached_at is null)
         or complaints.resolution_breached_at is null)
  order by least(case when complaints.first_responded_at is null then complaints.first_response_due end, complaints.resolution_due)
  limit 2000`;
