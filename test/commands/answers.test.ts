/**
 * Each command's declared answer (`answer` in src/commands/spec.ts) is what the core really
 * answers. Discord acknowledges a command before the core runs on the strength of it: a command
 * declared never to answer with a form must never do so (a deferred interaction cannot open a
 * modal), and its answer in a channel must be private exactly when declared (the acknowledgement
 * already chose). Every subcommand runs through the real core with every option given, each
 * choice, only what is required and nothing at all, by an admin, a staff member and a customer,
 * in a channel and in a DM, about a real complaint and an unknown one; then as a blocked customer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandText, parseCommand } from '../../src/commands/args.js';
import {
  type AnswerSpec,
  answerOf,
  COMMAND_NAMES,
  type OptionKind,
  optionsOf,
  subcommandsOf,
} from '../../src/commands/spec.js';
import { registerJobHandlers } from '../../src/jobs/index.js';
import type { Actor, CommandName, Place, Reply } from '../../src/messages.js';
import { jobsDepsFor } from '../jobs/support.js';
import {
  anAdmin,
  createHarness,
  customer,
  type Harness,
  STAFF_CHANNEL,
  shown,
  staff,
} from '../support/harness.js';

const admin = anAdmin('Mei');
/** Staff who are not admins: refused the admin subcommands, which must still answer as declared. */
const sam = staff('Sam');
const ana = customer('Ana');
const bo = customer('Bo');
const channel: Place = { kind: 'channel', channelId: STAFF_CHANNEL };
const dm: Place = { kind: 'dm' };

/** A value of each kind that the parser takes (the code is the test's real complaint, or none). */
function sample(kind: OptionKind, name: string, code: string): string[] {
  switch (kind.type) {
    case 'code':
      return [code, 'C-9999'];
    case 'user':
      return [bo.userId];
    case 'channel':
      return [STAFF_CHANNEL];
    case 'role':
      return ['sandbox:acme:role-support'];
    case 'text':
      return name === 'sla' ? ['urgent 1h 24h'] : ['The courier left it in the rain'];
    case 'choice':
      return [...kind.values];
    case 'timezone':
      return ['Europe/Berlin'];
    case 'time':
      return ['09:00'];
    case 'duration':
      return ['2h'];
    case 'number':
      return [String(kind.min)];
    case 'file':
      return [];
  }
}

/** The texts a person (or Discord, from its options) can send for one subcommand. */
function textsFor(command: CommandName, sub: string, code: string): string[] {
  const spec = subcommandsOf(command).find(([name]) => name === sub)?.[1];
  if (!spec) return [];
  const options = optionsOf(spec).map(([name, option]) => ({
    name,
    option,
    values: sample(option.kind, name, code),
  }));
  const given = (pick: (values: string[], name: string) => string | undefined) =>
    Object.fromEntries(
      options.flatMap(({ name, values }) => {
        const value = pick(values, name);
        return value === undefined ? [] : [[name, value]];
      }),
    );
  const texts = [
    commandText(
      command,
      sub,
      given((values) => values[0]),
    ),
    commandText(
      command,
      sub,
      given((values, name) =>
        options.find((o) => o.name === name)?.option.required ? values[0] : undefined,
      ),
    ),
    commandText(command, sub, {}),
  ];
  // Every value of every option, one at a time beside the others' first.
  for (const { name, values } of options)
    for (const value of values.slice(1))
      texts.push(
        commandText(
          command,
          sub,
          given((vs, n) => (n === name ? value : vs[0])),
        ),
      );
  return [...new Set(texts)];
}

/** Text that names no subcommand, or whose options do not read, as a person may type it. */
const UNREAD = [
  'frobnicate',
  'status not-a-code',
  'status use the form instead',
  'claim C-1 and then some more words',
  'use the form instead',
];

/** The declaration for a text, read as the core reads it (as the Discord adapter looks it up). */
function declaredFor(command: CommandName, text: string): AnswerSpec {
  const read = parseCommand(command, text);
  return answerOf(command, read.kind === 'ok' ? read.sub : undefined);
}

interface Tried {
  command: CommandName;
  text: string;
  declared: AnswerSpec;
  place: Place['kind'];
  reply: Reply;
  /** The core said it owned the delivery (`HandleSignals.owned`) before answering. */
  owned: boolean;
}

describe('what each command is declared to answer with', () => {
  let h: Harness;
  let jobs: ReturnType<typeof registerJobHandlers>;
  /** Events whose delivery the core claimed (`HandleSignals.owned`), by id. */
  const owned = new Set<string>();
  beforeEach(async () => {
    h = await createHarness();
    owned.clear();
    const handle = h.hearken.handle.bind(h.hearken);
    h.hearken.handle = (event) => handle(event, { owned: () => owned.add(event.id) });
    // `/hearken digest` is an extension the jobs register: declared like the built-in subcommands.
    jobs = registerJobHandlers(jobsDepsFor(h));
  });
  afterEach(async () => {
    await jobs.idle();
    await h.close();
  });

  async function fileFor(actor: Actor): Promise<string> {
    const reply = await h.submit(actor, 'intake.form', {
      description: 'My parcel arrived soaked and the lamp inside is broken.',
      category: 'delivery',
      impact: 'normal',
      outcome: 'replacement',
    });
    const code = shown(reply).match(/C-\d+/)?.[0];
    if (!code) throw new Error(`no code filed: ${shown(reply)}`);
    return code;
  }

  /** Runs every text of every subcommand (and unreadable text) by `actors` in both places. */
  async function tryAll(actors: Actor[], code: string): Promise<Tried[]> {
    const tried: Tried[] = [];
    for (const command of COMMAND_NAMES) {
      const texts = [...subcommandsOf(command).flatMap(([sub]) => textsFor(command, sub, code)), ...UNREAD];
      for (const text of texts)
        for (const actor of actors)
          for (const place of [channel, dm]) {
            const before = owned.size;
            const reply = await h.command(actor, command, text, place);
            tried.push({
              command,
              text,
              declared: declaredFor(command, text),
              place: place.kind,
              reply,
              owned: owned.size > before,
            });
          }
    }
    return tried;
  }

  it('a command declared never to answer with a form never does, answers only once it owns the delivery, and is private in a channel exactly when declared', async () => {
    const code = await fileFor(ana);
    const tried = await tryAll([admin, sam, ana], code);
    await h.command(admin, 'hearken', `block customer=${bo.userId}`, channel);
    tried.push(...(await tryAll([bo], code)).filter((t) => t.command === 'complain'));

    const withForm = (t: Tried) => (t.reply.form ? [`/${t.command} ${t.text} (${t.place})`] : []);
    const privacy = (t: Tried) =>
      t.place === 'channel' && t.reply.ephemeral !== (t.declared.seen === 'private')
        ? [`/${t.command} ${t.text}: ephemeral ${t.reply.ephemeral}`]
        : [];
    expect(tried.filter((t) => t.declared.form === 'never').flatMap(withForm)).toEqual([]);
    expect(tried.flatMap(privacy)).toEqual([]);
    // Discord edits in the answer of a command acknowledged at once only where the core claimed
    // it (a copy's apology must not overwrite it): every answer there must come after the claim.
    const unowned = (t: Tried) =>
      t.declared.form === 'never' && !t.owned ? [`/${t.command} ${t.text} (${t.place})`] : [];
    expect(tried.flatMap(unowned)).toEqual([]);
    // Enough was tried to mean something: every command, most of it answered in words.
    expect(new Set(tried.map((t) => t.command))).toEqual(new Set(COMMAND_NAMES));
    expect(tried.filter((t) => t.reply.messages.length > 0).length).toBeGreaterThan(200);
  });

  it('a command declared as possibly a form does answer with one: the declaration is not merely cautious', async () => {
    const opened = await h.command(ana, 'complain', '', channel);
    // Words after /complain go to the customer's conversation, which switches to the form when asked.
    const cy = customer('Cy');
    await h.dm(cy, 'My parcel never came.');
    const typed = await h.command(cy, 'complain', 'use the form instead', channel);

    expect(answerOf('complain', 'new').form).toBe('may');
    expect(opened.form).toBeDefined();
    expect(answerOf('complain').form).toBe('may');
    expect(typed.form).toBeDefined();
  });
});
