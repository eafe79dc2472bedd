/**
 * Housekeeping, under the same lease as every other job so one instance does each tick: idle
 * intakes get their reminder or pause (every minute), and nightly the old dedupe ids and expired
 * adapter state go. Each is safe to run twice (a reminder is claimed by its row update, a delete
 * of what has expired deletes nothing the second time); the lease only saves the work.
 */
import { pruneAdapterState } from '../adapter-state.js';
import { pruneProcessed } from '../dedupe.js';
import type { JobsDeps } from './deps.js';

/** Reminds or pauses idle intakes, then wakes the outbox for the messages that queued. */
export async function runIdleSweep(deps: JobsDeps, now: Date): Promise<void> {
  await deps.database.db.transaction((tx) => deps.hearken.intake.sweepIdle(tx, now));
  deps.hearken.outbox.kick();
}

/** Deletes expired dedupe ids and adapter state; one failing does not stop the other. */
export async function runHousekeeping(
  deps: JobsDeps,
  now: Date,
): Promise<{ processedEvents: number; adapterState: number }> {
  const [processed, state] = await Promise.allSettled([
    pruneProcessed(deps.database.db, now),
    pruneAdapterState(deps.database.db, now),
  ]);
  if (processed.status === 'rejected') throw processed.reason;
  if (state.status === 'rejected') throw state.reason;
  return { processedEvents: processed.value, adapterState: state.value };
}
