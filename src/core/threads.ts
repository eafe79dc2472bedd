/**
 * Messages that are not a customer's next DM: what staff write in a complaint's card thread
 * (relayed or kept as a note, by the tenant's `thread-replies` setting) and a customer's edits
 * and deletions of messages they sent.
 */
import { isStaff } from '../commands/access.js';
import { byCardMessage, latestForCustomer } from '../complaints/repo.js';
import { allowed, type Ctx, customerChanged, note, reply } from '../complaints/workflow.js';
import { NOTE_MARKERS } from '../domain/index.js';
import { catalog, toLocale } from '../i18n/index.js';
import { activeSession } from '../intake/session.js';
import type { MessageEvent, Reply } from '../messages.js';
import { clean, MAX_TEXT } from '../text.js';

/** Nothing to show: the platform shows the staff member's own message, and the reaction says the rest. */
const QUIET: Reply = { messages: [], ephemeral: true };

/** The text after a note marker (`// text`, `/note text`), or undefined when there is none. */
export function afterNoteMarker(text: string): string | undefined {
  for (const marker of NOTE_MARKERS) {
    if (!text.startsWith(marker)) continue;
    const rest = text.slice(marker.length);
    // `/notes` is not `/note`: the marker must end the word.
    if (marker === '/note' && rest !== '' && !/^\s/.test(rest)) continue;
    return rest.trim();
  }
  return undefined;
}

/**
 * A message in a channel thread. Only a staff member writing under a complaint's card counts;
 * anything else (a thread that is not a card's, a customer or bystander in the staff channel) is
 * left alone, without a word. A note marker always keeps the text internal; otherwise the tenant's
 * setting decides. What cannot go (a closed complaint) is kept as a note, never dropped.
 */
export async function threadMessage(ctx: Ctx, event: MessageEvent): Promise<Reply> {
  const place = event.place;
  if (place.kind !== 'channel' || !place.threadOf || event.change) return QUIET;
  if (!isStaff(event.actor, ctx.tenant)) return QUIET;
  const complaint = await byCardMessage(ctx.q, ctx.tenant.tenantId, place.threadOf);
  if (!complaint) return QUIET;
  const { text: cleaned, truncated } = clean(event.text, MAX_TEXT);
  if (!cleaned) return QUIET;
  if (truncated) {
    // Never cut a staff member's words silently: say the limit, send and keep nothing.
    const t = catalog(toLocale(event.actor.locale) ?? ctx.tenant.defaultLocale);
    return { messages: [{ text: t.threads.textTooLong(MAX_TEXT.toLocaleString('en')) }], ephemeral: true };
  }
  const noted = afterNoteMarker(cleaned);
  // A slash at the start that is no note marker is a mistyped command, never words for the customer.
  const relay =
    noted === undefined &&
    !cleaned.startsWith('/') &&
    ctx.tenant.threadReplies === 'relay' &&
    allowed.work(complaint);
  if (relay) {
    await reply(ctx, complaint, event.actor, cleaned, false, [], false);
    return { ...QUIET, react: 'relayed' };
  }
  const body = noted ?? cleaned;
  // A bare marker (`//`) holds nothing to keep: no note, no reaction.
  if (!body) return QUIET;
  await note(ctx, complaint, event.actor, body, false);
  return { ...QUIET, react: 'kept' };
}

/**
 * A customer edited or deleted a message in their DM. With an open complaint, staff see the change
 * in its thread. During an intake nothing is changed behind the customer's back: an edited answer
 * cannot be matched to the question it answered, and reading it as the next answer would file the
 * wrong thing, so the customer is told kindly to say what changed in a new message.
 */
export async function customerChange(ctx: Ctx, event: MessageEvent): Promise<Reply> {
  const change = event.change;
  if (!change || event.place.kind !== 'dm') return QUIET;
  const { actor } = event;
  const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
  if (session) {
    return { messages: [{ text: catalog(session.locale).threads.changedDuringIntake }], ephemeral: false };
  }
  const complaint = await latestForCustomer(ctx.q, actor.tenantId, actor.userId);
  if (!complaint) return QUIET;
  const text = change === 'edited' ? clean(event.text, MAX_TEXT).text : '';
  if (change === 'edited' && !text) return QUIET;
  await customerChanged(ctx, complaint, actor, change, text);
  return QUIET;
}
