import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../adapters/slack/bolt.js';
import { EVENTS_PATH, REDIRECT_PATH } from '../../adapters/slack/index.js';
import { COMMANDS } from '../../adapters/slack/listeners.js';
import { renderManifest } from '../../adapters/slack/manifest.js';

const manifest = readFileSync(new URL('../../adapters/slack/manifest.yml', import.meta.url), 'utf8');

describe('the Slack app manifest', () => {
  it('declares exactly the slash commands the adapter answers', () => {
    const commands = [...manifest.matchAll(/- command: (\S+)/g)].map((m) => m[1] ?? '');
    expect(commands).toEqual(['/complain', '/ticket', '/hearken']);
    for (const command of commands) expect(command).toMatch(COMMANDS);
  });

  it('is what `npm run manifest` writes from the command spec now (run it after changing the spec)', () => {
    expect(manifest).toBe(renderManifest(manifest));
  });

  it('keeps an operator’s own request URL when it rewrites the slash commands', () => {
    const edited = manifest.replaceAll('https://hearken.example.com', 'https://support.acme.test');

    const commandUrls = [...renderManifest(edited).matchAll(/^ {6}url: (\S+)$/gm)].map((m) => m[1]);

    expect(commandUrls).toEqual(Array(3).fill('https://support.acme.test/slack/events'));
  });

  it("points every request URL at Bolt's events path", () => {
    const urls = [...manifest.matchAll(/(?:url|request_url): (\S+)/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expect(new URL(url).pathname).toBe(EVENTS_PATH);
  });

  it('subscribes to the events and grants the scopes the adapter uses', () => {
    for (const event of ['message.im', 'app_home_opened']) expect(manifest).toContain(`- ${event}`);
    for (const scope of [
      'chat:write',
      'im:write',
      'im:history',
      'channels:history',
      'users:read',
      'usergroups:read',
      'channels:read',
      'commands',
      'files:write',
    ]) {
      expect(manifest).toContain(`- ${scope}`);
    }
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: (true|false)/);
  });

  it('asks OAuth installs for exactly the bot scopes the manifest grants', () => {
    const botScopes = manifest.match(/^ {4}bot:\n((?: {6}.*\n)+)/m)?.[1] ?? '';
    const listed = [...botScopes.matchAll(/^ {6}- (\S+)$/gm)].map((m) => m[1]);

    expect(listed.sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('sends OAuth installs back to the redirect path on the request URL’s host, and hears uninstalls', () => {
    const edited = manifest.replaceAll('https://hearken.example.com', 'https://support.acme.test');

    const redirects = [...renderManifest(edited).matchAll(/^ {4}- (https:\S+)$/gm)].map((m) => m[1]);

    expect(redirects).toEqual([`https://support.acme.test${REDIRECT_PATH}`]);
    for (const event of ['app_uninstalled', 'tokens_revoked']) expect(manifest).toContain(`- ${event}`);
  });
});
