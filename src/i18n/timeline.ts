/**
 * One timeline line per event, the same wherever events are shown (`/ticket show` today): the
 * catalog's label for the event type with the facts its data holds, never the raw type.
 */
import { isEventType } from '../domain/index.js';
import type { Catalog } from './en.js';
import { formatInstant } from './format.js';
import type { EventWords, SlaClock } from './words.js';

/** The parts of a stored timeline event a line needs. */
export interface TimelineEvent {
  type: string;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

const isClock = (value: unknown): value is SlaClock => value === 'first' || value === 'resolution';

/** The words of one event: who, and what its data says (rating, SLA clock and deadline, reason). */
export function eventWords(t: Catalog, event: TimelineEvent, timeZone: string): EventWords {
  const data = event.data ?? {};
  // Jobs write the actor as `Hearken` or `system`; both read as the catalog's name for the bot.
  const name =
    !event.actorName || event.actorName === 'system' || event.actorName === 'Hearken'
      ? t.staff.system
      : event.actorName;
  const words: EventWords = { name };
  if (typeof data.rating === 'number') words.rating = data.rating;
  if (isClock(data.clock)) words.clock = data.clock;
  if (typeof data.due === 'string' && !Number.isNaN(Date.parse(data.due)))
    words.due = formatInstant(new Date(data.due), t.locale, timeZone);
  if (typeof data.reason === 'string') words.reason = data.reason;
  if (typeof data.assigneeName === 'string') words.assignee = data.assigneeName;
  if (Array.isArray(data.files)) {
    const names = data.files.flatMap((f: unknown) =>
      typeof f === 'object' && f !== null && 'name' in f && typeof f.name === 'string' ? [f.name] : [],
    );
    if (names.length > 0) words.files = names.join(', ');
  }
  return words;
}

/** The label of one event, e.g. `Hearken noted that the first response time passed (due …)`. */
export function describeEvent(t: Catalog, event: TimelineEvent, timeZone: string): string {
  const words = eventWords(t, event, timeZone);
  return isEventType(event.type) ? t.staff.events[event.type](words) : t.staff.unknownEvent(words);
}
