/**
 * Real-shaped Slack payloads built from the recorded fixtures in test/fixtures/slack, with the
 * parts a test cares about (who, what, where) replaced. Ids are fresh on every call so two
 * deliveries are never mistaken for a retry unless a test means it.
 */
import { readFileSync } from 'node:fs';
import { sequence } from './shared.js';
import type { Body } from './slack-api.js';
import { BOT_USER_ID, TEAM_ID } from './slack-api.js';

const nextEventId = sequence('Ev0T');
const nextTrigger = sequence('1763900999.123456789012.t');
const nextTs = sequence('1763901');

export function fixture(path: string): Body {
  return JSON.parse(readFileSync(new URL(`../fixtures/slack/${path}`, import.meta.url), 'utf8')) as Body;
}

function withEvent(base: Body, event: Body, eventId: string | undefined, team: string): Body {
  // Slack names the installation the event is for in `authorizations`: the same workspace.
  const authorizations = Array.isArray(base.authorizations)
    ? (base.authorizations as Body[]).map((a) => ({ ...a, team_id: team }))
    : undefined;
  return {
    ...base,
    ...(authorizations ? { authorizations } : {}),
    team_id: team,
    event_id: eventId ?? nextEventId(),
    event: { ...(base.event as Body), ...event, team },
  };
}

/** A customer (or anyone) writing in their DM with the bot. */
export function dmMessage(
  user: string,
  text: string,
  options: { channel?: string; eventId?: string; team?: string } = {},
): Body {
  const ts = `${nextTs()}.000100`;
  return withEvent(
    fixture('events/message-im.json'),
    { user, text, ts, event_ts: ts, channel: options.channel ?? `D${user.slice(1)}`, blocks: [] },
    options.eventId,
    options.team ?? TEAM_ID,
  );
}

/** Slack's notice that the app was uninstalled from a workspace (no user, no token behind it). */
export function appUninstalled(team: string): Body {
  return uninstallNotice(team, { type: 'app_uninstalled' });
}

/** Slack's notice that tokens of the app were revoked in a workspace (`bot`: bot user ids). */
export function tokensRevoked(team: string, tokens: { bot?: string[]; oauth?: string[] }): Body {
  return uninstallNotice(team, { type: 'tokens_revoked', tokens });
}

function uninstallNotice(team: string, event: Body): Body {
  const base = fixture('events/message-im.json');
  return {
    token: base.token,
    team_id: team,
    api_app_id: base.api_app_id,
    event: { ...event, event_ts: `${nextTs()}.000200` },
    type: 'event_callback',
    event_id: nextEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: 'U0NOBODY', is_bot: true, is_enterprise_install: false },
    ],
  };
}

export function appHomeOpened(user: string, team = TEAM_ID): Body {
  return withEvent(
    fixture('events/app-home-opened.json'),
    { user, channel: `D${user.slice(1)}` },
    undefined,
    team,
  );
}

export interface CommandInput {
  command: '/complain' | '/ticket' | '/hearken';
  text?: string;
  user: string;
  userName?: string;
  channel?: string;
  responseUrl: string;
  team?: string;
}

/** A slash command's form fields. `channel` defaults to the user's DM with the bot. */
export function slashCommand(input: CommandInput): Record<string, string> {
  const base = fixture('commands/complain.json') as Record<string, string>;
  const channel = input.channel ?? `D${input.user.slice(1)}`;
  return {
    ...base,
    team_id: input.team ?? TEAM_ID,
    command: input.command,
    text: input.text ?? '',
    user_id: input.user,
    user_name: input.userName ?? input.user.toLowerCase(),
    channel_id: channel,
    channel_name: channel.startsWith('D') ? 'directmessage' : 'channel',
    response_url: input.responseUrl,
    trigger_id: nextTrigger(),
  };
}

export interface ClickInput {
  user: string;
  userName?: string;
  channel: string;
  messageTs: string;
  actionId: string;
  /** For a button. */
  value?: string;
  /** For a select: the picked option's value. */
  selected?: string;
  responseUrl: string;
  ephemeral?: boolean;
  team?: string;
}

/** A block_actions payload for a click on a button (or a pick in a select) in a message. */
export function blockAction(input: ClickInput): Body {
  const base = fixture('interactions/block-actions-card.json');
  const action: Body =
    input.selected !== undefined
      ? {
          type: 'static_select',
          action_id: input.actionId,
          block_id: 'b1',
          selected_option: { text: { type: 'plain_text', text: input.selected }, value: input.selected },
          action_ts: '1763900040.402157',
        }
      : {
          type: 'button',
          action_id: input.actionId,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'button' },
          ...(input.value !== undefined ? { value: input.value } : {}),
          action_ts: '1763900040.402157',
        };
  return {
    ...base,
    user: {
      id: input.user,
      username: input.userName ?? input.user.toLowerCase(),
      name: input.userName ?? input.user.toLowerCase(),
      team_id: input.team ?? TEAM_ID,
    },
    team: { id: input.team ?? TEAM_ID, domain: 'hearken-demo' },
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channel,
      is_ephemeral: input.ephemeral ?? false,
    },
    channel: { id: input.channel, name: input.channel.startsWith('D') ? 'directmessage' : 'channel' },
    message: { ...(base.message as Body), ts: input.messageTs },
    trigger_id: nextTrigger(),
    response_url: input.responseUrl,
    actions: [action],
  };
}

/**
 * A view_submission for a modal the app opened (`view` as the fake received it in views.open),
 * with `values` typed into its inputs by block id.
 */
export function viewSubmission(
  user: string,
  view: Body,
  values: Record<string, string>,
  team = TEAM_ID,
): Body {
  const base = fixture('interactions/view-submission.json');
  const blocks = Array.isArray(view.blocks) ? (view.blocks as Body[]) : [];
  const state: Record<string, Record<string, Body>> = {};
  for (const block of blocks) {
    const element = block.element as Body | undefined;
    if (block.type !== 'input' || !element) continue;
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    const value = values[blockId];
    state[blockId] = {
      [actionId]:
        element.type === 'static_select'
          ? {
              type: 'static_select',
              selected_option:
                value === undefined ? null : { text: { type: 'plain_text', text: value }, value },
            }
          : { type: element.type, value: value ?? null },
    };
  }
  return {
    ...base,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    team: { id: team, domain: 'hearken-demo' },
    trigger_id: nextTrigger(),
    view: {
      ...(base.view as Body),
      // The workspace the modal was opened in, and whose installation opened it.
      team_id: team,
      app_installed_team_id: team,
      id: String(view.id ?? 'V0MODAL'),
      blocks,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: state },
    },
  };
}

/** A person writing in a thread of a channel (e.g. staff under a card in the staff channel). */
export function threadMessage(
  user: string,
  channel: string,
  threadTs: string,
  text: string,
  options: { team?: string; eventId?: string; parentUser?: string } = {},
): Body {
  const ts = `${nextTs()}.000200`;
  return withEvent(
    fixture('events/message-im.json'),
    {
      user,
      text,
      ts,
      event_ts: ts,
      thread_ts: threadTs,
      parent_user_id: options.parentUser ?? BOT_USER_ID,
      channel,
      channel_type: 'channel',
      blocks: [],
    },
    options.eventId,
    options.team ?? TEAM_ID,
  );
}

/** A person edits a message they sent in their DM (`message_changed`, as Slack sends it). */
export function dmEdit(
  user: string,
  original: { ts: string; text: string },
  text: string,
  options: { team?: string } = {},
): Body {
  const ts = `${nextTs()}.000300`;
  const channel = `D${user.slice(1)}`;
  return withEvent(
    fixture('events/message-im.json'),
    {
      subtype: 'message_changed',
      hidden: true,
      user: undefined,
      text: undefined,
      channel,
      ts,
      event_ts: ts,
      message: { type: 'message', user, text, ts: original.ts, edited: { user, ts } },
      previous_message: { type: 'message', user, text: original.text, ts: original.ts },
    },
    undefined,
    options.team ?? TEAM_ID,
  );
}

/** A person deletes a message they sent in their DM (`message_deleted`, as Slack sends it). */
export function dmDelete(
  user: string,
  original: { ts: string; text: string },
  options: { team?: string } = {},
): Body {
  const ts = `${nextTs()}.000400`;
  const channel = `D${user.slice(1)}`;
  return withEvent(
    fixture('events/message-im.json'),
    {
      subtype: 'message_deleted',
      hidden: true,
      user: undefined,
      text: undefined,
      channel,
      ts,
      event_ts: ts,
      deleted_ts: original.ts,
      previous_message: { type: 'message', user, text: original.text, ts: original.ts },
    },
    undefined,
    options.team ?? TEAM_ID,
  );
}
