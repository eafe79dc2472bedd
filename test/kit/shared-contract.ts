/**
 * The adapter contract, written once and run for every platform (Slack, Discord, the sandbox):
 * each adapter's contract test calls `adapterContract()` with a driver that speaks its platform
 * through the real library and its fake, in front of the real core and database. The checks look
 * at what the core did (its timeline, its outbox, its complaints) and what people saw, so each one
 * fails when the thing it guards is switched off: the core's dedupe, the roles check, the port's
 * idempotency key (see docs/adding-a-platform.md).
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { complaintEvents, complaints, outbox } from '../../db/schema.js';
import type { Hearken } from '../../src/core.js';
import type { InboundEvent } from '../../src/messages.js';
import type { PlatformPort } from '../../src/ports.js';

/** What a platform's fake world must let the contract do, in neutral terms. */
export interface ContractDriver {
  /** The real core behind the adapter: its database shows what the core did. */
  readonly core: Hearken;
  /** The port the adapter registered with the core. */
  readonly port: PlatformPort;
  /** Every inbound event the adapter handed the core, in order (this world's people only). */
  readonly received: readonly InboundEvent[];
  /** Platform ids of two people: a customer, and a member of the staff group or role. */
  readonly people: { customer: string; staff: string };
  /** The staff channel as the core names it (an opaque channel id for a `Target`). */
  readonly staffChannel: string;
  /** A person writes to the bot in a DM; resolves once it is handled. */
  dm(user: string, text: string): Promise<void>;
  /** The platform delivers the last DM again, as it does when it retries (same delivery id). */
  redeliverLastDm(): Promise<void>;
  /** The platform echoes one of the bot's own messages back to it as an event. */
  echoOwnMessage(user: string, text: string): Promise<void>;
  /** The person clicks the button labelled `label` in the bot's last message to them. */
  clickInLastDm(user: string, label: string): Promise<void>;
  /** The person files a complaint the platform's usual way (the command and its form). */
  fileComplaint(user: string, description: string): Promise<void>;
  /** The person clicks the button labelled `label` on the staff card of complaint `code`. */
  clickOnCard(user: string, code: string, label: string): Promise<void>;
  /** How many messages the bot has shown this person in their DM. */
  botMessagesTo(user: string): Promise<number>;
  /** How many messages the staff channel holds. */
  messagesInStaffChannel(): Promise<number>;
  close(): Promise<void>;
}

const COMPLAINT = 'My parcel never arrived and nobody answers my emails.';
/** The one question the core asks about the complaint above: what would put it right (English catalog). */
const SUGGESTED = 'A refund';
const FOLLOW_UP = 'The courier left a note saying it was delivered, but it was not, and I am upset.';

/** The complaint most recently filed by the person who sent the last event the core received. */
async function lastComplaintOf(d: ContractDriver) {
  const actor = d.received.at(-1)?.actor;
  if (!actor) throw new Error('the core received nothing from this person');
  const [row] = await d.core.database.db
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, actor.tenantId), eq(complaints.customerId, actor.userId)))
    .orderBy(desc(complaints.createdAt))
    .limit(1);
  if (!row) throw new Error('no complaint was filed');
  return row;
}

async function complaintById(d: ContractDriver, id: string) {
  const [row] = await d.core.database.db.select().from(complaints).where(eq(complaints.id, id));
  return row;
}

export function adapterContract(platform: string, start: () => Promise<ContractDriver>): void {
  describe(`${platform} adapter contract`, () => {
    let driver: ContractDriver | undefined;
    const open = async () => {
      driver = await start();
      return driver;
    };
    afterEach(async () => {
      await driver?.close();
      driver = undefined;
    });

    it('ignores its own messages', async () => {
      const d = await open();

      await d.echoOwnMessage(d.people.customer, 'Thank you for telling us.');

      expect(d.received).toEqual([]);
      expect(await d.botMessagesTo(d.people.customer)).toBe(0);
    });

    it('a retried delivery is handled once: one reply, one timeline event, one post in the staff thread', async () => {
      const d = await open();
      const { customer } = d.people;
      await d.fileComplaint(customer, COMPLAINT);
      const complaint = await lastComplaintOf(d);
      const before = await d.botMessagesTo(customer);

      await d.dm(customer, FOLLOW_UP);
      await d.redeliverLastDm();
      await d.core.outbox.drain();

      const said = await d.core.database.db
        .select()
        .from(complaintEvents)
        .where(
          and(eq(complaintEvents.complaintId, complaint.id), eq(complaintEvents.type, 'customer_message')),
        );
      const relayed = await d.core.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.complaintId, complaint.id), eq(outbox.purpose, 'customer_message')));
      expect(said).toHaveLength(1);
      expect(relayed).toHaveLength(1);
      expect(await d.botMessagesTo(customer)).toBe(before + 1);
    });

    it('ids round-trip: the same person, tenant and button come back', async () => {
      const d = await open();
      const { customer } = d.people;
      await d.dm(customer, COMPLAINT);

      await d.clickInLastDm(customer, SUGGESTED);

      const [message, click] = d.received;
      expect(message).toMatchObject({ kind: 'message', text: COMPLAINT });
      expect(click).toMatchObject({ kind: 'action', action: 'intake.outcome', value: 'refund' });
      expect(click?.actor.userId).toBe(message?.actor.userId);
      expect(click?.actor.tenantId).toBe(message?.actor.tenantId);
      // Opaque ids the adapter made, named by platform (`slack:T1:U2`), never a bare platform id.
      expect(message?.actor.userId.startsWith(`${message?.actor.platform}:`)).toBe(true);
    });

    it('a button click reaches the core and its answer reaches the person', async () => {
      const d = await open();
      const { customer } = d.people;
      await d.dm(customer, COMPLAINT);
      const before = await d.botMessagesTo(customer);

      await d.clickInLastDm(customer, SUGGESTED);

      expect(d.received.at(-1)?.kind).toBe('action');
      expect(await d.botMessagesTo(customer)).toBeGreaterThan(before);
    });

    it("a staff-only action is refused for a customer, and works for staff (the platform's roles, the core's check)", async () => {
      const d = await open();
      const { customer, staff } = d.people;
      await d.fileComplaint(customer, COMPLAINT);
      const filed = await lastComplaintOf(d);

      await d.clickOnCard(customer, filed.code, 'Claim');
      const afterCustomer = await complaintById(d, filed.id);
      await d.clickOnCard(staff, filed.code, 'Claim');
      const afterStaff = await complaintById(d, filed.id);

      expect(afterCustomer).toMatchObject({ status: 'open', assigneeId: null });
      expect(afterStaff?.status).toBe('claimed');
      expect(afterStaff?.assigneeId).toBe(d.received.at(-1)?.actor.userId);
    });

    it('a repeated outbox send with one idempotency key shows one message', async () => {
      const d = await open();
      const target = { kind: 'channel', channelId: d.staffChannel } as const;
      const before = await d.messagesInStaffChannel();

      const first = await d.port.send(
        target,
        { text: 'New complaint C-9001' },
        { idempotencyKey: 'contract-1', attempt: 1 },
      );
      const again = await d.port.send(
        target,
        { text: 'New complaint C-9001' },
        { idempotencyKey: 'contract-1', attempt: 2 },
      );

      expect(again).toEqual(first);
      expect(await d.messagesInStaffChannel()).toBe(before + 1);
    });
  });
}
