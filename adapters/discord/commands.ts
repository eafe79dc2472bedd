/**
 * The slash commands, as Discord's API wants them, and the way a used command becomes the core's
 * `text`: the subcommand and its arguments as a user would type them (`claim C-1001`,
 * `setup staff=discord:1 manager=discord:2 role=discord:3:4`).
 */
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandName } from '../../src/messages.js';

type OptionKind = 'string' | 'channel' | 'role' | 'user';

/** How an option is written into the core's text: as a word, or as `key=value`. */
interface OptionSpec {
  name: string;
  kind: OptionKind;
  description: string;
  zh: string;
  required?: boolean;
  /** Offer open complaint codes while typing. */
  autocomplete?: boolean;
  /** Written as `<key>=<value>` instead of positionally. */
  key?: string;
  /** Free text: everything else the user wrote, so it comes last. */
  rest?: boolean;
  /** A fixed list of values Discord offers as choices. */
  choices?: string[];
}

interface SubcommandSpec {
  name: string;
  description: string;
  zh: string;
  /** The words given to the core for this subcommand (defaults to its name). */
  words?: string;
  options: OptionSpec[];
}

interface CommandSpec {
  name: CommandName;
  description: string;
  zh: string;
  /** Where the command can be used: guild only, or also the bot's DMs. */
  inDms: boolean;
  /** Shown only to members with this permission by default (admins can change it per server). */
  defaultPermission?: bigint;
  subcommands: SubcommandSpec[];
}

/**
 * The complaint code. Optional on /ticket: typed in a complaint's thread, the thread says which.
 * It is always the first word of the core's text.
 */
const code = (autocomplete: boolean): OptionSpec => ({
  name: 'code',
  kind: 'string',
  description: 'Complaint code, e.g. C-1042 (not needed inside its thread)',
  zh: '投诉编号，例如 C-1042（在其讨论串中可省略）',
  autocomplete,
});
const text = (name: string, description: string, zh: string, required = true): OptionSpec => ({
  name,
  kind: 'string',
  description,
  zh,
  required,
  rest: true,
});

export const COMMAND_SPECS: CommandSpec[] = [
  {
    name: 'complain',
    description: 'Tell us what went wrong, or check on a complaint',
    zh: '告诉我们出了什么问题，或查看投诉进展',
    inDms: true,
    subcommands: [
      {
        name: 'new',
        words: '',
        description: 'Make a complaint (opens a short form)',
        zh: '提交投诉（打开一个简短表单）',
        options: [],
      },
      {
        name: 'status',
        description: 'See where your complaints stand',
        zh: '查看你的投诉进展',
        // Autocomplete offers only the customer's own codes (the core filters by who is typing).
        options: [code(true)],
      },
    ],
  },
  {
    name: 'ticket',
    description: 'Work on complaints (staff)',
    zh: '处理投诉（工作人员）',
    inDms: false,
    subcommands: [
      { name: 'claim', description: 'Take a complaint on', zh: '认领投诉', options: [code(true)] },
      {
        name: 'assign',
        description: 'Give a complaint to a colleague',
        zh: '把投诉分配给同事',
        options: [
          code(true),
          { name: 'member', kind: 'user', description: 'Who takes it', zh: '由谁处理', required: true },
        ],
      },
      {
        name: 'reply',
        description: 'Answer the customer (they see it)',
        zh: '回复客户（客户可见）',
        options: [code(true), text('message', 'What to tell the customer', '要告诉客户的话')],
      },
      {
        name: 'ask',
        description: 'Ask the customer a question (the SLA clock waits for them)',
        zh: '向客户提问（等待客户回答期间 SLA 暂停）',
        options: [code(true), text('question', 'What to ask', '要问的问题')],
      },
      {
        name: 'note',
        description: 'Add an internal note (the customer never sees it)',
        zh: '添加内部备注（客户看不到）',
        options: [code(true), text('note', 'The note', '备注内容')],
      },
      {
        name: 'escalate',
        description: 'Raise a complaint to managers',
        zh: '将投诉升级给经理',
        options: [code(true), text('reason', 'Why', '原因', false)],
      },
      {
        name: 'resolve',
        description: 'Mark a complaint resolved and tell the customer',
        zh: '标记投诉已解决并通知客户',
        options: [
          code(true),
          text('resolution', 'What was done (the customer sees it)', '处理结果（客户可见）'),
        ],
      },
      { name: 'reopen', description: 'Reopen a complaint', zh: '重新打开投诉', options: [code(true)] },
      {
        name: 'show',
        description: 'Show a complaint and its timeline',
        zh: '查看投诉及其时间线',
        options: [code(true)],
      },
      {
        name: 'list',
        description: 'List complaints',
        zh: '列出投诉',
        options: [
          {
            name: 'filter',
            kind: 'string',
            description: 'Which complaints (default: open)',
            zh: '哪些投诉（默认：open）',
            choices: ['open', 'mine', 'breaching'],
          },
        ],
      },
    ],
  },
  {
    name: 'hearken',
    description: 'Set Hearken up for this server (admins)',
    zh: '为本服务器设置 Hearken（管理员）',
    inDms: false,
    defaultPermission: PermissionFlagsBits.ManageGuild,
    subcommands: [
      {
        name: 'setup',
        description: 'Pick the staff channel, manager channel and staff role',
        zh: '选择工作人员频道、经理频道和工作人员角色',
        options: [
          {
            name: 'staff_channel',
            key: 'staff',
            kind: 'channel',
            description: 'Where complaint cards go',
            zh: '投诉卡片发到哪里',
          },
          {
            name: 'manager_channel',
            key: 'manager',
            kind: 'channel',
            description: 'Where the daily digest goes',
            zh: '每日摘要发到哪里',
          },
          {
            name: 'staff_role',
            key: 'role',
            kind: 'role',
            description: 'Who counts as staff',
            zh: '哪些人算工作人员',
          },
        ],
      },
      { name: 'settings', description: 'Show the current settings', zh: '查看当前设置', options: [] },
      {
        name: 'digest',
        words: 'digest now',
        description: 'Send the digest now',
        zh: '立即发送摘要',
        options: [],
      },
      { name: 'export', description: 'Export complaints', zh: '导出投诉', options: [] },
      {
        name: 'forget',
        description: "Erase a member's complaint data",
        zh: '删除某位成员的投诉数据',
        options: [
          { name: 'member', kind: 'user', description: 'Whose data', zh: '谁的数据', required: true },
        ],
      },
    ],
  },
];

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
  user: ApplicationCommandOptionType.User,
} as const satisfies Record<OptionKind, ApplicationCommandOptionType>;

function optionJson(option: OptionSpec): APIApplicationCommandOption {
  const base = {
    name: option.name,
    description: option.description,
    description_localizations: { 'zh-CN': option.zh },
    required: option.required ?? false,
  };
  if (option.kind === 'channel') {
    return { ...base, type: OPTION_TYPES.channel, channel_types: [ChannelType.GuildText] };
  }
  if (option.kind === 'string') {
    const string = { ...base, type: OPTION_TYPES.string, max_length: option.rest ? 1500 : 40 };
    if (option.autocomplete) return { ...string, autocomplete: true };
    if (option.choices)
      return { ...string, choices: option.choices.map((value) => ({ name: value, value })) };
    return string;
  }
  return { ...base, type: OPTION_TYPES[option.kind] };
}

/** The command definitions to PUT on `/applications/{id}/commands` (or a guild's). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMAND_SPECS.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: command.description,
    description_localizations: { 'zh-CN': command.zh },
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: command.inDms
      ? [InteractionContextType.Guild, InteractionContextType.BotDM]
      : [InteractionContextType.Guild],
    ...(command.defaultPermission === undefined
      ? {}
      : { default_member_permissions: String(command.defaultPermission) }),
    options: command.subcommands.map((sub) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: sub.name,
      description: sub.description,
      description_localizations: { 'zh-CN': sub.zh },
      // Discord wants required options before optional ones; the core's word order is kept in commandText.
      options: [...sub.options.filter((o) => o.required), ...sub.options.filter((o) => !o.required)].map(
        optionJson,
      ) as never,
    })),
  }));
}

/** A used option, its value already turned into the core's words (codes, opaque ids). */
export interface UsedOption {
  name: string;
  value: string;
}

export function isCommandName(name: string): name is CommandName {
  return COMMAND_SPECS.some((command) => command.name === name);
}

/** The core's `text` for a subcommand and its options, in the spec's order. */
export function commandText(command: CommandName, subcommand: string | null, used: UsedOption[]): string {
  const spec = COMMAND_SPECS.find((c) => c.name === command);
  const sub = spec?.subcommands.find((s) => s.name === subcommand);
  if (!sub) return [subcommand ?? '', ...used.map((o) => o.value)].join(' ').trim();
  const words = [sub.words ?? sub.name];
  for (const option of sub.options) {
    const value = used.find((o) => o.name === option.name)?.value.trim();
    if (!value) continue;
    words.push(option.key ? `${option.key}=${value}` : value);
  }
  return words.filter(Boolean).join(' ');
}
