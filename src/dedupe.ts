/**
 * Dropping retried platform deliveries. Slack retries an event three times over about five
 * minutes when we are slow to ack; Discord can redeliver a gateway dispatch after a resume. The
 * id is recorded in the same transaction as the work it triggers, so a crash before commit lets
 * the retry through and a commit makes every later copy a no-op. Ids are kept `RETENTION_DAYS`
 * (default 30; pruned by src/jobs/retention.ts): far longer than any platform's retry window.
 */
import type { Queryable } from '../db/client.js';
import { processedEvents } from '../db/schema.js';
import type { Platform } from './domain/index.js';

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
