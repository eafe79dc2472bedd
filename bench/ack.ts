/**
 * Acknowledgement latency with 200 intakes arriving at once: signed Slack requests through real
 * Bolt (time to the HTTP 200), and Discord interactions through real discord.js and the fake
 * gateway (time to the interaction callback). Baseline: the same adapter and library on the same
 * fakes with a core that answers at once without touching a database.
 */
import { startDiscord } from '../adapters/discord/index.js';
import { startSlack } from '../adapters/slack/index.js';
import { Hearken } from '../src/core.js';
import { createHost } from '../src/host.js';
import { HttpServer } from '../src/http.js';
import { silentLogger } from '../src/log.js';
import type { AdapterHost } from '../src/ports.js';
import { FakeDiscord } from '../test/kit/discord-fake.js';
import { snowflake } from '../test/kit/discord-model.js';
import { recordingCore } from '../test/kit/discord-recording-core.js';
import { makeWorld } from '../test/kit/discord-world.js';
import { BOT_TOKEN, FakeSlack } from '../test/kit/slack-api.js';
import { dmMessage } from '../test/kit/slack-payloads.js';
import { SlackSender } from '../test/kit/slack-sender.js';
import { type Figure, figure, ms, now, percentile, throwawayDatabase } from './lib.js';

const SECRET = 'bench-signing-secret';

/** The host an adapter gets, given the HTTP server it may mount on. */
type HostFor = (http: HttpServer) => AdapterHost;

/** The stand-in for the core in the baseline: answers at once, no database. */
const doNothing: HostFor = (http) => {
  const core = recordingCore();
  core.reply = { messages: [{ text: 'ok' }], ephemeral: true };
  // Set in place: a spread would read the stand-in's `database`, which throws by design.
  return Object.assign(core, { http });
};

/** The real core behind the real host. */
const real =
  (hearken: Hearken): HostFor =>
  (http) =>
    createHost(hearken, http);

async function slackLatencies(hostFor: HostFor, intakes: number): Promise<number[]> {
  const slack = await FakeSlack.start();
  const users = Array.from({ length: intakes }, (_, i) => `U0B${String(i).padStart(5, '0')}`);
  for (const id of users)
    slack.addUser({ id, name: id.toLowerCase(), realName: `Bench ${id}`, locale: 'en-US' });
  const http = new HttpServer();
  const port = await http.listen(0, '127.0.0.1');
  const config = { botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: slack.apiUrl };
  const adapter = await startSlack(hostFor(http), config, { retryConfig: { retries: 0 } });
  const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, SECRET);
  try {
    await sender.event(dmMessage('U0B00000', 'warm-up', { team: slack.teamId }));
    await adapter.idle();
    const latencies = await Promise.all(
      users.map(async (user, i) => {
        const started = now();
        const response = await sender.event(
          dmMessage(user, `My parcel ${i} never arrived and nobody answers my emails.`, {
            team: slack.teamId,
          }),
        );
        if (response.status !== 200) throw new Error(`Slack ack ${response.status}`);
        return ms(started);
      }),
    );
    await adapter.idle();
    return latencies;
  } finally {
    await adapter.stop();
    await http.close();
    await slack.close();
  }
}

async function discordLatencies(
  hostFor: HostFor,
  intakes: number,
  configure?: (tenantId: string, staff: string) => Promise<void>,
): Promise<number[]> {
  const world = makeWorld();
  const members = Array.from({ length: intakes }, (_, i) => ({
    user: { id: snowflake(), username: `bench${i}`, globalName: `Bench ${i}` },
    roles: [] as string[],
  }));
  world.acme.members.push(...members);
  const fake = await FakeDiscord.start({ guilds: [world.acme], interactionDeadlineMs: 60_000 });
  const adapter = await startDiscord(hostFor(new HttpServer()), { token: fake.token, apiUrl: fake.apiUrl });
  await configure?.(`discord:${world.acme.id}`, `discord:${world.channels.staff}`);
  try {
    const where = (user: (typeof members)[number]['user']) => ({
      user,
      guildId: world.acme.id,
      channelId: world.channels.general,
    });
    const time = async (user: (typeof members)[number]['user']) => {
      const started = now();
      const payload = fake.slash(where(user), 'complain', 'new');
      for (;;) {
        if (fake.interaction(payload).callbackType !== undefined) return ms(started);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await time(members[0]!.user);
    return await Promise.all(members.map((m) => time(m.user)));
  } finally {
    await adapter.stop();
    await fake.stop();
  }
}

function summarise(platform: string, samples: number[], base: number[]): Figure[] {
  return [50, 95, 99].map((p) =>
    figure(`${platform} ack p${p} (${samples.length} at once)`, percentile(samples, p), 'ms', {
      name: `same library, do-nothing handler, p${p}`,
      value: percentile(base, p),
    }),
  );
}

export async function benchAck(options: { intakes: number }): Promise<Figure[]> {
  const db = await throwawayDatabase(10);
  try {
    const hearken = new Hearken({ database: db.database, logger: silentLogger });
    const slackBase = await slackLatencies(doNothing, options.intakes);
    const slack = await slackLatencies(real(hearken), options.intakes);
    const discordBase = await discordLatencies(doNothing, options.intakes);
    const discord = await discordLatencies(real(hearken), options.intakes, async (tenantId, staff) => {
      await hearken.configureTenant(tenantId, 'discord', { staffChannelId: staff });
    });
    await hearken.outbox.stop();
    return [...summarise('Slack', slack, slackBase), ...summarise('Discord', discord, discordBase)];
  } finally {
    await db.drop();
  }
}
