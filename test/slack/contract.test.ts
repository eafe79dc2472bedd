import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID, type Body } from '../kit/slack-api.js';
import { dmMessage, fixture, slashCommand } from '../kit/slack-payloads.js';
import { inMessage, PEOPLE, readable, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { HOUR, ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld;
const mei = PEOPLE.mei.id;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
afterEach(async () => {
  await w.close();
});

const world = async (options: Parameters<typeof SlackWorld.start>[0] = {}) => {
  w = await SlackWorld.start({ database, ...options });
  return w;
};

describe("Slack's contract", () => {
  it('handles a retried event once', async () => {
    await world();
    const body = dmMessage(mei, 'My parcel never arrived.', { team: w.team });

    const first = await w.sender.event(body);
    const retry = await w.sender.event(body, { retryNum: 1, retryReason: 'http_timeout' });
    await w.settle();

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(w.dmsOf(mei)).toHaveLength(2);
    const again = await w.sender.event(body, { retryNum: 2 });
    await w.settle();
    expect(again.status).toBe(200);
    expect(w.dmsOf(mei)).toHaveLength(2);
  });

  it('rejects a request with a bad signature and does nothing with it', async () => {
    await world();

    const forged = await w.sender.event(dmMessage(mei, 'hello', { team: w.team }), {
      secret: 'not-the-secret',
    });
    const stale = await w.sender.event(dmMessage(mei, 'hello', { team: w.team }), {
      timestamp: Math.floor(Date.now() / 1000) - 60 * 60,
    });
    await w.settle();

    expect([forged.status, stale.status]).toEqual([401, 401]);
    expect(w.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('acks a slash command before doing the slow work', async () => {
    await world();
    w.slack.slowDown('users.info', 1_000);
    const name = 'slow-status';

    const acked = await w.sender.command(
      slashCommand({
        command: '/complain',
        text: 'status',
        user: mei,
        responseUrl: w.slack.responseUrl(name),
        team: w.team,
      }),
    );

    expect(acked.status).toBe(200);
    expect(w.responsesTo(name)).toHaveLength(0);
    await w.settle();
    expect(w.responsesTo(name)).toHaveLength(1);
  });

  it("ignores the bot's own messages, other bots and its own edits", async () => {
    await world();
    const own: Body = { ...fixture('events/message-im-from-bot.json'), team_id: w.team };
    const otherBot = dmMessage(mei, 'beep', { team: w.team });
    (otherBot.event as Body).bot_id = 'B0OTHER';
    // The bot changing its own DM (a card or answer updated) is not a customer's edit.
    const edited = fixture('events/message-im-edited.json');
    const changed = edited.event as Body;
    const edit = {
      ...edited,
      team_id: w.team,
      event: {
        ...changed,
        message: { ...(changed.message as Body), user: BOT_USER_ID, bot_id: 'B0HEARKEN' },
      },
    };
    const unknown = { ...fixture('events/reaction-added.json'), team_id: w.team };

    for (const body of [own, otherBot, edit, unknown]) expect((await w.deliverEvent(body)).status).toBe(200);
    await w.settle();

    expect(w.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(own.event).toMatchObject({ user: BOT_USER_ID });
  });

  it('answers a GET on the events path without crashing the server', async () => {
    await world();

    const response = await fetch(w.sender.url);

    expect(response.status).toBe(404);
    expect(w.adapter.health()).toEqual({ status: 'connected' });
  });

  it('never loses a staff card when Slack fails: the outbox retries and the card appears once', async () => {
    const clock = new ManualClock(new Date().toISOString());
    await world({ clock });
    // The first post reaches Slack, but the answer is lost (a 500 after the write).
    w.slack.override('chat.postMessage', (_body, answer) => {
      answer();
      return { error: 'internal_error', status: 500 };
    });
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'Refund promised three weeks ago never arrived.',
      category: 'billing',
      impact: 'high',
      outcome: 'refund',
    });

    await w.deliver();
    clock.advance(HOUR);
    await w.deliver();

    expect(w.cards()).toHaveLength(1);
    expect(w.slack.callsTo('conversations.history').at(-1)?.body).toMatchObject({ channel: STAFF_CHANNEL });
    expect(w.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === STAFF_CHANNEL)).toHaveLength(
      1,
    );
  });
});

describe('rate limits', () => {
  it("leaves a rate limit to the WebClient: it waits Slack's Retry-After and posts the card once", async () => {
    await world({ retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });
    w.slack.rateLimit('chat.postMessage', 1);
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'Overcharged on my last bill.',
      category: 'billing',
      impact: 'normal',
      outcome: 'refund',
    });

    await w.deliver();

    expect(w.cards()).toHaveLength(1);
    expect(w.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === STAFF_CHANNEL)).toHaveLength(
      2,
    );
  });
});

describe('admins in Slack', () => {
  it('set up the staff channel, manager channel and staff group with /hearken setup', async () => {
    await world({ configure: false });
    w.slack.usergroups.set('S0NEWTEAM', [PEOPLE.bo.id]);
    w.slack.channelMembers.set('C0NEWSTAFF', []);

    const setup = await w.command(
      PEOPLE.owner.id,
      '/hearken',
      'setup staff=<#C0NEWSTAFF|support> manager=<#C0BOSSES|leads> group=<!subteam^S0NEWTEAM|@support>',
      { channel: 'C0NEWSTAFF' },
    );

    expect(setup.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    const settings = await w.hearken.tenantSettings(w.tenant);
    expect(settings).toMatchObject({
      staffChannelId: w.opaque('C0NEWSTAFF'),
      managerChannelId: w.opaque('C0BOSSES'),
    });
    expect(settings?.staffRoles).toContain(w.opaque('S0NEWTEAM'));
    const asStaff = await w.command(PEOPLE.bo.id, '/ticket', 'list', { channel: 'C0NEWSTAFF' });
    const asCustomer = await w.command(mei, '/ticket', 'list', { channel: 'C0NEWSTAFF' });
    expect(String(asStaff.responses[0]?.text)).not.toBe(String(asCustomer.responses[0]?.text));
  });

  it('refuse /hearken setup from someone who is not an admin', async () => {
    await world({ configure: false });

    await w.command(PEOPLE.bo.id, '/hearken', 'setup staff=<#C0MINE|mine>', { channel: 'C0MINE' });

    expect((await w.hearken.tenantSettings(w.tenant))?.staffChannelId ?? null).toBeNull();
  });

  it('show staff their queue in the App Home tab, and customers their own complaints', async () => {
    await world();
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'Damaged screen on arrival.',
      category: 'product',
      impact: 'normal',
      outcome: 'replacement',
    });
    await w.deliver();
    await w.click(
      PEOPLE.ana.id,
      inMessage(w.cards()[0] ?? { channel: '', ts: '', blocks: [], text: '', updates: 0 }),
      'Claim',
    );

    await w.openHome(PEOPLE.ana.id);
    await w.openHome(mei);

    const staffHome = w.homeOf(PEOPLE.ana.id);
    const customerHome = w.homeOf(mei);
    expect(readable(staffHome)).toContain('C-1001');
    expect(readable(customerHome)).toContain('C-1001');
    expect(customerHome.length).toBeLessThan(staffHome.length);
  });
});
