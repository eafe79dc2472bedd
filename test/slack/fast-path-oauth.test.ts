/**
 * The HTTP fast path with OAuth installs: a DM is taken with its own workspace's identity (its
 * bot user keeps the bot's own messages out), found from the installation once per workspace
 * rather than read for every DM; an uninstall forgets it; a workspace without an install is left
 * to Bolt; and while the installation cannot be read Slack gets a 500 (it retries), not a 200
 * for a message nobody stored.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, slackInstallations } from '../../db/schema.js';
import { sequence } from '../kit/shared.js';
import { SlackInstalls } from '../kit/slack-installs.js';
import { dmMessage } from '../kit/slack-payloads.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { withOutage } from '../support/outage.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const COMPLAINT = 'My parcel never arrived and nobody answers my emails.';
const nextRun = sequence('');

/** A fresh workspace id and event ids per test: the file shares one database. */
function names() {
  const run = nextRun();
  return { team: `T0FAST${run}`, customer: `U0CUST${run}`, event: sequence(`Ev0OAUTH${run}X`) };
}

async function stored(team: string): Promise<{ tenant: string; key: string }[]> {
  const rows = await database.db
    .select({ event: inbox.event, key: inbox.dedupeKey })
    .from(inbox)
    .where(eq(inbox.platform, 'slack'));
  return rows.flatMap((row) => {
    const actor = row.event.actor;
    const tenant =
      typeof actor === 'object' && actor !== null && 'tenantId' in actor ? String(actor.tenantId) : '';
    return tenant === `slack:${team}` ? [{ tenant, key: row.key }] : [];
  });
}

async function rowsFor(eventId: string): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(inbox)
    .where(and(eq(inbox.platform, 'slack'), eq(inbox.dedupeKey, `slack:${eventId}`)));
  return row?.n ?? 0;
}

describe('a DM to an OAuth-installed workspace over HTTP', () => {
  it("is stored under its workspace, and that workspace's own bot is not taken for a customer", async () => {
    const world = await SlackInstalls.start(database);
    const { team, customer, event } = names();
    try {
      await world.install(team);
      const bot = world.slack.installOf(team)?.botUserId ?? '';
      const fromCustomer = await world.sender.event(
        dmMessage(customer, COMPLAINT, { team, eventId: event() }),
      );
      const fromBot = await world.sender.event(dmMessage(bot, 'Got it, thanks.', { team, eventId: event() }));
      await world.adapter.idle();

      expect([fromCustomer.status, fromBot.status]).toEqual([200, 200]);
      expect(await stored(team)).toEqual([{ tenant: `slack:${team}`, key: expect.any(String) }]);
    } finally {
      await world.close();
    }
  });

  it('finds the installation once per workspace, not for every DM', async () => {
    const world = await SlackInstalls.start(database);
    const { team, customer, event } = names();
    try {
      await world.install(team);
      const first = event();
      const second = event();
      expect(
        (await world.sender.event(dmMessage(customer, COMPLAINT, { team, eventId: first }))).status,
      ).toBe(200);
      // Gone from the table behind the adapter's back: only a per-request read would notice.
      await database.db.delete(slackInstallations).where(eq(slackInstallations.teamId, team));
      const later = await world.sender.event(
        dmMessage(customer, 'Still nothing.', { team, eventId: second }),
      );
      await world.adapter.idle();

      expect(later.status).toBe(200);
      expect([await rowsFor(first), await rowsFor(second)]).toEqual([1, 1]);
    } finally {
      await world.close();
    }
  });

  it('is not stored after the workspace uninstalled the app', async () => {
    const world = await SlackInstalls.start(database);
    const { team, customer, event } = names();
    try {
      await world.install(team);
      const before = event();
      const after = event();
      await world.sender.event(dmMessage(customer, COMPLAINT, { team, eventId: before }));
      await world.uninstall(team);
      const sent = await world.sender.event(dmMessage(customer, 'Hello?', { team, eventId: after }));
      await world.adapter.idle();

      expect(sent.status).toBe(200);
      expect([await rowsFor(before), await rowsFor(after)]).toEqual([1, 0]);
    } finally {
      await world.close();
    }
  });

  it('from a workspace with no install is acked by Bolt and not stored', async () => {
    const world = await SlackInstalls.start(database);
    const { team, customer, event } = names();
    try {
      const eventId = event();
      const sent = await world.sender.event(dmMessage(customer, COMPLAINT, { team, eventId }));
      await world.adapter.idle();

      expect(sent.status).toBe(200);
      expect(await rowsFor(eventId)).toBe(0);
    } finally {
      await world.close();
    }
  });

  it('gets a 500 while its installation cannot be read, and is stored when Slack delivers it again', async () => {
    const outage = withOutage(database);
    const world = await SlackInstalls.start(outage.database);
    const { team, customer, event } = names();
    try {
      await world.install(team);
      const eventId = event();
      const body = dmMessage(customer, COMPLAINT, { team, eventId });
      outage.down = true;
      const refused = await world.sender.event(body);
      outage.down = false;
      const retried = await world.sender.event(body, { retryNum: 1, retryReason: 'http_error' });
      await world.adapter.idle();

      expect([refused.status, retried.status]).toEqual([500, 200]);
      expect(await rowsFor(eventId)).toBe(1);
    } finally {
      outage.down = false;
      await world.close();
    }
  });
});
