/**
 * The App Home tab: the viewer's own complaints, and for staff their queue (mine, open,
 * breaching). The lists are the core's own `/complain status` and `/ticket list …` answers, so
 * the wording, permissions and catalogs stay in the core.
 */
import type { webApi } from '@slack/bolt';
import type { AdapterHost } from '../../src/ports.js';
import { renderMessages } from './render.js';
import type { Actor, CommandEvent, OutboundMessage } from './types.js';

/** Slack's limit on blocks in a Home tab view. */
const HOME_BLOCKS = 100;

const STAFF_QUEUES = ['list mine', 'list open', 'list breaching'] as const;

function command(id: string, actor: Actor, name: CommandEvent['command'], text: string): CommandEvent {
  return { kind: 'command', id, actor, place: { kind: 'dm' }, command: name, text };
}

/** Builds and publishes the Home tab for `userId`; the core says whether they get the staff lists. */
export async function publishHome(
  client: webApi.WebClient,
  core: Pick<AdapterHost, 'handle' | 'access'>,
  deliveryId: string,
  actor: Actor,
  userId: string,
): Promise<void> {
  const asks = [command(`${deliveryId}:status`, actor, 'complain', 'status')];
  if ((await core.access(actor)).staff) {
    for (const [index, text] of STAFF_QUEUES.entries())
      asks.push(command(`${deliveryId}:queue${index}`, actor, 'ticket', text));
  }
  const messages: OutboundMessage[] = [];
  for (const ask of asks) messages.push(...(await core.handle(ask)).messages);
  await client.views.publish({
    user_id: userId,
    view: { type: 'home', blocks: renderMessages(messages, HOME_BLOCKS) },
  });
}
