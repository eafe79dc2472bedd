/**
 * The interaction callbacks' own transport (adapters/discord/callback-transport.ts) under the REST
 * client discord.js gives us, against a loopback server standing in for Discord: what goes on the
 * wire, how Discord's answers and an abort come back, and that callbacks keep one connection warm.
 */
import type { IncomingMessage } from 'node:http';
import { DiscordAPIError, InteractionResponseType, REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ownConnections } from '../../adapters/discord/callback-transport.js';
import { type Loopback, readBody, startLoopback } from '../kit/shared.js';

interface Seen {
  method: string;
  path: string;
  type: string;
  body: string;
  connection: number;
}

describe('the interaction callbacks’ own connections', () => {
  let server: Loopback;
  let seen: Seen[];
  /** How the stand-in answers each request. */
  let answer: (req: IncomingMessage) => Promise<{ status: number; json?: unknown }>;
  let rest: REST;

  beforeEach(async () => {
    seen = [];
    answer = async () => ({ status: 204 });
    server = await startLoopback(async (req, res) => {
      const body = (await readBody(req)).toString('utf8');
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        type: req.headers['content-type'] ?? '',
        body,
        connection: req.socket.remotePort ?? 0,
      });
      const { status, json } = await answer(req);
      if (json === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
    rest = new REST({ api: `${server.url}/api`, makeRequest: ownConnections() });
  });
  afterEach(async () => {
    await server.close();
  });

  const acknowledge = (id: string, signal?: AbortSignal) =>
    rest.post(Routes.interactionCallback(id, 'token'), {
      body: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 64 } },
      auth: false,
      ...(signal ? { signal } : {}),
    });

  test('an acknowledgement goes as JSON to the callback route, and a 204 is success', async () => {
    await acknowledge('1');

    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v10/interactions/1/token/callback',
        type: 'application/json',
      }),
    ]);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ type: 5, data: { flags: 64 } });
  });

  test('Discord’s refusal comes back as its error and code (40060: acknowledged elsewhere first)', async () => {
    answer = async () => ({
      status: 400,
      json: { code: 40060, message: 'Interaction has already been acknowledged.' },
    });

    const refused = await acknowledge('1').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).code).toBe(40060);
    expect(seen).toHaveLength(1);
  });

  test('an answer with a file goes as multipart, its message in payload_json', async () => {
    await rest.post(Routes.interactionCallback('1', 'token'), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'here' } },
      files: [{ name: 'export.csv', data: Buffer.from('code,status\nC-1,open\n') }],
      auth: false,
    });

    expect(seen[0]?.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).toContain('name="payload_json"');
    expect(seen[0]?.body).toContain('"content":"here"');
    expect(seen[0]?.body).toContain('filename="export.csv"');
    expect(seen[0]?.body).toContain('C-1,open');
  });

  test('an aborted acknowledgement fails as an AbortError and is sent once, though the REST client retries', async () => {
    let arrived!: () => void;
    const there = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    answer = () => {
      arrived();
      return new Promise(() => {});
    };
    const controller = new AbortController();

    const outcome = acknowledge('1', controller.signal).catch((error: unknown) => error);
    await there;
    controller.abort();

    expect((await outcome) as Error).toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  test('callbacks one after another share one kept-alive connection', async () => {
    await acknowledge('1');
    await acknowledge('2');
    await acknowledge('3');

    expect(new Set(seen.map((s) => s.connection)).size).toBe(1);
  });
});
