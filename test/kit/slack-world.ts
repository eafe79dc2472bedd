/**
 * A whole Slack workspace for end-to-end tests: the fake Slack Web API, the real core on a fresh
 * database, our HTTP server with real Bolt mounted (or Socket Mode), and people who DM, type
 * commands, click buttons and submit modals. Each helper waits until the adapter has finished the
 * work it acked, so a test reads as a story without sleeps.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.js';
import { outbox } from '../../db/schema.js';
import { loadConfig } from '../../src/config.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent } from '../../src/messages.js';
import type { OutboxOptions } from '../../src/outbox/worker.js';
import type { Clock } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type RecordingHost, recordingHost } from './host.js';
import { sequence } from './shared.js';
import { APP_TOKEN, BOT_TOKEN, type Body, FakeSlack, type StoredMessage } from './slack-api.js';
import {
  appHomeOpened,
  blockAction,
  dmDelete,
  dmEdit,
  dmMessage,
  slashCommand,
  threadMessage,
  viewSubmission,
} from './slack-payloads.js';
import { type SendOptions, type SentRequest, SlackSender } from './slack-sender.js';

export const SIGNING_SECRET = 'test-signing-secret-8f7e6d';
export const STAFF_CHANNEL = 'C0STAFF';
export const MANAGER_CHANNEL = 'C0LEADS';
export const STAFF_GROUP = 'S0SUPPORT';

/** The people of the fake workspace. */
export const PEOPLE = {
  mei: { id: 'U0MEI', name: 'mei', realName: 'Mei Chen', locale: 'en-US' },
  li: { id: 'U0LI', name: 'li', realName: 'Li Wei', locale: 'zh-CN' },
  ana: { id: 'U0ANA', name: 'ana', realName: 'Ana Staff', locale: 'en-GB' },
  bo: { id: 'U0BO', name: 'bo', realName: 'Bo Staff', locale: 'en-US' },
  owner: { id: 'U0OWNER', name: 'owner', realName: 'Olu Owner', locale: 'en-US', isOwner: true },
} as const;

const nextTeam = sequence(`T${Date.now().toString(36).toUpperCase()}`);

/** Something a person can click in: a message the bot posted, or one it showed ephemerally. */
export interface Clickable {
  channel: string;
  ts: string;
  blocks: Body[];
  ephemeral?: boolean;
}

export interface WorldOptions {
  mode?: 'http' | 'socket';
  /**
   * Share one migrated database across a file's tests (embedded PGlite migrates slowly); each world
   * is its own workspace, so tests still share no data. Default: a fresh database, dropped on close.
   */
  database?: TestDatabase;
  /** Set staff channel, manager channel and staff group up front (default true). */
  configure?: boolean;
  /** The core's clock (a ManualClock to make outbox retries due without waiting). */
  clock?: Clock;
  /** The WebClient's retry policy; default none, so a failure reaches the outbox at once. */
  retryConfig?: { retries: number; minTimeout?: number; maxTimeout?: number };
  /** Outbox options (a short call timeout for a test that hangs a call). */
  outbox?: Partial<OutboxOptions>;
}

interface Element {
  type: string;
  action_id: string;
  value?: string;
  text?: { text: string };
  options?: { value: string }[];
}

function elementsOf(blocks: Body[]): Element[] {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Element[] | undefined) ?? []);
}

/** Every text a person would read in some blocks, joined: for assertions on what was shown. */
export function readable(blocks: Body[]): string {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Body;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [key, value] of Object.entries(o))
        if (key !== 'text' || typeof value !== 'string') visit(value);
    }
  };
  visit(blocks);
  return out.join('\n');
}

export class SlackWorld {
  private readonly nextResponse = sequence('resp-');

  private constructor(
    readonly slack: FakeSlack,
    readonly database: TestDatabase,
    readonly hearken: Hearken,
    readonly http: HttpServer,
    readonly adapter: SlackHandle,
    readonly sender: SlackSender,
    readonly mode: 'http' | 'socket',
    private readonly ownsDatabase: boolean,
    /** The host the adapter was given; it records every inbound event the adapter handed the core. */
    readonly host: RecordingHost,
  ) {}

  /** Every inbound event the adapter handed the core. */
  get received(): readonly InboundEvent[] {
    return this.host.received;
  }

  static async start(options: WorldOptions = {}): Promise<SlackWorld> {
    const mode = options.mode ?? 'http';
    // Bolt calls auth.test as it starts: the fake must be up first.
    const slack = await FakeSlack.start({ teamId: nextTeam() });
    for (const person of Object.values(PEOPLE)) slack.addUser(person);
    slack.usergroups.set(STAFF_GROUP, [PEOPLE.ana.id, PEOPLE.bo.id]);
    slack.channelMembers.set(STAFF_CHANNEL, [PEOPLE.ana.id, PEOPLE.bo.id, PEOPLE.owner.id]);
    const database = options.database ?? (await createTestDatabase());
    const hearken = new Hearken({
      database,
      logger: silentLogger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.outbox ? { outbox: options.outbox } : {}),
    });
    const http = new HttpServer();
    const port = await http.listen(0, '127.0.0.1');
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      // Without the trailing slash on purpose: the adapter must add it.
      SLACK_API_URL: slack.apiUrl.replace(/\/$/, ''),
    });
    // Every event the adapter hands the core, in order: what the contract suite checks.
    const host = recordingHost(hearken, http);
    if (!config.slack) throw new Error('the Slack config did not parse');
    const adapter = await startSlack(host, config.slack, {
      retryConfig: options.retryConfig ?? { retries: 0 },
    });
    const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
    const world = new SlackWorld(
      slack,
      database,
      hearken,
      http,
      adapter,
      sender,
      mode,
      !options.database,
      host,
    );
    if (options.configure !== false) {
      await hearken.configureTenant(world.tenant, 'slack', {
        staffChannelId: world.opaque(STAFF_CHANNEL),
        managerChannelId: world.opaque(MANAGER_CHANNEL),
        staffRoles: ['staff', world.opaque(STAFF_GROUP)],
      });
    }
    return world;
  }

  get team(): string {
    return this.slack.teamId;
  }

  /** The core's tenant id for this workspace. */
  get tenant(): string {
    return `slack:${this.team}`;
  }

  /** The opaque id the adapter gives a Slack user, channel or group of this workspace. */
  opaque(id: string): string {
    return `slack:${this.team}:${id}`;
  }

  /** A person writes in their DM with the bot. */
  async dm(
    user: string,
    text: string,
    options: SendOptions & { eventId?: string } = {},
  ): Promise<SentRequest & { body: Body }> {
    const body = dmMessage(user, text, {
      team: this.team,
      ...(options.eventId ? { eventId: options.eventId } : {}),
    });
    const sent = await this.deliverEvent(body, options);
    await this.settle();
    return { ...sent, body };
  }

  /** A person writes in the thread under `parentTs` in `channel` (staff under a card). Returns the event body. */
  async threadMessage(user: string, channel: string, parentTs: string, text: string): Promise<Body> {
    const body = threadMessage(user, channel, parentTs, text, { team: this.team });
    const event = body.event as Body;
    this.slack.peopleMessages.add(`${channel}:${String(event.ts)}`);
    await this.deliverEvent(body);
    await this.settle();
    return body;
  }

  /** A person edits (or, with `text` undefined, deletes) a message they sent in their DM. */
  async changeDm(user: string, original: Body, text: string | undefined): Promise<void> {
    const event = original.event as Body;
    const sent = { ts: String(event.ts), text: String(event.text) };
    const body =
      text === undefined
        ? dmDelete(user, sent, { team: this.team })
        : dmEdit(user, sent, text, { team: this.team });
    await this.deliverEvent(body);
    await this.settle();
  }

  /** Waits for the adapter's work and the inbox's (a stored DM handled, its answer delivered). */
  async settle(): Promise<void> {
    await this.adapter.idle();
    await this.hearken.inbox.idle();
  }

  /** Sends an Events API body as Slack would (HTTP with signature, or a Socket Mode envelope). */
  async deliverEvent(body: Body, options: SendOptions = {}): Promise<SentRequest> {
    if (this.mode === 'socket') {
      await this.slack.sendEnvelope('events_api', body, options.retryNum ?? 0);
      return { status: 200, text: '' };
    }
    return this.sender.event(body, options);
  }

  /** A person types a slash command; returns the response_url posts it produced. */
  async command(
    user: string,
    command: '/complain' | '/ticket' | '/hearken',
    text = '',
    options: { channel?: string } = {},
  ): Promise<{ request: SentRequest; responses: Body[]; responseUrl: string }> {
    const name = this.nextResponse();
    const responseUrl = this.slack.responseUrl(name);
    const fields = slashCommand({
      command,
      text,
      user,
      responseUrl,
      team: this.team,
      ...(options.channel ? { channel: options.channel } : {}),
    });
    const request =
      this.mode === 'socket'
        ? await this.slack.sendEnvelope('slash_commands', fields).then(() => ({ status: 200, text: '' }))
        : await this.sender.command(fields);
    await this.adapter.idle();
    return { request, responses: this.responsesTo(name), responseUrl };
  }

  /** Posts the adapter made to a response_url of this fake. */
  responsesTo(name: string): Body[] {
    return this.slack.responses.filter((r) => r.name === name).map((r) => r.body);
  }

  /** A person clicks the button labelled `label` in `message`. */
  async click(
    user: string,
    message: Clickable,
    label: string,
  ): Promise<{ request: SentRequest; responses: Body[] }> {
    const button = elementsOf(message.blocks).find((e) => e.type === 'button' && e.text?.text === label);
    if (!button) throw new Error(`No button "${label}" in: ${readable(message.blocks)}`);
    return this.interact(user, message, {
      actionId: button.action_id,
      ...(button.value ? { value: button.value } : {}),
    });
  }

  /** A person picks `value` in the select menu of `message`. */
  async pick(
    user: string,
    message: Clickable,
    value: string,
  ): Promise<{ request: SentRequest; responses: Body[] }> {
    const select = elementsOf(message.blocks).find((e) => e.type === 'static_select');
    if (!select?.options?.some((o) => o.value === value))
      throw new Error(`No option ${value} in: ${readable(message.blocks)}`);
    return this.interact(user, message, { actionId: select.action_id, selected: value });
  }

  private async interact(
    user: string,
    message: Clickable,
    action: { actionId: string; value?: string; selected?: string },
  ): Promise<{ request: SentRequest; responses: Body[] }> {
    const name = this.nextResponse();
    const payload = blockAction({
      user,
      channel: message.channel,
      messageTs: message.ts,
      responseUrl: this.slack.responseUrl(name),
      ephemeral: message.ephemeral ?? false,
      team: this.team,
      ...action,
    });
    const request = await this.sendInteraction(payload);
    await this.adapter.idle();
    return { request, responses: this.responsesTo(name) };
  }

  /** Sends an interaction payload as Slack would. */
  async sendInteraction(payload: Body): Promise<SentRequest> {
    if (this.mode === 'socket') {
      await this.slack.sendEnvelope('interactive', payload);
      return { status: 200, text: '' };
    }
    return this.sender.interaction(payload);
  }

  /** A person opens the bot's App Home tab. */
  async openHome(user: string): Promise<void> {
    await this.deliverEvent(appHomeOpened(user, this.team));
    await this.adapter.idle();
  }

  /** The blocks of the Home tab last published for `user`. */
  homeOf(user: string): Body[] {
    const call = this.slack.callsTo('views.publish').findLast((c) => c.body.user_id === user);
    if (!call) throw new Error(`No Home tab was published for ${user}`);
    const view = call.body.view as Body;
    expect(view.type).toBe('home');
    return (view.blocks as Body[]) ?? [];
  }

  /** The last modal the bot opened. */
  lastModal(): Body {
    const call = this.slack.callsTo('views.open').at(-1);
    if (!call) throw new Error('No modal was opened');
    return call.body.view as Body;
  }

  /** A person fills in and submits a modal the bot opened. */
  async submit(user: string, view: Body, values: Record<string, string>): Promise<SentRequest> {
    const request = await this.sendInteraction(viewSubmission(user, view, values, this.team));
    await this.adapter.idle();
    return request;
  }

  /** The bot's messages in a person's DM, oldest first. */
  dmsOf(user: string): StoredMessage[] {
    return this.slack.messagesIn(this.slack.dmChannelOf(user));
  }

  lastDm(user: string): StoredMessage {
    const last = this.dmsOf(user).at(-1);
    if (!last) throw new Error(`The bot never wrote to ${user}`);
    return last;
  }

  /** Staff cards (top-level messages) in the staff channel. */
  cards(): StoredMessage[] {
    return this.slack.messagesIn(STAFF_CHANNEL).filter((m) => !m.threadTs);
  }

  /**
   * `who` files a complaint through the `/complain` modal (a high-impact delivery problem unless
   * told otherwise) and the outbox delivers; returns its card in the staff channel.
   */
  async fileByForm(
    who: string = PEOPLE.mei.id,
    description = 'My parcel was left in the rain and the charger inside is ruined.',
  ): Promise<StoredMessage> {
    await this.command(who, '/complain', '');
    await this.submit(who, this.lastModal(), {
      description,
      category: 'delivery',
      impact: 'high',
      outcome: 'replacement',
    });
    await this.deliver();
    const card = this.cards().at(-1);
    if (!card) throw new Error('no staff card');
    return card;
  }

  /** Delivers what the outbox holds (staff cards, relays, notifications). */
  async deliver(): Promise<void> {
    await this.hearken.outbox.drain();
  }

  async close(): Promise<void> {
    // Socket Mode: stop the app before the fake, or the client reconnects into a closed server.
    await this.adapter.stop();
    await this.hearken.inbox.stop();
    await this.hearken.outbox.stop();
    // The outbox is shared by every tenant of a shared database: leave nothing for the next test.
    await this.database.db
      .delete(outbox)
      .where(and(eq(outbox.tenantId, this.tenant), eq(outbox.status, 'pending')));
    await this.http.close();
    await this.slack.close();
    if (this.ownsDatabase) await this.database.destroy();
  }
}

/** A stored bot message as something to click in. */
export function inMessage(message: StoredMessage): Clickable {
  return { channel: message.channel, ts: message.ts, blocks: message.blocks };
}

/** An ephemeral response_url post as something to click in (Slack gives it a ts of its own). */
export function inEphemeral(channel: string, response: Body): Clickable {
  return { channel, ts: '1763909999.000001', blocks: (response.blocks as Body[]) ?? [], ephemeral: true };
}

/**
 * The hooks every Slack story file repeats: one database for the file, a fresh world (fake Slack,
 * Bolt and the core) for each test, closed after it. `use` gets both before each test.
 */
export function slackWorldPerTest(
  use: (world: SlackWorld, database: TestDatabase) => void,
  options: Omit<WorldOptions, 'database'> = {},
): void {
  let database: TestDatabase | undefined;
  let world: SlackWorld | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });
  beforeEach(async () => {
    if (!database) throw new Error('the test database did not start');
    world = await SlackWorld.start({ ...options, database });
    use(world, database);
  });
  afterEach(async () => {
    await world?.close();
  });
}
