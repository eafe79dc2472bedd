/** SIGKILL mid-intake: no shutdown runs, yet a restarted process carries the conversation on. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppDatabase, type AppProcess, appDatabase, startApp } from './support/app.js';
import { ANA, SandboxClient } from './support/sandbox.js';

/** A row the stopped process held comes back this soon (seconds), so the test waits for it briefly. */
const SHORT_LEASE = '2';

describe('the process killed mid-intake', () => {
  let database: AppDatabase | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await database?.destroy();
  });

  it('resumes the intake after SIGKILL and a restart, and files it once with its card', async () => {
    database = await appDatabase();
    app = await startApp({ ...database.env, INBOX_LEASE_SECONDS: SHORT_LEASE });
    await app.ready();
    let sandbox = new SandboxClient(app.base);
    await sandbox.say(ANA, 'My parcel never arrived and nobody answers my emails.');
    // Killed while the answer is on its way: it may or may not have been committed.
    const inFlight = sandbox.click(ANA, 'intake.outcome', 'refund').catch(() => 'lost');
    const killed = await app.stop('SIGKILL');
    await inFlight;
    expect(killed.signal).toBe('SIGKILL');

    app = await startApp({ ...database.env, INBOX_LEASE_SECONDS: SHORT_LEASE });
    await app.ready();
    sandbox = new SandboxClient(app.base);
    // The first message is in the durable inbox: if the killed process had it in hand, the new one
    // takes it once that lease runs out, and the customer sees the bot's answer as they would.
    await vi.waitFor(
      async () => {
        const fromBot = (await sandbox.messages()).filter(
          (m) => m.conversation === `dm:${ANA}` && m.authorId === 'sandbox:bot',
        );
        if (fromBot.length === 0) throw new Error('no answer to the first message yet');
      },
      { timeout: 8_000, interval: 250 },
    );
    // Answering the outcome again is harmless whether or not the killed request landed.
    await sandbox.click(ANA, 'intake.outcome', 'refund');
    await sandbox.say(ANA, 'Last Tuesday, order 88231');
    await sandbox.click(ANA, 'intake.confirm', 'yes');

    const dm = await sandbox.dmText(ANA);
    expect(dm).toContain('order 88231');
    expect(dm).toContain('C-1001');
    expect(dm).not.toContain('C-1002');
    const cards = await vi.waitFor(
      async () => {
        const posted = await sandbox.staffCards();
        if (posted.length === 0) throw new Error('no card yet');
        return posted;
      },
      { timeout: 10_000 },
    );
    // The category was chosen before the kill: the card shows it, so the intake was resumed.
    expect(cards.filter((c) => c.includes('C-1001') && c.includes('Delivery'))).toHaveLength(1);
  });
});
