/**
 * Bolt listeners. A customer's DM is stored in the core's durable inbox before Slack hears "got
 * it" (Bolt answers after the listener: `processBeforeResponse`); when it cannot be stored the
 * listener throws and Slack gets a 500, so it retries. Commands, clicks and forms are acked at
 * once, then normalised, given their actor, handed to the core and answered (Slack's 3 seconds).
 * Every other failure ends in the logger; no listener can crash the process.
 */
import type { App, webApi } from '@slack/bolt';
import { PlatformError } from '../../src/errors.js';
import { catalog, toLocale } from '../../src/i18n/index.js';
import { type MessageEvent, type Reply, takesInbox } from '../../src/messages.js';
import type { AdapterHost, Logger } from '../../src/ports.js';
import type { ActorDirectory } from './actors.js';
import { publishHome } from './home.js';
import { opaqueId, tenantIdOf } from './ids.js';
import { normalizeSlack, type SlackVia } from './normalize.js';
import { deliverReply, type ReplyDeps } from './replies.js';
import { answerInThread } from './thread-answers.js';
import type { InboundEvent } from './types.js';

export interface ListenerDeps {
  core: Pick<AdapterHost, 'handle' | 'accept' | 'access'>;
  directory: ActorDirectory;
  logger: Logger;
  fetch: typeof fetch;
  /** The bot's user id, known after auth.test (single token); with OAuth, each install's own. */
  botUserId: () => string | undefined;
}

export const COMMANDS = /^\/(complain|ticket|hearken)$/;
export const FORM_CALLBACK = /^hearken:/;

/** Normalises a payload and carries it through the core; never throws. */
export async function handlePayload(
  deps: ListenerDeps,
  client: webApi.WebClient,
  body: unknown,
  /** This workspace's bot user, as Bolt's authorize found it (OAuth installs). */
  installedBotUserId?: string,
): Promise<void> {
  const botUserId = installedBotUserId ?? deps.botUserId();
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
        const replyDeps: ReplyDeps = { client, logger: deps.logger, fetch: deps.fetch };
        let event: InboundEvent;
        try {
          const actor = await deps.directory.complete(inbound.event.actor, via.teamId, via.userId);
          event = await nameMentions({ ...inbound.event, actor }, via, deps.directory);
        } catch (error) {
          // The staff-role lookup reads the database: when it is down, the person still hears.
          deps.logger.warn({ err: error }, 'slack: could not look up the actor; answering with an apology');
          const t = catalog(toLocale(inbound.event.actor.locale) ?? 'en');
          await deliverReply(replyDeps, inbound.event.kind, apology(t.errors.generic), via);
          return;
        }
        const reply = await deps.core.handle(event);
        // A delivery seen before: whoever handled it first has answered; we say nothing.
        if (reply.duplicate) return;
        if (via.thread && via.channelId) {
          const where = { channelId: via.channelId, userId: via.userId, ...via.thread };
          await answerInThread(client, deps.logger, reply, where);
          return;
        }
        await deliverReply(replyDeps, event.kind, reply, via);
        return;
      }
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'slack: could not handle a payload');
  }
}

const apology = (text: string): Reply => ({ messages: [{ text }], ephemeral: true });

/** Thrown from the message listener so Bolt answers Slack with a 500 and Slack retries. */
export class NotStoredError extends PlatformError {
  constructor() {
    super('E_PLATFORM_NOT_STORED', 'a Slack event (the inbox could not be written)');
  }
}

/** A Slack request body the inbox takes (a customer's DM, its edit or deletion), normalised. */
export interface InboxDelivery {
  event: MessageEvent;
  via: SlackVia;
}

/**
 * The one test of whether a body goes to the inbox, shared by Bolt's message listener and the HTTP
 * fast path (`fast-events.ts`): undefined for everything else, which goes the interactive way.
 */
export function inboxDeliveryOf(body: unknown, botUserId: string | undefined): InboxDelivery | undefined {
  const inbound = normalizeSlack(body, botUserId ? { botUserId } : {});
  if (inbound.kind !== 'inbound' || !takesInbox(inbound.event)) return undefined;
  return { event: inbound.event, via: inbound.via };
}

/**
 * Gives a DM its actor and stores it in the inbox; returns once it is stored. Throws
 * `NotStoredError` when it cannot be, so Slack gets a 500 and retries.
 */
export async function storeInInbox(deps: ListenerDeps, delivery: InboxDelivery): Promise<void> {
  const { event, via } = delivery;
  let actor: InboundEvent['actor'];
  try {
    actor = await deps.directory.complete(event.actor, via.teamId, via.userId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'slack: could not look up the actor; Slack will retry');
    throw new NotStoredError();
  }
  const outcome = await deps.core.accept({ ...event, actor });
  if (outcome === 'unavailable') throw new NotStoredError();
}

/**
 * Bolt's message listener: a DM is stored in the inbox before it returns (Bolt then answers Slack
 * 200), or it throws so Slack gets a 500. Anything that is not a customer's message goes the
 * interactive way, without holding the answer. In HTTP mode the fast path takes DMs before Bolt;
 * this still serves Socket Mode and whatever the fast path hands on.
 */
export async function acceptMessage(
  deps: ListenerDeps,
  client: webApi.WebClient,
  body: unknown,
  inFlight: InFlight,
  /** This workspace's bot user, as Bolt's authorize found it (OAuth installs). */
  installedBotUserId?: string,
): Promise<void> {
  const delivery = inboxDeliveryOf(body, installedBotUserId ?? deps.botUserId());
  if (!delivery) {
    void inFlight.track(handlePayload(deps, client, body, installedBotUserId));
    return;
  }
  await storeInInbox(deps, delivery);
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
    const name = await directory.displayNameOf(via.teamId, slackUser);
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
    // The caller handles the work's failure; this copy only keeps the set tidy.
    work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export function registerListeners(app: App, deps: ListenerDeps, inFlight: InFlight): void {
  // Bolt answers Slack when a listener returns (HTTP `processBeforeResponse`), so the interactive
  // listeners ack first (Slack's 3-second window) and leave the slow work running, tracked.
  const run = async (
    client: webApi.WebClient,
    body: unknown,
    context: { botUserId?: string | undefined },
    ack?: () => Promise<void>,
  ) => {
    if (ack) await ack();
    void inFlight.track(handlePayload(deps, client, body, context.botUserId));
  };
  // A DM is stored before the answer to Slack; every other event is acked by Bolt at once.
  app.event('message', ({ body, client, context }) =>
    inFlight.track(acceptMessage(deps, client, body, inFlight, context.botUserId)),
  );
  app.event('app_home_opened', ({ body, client, context }) => run(client, body, context));
  app.command(COMMANDS, ({ ack, body, client, context }) => run(client, body, context, () => ack()));
  app.action({ type: 'block_actions' }, ({ ack, body, client, context }) =>
    run(client, body, context, () => ack()),
  );
  app.view({ type: 'view_submission', callback_id: FORM_CALLBACK }, ({ ack, body, client, context }) =>
    run(client, body, context, () => ack()),
  );
  app.error(async (error) => {
    // Not stored: rethrown so the HTTP receiver answers 500 and Slack delivers the event again.
    if (error instanceof NotStoredError || errorCause(error) instanceof NotStoredError) throw error;
    deps.logger.error({ err: error }, 'slack: Bolt reported an error');
  });
}

/** Bolt may wrap a listener's error (`original`). */
function errorCause(error: unknown): unknown {
  return error && typeof error === 'object' && 'original' in error ? error.original : undefined;
}
