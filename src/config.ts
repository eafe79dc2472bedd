/**
 * The external contract: every environment variable Hearken reads, parsed once at start-up.
 * Nothing else in the code reads `process.env`.
 */
import { z } from 'zod';
import { ConfigurationError } from './errors.js';
import { decodeKey } from './seal.js';

/** How long delivered outbox rows and handled event ids are kept unless RETENTION_DAYS says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;
/**
 * How long outbox rows given up (`dead`) are kept for an operator to read and retry
 * (`/hearken outbox`) unless OUTBOX_DEAD_DAYS says otherwise: longer than delivered rows, which
 * nobody needs to act on, but not forever (a message undelivered for a quarter is no longer worth
 * sending, and `/metrics` counts the rows kept). Sidekiq keeps its dead set 6 months; pg-boss
 * deletes failed jobs after 7 days.
 */
export const DEFAULT_OUTBOX_DEAD_DAYS = 90;
/**
 * Customer messages one instance handles at once from the inbox unless INBOX_CONCURRENCY says
 * otherwise. 0 makes an accept-only (web-role) instance: it stores what the platforms send and
 * answers interactions inline, and instances with workers on the same Postgres handle the inbox.
 */
export const DEFAULT_INBOX_CONCURRENCY = 8;

/**
 * How long a customer message an instance took stays its own unless INBOX_LEASE_SECONDS says
 * otherwise: when that instance dies, the message waits this long for another.
 */
export const DEFAULT_INBOX_LEASE_SECONDS = 10;

/** Each platform call's own deadline unless PLATFORM_CALL_TIMEOUT_SECONDS says otherwise. */
export const DEFAULT_PLATFORM_CALL_TIMEOUT_SECONDS = 10;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * A whole number with a default: at most `digits` digits (else `format`), then within its bounds
 * (each with the line that names the variable).
 */
const wholeNumber = (
  fallback: number,
  digits: number,
  says: { format: string; min: [number, string]; max?: [number, string] },
) =>
  optionalString.pipe(
    z
      .string()
      .optional()
      .transform((v) => v ?? String(fallback))
      .pipe(z.string().regex(new RegExp(`^\\d{1,${digits}}$`), { message: says.format }))
      .transform(Number)
      .pipe(
        says.max
          ? z.number().min(says.min[0], { message: says.min[1] }).max(says.max[0], { message: says.max[1] })
          : z.number().min(says.min[0], { message: says.min[1] }),
      ),
  );

const urlWithFix = (name: string, example: string) =>
  optionalString.pipe(
    z
      .string()
      .url({ message: `${name} must be a full URL such as ${example}` })
      .optional(),
  );

/** `0-3`, `0,2`, `0-1,4`; `auto`. */
const SHARD_LIST = /^(auto|\d{1,5}(-\d{1,5})?(\s*,\s*\d{1,5}(-\d{1,5})?)*)$/;

export const configSchema = z
  .object({
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, {
          message: 'DATABASE_URL must start with postgres:// (or unset it to use the embedded database)',
        })
        .optional(),
    ),
    DATA_DIR: optionalString.default('./data'),
    SLACK_BOT_TOKEN: optionalString.pipe(
      z
        .string()
        .startsWith('xoxb-', { message: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-' })
        .optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.pipe(
      z
        .string()
        .startsWith('xapp-', { message: 'SLACK_APP_TOKEN must be an app-level token starting with xapp-' })
        .optional(),
    ),
    SLACK_API_URL: urlWithFix('SLACK_API_URL', 'https://slack.com/api/'),
    /** OAuth (distribution) mode: these three instead of SLACK_BOT_TOKEN. */
    SLACK_CLIENT_ID: optionalString,
    SLACK_CLIENT_SECRET: optionalString,
    SLACK_STATE_SECRET: optionalString,
    /** Where Slack can reach this deployment; the OAuth redirect is `<it>/slack/oauth_redirect`. */
    SLACK_PUBLIC_URL: urlWithFix('SLACK_PUBLIC_URL', 'https://hearken.example.com'),
    HEARKEN_ENCRYPTION_KEY: optionalString,
    HEARKEN_ENCRYPTION_KEY_PREVIOUS: optionalString,
    DISCORD_TOKEN: optionalString,
    DISCORD_API_URL: urlWithFix('DISCORD_API_URL', 'https://discord.com/api'),
    DISCORD_SHARDS: optionalString.pipe(
      z
        .string()
        .regex(SHARD_LIST, {
          message:
            'DISCORD_SHARDS must be auto, or shard ids and ranges such as 0-3 or 0,2 (then set DISCORD_SHARD_COUNT)',
        })
        .optional(),
    ),
    DISCORD_SHARD_COUNT: optionalString.pipe(
      z
        .string()
        .regex(/^[1-9]\d{0,4}$/, {
          message: 'DISCORD_SHARD_COUNT must be a whole number of shards (1 or more), such as 4',
        })
        .transform(Number)
        .optional(),
    ),
    PORT: wholeNumber(3000, 5, {
      format: 'PORT must be a number between 1 and 65535',
      min: [1, 'PORT must be between 1 and 65535'],
      max: [65535, 'PORT must be between 1 and 65535'],
    }),
    RETENTION_DAYS: wholeNumber(DEFAULT_RETENTION_DAYS, 5, {
      format: 'RETENTION_DAYS must be a whole number of days (1 or more), such as 30',
      min: [1, "RETENTION_DAYS must be at least 1 (handled event ids must outlive the platforms' retries)"],
    }),
    OUTBOX_DEAD_DAYS: wholeNumber(DEFAULT_OUTBOX_DEAD_DAYS, 5, {
      format: 'OUTBOX_DEAD_DAYS must be a whole number of days (1 or more), such as 90',
      min: [1, 'OUTBOX_DEAD_DAYS must be at least 1'],
    }),
    INBOX_CONCURRENCY: wholeNumber(DEFAULT_INBOX_CONCURRENCY, 4, {
      format:
        'INBOX_CONCURRENCY must be a whole number of messages handled at once, such as 8, or 0 for an instance that only accepts them',
      min: [0, 'INBOX_CONCURRENCY must be 0 (accept only) or more'],
    }),
    INBOX_LEASE_SECONDS: wholeNumber(DEFAULT_INBOX_LEASE_SECONDS, 3, {
      format: 'INBOX_LEASE_SECONDS must be a whole number of seconds (1 to 600), such as 10',
      min: [1, 'INBOX_LEASE_SECONDS must be between 1 and 600'],
      max: [600, 'INBOX_LEASE_SECONDS must be between 1 and 600'],
    }),
    PLATFORM_CALL_TIMEOUT_SECONDS: wholeNumber(DEFAULT_PLATFORM_CALL_TIMEOUT_SECONDS, 3, {
      format: 'PLATFORM_CALL_TIMEOUT_SECONDS must be a whole number of seconds (1 to 120), such as 10',
      min: [1, 'PLATFORM_CALL_TIMEOUT_SECONDS must be between 1 and 120'],
      max: [120, 'PLATFORM_CALL_TIMEOUT_SECONDS must be between 1 and 120'],
    }),
    LOG_LEVEL: optionalString.pipe(
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
        })
        .default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    for (const problem of shardProblems(env)) ctx.addIssue({ code: 'custom', ...problem });
    if (env.INBOX_CONCURRENCY === 0 && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['INBOX_CONCURRENCY'],
        message:
          'INBOX_CONCURRENCY=0 (accept only) needs DATABASE_URL: the messages it stores are handled by other instances on the same Postgres, and the embedded database has none',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN in HTTP mode (copy it from Basic Information in your Slack app), or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    const oauth = Boolean(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET || env.SLACK_STATE_SECRET);
    if (oauth) checkSlackOAuth(env, ctx);
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN && !oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message:
          'SLACK_BOT_TOKEN is required to enable Slack (copy the Bot User OAuth Token from OAuth & Permissions)',
      });
    }
  });

export type Env = z.infer<typeof configSchema>;

/** The shard ids an instance runs, or Discord's recommended count (`auto`). */
export type DiscordShards = readonly number[] | 'auto';

/** `DISCORD_SHARDS` as ids, sorted, without repeats (`auto` stays as it is). */
export function parseShardIds(value: string): DiscordShards {
  if (value === 'auto') return 'auto';
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const [from, to = from] = part.trim().split('-').map(Number);
    if (from === undefined || to === undefined) continue;
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** What is wrong with the DISCORD_SHARDS / DISCORD_SHARD_COUNT pair, each naming the variable. */
function shardProblems(env: {
  DISCORD_TOKEN?: string | undefined;
  DISCORD_SHARDS?: string | undefined;
  DISCORD_SHARD_COUNT?: number | undefined;
}): { path: string[]; message: string }[] {
  const { DISCORD_SHARDS: shards, DISCORD_SHARD_COUNT: count } = env;
  if (shards === undefined && count === undefined) return [];
  // A malformed value already has its own line (zod runs refinements on a partly invalid object).
  if ((shards !== undefined && !SHARD_LIST.test(shards)) || Number.isNaN(count)) return [];
  if (!env.DISCORD_TOKEN) {
    const name = shards === undefined ? 'DISCORD_SHARD_COUNT' : 'DISCORD_SHARDS';
    return [{ path: [name], message: `${name} needs DISCORD_TOKEN: sharding applies to the Discord bot` }];
  }
  if (shards === 'auto') {
    return count === undefined
      ? []
      : [
          {
            path: ['DISCORD_SHARD_COUNT'],
            message:
              "DISCORD_SHARD_COUNT must be unset with DISCORD_SHARDS=auto (Discord's recommended count is used), or list the shards this instance runs",
          },
        ];
  }
  if (shards === undefined) return [];
  if (count === undefined) {
    return [
      {
        path: ['DISCORD_SHARD_COUNT'],
        message: `DISCORD_SHARD_COUNT is required with DISCORD_SHARDS=${shards}: the total number of shards over all instances, such as 4`,
      },
    ];
  }
  const backwards = shards.split(',').find((part) => {
    const [from = 0, to = from] = part.trim().split('-').map(Number);
    return to < from;
  });
  if (backwards) {
    return [
      {
        path: ['DISCORD_SHARDS'],
        message: `DISCORD_SHARDS has the range ${backwards.trim()}, which runs backwards: write the lower id first`,
      },
    ];
  }
  const ids = parseShardIds(shards);
  const tooHigh = ids === 'auto' ? [] : ids.filter((id) => id >= count);
  if (tooHigh.length === 0) return [];
  return [
    {
      path: ['DISCORD_SHARDS'],
      message: `DISCORD_SHARDS names shard ${tooHigh.join(', ')}, but DISCORD_SHARD_COUNT=${count} allows only 0 to ${count - 1}`,
    },
  ];
}

/** The variables the OAuth checks read. */
type SlackOAuthEnv = Partial<
  Record<
    | 'SLACK_BOT_TOKEN'
    | 'SLACK_SIGNING_SECRET'
    | 'SLACK_APP_TOKEN'
    | 'SLACK_CLIENT_ID'
    | 'SLACK_CLIENT_SECRET'
    | 'SLACK_STATE_SECRET'
    | 'HEARKEN_ENCRYPTION_KEY'
    | 'HEARKEN_ENCRYPTION_KEY_PREVIOUS',
    string
  >
>;

/**
 * Slack's OAuth (distribution) mode: the client id, secret and state secret together, the signing
 * secret, HTTP mode, an encryption key for the stored tokens, and no single bot token beside them.
 */
function checkSlackOAuth(env: SlackOAuthEnv, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (env.SLACK_BOT_TOKEN)
    problem(
      'SLACK_BOT_TOKEN',
      'SLACK_BOT_TOKEN cannot be set with SLACK_CLIENT_ID: choose one workspace (the bot token) or OAuth installs (client id, secret and state secret), not both',
    );
  for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const)
    if (!env[name])
      problem(
        name,
        `${name} is required for Slack OAuth installs (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET from Basic Information; SLACK_STATE_SECRET any long random string)`,
      );
  if (!env.SLACK_SIGNING_SECRET)
    problem(
      'SLACK_SIGNING_SECRET',
      'SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID (copy it from Basic Information in your Slack app)',
    );
  if (env.SLACK_APP_TOKEN)
    problem(
      'SLACK_APP_TOKEN',
      'SLACK_APP_TOKEN cannot be set with SLACK_CLIENT_ID: OAuth installs need HTTP mode (Slack redirects browsers to PORT)',
    );
  if (!env.HEARKEN_ENCRYPTION_KEY)
    problem(
      'HEARKEN_ENCRYPTION_KEY',
      'HEARKEN_ENCRYPTION_KEY is required with SLACK_CLIENT_ID to encrypt the stored tokens: 32 random bytes, e.g. openssl rand -base64 32',
    );
  for (const name of ['HEARKEN_ENCRYPTION_KEY', 'HEARKEN_ENCRYPTION_KEY_PREVIOUS'] as const) {
    const value = env[name];
    if (value && !decodeKey(value))
      problem(name, `${name} must be 32 bytes written as 64 hex digits or base64 (openssl rand -base64 32)`);
  }
}

export interface Config {
  env: Env;
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** Days delivered outbox rows and handled platform event ids are kept (`RETENTION_DAYS`). */
  retentionDays: number;
  /** Days outbox rows given up are kept to be read and retried (`OUTBOX_DEAD_DAYS`). */
  outboxDeadDays: number;
  /** Inbox rows one instance handles at once (`INBOX_CONCURRENCY`); 0: it only accepts them. */
  inboxConcurrency: number;
  /** How long an inbox row an instance took stays its own, in ms (`INBOX_LEASE_SECONDS`). */
  inboxLeaseMs: number;
  /**
   * How long the outbox waits for one platform call before it counts it as ambiguous and moves on
   * (`PLATFORM_CALL_TIMEOUT_SECONDS`, in ms here).
   */
  platformCallTimeoutMs: number;
  /** One workspace with `botToken`, or any number installed through OAuth with `oauth`. */
  slack?: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    oauth?: SlackOAuthConfig;
  };
  discord?: { token: string; apiUrl?: string; shards?: DiscordShards; shardCount?: number };
  /** No platform token: serve the local sandbox. */
  sandbox: boolean;
}

/** Slack's OAuth (distribution) settings, all checked by the schema. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** `<SLACK_PUBLIC_URL>/slack/oauth_redirect` when the public URL is set. */
  redirectUri?: string;
  encryptionKey: string;
  previousEncryptionKey?: string;
}

/** `E_CONFIG_INVALID`, with one line per problem, each naming the variable and the fix. */
export class ConfigError extends ConfigurationError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super('E_CONFIG_INVALID', problems.join('\n'));
  }
}

/**
 * The shards this instance runs: `auto` (all, at Discord's recommended count), a list out of a
 * count, or all of a count; nothing when both are unset (one shard, as before).
 */
function discordShards(
  shards: string | undefined,
  count: number | undefined,
): { shards?: DiscordShards; shardCount?: number } {
  if (shards === 'auto') return { shards: 'auto' };
  if (count === undefined) return {};
  const ids = shards === undefined ? Array.from({ length: count }, (_, id) => id) : parseShardIds(shards);
  return { shards: ids, shardCount: count };
}

/** Parses the environment once. Throws `ConfigError` whose message is ready to print. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  const oauth = slackOAuthOf(env);
  const slack =
    env.SLACK_BOT_TOKEN || oauth
      ? {
          ...(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
          ...(oauth ? { oauth } : {}),
          ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
          ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
          ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
        }
      : undefined;
  const discord = env.DISCORD_TOKEN
    ? {
        token: env.DISCORD_TOKEN,
        ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
        ...discordShards(env.DISCORD_SHARDS, env.DISCORD_SHARD_COUNT),
      }
    : undefined;
  return {
    env,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    retentionDays: env.RETENTION_DAYS,
    outboxDeadDays: env.OUTBOX_DEAD_DAYS,
    inboxConcurrency: env.INBOX_CONCURRENCY,
    inboxLeaseMs: env.INBOX_LEASE_SECONDS * 1000,
    platformCallTimeoutMs: env.PLATFORM_CALL_TIMEOUT_SECONDS * 1000,
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    sandbox: !slack && !discord,
  };
}

function slackOAuthOf(env: Env): SlackOAuthConfig | undefined {
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, HEARKEN_ENCRYPTION_KEY } = env;
  if (!SLACK_CLIENT_ID || !SLACK_CLIENT_SECRET || !SLACK_STATE_SECRET || !HEARKEN_ENCRYPTION_KEY)
    return undefined;
  return {
    clientId: SLACK_CLIENT_ID,
    clientSecret: SLACK_CLIENT_SECRET,
    stateSecret: SLACK_STATE_SECRET,
    encryptionKey: HEARKEN_ENCRYPTION_KEY,
    ...(env.SLACK_PUBLIC_URL
      ? { redirectUri: `${env.SLACK_PUBLIC_URL.replace(/\/+$/, '')}/slack/oauth_redirect` }
      : {}),
    ...(env.HEARKEN_ENCRYPTION_KEY_PREVIOUS
      ? { previousEncryptionKey: env.HEARKEN_ENCRYPTION_KEY_PREVIOUS }
      : {}),
  };
}
