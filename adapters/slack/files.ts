/**
 * Images (digest charts) travel as base64 in the neutral message; Slack wants them uploaded as
 * files next to the message, in its thread when there is one.
 */
import type { webApi } from '@slack/bolt';
import type { Attachment } from '../../src/messages.js';
import { toDeliveryError } from './errors.js';

export async function uploadAttachments(
  client: webApi.WebClient,
  attachments: Attachment[],
  channel: string,
  threadTs?: string,
): Promise<void> {
  try {
    await client.filesUploadV2({
      channel_id: channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      file_uploads: attachments.map((a) => ({
        file: Buffer.from(a.base64, 'base64'),
        filename: a.filename,
        alt_text: a.alt,
      })),
    });
  } catch (error) {
    throw toDeliveryError(error, 'upload an image');
  }
}
