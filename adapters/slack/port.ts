/**
 * The core's way into Slack: post to a user (DM), a channel or a thread, and update a message.
 *
 * Idempotency: every post carries Slack message metadata `{event_type: 'hearken_outbox',
 * event_payload: {key}}`. On a retry (attempt > 1) the earlier attempt may have landed before the
 * crash or timeout, so we look for the key in the conversation (or thread) first and return that
 * message instead of posting a second one.
 */
import type { webApi } from '@slack/bolt';
import { InternalError, PlatformError } from '../../src/errors.js';
import type { MessageRef, OutboundMessage, Target } from '../../src/messages.js';
import type { Logger, PlatformPort, SendOptions } from '../../src/ports.js';
import { toDeliveryError } from './errors.js';
import { uploadAttachments } from './files.js';
import { opaqueId, parseOpaqueId, slackIdOf } from './ids.js';
import { SLACK_LIMITS } from './limits.js';
import { type RenderedMessage, renderMessage, renderMessageParts } from './render.js';

export const OUTBOX_EVENT_TYPE = 'hearken_outbox';

/** The idempotency key of one part of a split message: the first keeps the row's own key. */
export function partKey(key: string, index: number): string {
  return index === 0 ? key : `${key}#${index + 1}`;
}

/** How far back a retry looks for its earlier attempt: outbox retries come within minutes. */
const LOOKBACK_MESSAGES = 100;

interface Destination {
  teamId: string;
  channel: string;
  threadTs?: string;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export class SlackPort implements PlatformPort {
  readonly platform = 'slack' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  /**
   * Posts the message, as several Slack messages when it is too long for one (each part carries
   * its own key, `<key>` then `<key>#2`, `<key>#3`…, so a retry posts only the parts still
   * missing). Returns the first part: the one a card's thread and updates hang off.
   */
  async send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    const destination = await this.resolve(target);
    const parts = withGroupMention(renderMessageParts(message), message, destination.teamId);
    const keys = parts.map((_, index) => partKey(options.idempotencyKey, index));
    const earlier =
      options.attempt > 1 ? await this.findEarlier(destination, keys) : new Map<string, string>();
    if (earlier.size > 0) {
      this.logger.info(
        { key: options.idempotencyKey, attempt: options.attempt, found: earlier.size, parts: parts.length },
        'slack: retry found earlier delivery',
      );
    }
    let first: string | undefined;
    let posted = false;
    for (const [index, rendered] of parts.entries()) {
      const key = keys[index] ?? options.idempotencyKey;
      let ts = earlier.get(key);
      if (!ts) {
        ts = await this.post(destination, rendered, key);
        posted = true;
      }
      first ??= ts;
    }
    if (first === undefined) throw new InternalError('E_INTERNAL', 'slack: a message rendered to no parts');
    if (posted && message.attachments && message.attachments.length > 0) {
      // The message itself has landed; a retry would find it and skip the upload, so a failed
      // image is logged rather than thrown.
      await uploadAttachments(
        this.client,
        message.attachments,
        destination.channel,
        destination.threadTs ?? first,
      ).catch((error: unknown) =>
        this.logger.warn({ err: error, key: options.idempotencyKey }, 'slack: image upload failed'),
      );
    }
    return {
      platform: 'slack',
      channelId: opaqueId(destination.teamId, destination.channel),
      messageId: first,
    };
  }

  private async post(destination: Destination, rendered: RenderedMessage, key: string): Promise<string> {
    try {
      const result = await this.client.chat.postMessage({
        channel: destination.channel,
        text: rendered.text,
        blocks: rendered.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } },
        ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
      });
      return String(result.ts);
    } catch (error) {
      throw toDeliveryError(error, 'post a message');
    }
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const { id: channel } = slackIdOf(ref.channelId);
    const rendered = renderMessage(message);
    try {
      await this.client.chat.update({
        channel,
        ts: ref.messageId,
        text: rendered.text,
        blocks: rendered.blocks,
      });
    } catch (error) {
      throw toDeliveryError(error, 'update a message');
    }
  }

  private async resolve(target: Target): Promise<Destination> {
    switch (target.kind) {
      case 'channel': {
        const { teamId, id } = slackIdOf(target.channelId);
        return { teamId, channel: id };
      }
      case 'thread': {
        const { teamId, id } = slackIdOf(target.parent.channelId);
        return { teamId, channel: id, threadTs: target.parent.messageId };
      }
      case 'user': {
        const { teamId, id } = slackIdOf(target.userId);
        try {
          const opened = await this.client.conversations.open({ users: id });
          const channel = opened.channel?.id;
          if (!channel) throw new PlatformError('E_PLATFORM_NO_CHANNEL', `a DM with ${id}`);
          return { teamId, channel };
        } catch (error) {
          throw toDeliveryError(error, 'open a DM');
        }
      }
    }
  }

  /** The parts of an earlier attempt already in the conversation: key → ts. */
  private async findEarlier(destination: Destination, keys: string[]): Promise<Map<string, string>> {
    let messages: HistoryMessage[];
    try {
      const result = destination.threadTs
        ? await this.client.conversations.replies({
            channel: destination.channel,
            ts: destination.threadTs,
            include_all_metadata: true,
            limit: LOOKBACK_MESSAGES,
          })
        : await this.client.conversations.history({
            channel: destination.channel,
            include_all_metadata: true,
            limit: LOOKBACK_MESSAGES,
          });
      messages = (result.messages ?? []) as HistoryMessage[];
    } catch (error) {
      throw toDeliveryError(error, 'read the conversation to check an earlier attempt');
    }
    const wanted = new Set(keys);
    const found = new Map<string, string>();
    for (const m of messages) {
      const key = m.metadata?.event_payload?.key;
      if (m.metadata?.event_type === OUTBOX_EVENT_TYPE && typeof key === 'string' && wanted.has(key) && m.ts)
        found.set(key, m.ts);
    }
    return found;
  }
}

/**
 * A new staff card pings the staff user groups: `<!subteam^S…>` in a section ahead of the first
 * part and in its notification text. Only user groups of this workspace are mentioned (a staff
 * "role" may also be a channel id, which is not pinged).
 */
function withGroupMention(
  parts: RenderedMessage[],
  message: OutboundMessage,
  teamId: string,
): RenderedMessage[] {
  const groups = (message.mentions?.roles ?? []).flatMap((role) => {
    const found = parseOpaqueId(role);
    return found && found.teamId === teamId && /^S[A-Z0-9]+$/.test(found.id) ? [found.id] : [];
  });
  const [first, ...rest] = parts;
  if (groups.length === 0 || !first || first.blocks.length >= SLACK_LIMITS.blocksPerMessage.value)
    return parts;
  const mention = groups.map((id) => `<!subteam^${id}>`).join(' ');
  return [
    {
      text: `${mention} ${first.text}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mention } }, ...first.blocks],
    },
    ...rest,
  ];
}
