import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration from the environment', () => {
  it('with nothing set, serves the sandbox on port 3000 with embedded Postgres in ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      sandbox: true,
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      logLevel: 'info',
      retentionDays: 30,
      outboxDeadDays: 90,
      platformCallTimeoutMs: 10_000,
    });
  });

  it('gives each platform call PLATFORM_CALL_TIMEOUT_SECONDS, and names the variable when it is wrong', () => {
    expect(loadConfig({ PLATFORM_CALL_TIMEOUT_SECONDS: '4' }).platformCallTimeoutMs).toBe(4_000);
    expect(() => loadConfig({ PLATFORM_CALL_TIMEOUT_SECONDS: '0' })).toThrow(
      'PLATFORM_CALL_TIMEOUT_SECONDS must be between 1 and 120',
    );
  });

  it('keeps delivered outbox rows and handled event ids for RETENTION_DAYS', () => {
    expect(loadConfig({ RETENTION_DAYS: '90' }).retentionDays).toBe(90);
  });

  it('keeps outbox rows given up for OUTBOX_DEAD_DAYS', () => {
    expect(loadConfig({ OUTBOX_DEAD_DAYS: '180' }).outboxDeadDays).toBe(180);
  });

  it('keeps an inbox row an instance took for INBOX_LEASE_SECONDS (10 unless told)', () => {
    expect(loadConfig({}).inboxLeaseMs).toBe(10_000);
    expect(loadConfig({ INBOX_LEASE_SECONDS: '3' }).inboxLeaseMs).toBe(3_000);
  });

  it('handles INBOX_CONCURRENCY customer messages at once from the inbox (8 unless told)', () => {
    expect(loadConfig({}).inboxConcurrency).toBe(8);
    expect(loadConfig({ INBOX_CONCURRENCY: '32' }).inboxConcurrency).toBe(32);
  });

  it('with INBOX_CONCURRENCY=0 and a Postgres server, only accepts: other instances handle the inbox', () => {
    const config = loadConfig({ INBOX_CONCURRENCY: '0', DATABASE_URL: 'postgres://db/hearken' });
    expect(config.inboxConcurrency).toBe(0);
  });

  it('enables Slack in HTTP mode, or Socket Mode with an app token, and Discord with its token', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's3cret',
      DISCORD_TOKEN: 'abc',
      PORT: '8080',
    });
    expect(config.sandbox).toBe(false);
    expect(config.slack).toEqual({ botToken: 'xoxb-test', signingSecret: 's3cret' });
    expect(config.discord).toEqual({ token: 'abc' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe(
      'xapp-1',
    );
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a number/],
    [{ PORT: '70000' }, /^PORT must be between 1 and 65535/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^DATABASE_URL must start with postgres:\/\//],
    [{ SLACK_BOT_TOKEN: 'xoxb-test' }, /^SLACK_SIGNING_SECRET is required/],
    [{ SLACK_SIGNING_SECRET: 'abc' }, /^SLACK_BOT_TOKEN is required/],
    [{ SLACK_BOT_TOKEN: 'token' }, /^SLACK_BOT_TOKEN must be a bot token starting with xoxb-/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ RETENTION_DAYS: 'a month' }, /^RETENTION_DAYS must be a whole number of days/],
    [{ RETENTION_DAYS: '0' }, /^RETENTION_DAYS must be at least 1/],
    [{ OUTBOX_DEAD_DAYS: 'forever' }, /^OUTBOX_DEAD_DAYS must be a whole number of days/],
    [{ OUTBOX_DEAD_DAYS: '0' }, /^OUTBOX_DEAD_DAYS must be at least 1/],
    [{ INBOX_CONCURRENCY: 'many' }, /^INBOX_CONCURRENCY must be a whole number/],
    [
      { INBOX_CONCURRENCY: '-1' },
      /^INBOX_CONCURRENCY must be a whole number .*, or 0 for an instance that only accepts them$/,
    ],
    [{ INBOX_CONCURRENCY: '2.5' }, /^INBOX_CONCURRENCY must be a whole number/],
    [{ INBOX_CONCURRENCY: '0' }, /^INBOX_CONCURRENCY=0 \(accept only\) needs DATABASE_URL/],
    [{ INBOX_LEASE_SECONDS: 'long' }, /^INBOX_LEASE_SECONDS must be a whole number of seconds/],
    [{ INBOX_LEASE_SECONDS: '0' }, /^INBOX_LEASE_SECONDS must be between 1 and 600/],
    [{ INBOX_LEASE_SECONDS: '601' }, /^INBOX_LEASE_SECONDS must be between 1 and 600/],
    [{ DISCORD_API_URL: 'not a url' }, /^DISCORD_API_URL must be a full URL/],
  ])('rejects %o with one line that names the variable and the fix', (env, message) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(message);
    expect(found.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('runs the Discord shards DISCORD_SHARDS names out of DISCORD_SHARD_COUNT, all of them, or auto', () => {
    const discord = (env: Record<string, string>) => loadConfig({ DISCORD_TOKEN: 'abc', ...env }).discord;
    expect(discord({ DISCORD_SHARDS: '0-1', DISCORD_SHARD_COUNT: '4' })).toEqual({
      token: 'abc',
      shards: [0, 1],
      shardCount: 4,
    });
    expect(discord({ DISCORD_SHARDS: '3, 0,2-2', DISCORD_SHARD_COUNT: '4' })?.shards).toEqual([0, 2, 3]);
    expect(discord({ DISCORD_SHARD_COUNT: '3' })).toMatchObject({ shards: [0, 1, 2], shardCount: 3 });
    expect(discord({ DISCORD_SHARDS: 'auto' })).toEqual({ token: 'abc', shards: 'auto' });
    expect(discord({})).toEqual({ token: 'abc' });
  });

  it.each([
    [{ DISCORD_SHARDS: '0-3' }, /^DISCORD_SHARD_COUNT is required with DISCORD_SHARDS=0-3/],
    [
      { DISCORD_SHARDS: '0,4', DISCORD_SHARD_COUNT: '4' },
      /^DISCORD_SHARDS names shard 4, but DISCORD_SHARD_COUNT=4/,
    ],
    [
      { DISCORD_SHARDS: '3-1', DISCORD_SHARD_COUNT: '4' },
      /^DISCORD_SHARDS has the range 3-1, which runs backwards/,
    ],
    [{ DISCORD_SHARDS: 'first two' }, /^DISCORD_SHARDS must be auto, or shard ids and ranges/],
    [{ DISCORD_SHARD_COUNT: '0' }, /^DISCORD_SHARD_COUNT must be a whole number of shards \(1 or more\)/],
    [
      { DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' },
      /^DISCORD_SHARD_COUNT must be unset with DISCORD_SHARDS=auto/,
    ],
  ])('rejects the Discord shards %o with a line naming the variable', (env, message) => {
    const found = problems({ DISCORD_TOKEN: 'abc', ...env });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('wants DISCORD_TOKEN with DISCORD_SHARDS', () => {
    expect(problems({ DISCORD_SHARDS: 'auto' })[0]).toMatch(/^DISCORD_SHARDS needs DISCORD_TOKEN/);
  });

  describe('Slack OAuth installs instead of one bot token', () => {
    const OAUTH = {
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      SLACK_SIGNING_SECRET: 'signing-secret',
      HEARKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
    };

    it('enables Slack with the client id, secret, state secret and an encryption key', () => {
      const config = loadConfig({ ...OAUTH, SLACK_PUBLIC_URL: 'https://support.acme.test/' });

      expect(config.sandbox).toBe(false);
      expect(config.slack).toEqual({
        signingSecret: 'signing-secret',
        oauth: {
          clientId: '1111.2222',
          clientSecret: 'client-secret',
          stateSecret: 'state-secret',
          encryptionKey: 'ab'.repeat(32),
          redirectUri: 'https://support.acme.test/slack/oauth_redirect',
        },
      });
    });

    it.each([
      [{ SLACK_BOT_TOKEN: 'xoxb-test' }, /^SLACK_BOT_TOKEN cannot be set with SLACK_CLIENT_ID/],
      [{ SLACK_STATE_SECRET: '' }, /^SLACK_STATE_SECRET is required for Slack OAuth installs/],
      [{ SLACK_CLIENT_SECRET: '' }, /^SLACK_CLIENT_SECRET is required for Slack OAuth installs/],
      [{ SLACK_SIGNING_SECRET: '' }, /^SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID/],
      [{ SLACK_APP_TOKEN: 'xapp-1' }, /^SLACK_APP_TOKEN cannot be set with SLACK_CLIENT_ID/],
      [{ HEARKEN_ENCRYPTION_KEY: '' }, /^HEARKEN_ENCRYPTION_KEY is required with SLACK_CLIENT_ID/],
      [{ HEARKEN_ENCRYPTION_KEY: 'short' }, /^HEARKEN_ENCRYPTION_KEY must be 32 bytes/],
      [{ HEARKEN_ENCRYPTION_KEY_PREVIOUS: 'zz' }, /^HEARKEN_ENCRYPTION_KEY_PREVIOUS must be 32 bytes/],
    ])('rejects OAuth settings with %o, naming the variable', (change, message) => {
      const found = problems({ ...OAUTH, ...change });

      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(message);
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '', SLACK_BOT_TOKEN: '' })).toMatchObject({
      sandbox: true,
      port: 3000,
    });
  });
});
