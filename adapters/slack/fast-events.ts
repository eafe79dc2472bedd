/**
 * The HTTP fast path for what the inbox takes (a customer's DM, its edit or deletion), in front of
 * Bolt's receiver. Bolt's own functions read the body (same 4 MB limit) and check the signature
 * and the 5-minute timestamp window; the body is parsed once; an `event_callback` the inbox takes
 * is normalised by the same function as Bolt's message listener (`inboxDeliveryOf`) and stored,
 * and Slack hears 200 only once the INSERT has committed (500 when it could not be, so Slack
 * retries; a retry is dropped by the inbox as a duplicate). Bolt's App (authorize, middleware,
 * listener matching) is never entered for these: that was most of the cost of an ack.
 *
 * Everything else goes to Bolt unchanged, with the body it already holds (Bolt reads a buffered
 * request's `rawBody` instead of the stream): url_verification, ssl_check, commands,
 * interactions, other events, the OAuth install routes, and events from workspaces with no usable
 * installation (Bolt answers those as it always has).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BufferedIncomingMessage, defaultBodyLimit, HTTPModuleFunctions } from '@slack/bolt';
import type { NodeListener } from '../../src/http.js';
import type { Logger } from '../../src/ports.js';
import { EVENTS_PATH } from './bolt.js';
import type { BotUsers, EventEnvelope } from './bot-users.js';
import {
  type InboxDelivery,
  type InFlight,
  inboxDeliveryOf,
  type ListenerDeps,
  NotStoredError,
  storeInInbox,
} from './listeners.js';

export interface FastEventsDeps {
  signingSecret: string;
  botUsers: BotUsers;
  /** What storing a DM needs: the actor directory, the core, the logger. */
  listener: ListenerDeps;
  /** Tracks each request, so `stop()` waits for a DM being stored. */
  inFlight: InFlight;
  logger: Logger;
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}

function isEventCallback(body: unknown): body is EventEnvelope & { type: 'event_callback' } {
  return typeof body === 'object' && body !== null && 'type' in body && body.type === 'event_callback';
}

/** `bolt` with DMs taken off its hands; `bolt` is Bolt's receiver listener. */
export function fastEvents(bolt: NodeListener, deps: FastEventsDeps): NodeListener {
  return (req, res) => {
    if (req.method !== 'POST' || pathOf(req.url) !== EVENTS_PATH) {
      bolt(req, res);
      return;
    }
    void deps.inFlight.track(answer(req, res, bolt, deps));
  };
}

/** Bolt's own reading and checking of the request; answers as Bolt would when it fails. */
async function verified(
  req: IncomingMessage,
  res: ServerResponse,
  deps: FastEventsDeps,
): Promise<BufferedIncomingMessage | undefined> {
  try {
    return await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
      { signingSecret: deps.signingSecret, bodyLimit: defaultBodyLimit },
      req,
    );
  } catch (error) {
    const tooLarge =
      HTTPModuleFunctions.isRawBodyError(error) &&
      (error.type === 'entity.too.large' || error.statusCode === 413);
    deps.logger.warn({ err: error }, tooLarge ? 'slack: request body too large' : 'slack: request refused');
    res.writeHead(tooLarge ? 413 : 401).end();
    return undefined;
  }
}

/** The DM in `body` with its workspace's bot user, or undefined when it is Bolt's to handle. */
async function deliveryIn(body: unknown, deps: FastEventsDeps): Promise<InboxDelivery | undefined> {
  if (!isEventCallback(body)) return undefined;
  const bot = await deps.botUsers.of(body);
  return bot ? inboxDeliveryOf(body, bot.botUserId) : undefined;
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  bolt: NodeListener,
  deps: FastEventsDeps,
): Promise<void> {
  const buffered = await verified(req, res, deps);
  if (!buffered) return;
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch (error) {
    deps.logger.warn({ err: error }, 'slack: malformed request body');
    res.writeHead(400).end();
    return;
  }
  try {
    const delivery = await deliveryIn(body, deps);
    if (!delivery) {
      bolt(buffered, res);
      return;
    }
    await storeInInbox(deps.listener, delivery);
    res.writeHead(200).end();
  } catch (error) {
    // Not stored (or its workspace's install could not be read): a 500, so Slack delivers it again.
    if (!(error instanceof NotStoredError))
      deps.logger.error({ err: error }, 'slack: could not take an event; Slack will retry');
    res.writeHead(500).end();
  }
}
