/**
 * The shared adapter contract (test/kit/shared-contract.ts) for Slack: signed requests through
 * real Bolt into the real core, the bot's answers read back from the fake Slack Web API.
 */
import { afterAll, beforeAll } from 'vitest';
import { adapterContract, type ContractDriver } from '../kit/shared-contract.js';
import { BOT_USER_ID, type Body } from '../kit/slack-api.js';
import { dmMessage, fixture } from '../kit/slack-payloads.js';
import { inMessage, PEOPLE, readable, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

async function slackDriver(): Promise<ContractDriver> {
  const w = await SlackWorld.start({ database });
  const port = w.host.port;
  if (!port) throw new Error('the Slack adapter registered no port');
  let last: Body | undefined;
  return {
    core: w.hearken,
    port,
    get received() {
      return w.received;
    },
    people: { customer: PEOPLE.mei.id, staff: PEOPLE.ana.id },
    staffChannel: w.opaque(STAFF_CHANNEL),
    async dm(user, text) {
      last = dmMessage(user, text, { team: w.team });
      await w.deliverEvent(last);
      await w.settle();
    },
    async redeliverLastDm() {
      if (!last) throw new Error('no DM to redeliver');
      await w.deliverEvent(last, { retryNum: 1, retryReason: 'http_timeout' });
      await w.settle();
    },
    async echoOwnMessage(user, text) {
      const own = fixture('events/message-im-from-bot.json');
      await w.deliverEvent({
        ...own,
        team_id: w.team,
        event: { ...(own.event as Body), user: BOT_USER_ID, text, channel: w.slack.dmChannelOf(user) },
      });
      await w.settle();
    },
    async clickInLastDm(user, label) {
      await w.click(user, inMessage(w.lastDm(user)), label);
    },
    async fileComplaint(user, description) {
      await w.command(user, '/complain', '');
      await w.submit(user, w.lastModal(), {
        description,
        category: 'delivery',
        impact: 'normal',
        outcome: 'refund',
      });
      await w.deliver();
    },
    async clickOnCard(user, code, label) {
      const card = w.cards().find((c) => readable(c.blocks).includes(code));
      if (!card) throw new Error(`no staff card for ${code}`);
      await w.click(user, inMessage(card), label);
    },
    botMessagesTo: async (user) => w.dmsOf(user).length,
    messagesInStaffChannel: async () => w.slack.messagesIn(STAFF_CHANNEL).length,
    close: () => w.close(),
  };
}

adapterContract('Slack', slackDriver);
