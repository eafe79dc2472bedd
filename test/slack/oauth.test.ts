import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOT_INSTALLED } from '../../adapters/slack/clients.js';
import { UNINSTALL_REASONS } from '../../adapters/slack/uninstall.js';
import { outbox, slackInstallations } from '../../db/schema.js';
import { runDigests } from '../../src/jobs/digests.js';
import { silentLogger } from '../../src/log.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { keyIdOf } from '../../src/seal.js';
import { sequence } from '../kit/shared.js';
import {
  CLIENT_ID,
  ENCRYPTION_KEY,
  SlackInstalls,
  type Workspace,
  type WorkspaceSpec,
} from '../kit/slack-installs.js';
import { readable } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let world: SlackInstalls;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
beforeEach(async () => {
  world = await SlackInstalls.start(database);
});
afterEach(async () => {
  await world.close();
});

/** Two workspaces per test, fresh ids each time: tests share the database, never a tenant. */
const nextRun = sequence('');
let ACME: WorkspaceSpec;
let BETA: WorkspaceSpec;
beforeEach(() => {
  const run = nextRun();
  const spec = (letter: string): WorkspaceSpec => ({
    teamId: `T0${letter}${run}`,
    customer: `U0${letter}CUST${run}`,
    staff: `U0${letter}STAFF${run}`,
    staffChannel: `C0${letter}STAFF${run}`,
    managerChannel: `C0${letter}LEADS${run}`,
  });
  ACME = spec('ACME');
  BETA = spec('BETA');
});

/** Both workspaces installed through the flow and set up with their staff channels. */
async function installBoth(): Promise<[Workspace, Workspace]> {
  await world.install(ACME.teamId);
  await world.install(BETA.teamId);
  return [await world.workspace(ACME), await world.workspace(BETA)];
}

/** Each workspace files C-1001 through the /complain modal; the cards are delivered. */
async function fileOneEach(acme: Workspace, beta: Workspace): Promise<void> {
  await acme.fileComplaint('My parcel was left in the rain and the charger inside is ruined.');
  await beta.fileComplaint('I was charged twice for one order and nobody answers my emails.');
  await world.deliver();
}

const installRows = async () =>
  (await database.db.select().from(slackInstallations)).filter(
    (r) => r.teamId === ACME.teamId || r.teamId === BETA.teamId,
  );

const pendingRows = (tenant: string) =>
  database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenant), eq(outbox.status, 'pending')));

describe('Slack OAuth installs: many workspaces on one Hearken', () => {
  it('installs two workspaces through Bolt’s own flow: /slack/install, Slack, /slack/oauth_redirect', async () => {
    const flowA = await world.install(ACME.teamId);
    const flowB = await world.install(BETA.teamId);

    for (const flow of [flowA, flowB]) {
      const [start, slack, back] = flow;
      expect(start?.status).toBe(302);
      const authorize = new URL(start?.location ?? '');
      expect(authorize.pathname).toBe('/oauth/v2/authorize');
      expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${world.baseUrl}/slack/oauth_redirect`);
      expect(authorize.searchParams.get('scope')?.split(',')).toContain('chat:write');
      expect(slack?.location).toMatch(/\/slack\/oauth_redirect\?code=code-\d+&state=/);
      expect(back?.status).toBe(200);
    }
    // Each install exchanged its own code once, with the app's credentials and the redirect URI.
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(2);
    expect(world.slack.issued.map((i) => i.teamId)).toEqual([ACME.teamId, BETA.teamId]);
  });

  it('keeps one row per workspace with the installation sealed, never the token itself', async () => {
    await installBoth();
    await world.install(ACME.teamId); // a reinstall replaces the row, it does not add one

    const rows = await installRows();

    expect(rows.map((r) => r.installKey).sort()).toEqual([`team:${ACME.teamId}`, `team:${BETA.teamId}`]);
    for (const row of rows) {
      const token = world.slack.installOf(row.teamId ?? '')?.token ?? 'missing';
      expect(row.sealed.startsWith(`hk1.${keyIdOf(Buffer.from(ENCRYPTION_KEY, 'hex'))}.`)).toBe(true);
      expect(row.keyId).toBe(keyIdOf(Buffer.from(ENCRYPTION_KEY, 'hex')));
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain('xoxb-');
    }
  });

  it('gives each workspace its own staff channel, complaint codes and digest, each sent with its own token', async () => {
    const [acme, beta] = await installBoth();

    await fileOneEach(acme, beta);
    // Tomorrow after the digest's 09:00 (a fixed time of day: "now + 36 h" fell before 09:00 when
    // the suite ran between noon and 21:00 UTC, and no digest was due).
    const tomorrow = new Date(Date.now() + 86_400_000);
    const dayAfter = new Date(`${tomorrow.toISOString().slice(0, 10)}T09:30:00Z`);
    const digests = await runDigests(
      {
        hearken: world.hearken,
        database,
        clock: world.hearken.clock,
        logger: silentLogger,
        instanceId: 'test',
      },
      dayAfter,
    );
    await world.deliver();

    expect(digests.sent).toEqual(expect.arrayContaining([acme.tenant, beta.tenant]));
    for (const workspace of [acme, beta]) {
      const token = world.slack.installOf(workspace.team)?.token;
      const cards = workspace.cards();
      expect(cards).toHaveLength(1);
      expect(readable(cards[0]?.blocks ?? [])).toContain('C-1001');
      expect(world.slack.messagesIn(workspace.spec.managerChannel)).not.toHaveLength(0);
      // Every message in this workspace was posted with this workspace's token.
      expect(workspace.messages().length).toBeGreaterThanOrEqual(2);
      for (const message of workspace.messages()) expect(message.token).toBe(token);
    }
    expect(world.crossTenantCalls()).toEqual([]);
  });

  it('answers staff in each workspace with that workspace’s bot and relays to that workspace’s customer', async () => {
    const [acme, beta] = await installBoth();
    await fileOneEach(acme, beta);

    await acme.command(ACME.staff, '/ticket', 'reply C-1001 A new charger is on its way.', ACME.staffChannel);
    await beta.command(
      BETA.staff,
      '/ticket',
      'reply C-1001 The second charge is refunded.',
      BETA.staffChannel,
    );
    await world.deliver();

    const relayA = world.slack.messagesIn(`D${ACME.customer.slice(1)}`).map((m) => m.text);
    const relayB = world.slack.messagesIn(`D${BETA.customer.slice(1)}`).map((m) => m.text);
    expect(relayA.join('\n')).toContain('A new charger is on its way.');
    expect(relayA.join('\n')).not.toContain('refunded');
    expect(relayB.join('\n')).toContain('The second charge is refunded.');
    expect(world.crossTenantCalls()).toEqual([]);
  });

  it('uninstalling one workspace mid-flow gives up its pending rows and loses nothing of the other', async () => {
    const [acme, beta] = await installBoth();
    await fileOneEach(acme, beta);
    // Both staff answer again; the relays are queued, not yet delivered.
    await acme.command(ACME.staff, '/ticket', 'reply C-1001 Courier booked for Monday.', ACME.staffChannel);
    await beta.command(BETA.staff, '/ticket', 'reply C-1001 Refund lands in 3 days.', BETA.staffChannel);
    expect(await pendingRows(acme.tenant)).not.toHaveLength(0);
    const betaPending = (await pendingRows(beta.tenant)).length;
    expect(betaPending).toBeGreaterThan(0);
    const acmeToken = world.slack.installOf(ACME.teamId)?.token;
    const callsBefore = world.slack.calls.length;

    const sent = await world.uninstall(ACME.teamId);
    await world.deliver();

    expect(sent.status).toBe(200);
    expect(await pendingRows(acme.tenant)).toEqual([]);
    const given = await database.db
      .select({ status: outbox.status, lastError: outbox.lastError })
      .from(outbox)
      .where(and(eq(outbox.tenantId, acme.tenant), eq(outbox.lastError, UNINSTALL_REASONS.app_uninstalled)));
    expect(given.length).toBeGreaterThan(0);
    expect(given.every((row) => row.status === 'dead')).toBe(true);
    expect((await installRows()).map((r) => r.installKey)).toEqual([`team:${BETA.teamId}`]);
    // Beta's relay went out, with Beta's token; nothing used Acme's token after the uninstall.
    expect(
      world.slack
        .messagesIn(`D${BETA.customer.slice(1)}`)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Refund lands in 3 days.');
    expect(await pendingRows(beta.tenant)).toEqual([]);
    expect(world.slack.calls.slice(callsBefore).filter((c) => c.token === acmeToken)).toEqual([]);
    expect(world.crossTenantCalls()).toEqual([]);
  });

  it('forgets a workspace whose bot token is revoked, but not for a revoked user token', async () => {
    const [, beta] = await installBoth();
    await world.revokeTokens(BETA.teamId, { bot: false });
    expect((await installRows()).map((r) => r.installKey)).toContain(`team:${BETA.teamId}`);
    // Still installed: a complaint is filed, its staff card queued but not yet delivered.
    await beta.fileComplaint('The app charged me twice and the refund never came.');
    const pendingBefore = (await pendingRows(beta.tenant)).length;
    expect(pendingBefore).toBeGreaterThan(0);

    await world.revokeTokens(BETA.teamId, { bot: true });

    expect((await installRows()).map((r) => r.installKey)).toEqual([`team:${ACME.teamId}`]);
    const given = await database.db
      .select({ status: outbox.status })
      .from(outbox)
      .where(and(eq(outbox.tenantId, beta.tenant), eq(outbox.lastError, UNINSTALL_REASONS.tokens_revoked)));
    expect(given).toHaveLength(pendingBefore);
    expect(await pendingRows(beta.tenant)).toEqual([]);
  });

  it('gives up a row for a workspace with no installation as "not installed" instead of retrying', async () => {
    const [acme] = await installBoth();
    await world.uninstall(ACME.teamId);

    await enqueue(database.db, {
      key: `after-uninstall:${ACME.teamId}`,
      tenantId: acme.tenant,
      platform: 'slack',
      target: { kind: 'channel', channelId: acme.opaque(ACME.staffChannel) },
      message: { text: 'Anyone there?' },
      purpose: 'digest',
    });

    await world.deliver();

    const [row] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `after-uninstall:${ACME.teamId}`));
    expect(row).toMatchObject({ status: 'dead', lastError: NOT_INSTALLED, attempts: 1 });
  });

  it('ignores a workspace’s events once it is uninstalled: no installation, no answer', async () => {
    const [acme] = await installBoth();
    await world.uninstall(ACME.teamId);
    const callsBefore = world.slack.calls.length;

    await acme.dm(ACME.customer, 'hello?');

    expect(world.slack.calls.slice(callsBefore)).toEqual([]);
  });
});
