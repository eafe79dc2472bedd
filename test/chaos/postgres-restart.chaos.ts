/**
 * The Postgres server restarted mid-flow (a failover, a minor upgrade): while it is down the bot
 * answers with errors but stays up; once it is back the bot reconnects and nothing is lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppDatabase, type AppProcess, serverDatabase, startApp } from './support/app.js';
import { createPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { ANA, SandboxClient } from './support/sandbox.js';

const WANG = 'sandbox:demo:wang-fang';

async function health(app: AppProcess): Promise<number> {
  return (await fetch(`${app.base}/healthz`)).status;
}

/** A row the stopped process held comes back this soon (seconds), so the test waits for it briefly. */
const SHORT_LEASE = '2';

describe('the Postgres server restarted mid-flow', () => {
  let server: PrivatePostgres | undefined;
  let database: AppDatabase | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await database?.destroy().catch(() => undefined);
    await server?.destroy();
  });

  it('reports degraded while it is down, reconnects, and loses no answer, complaint or card', async () => {
    server = await createPrivatePostgres();
    database = await serverDatabase(server.url);
    app = await startApp({ ...database.env, INBOX_LEASE_SECONDS: SHORT_LEASE });
    await app.ready();
    const sandbox = new SandboxClient(app.base);
    // Before: one complaint filed (its card in the outbox), one intake half-way.
    await sandbox.say(WANG, '我买的水壶漏水了，底座一直在滴水。');
    await sandbox.click(WANG, 'intake.outcome', 'replacement');
    await sandbox.click(WANG, 'intake.confirm', 'yes');
    await sandbox.say(ANA, 'My parcel never arrived and nobody answers my emails.');

    await server.stop();
    const whileDown = await sandbox.post({
      kind: 'action',
      actorId: ANA,
      conversation: `dm:${ANA}`,
      action: 'intake.outcome',
      value: 'refund',
    });
    expect(whileDown.status).toBeGreaterThanOrEqual(500);
    expect(await health(app)).toBe(503);
    await server.start();

    await vi.waitFor(async () => expect(await health(app!)).toBe(200), {
      timeout: 60_000,
      interval: 250,
    });
    // Her first message was in hand when the server stopped: it waits in the durable inbox and is
    // answered once its lease runs out. She answers the question when she sees it, as a person would.
    const answers = async () =>
      (await sandbox.messages()).filter(
        (m) => m.conversation === `dm:${ANA}` && m.authorId === 'sandbox:bot',
      );
    await vi.waitFor(
      async () => {
        if ((await answers()).length === 0) throw new Error('no answer to her first message yet');
      },
      { timeout: 8_000, interval: 250 },
    );
    await sandbox.click(ANA, 'intake.outcome', 'refund');
    const before = (await answers()).length;
    await sandbox.say(ANA, 'Last Tuesday, order 88231');
    await vi.waitFor(
      async () => {
        if ((await answers()).length <= before) throw new Error('no answer to her details yet');
      },
      { timeout: 5_000, interval: 100 },
    );
    await sandbox.click(ANA, 'intake.confirm', 'yes');

    expect(await sandbox.dmText(ANA)).toContain('C-1002');
    const cards = await vi.waitFor(
      async () => {
        const posted = await sandbox.staffCards();
        if (posted.length < 2) throw new Error(`${posted.length} cards so far`);
        return posted;
      },
      { timeout: 10_000 },
    );
    expect(cards.filter((c) => c.includes('C-1001'))).toHaveLength(1);
    expect(cards.filter((c) => c.includes('C-1002') && c.includes('Delivery'))).toHaveLength(1);
    expect(app.child.exitCode).toBeNull();
  });
});
