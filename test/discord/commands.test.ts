import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commandText } from '../../adapters/discord/commands.js';
import { guildArgument, registerCommands } from '../../adapters/discord/register.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { makeWorld } from '../kit/discord-world.js';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
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
