import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commandDefinitions, commandText } from '../../adapters/discord/commands.js';
import { guildArgument, registerCommands } from '../../adapters/discord/register.js';
import { complaints } from '../../db/schema.js';
import { COMMAND_NAMES, optionsOf, subcommandsOf } from '../../src/commands/spec.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { fileComplaint, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { makeWorld, waitFor } from '../kit/discord-world.js';

interface Option {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string }[];
  options?: Option[];
}
interface Command extends Option {
  contexts: number[];
  default_member_permissions?: string;
}

/** Discord's rules for a chat-input command (https://discord.com/developers/docs/interactions/application-commands). */
function checkShape(option: Option, path: string): string[] {
  const problems: string[] = [];
  if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(option.name)) problems.push(`${path}: bad name`);
  if (option.description.length < 1 || option.description.length > 100)
    problems.push(`${path}: description 1–100`);
  const zh = option.description_localizations?.['zh-CN'] ?? '';
  if (zh.length < 1 || zh.length > 100) problems.push(`${path}: Chinese description 1–100`);
  if ((option.choices ?? []).length > 25) problems.push(`${path}: more than 25 choices`);
  const children = option.options ?? [];
  if (children.length > 25) problems.push(`${path}: more than 25 options`);
  const firstOptional = children.findIndex((o) => !o.required);
  if (firstOptional >= 0 && children.slice(firstOptional).some((o) => o.required)) {
    problems.push(`${path}: required options must come first`);
  }
  for (const child of children) problems.push(...checkShape(child, `${path} ${child.name}`));
  return problems;
}

describe('registering the slash commands', () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await FakeDiscord.start({ guilds: [makeWorld().acme] });
  });
  afterEach(async () => {
    await fake.stop();
  });

  test('globally: /complain, /ticket and /hearken, shaped as Discord expects', async () => {
    const result = await registerCommands({ token: fake.token, apiUrl: fake.apiUrl });

    const [put] = fake.callsTo('PUT', /^\/applications\/\d+\/commands$/);
    const commands = put?.body as unknown as Command[];
    expect(result).toEqual({
      scope: 'global',
      applicationId: fake.state.applicationId,
      names: ['complain', 'ticket', 'hearken'],
    });
    expect(commands.flatMap((c) => checkShape(c, `/${c.name}`))).toEqual([]);
    expect(commands.map((c) => [c.name, c.contexts, c.default_member_permissions])).toEqual([
      ['complain', [0, 1], undefined],
      ['ticket', [0], undefined],
      ['hearken', [0], '32'],
    ]);
    const ticket = commands.find((c) => c.name === 'ticket');
    const reply = ticket?.options?.find((o) => o.name === 'reply');
    expect(reply?.options?.map((o) => [o.name, o.type, o.required, o.autocomplete])).toEqual([
      ['message', 3, true, undefined],
      ['code', 3, false, true],
      // An attachment option: a file for the customer, never part of the reply's words.
      ['file', 11, false, undefined],
    ]);
  });

  test('for one guild with --guild, and nothing global', async () => {
    const guildId = guildArgument(['--guild', '123456789012345678']);
    const result = await registerCommands({
      token: fake.token,
      apiUrl: `${fake.apiUrl}/`,
      ...(guildId ? { guildId } : {}),
    });
    expect(result.scope).toBe('guild');
    expect(fake.callsTo('PUT', /\/guilds\/123456789012345678\/commands$/)).toHaveLength(1);
    expect(fake.callsTo('PUT', /^\/applications\/\d+\/commands$/)).toHaveLength(0);
  });

  test('a wrong token is refused by Discord and reported', async () => {
    await expect(registerCommands({ token: 'nope', apiUrl: fake.apiUrl })).rejects.toThrow(/401/);
  });
});

describe('command options become the words the core reads', () => {
  test('the code comes first whatever order Discord lists the options in', () => {
    expect(
      commandText('ticket', 'reply', [
        { name: 'message', value: 'We are on it' },
        { name: 'code', value: 'C-1001' },
      ]),
    ).toBe('reply C-1001 We are on it');
  });

  test('without a code (typed in the complaint thread) the text is just the words', () => {
    expect(commandText('ticket', 'note', [{ name: 'note', value: 'Called the courier' }])).toBe(
      'note Called the courier',
    );
  });

  test('/complain new is the bare /complain the core knows; setup options are key=value', () => {
    expect(commandText('complain', 'new', [])).toBe('');
    expect(commandText('hearken', 'setup', [{ name: 'staff_channel', value: 'discord:1' }])).toBe(
      'setup staff=discord:1',
    );
    expect(commandText('hearken', 'digest', [])).toBe('digest now');
  });

  test('--guild without a server id is an error that says where to find one', () => {
    expect(() => guildArgument(['--guild'])).toThrow(/Copy Server ID/);
    expect(guildArgument(['--guild=123456789012345678'])).toBe('123456789012345678');
    expect(guildArgument([])).toBeUndefined();
  });
});

describe('the registration payload is the command spec', () => {
  const commands = commandDefinitions() as unknown as Command[];

  test('every subcommand and option of the spec is registered, in a shape Discord accepts', () => {
    const registered = commands.flatMap((c) =>
      (c.options ?? []).flatMap((sub) => [
        `${c.name} ${sub.name}`,
        ...(sub.options ?? []).map((o) => `${c.name} ${sub.name} ${o.name}`),
      ]),
    );
    const declared = COMMAND_NAMES.flatMap((command) =>
      subcommandsOf(command)
        .filter(([, sub]) => !sub.notOnDiscord)
        .flatMap(([name, sub]) => [
          `${command} ${name}`,
          ...optionsOf(sub).map(([option]) => `${command} ${name} ${option}`),
        ]),
    );

    expect(registered.sort()).toEqual(declared.sort());
    expect(commands.flatMap((c) => checkShape(c, `/${c.name}`))).toEqual([]);
  });

  test('/hearken forget asks for a complaint code, with suggestions, like Slack’s /hearken forget C-1001', () => {
    const forget = commands.find((c) => c.name === 'hearken')?.options?.find((o) => o.name === 'forget');

    expect(forget?.options?.map((o) => [o.name, o.type, o.required, o.autocomplete])).toEqual([
      ['code', 3, true, true],
    ]);
  });

  test('/hearken settings offers every setting the core accepts', () => {
    const settings = commands.find((c) => c.name === 'hearken')?.options?.find((o) => o.name === 'settings');

    expect(settings?.options?.map((o) => o.name)).toEqual([
      'timezone',
      'digest',
      'locale',
      'survey-delay',
      'sla',
      'hours',
      'holidays',
      'auto-close',
      'reopen-window',
      'out-of-hours',
      'assignment',
      'staff-mention',
      'thread-replies',
    ]);
    expect(settings?.options?.find((o) => o.name === 'locale')?.choices?.map((c) => c.value)).toEqual([
      'en',
      'zh-CN',
    ]);
  });
});

describe('admins on Discord', () => {
  const current = storyPerTest();

  test('/hearken forget with a complaint code erases that customer’s words', async () => {
    const story = current();
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const forget = fake.slash(story.inAcme(world.users.ola), 'hearken', 'forget', { code });
    const [answer] = await story.repliesTo(forget);

    expect(visibleText(answer!)).toMatch(/erased from 1 complaint\b/);
    const [row] = await story.database.db.select().from(complaints).where(eq(complaints.code, code));
    expect([row?.description, row?.customerName]).toEqual(['[erased]', '[erased]']);
  });

  test('typing the code of /hearken forget offers the server’s complaints', async () => {
    const story = current();
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const typing = fake.autocomplete(story.inAcme(world.users.ola), 'hearken', 'forget', 'code', 'C-');

    expect(await waitFor(() => fake.interaction(typing).choices, 'code suggestions')).toEqual([
      { name: code, value: code },
    ]);
  });

  test('/hearken settings changes the time zone and the digest time at once', async () => {
    const story = current();
    const { fake, world } = story;

    const settings = fake.slash(story.inAcme(world.users.ola), 'hearken', 'settings', {
      timezone: 'Asia/Shanghai',
      digest: '08:30',
    });
    const [answer] = await story.repliesTo(settings);

    expect(visibleText(answer!)).toBe(
      [
        'Done: timezone is now Asia/Shanghai (was UTC).',
        'Done: digest is now 08:30 (was 09:00).',
        'Complaints already open keep their deadlines. To move them to these settings: `/hearken settings sla recompute`.',
      ].join('\n'),
    );
    expect(await story.core.tenantSettings(`discord:${world.acme.id}`)).toMatchObject({
      timeZone: 'Asia/Shanghai',
      digestTime: '08:30',
    });
  });

  test('/hearken settings with an unknown time zone says what a good one looks like and changes nothing', async () => {
    const story = current();
    const { fake, world } = story;

    const settings = fake.slash(story.inAcme(world.users.ola), 'hearken', 'settings', {
      timezone: 'Mars/Olympus',
    });
    const [answer] = await story.repliesTo(settings);

    expect(visibleText(answer!)).toContain('IANA time zone');
    expect((await story.core.tenantSettings(`discord:${world.acme.id}`))?.timeZone).toBe('UTC');
  });
});
