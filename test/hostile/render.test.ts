/**
 * People's words inside the bot's messages, rendered by each adapter: the core only marks them
 * (`defuse`), and each renderer escapes its own platform's syntax, so a customer's `<!channel>`,
 * `@everyone`, `<@id>`, masked link or HTML shows as the text it is while the bot's own markdown
 * around it still works.
 */
import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../adapters/discord/render.js';
import { renderBody } from '../../adapters/sandbox/render.js';
import { renderMessage as renderSlack } from '../../adapters/slack/render.js';
import { defuse, quote } from '../../src/text.js';

const HOSTILE =
  '<!channel> <!here> <!subteam^S0ADMINS|@admins> <@U0ADMIN> @everyone @here <@123456789012345678> ' +
  '<@&987654321098765432> <#C0STAFF> [click](https://evil.example) ```rm -rf``` *bold* <script>alert(1)</script>';

/** A staff-thread line as the core writes it: its own bold name, then the customer's words. */
const relay = { text: `*Quinn* (customer) wrote:\n${defuse(HOSTILE)}`, footer: quote(HOSTILE, 80) };

describe("a customer's words rendered inert by every adapter", () => {
  it('Slack: no control sequence, bare mass mention or code fence survives, in blocks or the fallback', () => {
    const rendered = renderSlack(relay);
    const shown = [rendered.text, JSON.stringify(rendered.blocks)].join('\n');

    expect(shown).not.toMatch(/<!channel>|<!here>|<!subteam|<@U0ADMIN>|<#C0STAFF>|```|<script/);
    expect(shown).not.toMatch(/@(everyone|here)\b/);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(rendered.blocks)).toContain('*Quinn* (customer) wrote:');
    expect(shown).not.toMatch(/[\uFDD0\uFDD1]/);
  });

  it('Discord: no mention, mass mention, masked link or markdown survives; the bot still writes bold', () => {
    const rendered = renderDiscord({ text: relay.text });

    expect(rendered.content).not.toMatch(/<@\d|<@&\d|<#C|@everyone|@here|```|(?<!\\)\[click\]\(/);
    expect(rendered.content).toContain('\\[click\\](https://evil.example)');
    expect(rendered.content).toContain('\\*bold\\*');
    expect(rendered.content.startsWith('**Quinn** (customer) wrote:\n')).toBe(true);
    expect(rendered.content).not.toMatch(/[\uFDD0\uFDD1]/);
  });

  it('the sandbox: HTML shows as text, and stars a customer typed stay stars', () => {
    const html = renderBody(relay);

    expect(html).not.toMatch(/<script|<strong>bold<\/strong>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('*bold*');
    expect(html).toContain('<strong>Quinn</strong>');
    expect(html).not.toMatch(/[\uFDD0\uFDD1]/);
  });
});
