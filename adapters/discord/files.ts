/**
 * A person's files on Discord: references to Discord's CDN, fetched when the core wants them
 * re-posted (a customer's screenshot in the card's thread, a staff member's file in the customer's
 * DM) and sent as the message's attachments, within the upload limit.
 */
import type { Attachment, FileRef, OutboundMessage } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { DISCORD_LIMITS } from './limits.js';

/** Discord's own file hosts: the only places a reference is fetched from (besides a REST proxy). */
const CDN_HOSTS = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

function isDiscordFileUrl(url: string, apiUrl: string | undefined): boolean {
  try {
    const target = new URL(url);
    if (target.protocol === 'https:' && CDN_HOSTS.has(target.hostname)) return true;
    return apiUrl !== undefined && target.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The message with its file references fetched into attachments. Every file fits the upload limit
 * and so does their sum (one request); a file that does not fit, is gone or is not Discord's is
 * left out and logged: the message's own words already name it, and the timeline keeps it.
 */
export async function withFetchedFiles(
  message: OutboundMessage,
  fetcher: typeof fetch,
  apiUrl: string | undefined,
  logger: Logger,
): Promise<OutboundMessage> {
  const { files, ...rest } = message;
  if (!files || files.length === 0) return message;
  const limit = DISCORD_LIMITS.uploadBytes.value;
  let total = (rest.attachments ?? []).reduce((sum, a) => sum + Buffer.byteLength(a.base64, 'base64'), 0);
  const fetched: Attachment[] = [];
  let missed = 0;
  for (const file of files.slice(0, DISCORD_LIMITS.filesPerMessage.value)) {
    const data = file.size + total <= limit ? await fetchFile(file, fetcher, apiUrl, logger) : undefined;
    if (!data || data.length + total > limit) {
      missed += 1;
      continue;
    }
    total += data.length;
    fetched.push({
      filename: file.name,
      contentType: file.mimeType,
      base64: data.toString('base64'),
      alt: file.name,
    });
  }
  missed += Math.max(0, files.length - DISCORD_LIMITS.filesPerMessage.value);
  if (missed > 0)
    logger.warn({ missed }, 'discord: files not re-posted (gone, foreign or over the upload limit)');
  return { ...rest, attachments: [...(rest.attachments ?? []), ...fetched] };
}

async function fetchFile(
  file: FileRef,
  fetcher: typeof fetch,
  apiUrl: string | undefined,
  logger: Logger,
): Promise<Buffer | undefined> {
  if (!isDiscordFileUrl(file.ref, apiUrl)) return undefined;
  try {
    const response = await fetcher(file.ref);
    if (!response.ok) {
      logger.warn({ status: response.status }, 'discord: a shared file could not be fetched');
      return undefined;
    }
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    logger.warn({ err: error }, 'discord: a shared file could not be fetched');
    return undefined;
  }
}
