/**
 * Many Slack workspaces on one Hearken, installed through OAuth: the fake Slack with the app
 * registered, the real core on a fresh database, our HTTP server with real Bolt in OAuth mode,
 * and a browser that walks the real install flow (GET /slack/install → Slack's authorize page →
 * /slack/oauth_redirect with the state cookie). Each workspace has its own people and channels,
 * so a message sent with the wrong workspace's token is refused by the fake and counted here.
 */
import { type SlackHandle, startSlack } from '../../adapters/slack/index.js';
import { loadConfig } from '../../src/config.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { TestDatabase } from '../support/db.js';
import { type RecordingHost, recordingHost } from './host.js';
import { sequence } from './shared.js';
import { type Body, FakeSlack, type StoredMessage } from './slack-api.js';
import { appUninstalled, dmMessage, slashCommand, tokensRevoked, viewSubmission } from './slack-payloads.js';
import { type SentRequest, SlackSender } from './slack-sender.js';

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'client-secret-4c1d0e';
export const STATE_SECRET = 'state-secret-9a8b7c';
export const OAUTH_SIGNING_SECRET = 'oauth-signing-secret-5e6f';
/** 32 bytes, hex: what `openssl rand -hex 32` prints. */
export const ENCRYPTION_KEY = '8f'.repeat(32);

/** One request of the install flow, as the browser saw it. */
export interface FlowStep {
  request: string;
  status: number;
  location?: string;
}

export interface WorkspaceSpec {
  teamId: string;
  customer: string;
  staff: string;
  staffChannel: string;
  managerChannel: string;
}

/** One installed workspace: its people act through it. */
export class Workspace {
  private readonly nextResponse = sequence('resp-');

  constructor(
    private readonly world: SlackInstalls,
    readonly spec: WorkspaceSpec,
  ) {}

  get team(): string {
    return this.spec.teamId;
  }

  get tenant(): string {
    return `slack:${this.team}`;
  }

  opaque(id: string): string {
    return `slack:${this.team}:${id}`;
  }

  /** A person types a slash command (in `channel`, default their DM). */
  async command(user: string, command: '/complain' | '/ticket' | '/hearken', text = '', channel?: string) {
    const name = this.nextResponse();
    const request = await this.world.sender.command(
      slashCommand({
        command,
        text,
        user,
        team: this.team,
        responseUrl: this.world.slack.responseUrl(`${this.team}:${name}`),
        ...(channel ? { channel } : {}),
      }),
    );
    await this.world.adapter.idle();
    return request;
  }

  /** The customer files a complaint through the /complain modal. */
  async fileComplaint(description: string): Promise<void> {
    await this.command(this.spec.customer, '/complain');
    const view = this.world.slack.callsTo('views.open').at(-1)?.body.view;
    if (!view || typeof view !== 'object') throw new Error(`${this.team}: no modal opened`);
    await this.world.sender.interaction(
      viewSubmission(
        this.spec.customer,
        view as Body,
        { description, category: 'delivery', impact: 'high', outcome: 'replacement' },
        this.team,
      ),
    );
    await this.world.adapter.idle();
  }

  async dm(user: string, text: string): Promise<SentRequest> {
    const sent = await this.world.sender.event(dmMessage(user, text, { team: this.team }));
    await this.world.adapter.idle();
    return sent;
  }

  /** Top-level messages (cards) in the staff channel. */
  cards(): StoredMessage[] {
    return this.world.slack.messagesIn(this.spec.staffChannel).filter((m) => !m.threadTs);
  }

  /** Every message the bot posted in this workspace (its channels and its people's DMs). */
  messages(): StoredMessage[] {
    return this.world.slack.messages.filter((m) => this.world.teamOfChannel(m.channel) === this.team);
  }
}

export class SlackInstalls {
  private constructor(
    readonly slack: FakeSlack,
    readonly database: TestDatabase,
    readonly hearken: Hearken,
    readonly http: HttpServer,
    readonly adapter: SlackHandle,
    readonly sender: SlackSender,
    readonly baseUrl: string,
    readonly host: RecordingHost,
  ) {}

  static async start(database: TestDatabase): Promise<SlackInstalls> {
    const slack = await FakeSlack.start({ teamId: 'T0NOBODY' });
    const hearken = new Hearken({ database, logger: silentLogger });
    const http = new HttpServer();
    const port = await http.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${port}`;
    slack.registerApp({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUrls: [`${baseUrl}/slack/oauth_redirect`],
    });
    const config = loadConfig({
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: OAUTH_SIGNING_SECRET,
      SLACK_PUBLIC_URL: baseUrl,
      HEARKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
      SLACK_API_URL: slack.apiUrl,
    });
    if (!config.slack) throw new Error('the Slack OAuth config did not parse');
    const host = recordingHost(hearken, http);
    const adapter = await startSlack(host, config.slack, { retryConfig: { retries: 0 } });
    const sender = new SlackSender(`${baseUrl}/slack/events`, OAUTH_SIGNING_SECRET);
    return new SlackInstalls(slack, database, hearken, http, adapter, sender, baseUrl, host);
  }

  /**
   * An admin of `teamId` installs the app as a browser would: GET /slack/install (Bolt sets the
   * state cookie and sends the browser to Slack), Slack's authorize page (Allow), then back to
   * /slack/oauth_redirect with the code, the state and the cookie. Returns each request.
   */
  async install(teamId: string): Promise<FlowStep[]> {
    const steps: FlowStep[] = [];
    const start = await fetch(`${this.baseUrl}/slack/install`, { redirect: 'manual' });
    const authorize = start.headers.get('location') ?? '';
    steps.push({ request: 'GET /slack/install', status: start.status, location: authorize });
    await start.body?.cancel();
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const callback = this.slack.approveInstall(authorize, teamId);
    steps.push({ request: `Slack authorize (${teamId} allows)`, status: 302, location: callback });
    const done = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
    await done.text();
    steps.push({ request: `GET ${new URL(callback).pathname}?code=…&state=…`, status: done.status });
    return steps;
  }

  /** Installs a workspace, gives it people and channels, and sets its staff channel up. */
  async workspace(spec: WorkspaceSpec): Promise<Workspace> {
    const { teamId } = spec;
    this.slack.addUser({ id: spec.customer, name: `customer-${teamId}`, teamId });
    this.slack.addUser({ id: spec.staff, name: `staff-${teamId}`, teamId });
    this.slack.channelTeams.set(spec.staffChannel, teamId);
    this.slack.channelTeams.set(spec.managerChannel, teamId);
    this.slack.channelMembers.set(spec.staffChannel, [spec.staff]);
    const workspace = new Workspace(this, spec);
    await this.hearken.configureTenant(workspace.tenant, 'slack', {
      staffChannelId: workspace.opaque(spec.staffChannel),
      managerChannelId: workspace.opaque(spec.managerChannel),
      staffRoles: [workspace.opaque(spec.staffChannel)],
    });
    return workspace;
  }

  /** Slack tells the app it was uninstalled from `teamId` (its tokens are revoked first). */
  async uninstall(teamId: string): Promise<SentRequest> {
    this.slack.revoke(teamId);
    const sent = await this.sender.event(appUninstalled(teamId));
    await this.adapter.idle();
    return sent;
  }

  /** Slack tells the app its tokens in `teamId` were revoked (`bot`: the bot's token too). */
  async revokeTokens(teamId: string, which: { bot: boolean }): Promise<SentRequest> {
    const botUserId = this.slack.installOf(teamId)?.botUserId ?? 'U0BOT';
    if (which.bot) this.slack.revoke(teamId);
    const sent = await this.sender.event(
      tokensRevoked(teamId, which.bot ? { bot: [botUserId] } : { oauth: ['U0SOMEONE'] }),
    );
    await this.adapter.idle();
    return sent;
  }

  /** The workspace a channel (or a person's DM) belongs to. */
  teamOfChannel(channel: string): string | undefined {
    return (
      this.slack.channelTeams.get(channel) ??
      (channel.startsWith('D') ? this.slack.users.get(`U${channel.slice(1)}`)?.teamId : undefined)
    );
  }

  /**
   * Calls made with one workspace's token about another workspace's channel or person: what must
   * never happen. (The fake refuses them; this counts them whatever the answer.)
   */
  crossTenantCalls(): { method: string; token: string; about: string }[] {
    const tokenTeam = new Map(this.slack.issued.map((i) => [i.token, i.teamId]));
    return this.slack.calls.flatMap((call) => {
      const team = call.token ? tokenTeam.get(call.token) : undefined;
      if (!team) return [];
      const channel = typeof call.body.channel === 'string' ? call.body.channel : undefined;
      const user =
        typeof call.body.users === 'string'
          ? call.body.users
          : typeof call.body.user === 'string'
            ? call.body.user
            : undefined;
      const channelTeam = channel ? this.teamOfChannel(channel) : undefined;
      const userTeam = user ? this.slack.users.get(user)?.teamId : undefined;
      const about = [channelTeam, userTeam].find((t) => t !== undefined && t !== team);
      return about && call.token ? [{ method: call.method, token: call.token, about }] : [];
    });
  }

  async deliver(): Promise<void> {
    await this.hearken.outbox.drain();
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.hearken.outbox.stop();
    await this.http.close();
    await this.slack.close();
  }
}
