/**
 * Answers a staff message in a card's thread: a reaction on it (relayed, or kept as an internal
 * note), and any words for the writer alone (an ephemeral message in that thread). Nothing here
 * is ever posted for the channel to see.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { slackErrorOf } from './errors.js';
import { renderMessageParts } from './render.js';

/** Slack emoji names for the core's reactions. */
export const SLACK_REACTIONS = {
  relayed: 'incoming_envelope',
  kept: 'lock',
} as const satisfies Record<NonNullable<Reply['react']>, string>;

export async function answerInThread(
  client: webApi.WebClient,
  logger: Logger,
  reply: Reply,
  where: { channelId: string; userId: string; ts: string; threadTs: string },
): Promise<void> {
  if (reply.react) {
    await client.reactions
      .add({ channel: where.channelId, timestamp: where.ts, name: SLACK_REACTIONS[reply.react] })
      .catch((error: unknown) => {
        // A redelivered event may find the reaction already there: that is the outcome we wanted.
        if (slackErrorOf(error) !== 'already_reacted')
          logger.warn({ reason: slackErrorOf(error) }, 'slack: could not react in a card thread');
      });
  }
  for (const rendered of reply.messages.flatMap((message) => renderMessageParts(message))) {
    await client.chat
      .postEphemeral({ channel: where.channelId, user: where.userId, thread_ts: where.threadTs, ...rendered })
      .catch((error: unknown) =>
        logger.warn({ reason: slackErrorOf(error) }, 'slack: could not answer in a card thread'),
      );
  }
}
