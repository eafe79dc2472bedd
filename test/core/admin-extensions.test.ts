/**
 * `/hearken` subcommands registered by other modules (`onAdminCommand`, as the digest does) run
 * like action extensions: after the core has recorded the delivery and checked the admin, outside
 * its transaction, so they can use the database themselves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminCommandHandler } from '../../src/core.js';
import type { Actor } from '../../src/messages.js';
import { getTenant } from '../../src/tenants.js';
import { anAdmin, createHarness, customer, type Harness, shown } from '../support/harness.js';

const mei = anAdmin('Mei');
/** An admin of a workspace Hearken has never heard from. */
const newcomer: Actor = { ...anAdmin('Noor'), tenantId: 'sandbox:newco' };

describe('admin command extensions', () => {
  let h: Harness;
  let runs: number;
  beforeEach(async () => {
    h = await createHarness();
    runs = 0;
    /** `/hearken zone`: reads the tenant's settings through the database, as an extension would. */
    const zone: AdminCommandHandler = async (event, _args, ctx) => {
      runs++;
      const tenant = await getTenant(ctx.database.db, event.actor.tenantId);
      return { messages: [{ text: `Time zone: ${tenant?.timeZone ?? 'unknown'}` }], ephemeral: true };
    };
    h.hearken.onAdminCommand('zone', zone);
  });
  afterEach(() => h.close());

  it('runs outside the core’s transaction, so it can read the database, even on a tenant’s first contact', async () => {
    const reply = await h.command(newcomer, 'hearken', 'zone');

    expect(shown(reply)).toBe('Time zone: UTC');
  });

  it('runs once when the platform delivers the same command twice', async () => {
    const event = {
      id: 'slack-retry-Cmd42',
      kind: 'command' as const,
      actor: mei,
      place: { kind: 'channel' as const, channelId: 'sandbox:channel:staff' },
      command: 'hearken' as const,
      text: 'zone',
    };

    const first = await h.hearken.handle(event);
    const retry = await h.hearken.handle(event);

    expect(shown(first)).toBe('Time zone: UTC');
    expect(retry.messages).toEqual([]);
    expect(runs).toBe(1);
  });

  it('is refused to someone who is not an admin', async () => {
    const reply = await h.command(customer('Ana'), 'hearken', 'zone');

    expect(shown(reply)).toContain('admin');
    expect(runs).toBe(0);
  });
});
