/**
 * `npm run discord:register [--guild ID]`: puts the slash commands on Discord, globally (may take
 * a while to show everywhere) or for one guild (instant; good while testing). Uses
 * DISCORD_TOKEN and DISCORD_API_URL like the bot. Registering is a bulk overwrite, so running it
 * twice is harmless.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ConfigurationError } from '../../src/errors.js';
import { commandDefinitions } from './commands.js';

export interface RegisterOptions {
  token: string;
  apiUrl?: string;
  /** Register for this guild only; omitted → global commands. */
  guildId?: string;
}

export interface RegisterResult {
  scope: 'global' | 'guild';
  applicationId: string;
  names: string[];
}

export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl.replace(/\/+$/, '') } : {}).setToken(
    options.token,
  );
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const stored = (await rest.put(route, { body: commandDefinitions() })) as { name: string }[];
  return {
    scope: options.guildId ? 'guild' : 'global',
    applicationId: application.id,
    names: stored.map((c) => c.name),
  };
}

/** `--guild 123` or `--guild=123`. */
export function guildArgument(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((arg) => arg === '--guild' || arg.startsWith('--guild='));
  if (at < 0) return undefined;
  const arg = argv[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  if (!value || !/^\d{15,22}$/.test(value))
    throw new ConfigurationError(
      'E_CONFIG_ARGUMENT',
      '--guild needs a server id (right-click the server → Copy Server ID)',
    );
  return value;
}

async function cli(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.discord)
    throw new ConfigurationError(
      'E_CONFIG_MISSING',
      'DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal',
    );
  const guildId = guildArgument(process.argv.slice(2));
  const result = await registerCommands({
    token: config.discord.token,
    ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
    ...(guildId ? { guildId } : {}),
  });
  const where = result.scope === 'guild' ? `guild ${guildId}` : 'all servers (global; allow up to an hour)';
  process.stdout.write(`Registered /${result.names.join(', /')} for ${where}.\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  cli().catch((error: unknown) => {
    const problems =
      error instanceof ConfigError
        ? error.problems
        : [error instanceof Error ? error.message : String(error)];
    for (const problem of problems) process.stderr.write(`discord:register: ${problem}\n`);
    process.exit(1);
  });
}
