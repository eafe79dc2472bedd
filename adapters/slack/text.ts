/**
 * Slack's text encoding in and out of the neutral model: inbound message text arrives with
 * `&amp;`-style entities and `<…>` control sequences; the core wants plain text, and for admin
 * commands opaque ids in place of channel, user and group mentions.
 */
import { opaqueId } from './ids.js';

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Plain text of a customer's message: links show their label (or the address), mentions their
 * label, entities are decoded. Nothing is dropped: the customer's words must reach staff intact.
 */
export function slackTextToPlain(text: string): string {
  const unwrapped = text.replace(/<([^<>]*)>/g, (_match, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (label) return label;
    if (target.startsWith('mailto:')) return target.slice('mailto:'.length);
    if (target.startsWith('@') || target.startsWith('#')) return target;
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
    return target;
  });
  return decodeEntities(unwrapped);
}

/**
 * Command text with Slack's escaped mentions turned into opaque ids the core can store:
 * `<#C123|staff>` → `slack:T1:C123`, `<@U1|ana>` → `slack:T1:U1`, `<!subteam^S1|@team>` → `slack:T1:S1`.
 * Other escapes (links, `<!here>`) become plain text as in `slackTextToPlain`.
 */
export function commandTextToNeutral(text: string, teamId: string): string {
  const replaced = text
    .replace(/<#([CG][A-Z0-9]+)(\|[^>]*)?>/g, (_m, id: string) => opaqueId(teamId, id))
    .replace(/<@([UW][A-Z0-9]+)(\|[^>]*)?>/g, (_m, id: string) => opaqueId(teamId, id))
    .replace(/<!subteam\^([A-Z0-9]+)(\|[^>]*)?>/g, (_m, id: string) => opaqueId(teamId, id));
  return slackTextToPlain(replaced).trim();
}

/**
 * The users mentioned in command text, opaque id → the name Slack put beside it (`<@U1|ana>`), or
 * undefined when Slack sent the id alone.
 */
export function mentionedUsers(text: string, teamId: string): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const match of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g)) {
    const [, id = '', label] = match;
    found.set(opaqueId(teamId, id), label || undefined);
  }
  return found;
}
