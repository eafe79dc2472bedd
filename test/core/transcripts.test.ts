/**
 * Scripted intakes in both languages. Each prints its transcript (read them: they are the product)
 * and checks every point of the complaint-handling practice in DESIGN.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Reply } from '../../src/messages.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createHarness, customer, shown } from '../support/harness.js';

type Turn = { text: string } | { click: string; value: string };

interface Script {
  name: string;
  actor: Actor;
  turns: Turn[];
  expect: {
    thanks: RegExp;
    feeling?: RegExp;
    noFeeling?: boolean;
    openQuestion: RegExp;
    restate: RegExp;
    next: RegExp;
    time: RegExp;
  };
}

// Blame, argument and deflection: none of it may ever come from the bot.
const NEVER = [
  /your (own )?fault/i,
  /you should have/i,
  /calm down/i,
  /not our (fault|problem|responsibility)/i,
  /company policy/i,
  /unfortunately there is nothing/i,
  /你的错/,
  /你应该/,
  /冷静一下/,
  /不是我们的(问题|责任)/,
  /公司规定/,
];

const en = {
  thanks: /[Tt]hank you/,
  restate: /Here is what I understood[\s\S]*Did I get that right\?/,
  next: /What happens next/,
  time: /within \d+ (hours?|days?)/,
};
const zh = { thanks: /谢谢|感谢/, restate: /我复述一下我的理解/, next: /接下来/, time: /\d+(小时|天)内/ };

const scripts: Script[] = [
  {
    name: 'angry English customer, double-charged, typing only',
    actor: customer('Alex', 'en-US'),
    turns: [
      {
        text: 'This is ridiculous! I was charged twice for my subscription this month and nobody answers my emails.',
      },
      { text: 'Refund please' },
      { text: 'Yes, that is right' },
    ],
    expect: { ...en, feeling: /I can hear how angry you are/, openQuestion: /What would put this right/ },
  },
  {
    name: 'calm English customer, cracked lamp',
    actor: customer('Beth', 'en-GB'),
    turns: [
      { text: 'Hello, the lamp I ordered arrived with a small crack in the base.' },
      { click: 'intake.outcome', value: 'replacement' },
      { text: 'yes' },
    ],
    expect: { ...en, noFeeling: true, openQuestion: /What would put this right/ },
  },
  {
    name: 'vague English customer who needs an open question first',
    actor: customer('Cai', 'en-US'),
    turns: [
      { text: 'hi' },
      { text: 'I want to complain' },
      {
        text: 'The courier left my parcel in the rain and everything inside is ruined. I am really disappointed.',
      },
      { text: 'I would like an apology and to know it will not happen again' },
      { click: 'intake.confirm', value: 'yes' },
    ],
    expect: {
      ...en,
      feeling: /I am sorry you are disappointed/,
      openQuestion: /In your own words, what happened\?/,
    },
  },
  {
    name: 'angry Chinese customer, late delivery, typing only',
    actor: customer('Wang', 'zh-CN'),
    turns: [{ text: '快递三天了还没收到，客服也不回复，气死我了！' }, { text: '退款' }, { text: '对，没错' }],
    expect: { ...zh, feeling: /我能感受到您非常生气/, openQuestion: /您希望我们怎样处理/ },
  },
  {
    name: 'calm Chinese customer, cracked lamp',
    actor: customer('Li', 'zh-CN'),
    turns: [
      { text: '您好，我买的台灯底座有一点裂痕，质量有问题。' },
      { click: 'intake.outcome', value: 'replacement' },
      { click: 'intake.confirm', value: 'yes' },
    ],
    expect: { ...zh, noFeeling: true, openQuestion: /您希望我们怎样处理/ },
  },
  {
    name: 'vague Chinese customer',
    actor: customer('Zhao', 'zh-CN'),
    turns: [
      { text: '在吗' },
      { text: '上周在门店，店员态度很差，还对我大声说话，我很失望。' },
      { click: 'intake.outcome', value: 'apology' },
      { click: 'intake.confirm', value: 'yes' },
    ],
    expect: { ...zh, feeling: /让您失望了，真的很抱歉/, openQuestion: /能请您用自己的话说说发生了什么吗/ },
  },
];

function transcript(lines: string[], who: string, reply: Reply) {
  // The clicked question turns into its answered version; its last line names the choice.
  if (reply.replaceSource)
    lines.push(`  (the clicked question now reads: ${reply.replaceSource.text.split('\n').at(-1)})`);
  for (const message of reply.messages)
    lines.push(
      `  Hearken → ${who}:\n${shown({ messages: [message], ephemeral: false }).replace(/^/gm, '      ')}`,
    );
}

describe('intake transcripts in English and Chinese', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  for (const script of scripts) {
    it(`${script.name}: thanks, names the feeling, asks openly, restates, files with a code and a time`, async () => {
      const h = await createHarness({ database, configure: false });
      const lines = [`# ${script.name}`];
      const replies: Reply[] = [];
      for (const turn of script.turns) {
        let reply: Reply;
        if ('text' in turn) {
          lines.push(`  ${script.actor.displayName}: ${turn.text}`);
          reply = await h.dm(script.actor, turn.text);
        } else {
          lines.push(`  ${script.actor.displayName} clicks ${turn.click} = ${turn.value}`);
          reply = await h.click(script.actor, turn.click, turn.value);
        }
        transcript(lines, script.actor.displayName, reply);
        replies.push(reply);
      }
      process.stdout.write(`\n${lines.join('\n')}\n`);

      const all = replies.map(shown);
      const firstReply = all[0] ?? '';
      expect(firstReply).toMatch(script.expect.thanks);
      if (script.expect.feeling) expect(all.join('\n')).toMatch(script.expect.feeling);
      if (script.expect.noFeeling) expect(all.join('\n')).not.toMatch(/angry|upset|worrying|生气|难受|担心/);
      expect(all.slice(0, 3).join('\n')).toMatch(script.expect.openQuestion);
      expect(all.at(-2)).toMatch(script.expect.restate);
      const receipt = all.at(-1) ?? '';
      expect(receipt).toMatch(/C-\d{4}/);
      expect(receipt).toMatch(script.expect.time);
      expect(receipt).toMatch(script.expect.next);
      for (const text of all) for (const phrase of NEVER) expect(text).not.toMatch(phrase);
      // Never the same question in the same words twice.
      const questions = replies.map((r) => r.messages.at(-1)?.text ?? '').slice(0, -1);
      expect(new Set(questions).size).toBe(questions.length);
      // Restated, not quoted: the opener is said back in the agent's words.
      const opener = script.turns.find((t) => 'text' in t && t.text.length > 20);
      if (opener && 'text' in opener) expect(all.at(-2)).not.toContain(opener.text.slice(0, 40));
      // The customer's language kept throughout (commands and codes aside).
      if (script.actor.locale === 'zh-CN')
        for (const text of all)
          expect(
            text.replaceAll(script.actor.displayName, '').replace(/`\/complain status C-\d+`|C-\d+/g, ''),
          ).not.toMatch(/[A-Za-z]{3,}/);
      await h.close();
    });
  }
});
