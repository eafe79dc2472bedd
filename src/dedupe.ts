/**
 * Dropping retried platform deliveries. Slack retries an event three times over about five
 * minutes when we are slow to ack; Discord can redeliver a gateway dispatch after a resume. The
 * id is recorded in the same transaction as the work it triggers, so a crash before commit lets
 * the retry through and a commit makes every later copy a no-op.
 */
import { lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { processedEvents } from '../db/schema.js';
import type { Platform } from './domain/index.js';

/** Ids are kept a week: far longer than any platform's retry window, short enough to stay small. */
export const PROCESSED_EVENT_TTL_MS = 7 * 24 * 60 * 60_000;

/** True the first time an id is seen; false for every later delivery of it. */
export async function firstDelivery(
  q: Queryable,
  platform: Platform,
  eventId: string,
  now: Date,
): Promise<boolean> {
  const inserted = await q
    .insert(processedEvents)
    .values({ platform, eventId, receivedAt: now })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return inserted.length > 0;
}

export async function pruneProcessed(q: Queryable, now: Date): Promise<number> {
  const removed = await q
    .delete(processedEvents)
    .where(lt(processedEvents.receivedAt, new Date(now.getTime() - PROCESSED_EVENT_TTL_MS)))
    .returning({ eventId: processedEvents.eventId });
  return removed.length;
}
