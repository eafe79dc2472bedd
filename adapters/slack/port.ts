/**
 * The core's way into Slack: post to a user (DM), a channel or a thread, and update a message.
 *
 * Idempotency: every post carries Slack message metadata `{event_type: 'hearken_outbox',
 * event_payload: {key}}`. On a retry (attempt > 1) the earlier attempt may have landed before the
 * crash or timeout, so we look for the key in the conversation (or thread) first and return that
 * message instead of posting a second one. An ambiguous failure (a 5xx, a timeout, a connection
 * reset: anything but Slack's own `ok: false`) is checked the same way at once. The client given
 * here must not retry posts itself (its retries would post again blind): see `portClientOptions`.
 */
import type { webApi } from '@slack/bolt';
import { InternalError, PlatformError } from '../../src/errors.js';
import type { MessageRef, OutboundMessage, Target } from '../../src/messages.js';
import { type Logger, PermanentDeliveryError, type PlatformPort, type SendOptions } from '../../src/ports.js';
import { type SlackClients, singleClient } from './clients.js';
import { retryAfterOf, slackErrorOf, toDeliveryError } from './errors.js';
import { repostFiles, uploadAttachments } from './files.js';
import { opaqueId, parseOpaqueId, slackIdOf } from './ids.js';
import { SLACK_LIMITS } from './limits.js';
import { type RenderedMessage, renderMessage, renderMessageParts } from './render.js';

export const OUTBOX_EVENT_TYPE = 'hearken_outbox';

/** The idempotency key of one part of a split message: the first keeps the row's own key. */
export function partKey(key: string, index: number): string {
  return index === 0 ? key : `${key}#${index + 1}`;
}

/**
 * How a retry looks for its earlier attempt: from a little before the outbox row was written (the
 * earliest the copy can be; the margin covers clock skew) through as many pages as a busy channel
 * needs, newest first. Without the row's time, the newest pages only.
 */
export const LOOKBACK = {
  marginMs: 10 * 60_000,
  pageSize: 200,
  maxPages: 25,
  pagesWithoutSince: 3,
} as const;

/**
 * What the port's WebClient needs: no retries of its own (a 5xx after Slack stored the message
 * would be posted again blind; the outbox retries after checking) and a timeout per request.
 */
export function portClientOptions(timeoutMs: number) {
  return { retryConfig: { retries: 0 }, timeout: timeoutMs, rejectRateLimitedCalls: true } as const;
}

/**
 * A rate limit is not ambiguous (nothing was stored): the port waits Slack's Retry-After and asks
 * again, a few times, when the wait is short; a longer one goes back to the outbox's backoff.
 */
export const RATE_LIMIT = { maxWaitMs: 5_000, tries: 3 } as const;

async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const seconds = retryAfterOf(error);
      if (seconds === undefined || seconds * 1000 > RATE_LIMIT.maxWaitMs || attempt >= RATE_LIMIT.tries)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

interface Destination {
  teamId: string;
  channel: string;
  threadTs?: string;
}

/** Where a message goes, and since when an earlier copy of it could exist. */
interface Lookup {
  destination: Destination;
  since: Date | undefined;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export class SlackPort implements PlatformPort {
  readonly platform = 'slack' as const;
  /** Each workspace's client: the one bot token's, or the workspace's own install (OAuth). */
  private readonly clients: SlackClients;

  constructor(
    client: webApi.WebClient | SlackClients,
    private readonly logger: Logger,
    /** Downloads a person's files from Slack to re-post them (injected for proxies and tests). */
    private readonly fetcher: typeof fetch = fetch,
  ) {
    this.clients = 'forTeam' in client ? client : singleClient(client);
  }

  /**
   * Posts the message, as several Slack messages when it is too long for one (each part carries
   * its own key, `<key>` then `<key>#2`, `<key>#3`…, so a retry posts only the parts still
   * missing). Returns the first part: the one a card's thread and updates hang off.
   */
  async send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    const destination = await this.resolve(target);
    const parts = withGroupMention(renderMessageParts(message), message, destination.teamId);
    const keys = parts.map((_, index) => partKey(options.idempotencyKey, index));
    const lookup = { destination, since: options.since };
    const earlier = options.attempt > 1 ? await this.findEarlier(lookup, keys) : new Map<string, string>();
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
        ts = await this.post(lookup, rendered, key);
        posted = true;
      }
      first ??= ts;
    }
    if (first === undefined) throw new InternalError('E_INTERNAL', 'slack: a message rendered to no parts');
    if (posted && message.attachments && message.attachments.length > 0) {
      // The message itself has landed; a retry would find it and skip the upload, so a failed
      // image is logged rather than thrown.
      await uploadAttachments(
        await this.clients.forTeam(destination.teamId),
        message.attachments,
        destination.channel,
        destination.threadTs ?? first,
      ).catch((error: unknown) =>
        this.logger.warn({ err: error, key: options.idempotencyKey }, 'slack: image upload failed'),
      );
    }
    if (posted && message.files && message.files.length > 0) {
      // A person's files, re-posted where the message went (into the card's thread, or the DM).
      // As with images, the message naming them has landed; a file that cannot follow is logged.
      const missed = await repostFiles(
        await this.clients.forTeam(destination.teamId),
        this.fetcher,
        message.files,
        destination.channel,
        destination.threadTs,
        this.logger,
      ).catch((error: unknown) => {
        this.logger.warn({ err: error, key: options.idempotencyKey }, 'slack: file re-post failed');
        return message.files?.map((f) => f.name) ?? [];
      });
      if (missed.length > 0)
        this.logger.warn(
          { key: options.idempotencyKey, missed: missed.length },
          'slack: files not re-posted',
        );
    }
    return {
      platform: 'slack',
      channelId: opaqueId(destination.teamId, destination.channel),
      messageId: first,
    };
  }

  private async post(lookup: Lookup, rendered: RenderedMessage, key: string): Promise<string> {
    const { destination } = lookup;
    try {
      const client = await this.clients.forTeam(destination.teamId);
      const result = await patiently(() =>
        client.chat.postMessage({
          channel: destination.channel,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } },
          ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
        }),
      );
      return String(result.ts);
    } catch (error) {
      const known = toDeliveryError(error, 'post a message');
      if (
        known instanceof PermanentDeliveryError ||
        slackErrorOf(error) !== undefined ||
        retryAfterOf(error) !== undefined
      )
        throw known;
      // No answer, or not Slack's own: the message may be stored. Look before anyone posts again.
      const found = await this.findEarlier(lookup, [key]).catch(() => new Map<string, string>());
      const ts = found.get(key);
      if (ts === undefined) throw error;
      this.logger.info({ key }, 'slack: an ambiguous failure had posted the message; not posting again');
      return ts;
    }
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const { teamId, id: channel } = slackIdOf(ref.channelId);
    const rendered = renderMessage(message);
    try {
      const client = await this.clients.forTeam(teamId);
      await patiently(() =>
        client.chat.update({
          channel,
          ts: ref.messageId,
          text: rendered.text,
          blocks: rendered.blocks,
        }),
      );
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
          const client = await this.clients.forTeam(teamId);
          const opened = await patiently(() => client.conversations.open({ users: id }));
          const channel = opened.channel?.id;
          if (!channel) throw new PlatformError('E_PLATFORM_NO_CHANNEL', `a DM with ${id}`);
          return { teamId, channel };
        } catch (error) {
          throw toDeliveryError(error, 'open a DM');
        }
      }
    }
  }

  /**
   * The parts of an earlier attempt already in the conversation: key → ts. Pages back through the
   * conversation (or thread) to the row's time, so a busy channel still finds its copy.
   */
  private async findEarlier(lookup: Lookup, keys: string[]): Promise<Map<string, string>> {
    const { destination, since } = lookup;
    const client = await this.clients.forTeam(destination.teamId);
    const wanted = new Set(keys);
    const found = new Map<string, string>();
    const oldest = since ? String((since.getTime() - LOOKBACK.marginMs) / 1000) : undefined;
    const pages = since ? LOOKBACK.maxPages : LOOKBACK.pagesWithoutSince;
    let cursor: string | undefined;
    for (let page = 0; page < pages && found.size < wanted.size; page += 1) {
      const window = {
        channel: destination.channel,
        include_all_metadata: true,
        limit: LOOKBACK.pageSize,
        ...(oldest ? { oldest } : {}),
        ...(cursor ? { cursor } : {}),
      };
      let result: { messages?: unknown[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
      try {
        result = await patiently(() =>
          destination.threadTs
            ? client.conversations.replies({ ...window, ts: destination.threadTs })
            : client.conversations.history(window),
        );
      } catch (error) {
        throw toDeliveryError(error, 'read the conversation to check an earlier attempt');
      }
      for (const m of (result.messages ?? []) as HistoryMessage[]) {
        const key = m.metadata?.event_payload?.key;
        if (
          m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
          typeof key === 'string' &&
          wanted.has(key) &&
          m.ts
        )
          found.set(key, m.ts);
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
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
