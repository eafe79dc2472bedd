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

  it('handles INBOX_CONCURRENCY customer messages at once from the inbox (8 unless told)', () => {
    expect(loadConfig({}).inboxConcurrency).toBe(8);
    expect(loadConfig({ INBOX_CONCURRENCY: '32' }).inboxConcurrency).toBe(32);
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
    [{ INBOX_CONCURRENCY: 'many' }, /^INBOX_CONCURRENCY must be a whole number/],
    [{ INBOX_CONCURRENCY: '0' }, /^INBOX_CONCURRENCY must be at least 1/],
    [{ DISCORD_API_URL: 'not a url' }, /^DISCORD_API_URL must be a full URL/],
  ])('rejects %o with one line that names the variable and the fix', (env, message) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(message);
    expect(found.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '', SLACK_BOT_TOKEN: '' })).toMatchObject({
      sandbox: true,
      port: 3000,
    });
  });
});
