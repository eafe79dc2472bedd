import { afterAll, beforeAll } from 'vitest';
import { adapterContract, type ContractDriver } from '../kit/shared-contract.js';
import { BOT_USER_ID, type Body } from '../kit/slack-api.js';
import { dmMessage, fixture } from '../kit/slack-payloads.js';
import { inMessage, PEOPLE, SlackWorld } from '../kit/slack-world.js';
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
  let last: Body | undefined;
  return {
    received: w.received,
    async dm(user, text) {
      last = dmMessage(user, text, { team: w.team });
      await w.deliverEvent(last);
      await w.adapter.idle();
    },
    async redeliverLastDm() {
      if (!last) throw new Error('no DM to redeliver');
      await w.deliverEvent(last, { retryNum: 1, retryReason: 'http_timeout' });
      await w.adapter.idle();
    },
    async echoOwnMessage(user, text) {
      const own = fixture('events/message-im-from-bot.json');
      await w.deliverEvent({
        ...own,
        team_id: w.team,
        event: { ...(own.event as Body), user: BOT_USER_ID, text, channel: w.slack.dmChannelOf(user) },
      });
      await w.adapter.idle();
    },
    async clickInLastDm(user, label) {
      await w.click(user, inMessage(w.lastDm(user)), label);
    },
    botMessagesTo: (user) => w.dmsOf(user).length,
    close: () => w.close(),
  };
}

adapterContract('Slack', slackDriver, { customer: PEOPLE.mei.id });
