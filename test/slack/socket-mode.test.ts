import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN } from '../kit/slack-api.js';
import { inMessage, PEOPLE, readable, SlackWorld } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld | undefined;
const mei = PEOPLE.mei.id;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('Slack in Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects over the WebSocket with the app token at start-up', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    expect(w.slack.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    expect(w.slack.sockets.size).toBe(1);
    expect(w.adapter.health()).toEqual({ status: 'connected' });
  });

  it('takes a DM, a click and a slash command over the socket', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    await w.dm(mei, 'My parcel never arrived and nobody answers.');
    await w.click(mei, inMessage(w.lastDm(mei)), 'A refund');
    const status = await w.command(mei, '/complain', 'status', { channel: 'C0GENERAL' });

    expect(readable(w.lastDm(mei).blocks)).toContain('Here is what I understood');
    expect(status.responses[0]).toMatchObject({ response_type: 'ephemeral' });
  });

  it('disconnects when stopped', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    await w.adapter.stop();

    expect(w.adapter.health()).toMatchObject({ status: 'degraded' });
  });
});
