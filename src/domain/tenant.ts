/** The values a tenant's settings carry. */
import { oneOf } from './guard.js';

/**
 * What happens to what staff write in a complaint's card thread (`tenant_settings.thread_replies`):
 * `relay` sends it to the customer signed with the writer's name (a note marker keeps it internal);
 * `internal` keeps everything as internal notes and the bot reacts to say it was not sent.
 */
export const THREAD_REPLY_MODES = ['internal', 'relay'] as const;
export type ThreadReplyMode = (typeof THREAD_REPLY_MODES)[number];
export const isThreadReplyMode = oneOf(THREAD_REPLY_MODES);

/** The marks a staff message in a card thread may start with to stay internal in `relay` mode. */
export const NOTE_MARKERS = ['//', '/note'] as const;

/**
 * How the bot marks a staff message it read in a card thread: `relayed` (it reached the customer)
 * or `kept` (recorded as an internal note, not sent). Each adapter picks its own emoji.
 */
export const THREAD_REACTIONS = ['relayed', 'kept'] as const;
export type ThreadReaction = (typeof THREAD_REACTIONS)[number];
