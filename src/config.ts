/**
 * The external contract: every environment variable Hearken reads, parsed once at start-up.
 * Nothing else in the code reads `process.env`.
 */
import { z } from 'zod';
import { ConfigurationError } from './errors.js';

/** How long delivered outbox rows and handled event ids are kept unless RETENTION_DAYS says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Customer messages one instance handles at once from the inbox unless INBOX_CONCURRENCY says otherwise. */
export const DEFAULT_INBOX_CONCURRENCY = 8;

/** Each platform call's own deadline unless PLATFORM_CALL_TIMEOUT_SECONDS says otherwise. */
export const DEFAULT_PLATFORM_CALL_TIMEOUT_SECONDS = 10;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const urlWithFix = (name: string, example: string) =>
  optionalString.pipe(
    z
      .string()
      .url({ message: `${name} must be a full URL such as ${example}` })
      .optional(),
  );

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
    DISCORD_TOKEN: optionalString,
    DISCORD_API_URL: urlWithFix('DISCORD_API_URL', 'https://discord.com/api'),
    PORT: optionalString.pipe(
      z
        .string()
        .optional()
        .transform((v) => v ?? '3000')
        .pipe(z.string().regex(/^\d{1,5}$/, { message: 'PORT must be a number between 1 and 65535' }))
        .transform(Number)
        .pipe(
          z
            .number()
            .min(1, { message: 'PORT must be between 1 and 65535' })
            .max(65535, { message: 'PORT must be between 1 and 65535' }),
        ),
    ),
    RETENTION_DAYS: optionalString.pipe(
      z
        .string()
        .optional()
        .transform((v) => v ?? String(DEFAULT_RETENTION_DAYS))
        .pipe(
          z.string().regex(/^\d{1,5}$/, {
            message: 'RETENTION_DAYS must be a whole number of days (1 or more), such as 30',
          }),
        )
        .transform(Number)
        .pipe(
          z.number().min(1, {
            message:
              "RETENTION_DAYS must be at least 1 (handled event ids must outlive the platforms' retries)",
          }),
        ),
    ),
    INBOX_CONCURRENCY: optionalString.pipe(
      z
        .string()
        .optional()
        .transform((v) => v ?? String(DEFAULT_INBOX_CONCURRENCY))
        .pipe(
          z.string().regex(/^\d{1,4}$/, {
            message: 'INBOX_CONCURRENCY must be a whole number of messages handled at once, such as 8',
          }),
        )
        .transform(Number)
        .pipe(z.number().min(1, { message: 'INBOX_CONCURRENCY must be at least 1' })),
    ),
    PLATFORM_CALL_TIMEOUT_SECONDS: optionalString.pipe(
      z
        .string()
        .optional()
        .transform((v) => v ?? String(DEFAULT_PLATFORM_CALL_TIMEOUT_SECONDS))
        .pipe(
          z.string().regex(/^\d{1,3}$/, {
            message: 'PLATFORM_CALL_TIMEOUT_SECONDS must be a whole number of seconds (1 to 120), such as 10',
          }),
        )
        .transform(Number)
        .pipe(
          z
            .number()
            .min(1, { message: 'PLATFORM_CALL_TIMEOUT_SECONDS must be between 1 and 120' })
            .max(120, { message: 'PLATFORM_CALL_TIMEOUT_SECONDS must be between 1 and 120' }),
        ),
    ),
    LOG_LEVEL: optionalString.pipe(
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
        })
        .default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN in HTTP mode (copy it from Basic Information in your Slack app), or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message:
          'SLACK_BOT_TOKEN is required to enable Slack (copy the Bot User OAuth Token from OAuth & Permissions)',
      });
    }
  });

export type Env = z.infer<typeof configSchema>;

export interface Config {
  env: Env;
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** Days delivered outbox rows and handled platform event ids are kept (`RETENTION_DAYS`). */
  retentionDays: number;
  /** Inbox rows one instance handles at once (`INBOX_CONCURRENCY`). */
  inboxConcurrency: number;
  /**
   * How long the outbox waits for one platform call before it counts it as ambiguous and moves on
   * (`PLATFORM_CALL_TIMEOUT_SECONDS`, in ms here).
   */
  platformCallTimeoutMs: number;
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  discord?: { token: string; apiUrl?: string };
  /** No platform token: serve the local sandbox. */
  sandbox: boolean;
}

/** Thrown with one line per problem, each naming the variable and the fix. */
/** `E_CONFIG_INVALID`, with one line per problem, each naming the variable and the fix. */
export class ConfigError extends ConfigurationError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super('E_CONFIG_INVALID', problems.join('\n'));
  }
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
  const slack = env.SLACK_BOT_TOKEN
    ? {
        botToken: env.SLACK_BOT_TOKEN,
        ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
        ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
        ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      }
    : undefined;
  const discord = env.DISCORD_TOKEN
    ? { token: env.DISCORD_TOKEN, ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}) }
    : undefined;
  return {
    env,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    retentionDays: env.RETENTION_DAYS,
    inboxConcurrency: env.INBOX_CONCURRENCY,
    platformCallTimeoutMs: env.PLATFORM_CALL_TIMEOUT_SECONDS * 1000,
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    sandbox: !slack && !discord,
  };
}
