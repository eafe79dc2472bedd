/**
 * The command spec is the one place a command is declared: the parser reads it, and the help each
 * command answers lists every subcommand it declares, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/args.js';
import { commandHelp, parseProblem } from '../../src/commands/help.js';
import { COMMAND_NAMES, subcommandsOf } from '../../src/commands/spec.js';
import { catalog } from '../../src/i18n/index.js';
import { LOCALES } from '../../src/messages.js';

describe('help derived from the command spec', () => {
  it.each(LOCALES.flatMap((locale) => COMMAND_NAMES.map((command) => [locale, command] as const)))(
    '%s help for /%s lists every subcommand with its own line',
    (locale, command) => {
      const help = commandHelp(catalog(locale), command);

      for (const [name, sub] of subcommandsOf(command)) {
        const typed = sub.bare ? `\`/${command}\`` : `\`/${command} ${name}`;
        expect(help, `${command} ${name}`).toContain(typed);
      }
      expect(help.split('\n').filter((line) => line.startsWith('•'))).toHaveLength(
        subcommandsOf(command).length,
      );
    },
  );

  it('Chinese help is Chinese, addressing the reader as 您 where it addresses them at all', () => {
    const zh = COMMAND_NAMES.map((command) => commandHelp(catalog('zh-CN'), command)).join('\n');

    expect(zh).toMatch(/\p{Script=Han}/u);
    expect(zh).not.toMatch(/你/);
  });
});

describe('reading command text against the spec', () => {
  it('takes the code, then the rest of the text as typed', () => {
    expect(parseCommand('ticket', 'reply c-1001 We are  on it')).toEqual({
      kind: 'ok',
      sub: 'reply',
      values: { code: ['C-1001'], message: ['We are  on it'] },
    });
  });

  it('inside a thread the code may be left out: the words are the text', () => {
    expect(parseCommand('ticket', 'note Called the courier')).toEqual({
      kind: 'ok',
      sub: 'note',
      values: { note: ['Called the courier'] },
    });
  });

  it('inside a thread /ticket assign needs only the colleague', () => {
    expect(parseCommand('ticket', 'assign slack:T1:U2')).toEqual({
      kind: 'ok',
      sub: 'assign',
      values: { member: ['slack:T1:U2'] },
    });
  });

  it('reads key=value and key value options anywhere, repeated where the spec allows', () => {
    expect(parseCommand('hearken', 'setup role=slack:T1:S1 staff=slack:T1:C1 group=slack:T1:S2')).toEqual({
      kind: 'ok',
      sub: 'setup',
      values: { staff_channel: ['slack:T1:C1'], staff_role: ['slack:T1:S1', 'slack:T1:S2'] },
    });
    expect(parseCommand('hearken', 'settings digest 08:30 survey-delay 2d')).toEqual({
      kind: 'ok',
      sub: 'settings',
      values: { digest: ['08:30'], 'survey-delay': ['2880'] },
    });
  });

  it('names what is missing, what cannot be used, and what was not expected, with the usage', () => {
    const t = catalog('en');
    const answer = (command: 'ticket' | 'hearken', text: string) =>
      parseProblem(t, command, parseCommand(command, text));

    expect(answer('ticket', 'reply C-1001')).toBe(
      'Something is missing: what to tell the customer. For example `/ticket reply [C-1001] your message`.',
    );
    expect(answer('ticket', 'list everything')).toBe(
      'I could not use that value for filter. Use open, mine, or breaching.',
    );
    expect(answer('hearken', 'forget')).toMatch(
      /^Something is missing: complaint code.*`\/hearken forget C-1001`/,
    );
    expect(answer('hearken', 'settings colour blue')).toBe(
      'I did not expect “colour” there. It goes like this: `/hearken settings [timezone Europe/Berlin] [digest 09:00] [locale en|zh-CN] [survey-delay 24h] [sla urgent 1h 24h] [hours mon-fri 09:00-17:00] [holidays add 2026-12-25] [auto-close 24h] [reopen-window 24h] [out-of-hours on|off] [assignment off|round_robin|least_loaded] [staff-mention on|off] [thread-replies internal|relay]`.',
    );
    expect(answer('ticket', 'frobnicate')).toMatch(
      /^I do not know `\/ticket frobnicate` yet\.\nWhat `\/ticket` can do:/,
    );
  });

  it('an alias is the same subcommand, and an empty /complain is the form', () => {
    expect(parseCommand('complain', '状态')).toMatchObject({ kind: 'ok', sub: 'status' });
    expect(parseCommand('complain', '  ')).toMatchObject({ kind: 'ok', sub: 'new' });
  });
});
