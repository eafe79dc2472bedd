import { describe, expect, it } from 'vitest';
import { normalizeSlack } from '../../adapters/slack/normalize.js';
import { commandTextToNeutral, slackTextToPlain } from '../../adapters/slack/text.js';
import type { Body } from '../kit/slack-api.js';
import { fixture } from '../kit/slack-payloads.js';

const bot = { botUserId: 'U0HEARKENBOT' };

describe('normalising Slack payloads (recorded fixtures)', () => {
  it('turns a DM into a message event with opaque ids, decoded text and the event id', () => {
    const result = normalizeSlack(fixture('events/message-im.json'), bot);
    expect(result).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'message',
        id: 'slack:Ev0MSGIM0001',
        actor: {
          platform: 'slack',
          tenantId: 'slack:T0HEARKEN',
          userId: 'slack:T0HEARKEN:U0CUSTOMER',
          roles: [],
        },
        place: { kind: 'dm' },
        text: 'My order #4412 arrived broken & nobody answers my emails <3 weeks now>',
      },
      via: { teamId: 'T0HEARKEN', userId: 'U0CUSTOMER', channelId: 'D0CUSTOMER' },
    });
  });

  it('keeps the raw payload for debugging', () => {
    const body = fixture('events/message-im.json');
    const result = normalizeSlack(body, bot);
    expect(result.kind === 'inbound' && result.event.raw).toBe(body);
  });

  it("ignores the bot's own messages", () => {
    expect(normalizeSlack(fixture('events/message-im-from-bot.json'), bot)).toEqual({
      kind: 'ignored',
      reason: 'message from a bot',
    });
  });

  it("turns a customer's edit in the DM into a change carrying the new text", () => {
    expect(normalizeSlack(fixture('events/message-im-edited.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'message',
        change: 'edited',
        text: 'My order #4412 arrived broken',
        place: { kind: 'dm' },
      },
    });
  });

  it('ignores a message_changed that is not an edit (a link unfurled) or is the bot changing its own post', () => {
    const edited = fixture('events/message-im-edited.json');
    const event = edited.event as Body & { message: Body };
    const unfurl = { ...edited, event: { ...event, message: { ...event.message, edited: undefined } } };
    const own = { ...edited, event: { ...event, message: { ...event.message, user: 'U0HEARKENBOT' } } };

    expect(normalizeSlack(unfurl, bot)).toMatchObject({ kind: 'ignored' });
    expect(normalizeSlack(own, bot)).toMatchObject({ kind: 'ignored' });
  });

  it('keeps the caption of a file the customer shares: it is their words', () => {
    expect(normalizeSlack(fixture('events/message-im-file-share.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: { kind: 'message', text: 'Here is the photo of the broken seal' },
    });
  });

  it('reads a reply in a channel thread as a channel message under that thread, never as a DM', () => {
    expect(normalizeSlack(fixture('events/message-channel.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'message',
        text: 'looking into this one',
        place: { kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF', threadOf: '1763900002.000150' },
      },
      via: { thread: { ts: '1763900010.000400', threadTs: '1763900002.000150' } },
    });
  });

  it('leaves a thread under someone else’s message alone (no look-ups for chatter)', () => {
    const body = fixture('events/message-channel.json');
    const event = { ...(body.event as Body), parent_user_id: 'U0SOMEONE' };
    expect(normalizeSlack({ ...body, event }, bot)).toMatchObject({ kind: 'ignored' });
  });

  it('does not treat top-level channel chatter as a complaint', () => {
    const body = fixture('events/message-channel.json');
    const { thread_ts: _thread, ...event } = body.event as Body;
    expect(normalizeSlack({ ...body, event }, bot)).toEqual({
      kind: 'unsupported',
      reason: 'message in a channel conversation',
    });
  });

  it('reports events it does not handle as unsupported instead of throwing', () => {
    expect(normalizeSlack(fixture('events/reaction-added.json'), bot)).toEqual({
      kind: 'unsupported',
      reason: 'event reaction_added',
    });
    expect(normalizeSlack(fixture('interactions/message-shortcut.json'), bot)).toEqual({
      kind: 'unsupported',
      reason: 'payload type message_action',
    });
    expect(normalizeSlack('not json', bot).kind).toBe('unsupported');
  });

  it('recognises the App Home being opened', () => {
    expect(normalizeSlack(fixture('events/app-home-opened.json'), bot)).toEqual({
      kind: 'home',
      id: 'slack:Ev0HOME00001',
      via: { teamId: 'T0HEARKEN', userId: 'U0STAFFANA' },
    });
  });

  it('turns /complain in a channel into a command with its place, trigger and response_url', () => {
    expect(normalizeSlack(fixture('commands/complain.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'command',
        command: 'complain',
        text: '',
        place: { kind: 'channel', channelId: 'slack:T0HEARKEN:C0GENERAL' },
        actor: { displayName: 'mei' },
      },
      via: {
        triggerId: '1234567890.123456789012.abcdef0123456789abcdef0123456789',
        responseUrl: 'https://hooks.slack.com/commands/T0HEARKEN/1234567890/abcdefABCDEF',
        channelId: 'C0GENERAL',
      },
    });
  });

  it('turns the escaped mentions of /hearken setup into opaque ids', () => {
    const result = normalizeSlack(fixture('commands/hearken-setup.json'), bot);
    expect(result.kind === 'inbound' && result.event.kind === 'command' && result.event.text).toBe(
      'setup staff=slack:T0HEARKEN:C0STAFF manager=slack:T0HEARKEN:C0MANAGERS group=slack:T0HEARKEN:S0SUPPORT',
    );
  });

  it('treats a command typed in a DM as a DM and turns a user mention into an opaque id', () => {
    expect(normalizeSlack(fixture('commands/ticket-dm.json'), bot)).toMatchObject({
      event: {
        command: 'ticket',
        place: { kind: 'dm' },
        text: 'assign C-1001 slack:T0HEARKEN:U0STAFFBO',
        mentions: { 'slack:T0HEARKEN:U0STAFFBO': 'bo' },
      },
    });
  });

  it('round-trips a button: action and value come back as the core rendered them, with the source message', () => {
    expect(normalizeSlack(fixture('interactions/block-actions-card.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'action',
        id: 'slack:action:1763900040.123456789012.0123456789abcdef0123456789abcdef',
        action: 'ticket.claim',
        value: '3f0a3b8e-9d6e-4b55-8f5c-6a0e8b1c2d3e',
        place: { kind: 'channel', channelId: 'slack:T0HEARKEN:C0STAFF' },
        source: { platform: 'slack', channelId: 'slack:T0HEARKEN:C0STAFF', messageId: '1763900002.000150' },
      },
      via: { source: { channelId: 'C0STAFF', ts: '1763900002.000150', ephemeral: false } },
    });
  });

  it('reads the picked option of a select in a DM', () => {
    expect(normalizeSlack(fixture('interactions/block-actions-select-dm.json'), bot)).toMatchObject({
      event: { kind: 'action', action: 'intake.category', value: 'delivery', place: { kind: 'dm' } },
    });
  });

  it('turns a modal submission into a form event with values, the echoed context and the origin', () => {
    expect(normalizeSlack(fixture('interactions/view-submission.json'), bot)).toMatchObject({
      kind: 'inbound',
      event: {
        kind: 'form',
        formId: 'complaint',
        context: 'intake',
        place: { kind: 'form' },
        values: {
          description: 'The kettle I bought leaks from the base.',
          category: 'product',
          outcome: 'replacement',
        },
      },
      via: {
        channelId: 'C0GENERAL',
        origin: {
          channelId: 'C0GENERAL',
          responseUrl: 'https://hooks.slack.com/commands/T0HEARKEN/1234567890/abcdefABCDEF',
        },
      },
    });
  });
});

describe('Slack text', () => {
  it('shows links by their label and decodes entities', () => {
    expect(slackTextToPlain('see <https://shop.example/o/4412|order 4412> &amp; <mailto:a@b.c>')).toBe(
      'see order 4412 & a@b.c',
    );
  });

  it('leaves plain command arguments alone', () => {
    expect(commandTextToNeutral('  claim C-1001 ', 'T1')).toBe('claim C-1001');
  });
});
