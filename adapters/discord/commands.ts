/**
 * The slash commands as Discord's API wants them, derived from the core's one command spec
 * (`src/commands/spec.ts`) and worded by the catalogs' `help` section, and the way a used command
 * becomes the core's `text`: the subcommand and its options as a person would type them
 * (`claim C-1001`, `setup staff=discord:1 manager=discord:2 role=discord:3:4`).
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandText as coreText, parseCommand } from '../../src/commands/args.js';
import {
  type AnswerSpec,
  answerOf,
  COMMAND_NAMES,
  commandSpec,
  type OptionName,
  type OptionSpec,
  optionsOf,
  type SubcommandSpec,
  subcommandId,
  subcommandsOf,
} from '../../src/commands/spec.js';
import { catalog } from '../../src/i18n/index.js';
import type { CommandName } from '../../src/messages.js';

export { isCommandName } from '../../src/commands/spec.js';

const en = catalog('en').help;
const zh = catalog('zh-CN').help;

/** Who sees `/hearken` by default (admins can change it per server); matches the adapter's admin role. */
const ADMIN_PERMISSION = PermissionFlagsBits.ManageGuild;

/** Discord's own limits for what we put in a string option. */
const MAX_CODE = 40;
const MAX_WORD = 64;

const isOptionName = (name: string): name is OptionName => Object.hasOwn(en.options, name);

function described(name: string): { description: string; description_localizations: { 'zh-CN': string } } {
  return isOptionName(name)
    ? { description: en.options[name], description_localizations: { 'zh-CN': zh.options[name] } }
    : { description: name, description_localizations: { 'zh-CN': name } };
}

/** One option of the spec as a Discord option: its type, and choices or autocomplete where it has them. */
function optionJson(name: string, option: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name, ...described(name), required: option.required ?? false };
  const kind = option.kind;
  switch (kind.type) {
    case 'user':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'role':
      return { ...base, type: ApplicationCommandOptionType.Role };
    case 'channel':
      return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText] };
    case 'code':
      return { ...base, type: ApplicationCommandOptionType.String, max_length: MAX_CODE, autocomplete: true };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: kind.values.map((value) => ({ name: value, value })),
      };
    case 'text':
      return { ...base, type: ApplicationCommandOptionType.String, max_length: kind.maxLength };
    case 'number':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        min_value: kind.min,
        max_value: kind.max,
      };
    case 'timezone':
    case 'time':
    case 'duration':
      return { ...base, type: ApplicationCommandOptionType.String, max_length: MAX_WORD };
    case 'file':
      return { ...base, type: ApplicationCommandOptionType.Attachment };
  }
}

function subcommandJson(
  command: CommandName,
  name: string,
  sub: SubcommandSpec,
): APIApplicationCommandSubcommandOption {
  const id = subcommandId(command, name);
  const options = optionsOf(sub);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name,
    description: id ? en.subcommands[id] : name,
    description_localizations: { 'zh-CN': id ? zh.subcommands[id] : name },
    // Discord wants required options before optional ones; the core's word order is kept in commandText.
    options: [...options.filter(([, o]) => o.required), ...options.filter(([, o]) => !o.required)].map(
      ([option, spec]) => optionJson(option, spec),
    ),
  };
}

/** The command definitions to PUT on `/applications/{id}/commands` (or a guild's). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMAND_NAMES.map((command) => {
    const spec = commandSpec(command);
    return {
      type: ApplicationCommandType.ChatInput,
      name: command,
      description: en.commands[command],
      description_localizations: { 'zh-CN': zh.commands[command] },
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: spec.inDms
        ? [InteractionContextType.Guild, InteractionContextType.BotDM]
        : [InteractionContextType.Guild],
      ...(spec.access === 'admin' ? { default_member_permissions: String(ADMIN_PERMISSION) } : {}),
      options: subcommandsOf(command)
        .filter(([, sub]) => !sub.notOnDiscord)
        .map(([name, sub]) => subcommandJson(command, name, sub)),
    };
  });
}

/** A used option, its value already turned into the core's words (codes, opaque ids). */
export interface UsedOption {
  name: string;
  value: string;
}

/** The core's `text` for a subcommand and its options, in the spec's order. */
export function commandText(command: CommandName, subcommand: string | null, used: UsedOption[]): string {
  const given = Object.fromEntries(used.map((o) => [o.name, o.value]));
  return coreText(command, subcommand ?? '', given);
}

/**
 * How the core will answer this command's text, as the spec declares it: read the way the core
 * reads it, so text whose options do not read gets what the command declares for such text.
 */
export function declaredAnswer(command: CommandName, text: string): AnswerSpec {
  const read = parseCommand(command, text);
  return answerOf(command, read.kind === 'ok' ? read.sub : undefined);
}
