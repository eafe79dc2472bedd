/**
 * The fake Slack refuses what real Slack refuses, with Slack's error names, through the real
 * WebClient: so every test that drives the adapter also checks the payloads against the limits.
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FakeSlack } from '../kit/slack-api.js';

let slack: FakeSlack;
let client: webApi.WebClient;

beforeEach(async () => {
  slack = await FakeSlack.start();
  client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
});

afterEach(async () => {
  slack.expectRefusals();
  await slack.close();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

describe('the strict fake Slack', () => {
  it('refuses a section over 3,000 characters as invalid_blocks', async () => {
    const error = await errorOf(
      client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('x'.repeat(3001))] }),
    );
    expect(error).toBe('invalid_blocks');
    expect(slack.refusals[0]?.why).toMatch(/3001 characters; the limit is 3000/);
  });

  it('refuses blocks whose text adds up past the cumulative limit as msg_blocks_too_long', async () => {
    const blocks = Array.from({ length: 5 }, () => section('&lt;'.repeat(700)));
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }))).toBe(
      'msg_blocks_too_long',
    );
  });

  it('refuses 51 blocks, 26 buttons in one actions block and a select without options', async () => {
    const many = Array.from({ length: 51 }, () => section('x'));
    const button = (i: number) => ({
      type: 'button',
      action_id: `a|${i}`,
      text: { type: 'plain_text', text: 'B' },
    });
    const buttons = [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(i)) }];
    const empty = [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [] }] }];
    for (const blocks of [many, buttons, empty])
      expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }))).toBe(
        'invalid_blocks',
      );
  });

  it('refuses top-level text over 40,000 characters as msg_too_long, and half an emoji as invalid_blocks', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }))).toBe(
      'msg_too_long',
    );
    // In blocks, where JSON keeps it; a form-encoded top-level text reaches Slack as U+FFFD.
    const broken = [section('broken \ud83d')];
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: broken }))).toBe(
      'invalid_blocks',
    );
  });

  it('refuses a modal prefilled beyond its input limit as invalid_arguments', async () => {
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Complaint' },
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Details' },
          element: {
            type: 'plain_text_input',
            action_id: 'd',
            max_length: 500,
            initial_value: 'x'.repeat(535),
          },
        },
      ],
    };
    expect(await errorOf(client.views.open({ trigger_id: 't1', view }))).toBe('invalid_arguments');
  });

  it('fails the test that sent a refused payload, unless the test expected it', async () => {
    const other = await FakeSlack.start();
    const otherClient = new webApi.WebClient(BOT_TOKEN, {
      slackApiUrl: other.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: webApi.LogLevel.ERROR,
    });
    await errorOf(otherClient.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('')] }));
    await expect(other.close()).rejects.toThrow(/refused 1 payload/);
  });
});
