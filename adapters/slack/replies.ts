/**
 * Shows the core's `Reply` to the person who caused the event, where they are:
 * - a form opens first, while the 3-second `trigger_id` is still good;
 * - `replaceSource` rewrites the clicked message (chat.update, or the response_url for an
 *   ephemeral one, which chat.update cannot reach);
 * - messages go back through the command's or click's response_url (ephemeral when asked), into
 *   the DM for a DM message, or for a form submission to where the modal was opened from.
 */
import type { webApi } from '@slack/bolt';
import { PlatformError } from '../../src/errors.js';
import type { OutboundMessage, Reply } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { slackErrorOf } from './errors.js';
import { uploadAttachments } from './files.js';
import { isDirectMessageChannel } from './ids.js';
import type { SlackVia } from './normalize.js';
import { type RenderedMessage, renderForm, renderMessage, renderMessageParts } from './render.js';

export interface ReplyDeps {
  client: webApi.WebClient;
  logger: Logger;
  /** POSTs JSON to a response_url (injected so tests and proxies can swap it). */
  fetch: typeof fetch;
}

async function postResponseUrl(deps: ReplyDeps, url: string, body: Record<string, unknown>): Promise<void> {
  const response = await deps.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new PlatformError('E_PLATFORM_RESPONSE', `response_url answered ${response.status}`);
}

/** Opens the reply's form, if any. Returns false when Slack refused (expired trigger). */
export async function openForm(deps: ReplyDeps, reply: Reply, via: SlackVia): Promise<boolean> {
  if (!reply.form) return true;
  if (!via.triggerId) {
    deps.logger.warn(
      { form: reply.form.id },
      'slack: the core asked for a form where Slack gives no trigger_id',
    );
    return false;
  }
  const origin = {
    ...(via.channelId ? { channelId: via.channelId } : {}),
    ...(via.responseUrl ? { responseUrl: via.responseUrl } : {}),
  };
  try {
    await deps.client.views.open({ trigger_id: via.triggerId, view: renderForm(reply.form, origin) });
    return true;
  } catch (error) {
    deps.logger.warn(
      { err: error, reason: slackErrorOf(error), form: reply.form.id },
      'slack: views.open failed',
    );
    return false;
  }
}

async function replaceSource(deps: ReplyDeps, message: OutboundMessage, via: SlackVia): Promise<void> {
  const rendered = renderMessage(message);
  const source = via.source;
  if (source && !source.ephemeral) {
    await deps.client.chat.update({ channel: source.channelId, ts: source.ts, ...rendered });
    return;
  }
  if (via.responseUrl) {
    await postResponseUrl(deps, via.responseUrl, { replace_original: true, ...rendered });
  }
}

async function openDm(deps: ReplyDeps, userId: string): Promise<string> {
  const opened = await deps.client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new PlatformError('E_PLATFORM_NO_CHANNEL', `a DM with ${userId}`);
  return channel;
}

async function postToDm(deps: ReplyDeps, userId: string, rendered: RenderedMessage): Promise<string> {
  const channel = await openDm(deps, userId);
  await deps.client.chat.postMessage({ channel, ...rendered, unfurl_links: false });
  return channel;
}

async function showMessage(
  deps: ReplyDeps,
  kind: 'message' | 'command' | 'action' | 'form',
  message: OutboundMessage,
  ephemeral: boolean,
  via: SlackVia,
): Promise<void> {
  // A reply too long for one Slack message is shown as several, in order.
  let postedIn: string | undefined;
  for (const rendered of renderMessageParts(message)) {
    postedIn = (await showPart(deps, kind, rendered, ephemeral, via)) ?? postedIn;
  }
  if (message.attachments && message.attachments.length > 0) {
    // A file cannot ride on an ephemeral answer: it goes to the person's DM with the bot, where
    // only they see it (an export of personal data must not land in a channel).
    const channel = postedIn ?? (await openDm(deps, via.userId));
    await uploadAttachments(deps.client, message.attachments, channel).catch((error: unknown) =>
      deps.logger.warn({ err: error, reason: slackErrorOf(error) }, 'slack: file upload failed'),
    );
  }
}

/** Shows one rendered part; returns the channel it was posted in, if it was a real message. */
async function showPart(
  deps: ReplyDeps,
  kind: 'message' | 'command' | 'action' | 'form',
  rendered: RenderedMessage,
  ephemeral: boolean,
  via: SlackVia,
): Promise<string | undefined> {
  const channel = via.channelId;
  const responseUrl = via.responseUrl ?? via.origin?.responseUrl;
  let postedIn: string | undefined;
  if (channel && (kind === 'message' || (isDirectMessageChannel(channel) && !ephemeral))) {
    // In the DM a real message (not a response_url echo) keeps the conversation's history.
    await deps.client.chat.postMessage({ channel, ...rendered, unfurl_links: false });
    postedIn = channel;
  } else if (responseUrl) {
    await postResponseUrl(deps, responseUrl, {
      response_type: ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: false,
      ...rendered,
    });
  } else if (channel && isDirectMessageChannel(channel)) {
    await deps.client.chat.postMessage({ channel, ...rendered, unfurl_links: false });
    postedIn = channel;
  } else if (channel && ephemeral) {
    await deps.client.chat
      .postEphemeral({ channel, user: via.userId, ...rendered })
      .catch(async (error: unknown) => {
        // The bot may not be in that channel; the person still gets the answer, in their DM.
        deps.logger.info({ reason: slackErrorOf(error) }, 'slack: ephemeral failed; answering in DM');
        postedIn = await postToDm(deps, via.userId, rendered);
      });
  } else if (channel) {
    await deps.client.chat.postMessage({ channel, ...rendered, unfurl_links: false });
    postedIn = channel;
  } else {
    postedIn = await postToDm(deps, via.userId, rendered);
  }
  return postedIn;
}

/** Shows a whole reply. Each part fails alone: a failed update never hides the messages. */
export async function deliverReply(
  deps: ReplyDeps,
  kind: 'message' | 'command' | 'action' | 'form',
  reply: Reply,
  via: SlackVia,
): Promise<void> {
  await openForm(deps, reply, via);
  if (reply.replaceSource) {
    await replaceSource(deps, reply.replaceSource, via).catch((error: unknown) =>
      deps.logger.warn(
        { err: error, reason: slackErrorOf(error) },
        'slack: could not replace the clicked message',
      ),
    );
  }
  // An answer to a click on an ephemeral message must stay private: only its reader saw the question.
  const ephemeral = reply.ephemeral || via.source?.ephemeral === true;
  for (const message of reply.messages) {
    await showMessage(deps, kind, message, ephemeral, via).catch((error: unknown) =>
      deps.logger.error({ err: error, reason: slackErrorOf(error) }, 'slack: could not show a reply'),
    );
  }
}
