/**
 * `npm run manifest`: rewrites the `slash_commands` block of `manifest.yml` from the core's
 * command spec (names, descriptions, usage hints, whether Slack escapes mentions), and the OAuth
 * redirect URL (for installs into many workspaces) on the same host as the request URL, keeping
 * every other line of the file, and the request URL an operator may have changed, as they are.
 * `test/slack/manifest.test.ts` fails when the committed file differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { usage } from '../../src/commands/help.js';
import { COMMAND_NAMES, commandSpec, subcommandsOf } from '../../src/commands/spec.js';
import { ConfigurationError } from '../../src/errors.js';
import { catalog } from '../../src/i18n/index.js';
import type { CommandName } from '../../src/messages.js';
import { EVENTS_PATH, REDIRECT_PATH } from './bolt.js';

export const MANIFEST_PATH = fileURLToPath(new URL('./manifest.yml', import.meta.url));
const DEFAULT_URL = 'https://hearken.example.com/slack/events';
const BLOCK = /^ {2}slash_commands:\n(?: {4}.*\n|\s*\n)*/m;
const OAUTH = /^oauth_config:\n(?: {2}redirect_urls:\n(?: {4}.*\n)*)?/m;

/** A YAML double-quoted scalar. */
const quoted = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** `status [C-1001] | help`: every subcommand as typed after the command, the bare one left out. */
function usageHint(command: CommandName): string {
  const help = catalog('en').help;
  return subcommandsOf(command)
    .filter(([, sub]) => !sub.bare)
    .map(([name, sub]) => usage(help, command, name, sub).replace(`/${command} `, ''))
    .join(' | ');
}

/** The `slash_commands` block for the spec, pointing at `url`. */
export function slashCommandsBlock(url: string): string {
  const help = catalog('en').help;
  const lines = [
    '  slash_commands:',
    '    # Written by `npm run manifest` from src/commands/spec.ts: change the spec, then run it.',
  ];
  for (const command of COMMAND_NAMES) {
    lines.push(
      `    - command: /${command}`,
      `      url: ${url}`,
      `      description: ${quoted(help.commands[command])}`,
      `      usage_hint: ${quoted(usageHint(command))}`,
      // Escaped, mentions arrive as ids ("/ticket assign C-1001 @ana" carries Ana's user id).
      `      should_escape: ${commandSpec(command).mentions}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The OAuth redirect URL for a request URL: the same deployment's `/slack/oauth_redirect`. */
export function redirectUrlFor(requestUrl: string): string {
  const base = requestUrl.endsWith(EVENTS_PATH) ? requestUrl.slice(0, -EVENTS_PATH.length) : requestUrl;
  return `${base.replace(/\/+$/, '')}${REDIRECT_PATH}`;
}

/** The start of `oauth_config` with its redirect URL (Slack sends installers back there). */
export function redirectBlock(requestUrl: string): string {
  return [
    'oauth_config:',
    '  redirect_urls:',
    '    # Written by `npm run manifest` from the request URL: OAuth installs (SLACK_CLIENT_ID) come back here.',
    `    - ${redirectUrlFor(requestUrl)}`,
    '',
  ].join('\n');
}

/** The manifest with its `slash_commands` block rewritten from the spec; everything else kept. */
export function renderManifest(current: string): string {
  const block = current.match(BLOCK)?.[0];
  if (!block)
    throw new ConfigurationError(
      'E_CONFIG_INVALID',
      'manifest.yml has no "  slash_commands:" block under features',
    );
  if (!OAUTH.test(current))
    throw new ConfigurationError('E_CONFIG_INVALID', 'manifest.yml has no "oauth_config:" block');
  const url = block.match(/^ {6}url: (\S+)$/m)?.[1] ?? DEFAULT_URL;
  return current.replace(BLOCK, slashCommandsBlock(url)).replace(OAUTH, redirectBlock(url));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const current = readFileSync(MANIFEST_PATH, 'utf8');
  const next = renderManifest(current);
  writeFileSync(MANIFEST_PATH, next);
  process.stdout.write(next === current ? 'manifest.yml is up to date.\n' : 'manifest.yml rewritten.\n');
}
