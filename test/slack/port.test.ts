import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portClientOptions, SlackPort } from '../../adapters/slack/port.js';
import { silentLogger } from '../../src/log.js';
import type { MessageRef } from '../../src/messages.js';
import { PermanentDeliveryError } from '../../src/ports.js';
import { BOT_TOKEN, FakeSlack } from '../kit/slack-api.js';

let slack: FakeSlack;
let port: SlackPort;

beforeEach(async () => {
  slack = await FakeSlack.start();
  slack.addUser({ id: 'U0MEI', name: 'mei' });
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 1, minTimeout: 5, maxTimeout: 10 },
    logLevel: webApi.LogLevel.ERROR,
  });
  port = new SlackPort(client, silentLogger);
});

afterEach(async () => {
  await slack.close();
});

const message = { text: 'Thank you. Your complaint is *C-1001*.' };

describe('the Slack platform port', () => {
  it('DMs a user by opening the conversation first, tagging the post with its idempotency key', async () => {
    const ref = await port.send({ kind: 'user', userId: 'slack:T0HEARKEN:U0MEI' }, message, {
      idempotencyKey: 'k1',
      attempt: 1,
    });

    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(slack.callsTo('conversations.open')[0]?.body).toMatchObject({ users: 'U0MEI' });
    expect(slack.callsTo('chat.postMessage')[0]?.body).toMatchObject({
      channel: 'D0MEI',
      text: message.text,
      metadata: { event_type: 'hearken_outbox', event_payload: { key: 'k1' } },
    });
    expect(ref).toEqual({
      platform: 'slack',
      channelId: 'slack:T0HEARKEN:D0MEI',
      messageId: slack.messages[0]?.ts,
    });
  });

  it('posts under a thread when given a parent message', async () => {
    const parent = await port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'card',
      attempt: 1,
    });
    const reply = await port.send(
      { kind: 'thread', parent },
      { text: 'Customer wrote: still broken' },
      {
        idempotencyKey: 'timeline-1',
        attempt: 1,
      },
    );

    expect(slack.threadOf('C0STAFF', parent.messageId).map((m) => m.text)).toEqual([
      'Customer wrote: still broken',
    ]);
    expect(reply.channelId).toBe('slack:T0HEARKEN:C0STAFF');
  });

  it('shows a message once when a retry follows a delivery that did land', async () => {
    const target = { kind: 'channel' as const, channelId: 'slack:T0HEARKEN:C0STAFF' };
    const first = await port.send(target, message, { idempotencyKey: 'outbox-7', attempt: 1 });

    const again = await port.send(target, message, { idempotencyKey: 'outbox-7', attempt: 2 });

    expect(again).toEqual(first);
    expect(slack.messagesIn('C0STAFF')).toHaveLength(1);
    expect(slack.callsTo('conversations.history')[0]?.body).toMatchObject({
      channel: 'C0STAFF',
      include_all_metadata: 'true',
    });
  });

  it('looks in the thread, not the channel, when retrying a thread reply', async () => {
    const parent: MessageRef = await port.send(
      { kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' },
      message,
      {
        idempotencyKey: 'card',
        attempt: 1,
      },
    );
    await port.send({ kind: 'thread', parent }, message, { idempotencyKey: 't-1', attempt: 1 });

    await port.send({ kind: 'thread', parent }, message, { idempotencyKey: 't-1', attempt: 3 });

    expect(slack.threadOf('C0STAFF', parent.messageId)).toHaveLength(1);
    expect(slack.callsTo('conversations.replies')).toHaveLength(1);
  });

  it('posts on a retry when the earlier attempt never landed', async () => {
    await port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'k9',
      attempt: 2,
    });

    expect(slack.messagesIn('C0STAFF')).toHaveLength(1);
  });

  it('gives up permanently on a channel that is gone', async () => {
    slack.missingChannels.add('C0GONE');

    const sending = port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0GONE' }, message, {
      idempotencyKey: 'k',
      attempt: 1,
    });

    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toMatchObject({ reason: 'channel_not_found' });
  });

  it('gives up permanently on a user Slack does not know', async () => {
    await expect(
      port.send({ kind: 'user', userId: 'slack:T0HEARKEN:U0NOBODY' }, message, {
        idempotencyKey: 'k',
        attempt: 1,
      }),
    ).rejects.toMatchObject({ name: 'PermanentDeliveryError', reason: 'user_not_found' });
  });

  it('leaves a server error retryable for the outbox after the client retried it', async () => {
    slack.fail('chat.postMessage', 'internal_error', { status: 500, times: 2 });

    const sending = port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'k',
      attempt: 1,
    });

    await expect(sending).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.messages).toHaveLength(0);
  });

  it('updates a message in place', async () => {
    const ref = await port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'card',
      attempt: 1,
    });

    await port.update(ref, { text: 'Claimed by Ana', title: 'C-1001' });

    expect(slack.callsTo('chat.update')[0]?.body).toMatchObject({
      channel: 'C0STAFF',
      ts: ref.messageId,
      text: 'C-1001\nClaimed by Ana',
    });
    expect(slack.messages[0]?.updates).toBe(1);
  });

  it('uploads image attachments into the thread of the message', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    await port.send(
      { kind: 'channel', channelId: 'slack:T0HEARKEN:C0MANAGERS' },
      {
        text: 'Daily digest',
        attachments: [
          { filename: 'volume.png', contentType: 'image/png', base64: png, alt: 'Volume by day' },
        ],
      },
      { idempotencyKey: 'digest', attempt: 1 },
    );

    expect(slack.callsTo('files.getUploadURLExternal')[0]?.body).toMatchObject({
      filename: 'volume.png',
      length: '8',
    });
    expect(slack.callsTo('files.completeUploadExternal')[0]?.body).toMatchObject({
      channel_id: 'C0MANAGERS',
      thread_ts: slack.messages[0]?.ts,
    });
  });

  it.each([
    [10_000, 1],
    [30_000, 3],
  ])(
    'posts a %i-character staff reply whole, in %i message(s), each part tagged with its own key',
    async (length, messages) => {
      const reply = Array.from({ length: 1000 }, (_, i) => `Line ${i}: ${'we are sorry '.repeat(7)}`)
        .join('\n')
        .slice(0, length);
      const ref = await port.send(
        { kind: 'user', userId: 'slack:T0HEARKEN:U0MEI' },
        { text: reply },
        {
          idempotencyKey: 'relay-9',
          attempt: 1,
        },
      );

      const posted = slack.messagesIn('D0MEI');
      expect(posted).toHaveLength(messages);
      expect(slack.refusals).toEqual([]);
      const sections = posted.flatMap((m) => m.blocks.map((b) => (b.text as { text: string }).text));
      expect(sections.join('')).toBe(reply);
      expect(posted.map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key)).toEqual(
        posted.map((_, i) => (i === 0 ? 'relay-9' : `relay-9#${i + 1}`)),
      );
      expect(ref.messageId).toBe(posted[0]?.ts);
    },
  );

  it('on a retry posts only the parts of a split message that did not land', async () => {
    const target = { kind: 'channel' as const, channelId: 'slack:T0HEARKEN:C0STAFF' };
    const long = { text: `${'a'.repeat(2900)}\n`.repeat(10) };
    const first = await port.send(target, long, { idempotencyKey: 'o-1', attempt: 1 });
    const parts = slack.messagesIn('C0STAFF').length;
    // As if the process died after the first part landed: the others never reached Slack.
    slack.messages.splice(1);

    const again = await port.send(target, long, { idempotencyKey: 'o-1', attempt: 2 });

    expect(parts).toBeGreaterThan(1);
    expect(again).toEqual(first);
    const keys = slack
      .messagesIn('C0STAFF')
      .map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key);
    expect(keys).toEqual(Array.from({ length: parts }, (_, i) => (i === 0 ? 'o-1' : `o-1#${i + 1}`)));
  });

  it.each(['msg_too_long', 'msg_blocks_too_long', 'invalid_blocks'])(
    'gives up at once with the reason when Slack answers %s: sending it again cannot help',
    async (error) => {
      slack.fail('chat.postMessage', error);
      const sent = port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
        idempotencyKey: 'k',
        attempt: 1,
      });
      await expect(sent).rejects.toBeInstanceOf(PermanentDeliveryError);
      await expect(sent).rejects.toMatchObject({ reason: error });
      expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    },
  );

  /** The port as the adapter builds it: a client that never retries on its own. */
  const outboxPort = () =>
    new SlackPort(
      new webApi.WebClient(BOT_TOKEN, {
        slackApiUrl: slack.apiUrl,
        ...portClientOptions(5_000),
        logLevel: webApi.LogLevel.ERROR,
      }),
      silentLogger,
    );

  it('gives up at once on an HTTP 4xx other than 429, without looking for an earlier copy', async () => {
    const port = outboxPort();
    slack.fail('chat.postMessage', 'too_large', { status: 413 });

    const sent = port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'k-413',
      attempt: 1,
    });

    await expect(sent).rejects.toMatchObject({ name: 'PermanentDeliveryError', reason: 'http_413' });
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
  });

  it('after a 500 that stored the message, returns the stored one instead of posting again', async () => {
    const port = outboxPort();
    slack.storeThenFail('chat.postMessage', 500);

    const ref = await port.send({ kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' }, message, {
      idempotencyKey: 'k-500',
      attempt: 1,
      since: new Date(),
    });

    expect(slack.messagesIn('C0STAFF')).toHaveLength(1);
    expect(ref.messageId).toBe(slack.messagesIn('C0STAFF')[0]?.ts);
    expect(slack.callsTo('conversations.history')[0]?.body).toMatchObject({ oldest: expect.any(String) });
  });
});
