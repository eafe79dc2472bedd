/**
 * Housekeeping, under the same lease as every other job so one instance does each tick: idle
 * intakes get their reminder or pause (every minute), and nightly expired adapter state goes (old
 * dedupe ids and delivered outbox rows are `retention.ts`'s). Each is safe to run twice (a reminder is claimed by its row update, a delete
 * of what has expired deletes nothing the second time); the lease only saves the work.
 */
import { pruneAdapterState } from '../adapter-state.js';
import type { JobsDeps } from './deps.js';

/** Reminds or pauses idle intakes, then wakes the outbox for the messages that queued. */
export async function runIdleSweep(deps: JobsDeps, now: Date): Promise<void> {
  await deps.database.db.transaction((tx) => deps.hearken.intake.sweepIdle(tx, now));
  deps.hearken.outbox.kick();
}

/** Deletes expired adapter state. */
export async function runHousekeeping(deps: JobsDeps, now: Date): Promise<{ adapterState: number }> {
  return { adapterState: await pruneAdapterState(deps.database.db, now) };
}
