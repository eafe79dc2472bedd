/**
 * Discord and the durable inbox: Discord never delivers a gateway event twice, so a DM that
 * arrives while the database is down waits in memory and is stored once the database is back;
 * the customer is told to give us a moment when the wait is long, then gets the real answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/i18n/index.js';
import { startStory, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { withOutage } from '../support/outage.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const COMPLAINT = 'My order arrived broken and nobody answers my emails.';

describe('a Discord DM while the database is down', () => {
  it('waits, tells the customer once to give us a moment, and is answered after recovery', async () => {
    const outage = withOutage(database);
    const story = await startStory({
      database: outage.database,
      waiting: { capacity: 10, retryMs: 30, noticeAfterMs: 200 },
    });
    const { fake, world } = story;
    const dm = () => fake.messagesIn(fake.dmChannel(world.users.ana).id);
    try {
      outage.down = true;
      fake.dm(world.users.ana, COMPLAINT);
      fake.dm(world.users.ana, 'It was a birthday present.');
      const [notice] = await waitFor(() => dm().length > 0 && dm(), 'the moment notice');
      expect(visibleText(notice as never)).toBe(catalog('en').inbox.moment);

      outage.down = false;
      await waitFor(() => dm().length >= 2 && dm(), 'the answer after recovery');
      await story.adapter.idle();
      await story.host.idle();

      const said = dm().map((m) => visibleText(m));
      // One notice for the two waiting messages, then the intake's answers.
      expect(said.filter((text) => text === catalog('en').inbox.moment)).toHaveLength(1);
      expect(said.slice(1).join('\n')).toMatch(/\?/);
      // Tried again and again while down, stored once each, in the order they were written.
      const tried = story.host.received.filter((e) => e.kind === 'message');
      const stored = [...new Map(tried.map((e) => [e.id, e.kind === 'message' ? e.text : ''])).values()];
      expect(tried.length).toBeGreaterThan(2);
      expect(stored).toEqual([COMPLAINT, 'It was a birthday present.']);
    } finally {
      outage.down = false;
      await story.close();
    }
  });
});
