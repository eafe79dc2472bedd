/** The outbox: nothing lost, nothing doubled, whatever the platform or the process does. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import { claimDue, enqueue } from '../../src/outbox/outbox.js';
import { backoff, OUTBOX_DEFAULTS } from '../../src/outbox/worker.js';
import { MINUTE } from '../support/clock.js';
import { createHarness, customer, type Harness, STAFF_CHANNEL, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

const file = (h: Harness, name = 'Ana') =>
  h.submit(customer(name), 'intake.form', {
    description: 'The kettle stopped working after a week.',
    category: 'product',
    impact: 'normal',
    outcome: 'replacement',
  });

describe('outbox delivery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('retries a failing platform with growing delays and delivers once it recovers', async () => {
    await file(h);
    h.port.failNext = 2;
    await h.deliver();
    expect(h.port.inChannel(STAFF_CHANNEL)).toHaveLength(0);
    const [row] = await h.database.db.select().from(outbox).where(eq(outbox.purpose, 'card'));
    expect(row?.attempts).toBe(1);
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(h.clock.now().getTime());

    await h.deliver(); // not due yet: nothing happens
    expect(h.port.calls.filter((c) => c.op === 'send')).toHaveLength(1);

    h.clock.advance(1 * MINUTE);
    await h.deliver();
    h.clock.advance(1 * MINUTE);
    await h.deliver();
    expect(h.port.inChannel(STAFF_CHANNEL)).toHaveLength(1);
    const [sent] = await h.database.db.select().from(outbox).where(eq(outbox.purpose, 'card'));
    expect(sent?.status).toBe('sent');
    expect(sent?.attempts).toBe(3);
  });

  it('a process that dies between sending and marking sends again with the same key, and it shows once', async () => {
    await file(h);
    // The doomed instance leases the row and sends, then dies before marking it sent.
    const [leased] = await claimDue(h.database.db, h.clock.now(), 10, OUTBOX_DEFAULTS.leaseMs, ['sandbox']);
    expect(leased?.purpose).toBe('card');
    await h.port.send(
      { kind: 'channel', channelId: STAFF_CHANNEL },
      { text: 'card' },
      { idempotencyKey: leased?.idempotencyKey ?? '', attempt: 1 },
    );

    await h.deliver(); // the lease still holds: a live instance does not steal it
    expect(h.port.calls).toHaveLength(1);

    h.clock.advance(OUTBOX_DEFAULTS.leaseMs + 1);
    await h.deliver();
    const cards = h.port.inChannel(STAFF_CHANNEL);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.attempts).toEqual([1, 2]);
  });

  it('gives up on a customer whose DMs are closed and tells the staff thread', async () => {
    await file(h, 'Bea');
    await h.deliver();
    h.port.closedDms.add(customer('Bea').userId);
    await h.command(customer('Cy', 'en'), 'ticket', 'noop'); // unrelated noise must not matter
    const staffer = { ...customer('Dan'), roles: ['staff'] };
    await h.command(staffer, 'ticket', 'reply C-1001 We are sending a new kettle today.');
    await h.deliver();
    const [card] = h.port.inChannel(STAFF_CHANNEL);
    const thread = h.port.inThread(card?.ref.messageId ?? '').map((m) => m.text);
    expect(thread.some((t) => t.includes('could not reach the customer (dm_closed)'))).toBe(true);
    const [dead] = await h.database.db.select().from(outbox).where(eq(outbox.purpose, 'customer_reply'));
    expect(dead?.status).toBe('dead');
  });

  it('holds the card until the staff channel is set up, then posts it', async () => {
    const bare = await createHarness({ configure: false });
    await file(bare);
    await bare.deliver();
    expect(bare.port.posted).toHaveLength(0);
    await bare.hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    bare.clock.advance(OUTBOX_DEFAULTS.waitDelayMs);
    await bare.deliver();
    expect(bare.port.inChannel(STAFF_CHANNEL)).toHaveLength(1);
    const [row] = await bare.database.db.select().from(outbox).where(eq(outbox.purpose, 'card'));
    expect(row?.attempts).toBe(1);
    await bare.close();
  });
});

describe('outbox on instances that run different platforms', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it("each instance claims only its own platforms' rows, so neither delays the other's", async () => {
    // Instance d runs Discord only; the harness's instance runs the sandbox only. One database.
    const d = new Hearken({ database: h.database, logger: silentLogger, clock: h.clock });
    const discord = new MemoryPort('discord');
    d.registerPlatform(discord);
    await h.database.db.transaction(async (tx) => {
      for (const [platform, channelId] of [
        ['discord', 'discord:111111111111111'],
        ['sandbox', STAFF_CHANNEL],
      ] as const)
        await enqueue(tx, {
          key: `hello:${platform}`,
          tenantId: TENANT,
          platform,
          target: { kind: 'channel', channelId },
          message: { text: `Hello from ${platform}` },
          purpose: 'thread',
        });
    });

    await h.deliver();

    const rows = await h.database.db.select().from(outbox);
    const discordRow = rows.find((r) => r.platform === 'discord');
    expect(rows.find((r) => r.platform === 'sandbox')?.status).toBe('sent');
    expect([discordRow?.status, discordRow?.attempts, discordRow?.lastError]).toEqual(['pending', 0, null]);
    await d.outbox.drain();
    expect(discord.posted.map((p) => p.message.text)).toEqual(['Hello from discord']);
    expect(h.port.posted.map((p) => p.message.text)).toEqual(['Hello from sandbox']);
  });
});

describe('outbox backoff', () => {
  it('backs off exponentially up to a ceiling', () => {
    const options = { ...OUTBOX_DEFAULTS };
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((n) => backoff(n, options, noJitter))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoff(30, options, noJitter)).toBe(options.maxDelayMs);
  });
});
