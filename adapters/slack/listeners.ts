/**
 * Bolt listeners: ack at once, then normalise, look up the actor, ask the core, show the reply.
 * Every failure ends in the logger; no listener can crash the process.
 */
import type { App, webApi } from '@slack/bolt';
import type { AdapterHost, Logger } from '../../src/ports.js';
import type { ActorDirectory } from './actors.js';
import { publishHome } from './home.js';
import { opaqueId, tenantIdOf } from './ids.js';
import { normalizeSlack, type SlackVia } from './normalize.js';
import { deliverReply, type ReplyDeps } from './replies.js';
import { answerInThread } from './thread-answers.js';
import type { InboundEvent } from './types.js';

export interface ListenerDeps {
  core: Pick<AdapterHost, 'handle' | 'access'>;
  directory: ActorDirectory;
  logger: Logger;
  fetch: typeof fetch;
  /** The bot's user id, known after auth.test. */
  botUserId: () => string | undefined;
}

export const COMMANDS = /^\/(complain|ticket|hearken)$/;
export const FORM_CALLBACK = /^hearken:/;

/** Normalises a payload and carries it through the core; never throws. */
export async function handlePayload(
  deps: ListenerDeps,
  client: webApi.WebClient,
  body: unknown,
): Promise<void> {
  const botUserId = deps.botUserId();
  const inbound = normalizeSlack(body, botUserId ? { botUserId } : {});
  try {
    switch (inbound.kind) {
      case 'ignored':
      case 'unsupported':
        deps.logger.debug({ outcome: inbound.kind, reason: inbound.reason }, 'slack: payload not handled');
        return;
      case 'home': {
        const { via } = inbound;
        const base = {
          platform: 'slack' as const,
          tenantId: tenantIdOf(via.teamId),
          userId: opaqueId(via.teamId, via.userId),
          displayName: '',
          roles: [],
        };
        const actor = await deps.directory.complete(base, via.teamId, via.userId);
        await publishHome(client, deps.core, inbound.id, actor, via.userId);
        return;
      }
      case 'inbound': {
        const { via } = inbound;
        const actor = await deps.directory.complete(inbound.event.actor, via.teamId, via.userId);
        const event = await nameMentions({ ...inbound.event, actor }, via, deps.directory);
        const reply = await deps.core.handle(event);
        // A delivery seen before: whoever handled it first has answered; we say nothing.
        if (reply.duplicate) return;
        if (via.thread && via.channelId) {
          const where = { channelId: via.channelId, userId: via.userId, ...via.thread };
          await answerInThread(client, deps.logger, reply, where);
          return;
        }
        const replyDeps: ReplyDeps = { client, logger: deps.logger, fetch: deps.fetch };
        await deliverReply(replyDeps, event.kind, reply, via);
        return;
      }
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'slack: could not handle a payload');
  }
}

/** Fills in the names of mentioned users Slack sent as bare ids (`/ticket assign C-1 @ana`). */
async function nameMentions(
  event: InboundEvent,
  via: SlackVia,
  directory: ActorDirectory,
): Promise<InboundEvent> {
  if (event.kind !== 'command' || !via.unnamedMentions) return event;
  const mentions = { ...event.mentions };
  for (const [opaque, slackUser] of Object.entries(via.unnamedMentions)) {
    const name = await directory.displayNameOf(slackUser);
    if (name) mentions[opaque] = name;
  }
  return Object.keys(mentions).length > 0 ? { ...event, mentions } : event;
}

/**
 * Work still running after its ack. `stop()` waits for it so a shutdown does not cut a reply in
 * half, and tests wait for it instead of sleeping.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  track(work: Promise<void>): Promise<void> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export function registerListeners(app: App, deps: ListenerDeps, inFlight: InFlight): void {
  const run = (client: webApi.WebClient, body: unknown, ack?: () => Promise<void>) =>
    inFlight.track(
      (async () => {
        // Ack first (Slack's 3-second window), then the slow work.
        if (ack) await ack();
        await handlePayload(deps, client, body);
      })(),
    );
  // Events are acked by Bolt before listeners run.
  app.event('message', ({ body, client }) => run(client, body));
  app.event('app_home_opened', ({ body, client }) => run(client, body));
  app.command(COMMANDS, ({ ack, body, client }) => run(client, body, () => ack()));
  app.action({ type: 'block_actions' }, ({ ack, body, client }) => run(client, body, () => ack()));
  app.view({ type: 'view_submission', callback_id: FORM_CALLBACK }, ({ ack, body, client }) =>
    run(client, body, () => ack()),
  );
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'slack: Bolt reported an error');
  });
}
