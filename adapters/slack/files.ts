/**
 * Files on Slack, through the current upload API (`files.getUploadURLExternal`, a POST of the bytes
 * to the URL it returns, `files.completeUploadExternal`; `filesUploadV2` makes exactly these calls,
 * the retired `files.upload` is never used):
 * - files the core made (digest charts, exports) travel as base64 and are uploaded as they are;
 * - files a person shared travel as references and are fetched from Slack with the bot token, then
 *   uploaded where the core wants them (a customer's screenshot into the card's thread).
 */
import type { webApi } from '@slack/bolt';
import type { Attachment, FileRef } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { toDeliveryError } from './errors.js';
import { SLACK_LIMITS } from './limits.js';

export async function uploadAttachments(
  client: webApi.WebClient,
  attachments: Attachment[],
  channel: string,
  threadTs?: string,
): Promise<void> {
  await uploadBytes(
    client,
    attachments.map((a) => ({ name: a.filename, data: Buffer.from(a.base64, 'base64'), alt: a.alt })),
    channel,
    threadTs,
  );
}

interface Upload {
  name: string;
  data: Buffer;
  alt?: string;
}

async function uploadBytes(
  client: webApi.WebClient,
  uploads: Upload[],
  channel: string,
  threadTs?: string,
): Promise<void> {
  for (let at = 0; at < uploads.length; at += SLACK_LIMITS.filesPerUpload.value) {
    try {
      await client.filesUploadV2({
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file_uploads: uploads.slice(at, at + SLACK_LIMITS.filesPerUpload.value).map((u) => ({
          file: u.data,
          filename: u.name,
          ...(u.alt ? { alt_text: u.alt } : {}),
        })),
      });
    } catch (error) {
      throw toDeliveryError(error, 'upload a file');
    }
  }
}

/**
 * Whether a file URL is Slack's own, so the bot token may go with the request: Slack's file host,
 * or the host of the configured Web API (a GovSlack or proxy install, the test fake). A reference
 * pointing anywhere else never gets the token.
 */
function isSlackFileUrl(client: webApi.WebClient, url: string): boolean {
  try {
    const target = new URL(url);
    if (target.protocol === 'https:' && target.hostname === 'files.slack.com') return true;
    return target.origin === new URL(client.slackApiUrl).origin;
  } catch {
    return false;
  }
}

/** Downloads a person's file from Slack; undefined when it is gone, foreign or over the limit. */
async function download(
  client: webApi.WebClient,
  fetcher: typeof fetch,
  file: FileRef,
  logger: Logger,
): Promise<Buffer | undefined> {
  if (!isSlackFileUrl(client, file.ref) || file.size > SLACK_LIMITS.uploadBytes.value) return undefined;
  try {
    const response = await fetcher(file.ref, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
    if (!response.ok) {
      logger.warn({ status: response.status }, 'slack: a shared file could not be downloaded');
      return undefined;
    }
    const data = Buffer.from(await response.arrayBuffer());
    return data.length > SLACK_LIMITS.uploadBytes.value ? undefined : data;
  } catch (error) {
    logger.warn({ err: error }, 'slack: a shared file could not be downloaded');
    return undefined;
  }
}

/**
 * Re-posts a person's files in a channel or thread. Returns the names of the files that could not
 * be (gone from Slack, too large): the message that names them has already landed, so the caller
 * logs them rather than failing the delivery.
 */
export async function repostFiles(
  client: webApi.WebClient,
  fetcher: typeof fetch,
  files: FileRef[],
  channel: string,
  threadTs: string | undefined,
  logger: Logger,
): Promise<string[]> {
  const uploads: Upload[] = [];
  const missed: string[] = [];
  for (const file of files) {
    const data = await download(client, fetcher, file, logger);
    if (data) uploads.push({ name: file.name, data });
    else missed.push(file.name);
  }
  if (uploads.length > 0) await uploadBytes(client, uploads, channel, threadTs);
  return missed;
}
