/**
 * The conversation as the fake saw it, one line per payload: what people did (dispatches pushed
 * to the bot) and what the bot did (REST calls), abbreviated, in order. For reading a story.
 */
import type { FakeDiscord } from './discord-fake.js';

const clip = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function said(body: Record<string, unknown> | undefined): string {
  if (!body) return '';
  const data = (body.data as Record<string, unknown> | undefined) ?? body;
  const embeds = (data.embeds as { title?: string; description?: string }[] | undefined) ?? [];
  const words = [data.content, ...embeds.flatMap((e) => [e.title, e.description])]
    .filter(Boolean)
    .join(' | ');
  const rows =
    (data.components as { components?: { custom_id?: string; label?: string }[] }[] | undefined) ?? [];
  const controls = rows
    .flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? c.label))
    .filter(Boolean);
  const modal =
    data.title && data.custom_id ? ` modal "${String(data.title)}" ${String(data.custom_id)}` : '';
  return `${clip(String(words).replace(/\s+/g, ' '))}${controls.length ? ` [${controls.join(' ')}]` : ''}${modal}`;
}

function inboundLine(type: string, data: Record<string, unknown>): string {
  if (type === 'MESSAGE_CREATE') {
    const author = data.author as { username: string };
    return `→ MESSAGE_CREATE (DM) ${author.username}: "${clip(String(data.content))}"`;
  }
  const who = ((data.member as { user?: { username: string } } | undefined)?.user ?? data.user) as {
    username: string;
  };
  const d = data.data as Record<string, unknown>;
  const where = data.guild_id ? 'guild' : 'DM';
  const kinds: Record<number, string> = {
    2: 'command',
    3: 'component',
    4: 'autocomplete',
    5: 'modal submit',
  };
  const what =
    Number(data.type) === 2 || Number(data.type) === 4
      ? `/${String(d.name)} ${JSON.stringify(d.options)}`
      : Number(data.type) === 5
        ? `${String(d.custom_id)} ${JSON.stringify(d.components).slice(0, 120)}`
        : `${String(d.custom_id)}${d.values ? ` ${JSON.stringify(d.values)}` : ''}`;
  return `→ INTERACTION_CREATE ${kinds[Number(data.type)] ?? data.type} (${where}) ${who.username}: ${clip(what, 140)}`;
}

/** Lines such as `→ MESSAGE_CREATE (DM) ana: "…"` and `← POST /channels/1/messages 200 "…"`. */
export function transcript(fake: FakeDiscord, options: { skipGateway?: boolean } = {}): string[] {
  const lines = [
    ...fake.inbound.map((i) => ({ order: i.order, line: inboundLine(i.type, i.data) })),
    ...fake.calls
      .filter((c) => !(options.skipGateway && c.path === '/gateway/bot'))
      .map((c) => {
        const path = c.path.replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/$2/:token');
        const type =
          c.body && 'type' in c.body && c.path.endsWith('/callback') ? ` type=${String(c.body.type)}` : '';
        const error = c.status >= 400 ? ` ${JSON.stringify(c.response)}` : '';
        return {
          order: c.order,
          line: `← ${c.method} ${path} ${c.status}${type}${error} ${said(c.body)}`.trimEnd(),
        };
      }),
  ];
  return lines.sort((a, b) => a.order - b.order).map((l) => l.line);
}
