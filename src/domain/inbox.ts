/** The values an inbox row (`inbox`) carries. */
import { oneOf } from './guard.js';

/**
 * Where a stored inbound event stands: `pending` until a worker has handled it (a leased row is
 * still pending, so a crashed worker's row is taken again when its lease runs out), `done` once
 * its work and its answer committed, `failed` when it was given up after its attempts.
 */
export const INBOX_STATES = ['pending', 'done', 'failed'] as const;
export type InboxState = (typeof INBOX_STATES)[number];
export const isInboxState = oneOf(INBOX_STATES);
