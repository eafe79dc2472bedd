/**
 * The adapter contract, written once and run for every platform (Slack here; the Discord suite
 * implements the same driver). Each adapter test file calls `adapterContract()` with a driver
 * that speaks its platform through its fake, against the real core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/messages.js';

/** What a platform's fake world must let the contract do, in neutral terms. */
export interface ContractDriver {
  /** Every inbound event the adapter handed the core, in order. */
  readonly received: readonly InboundEvent[];
  /** A person (platform user id) writes to the bot in a DM; resolves once it is handled. */
  dm(user: string, text: string): Promise<void>;
  /** The platform delivers the last DM again, exactly as it retries (same delivery id). */
  redeliverLastDm(): Promise<void>;
  /** The platform echoes one of the bot's own messages back to it as an event. */
  echoOwnMessage(user: string, text: string): Promise<void>;
  /** The person clicks the button labelled `label` in the bot's last message to them. */
  clickInLastDm(user: string, label: string): Promise<void>;
  /** How many messages the bot has shown this person in their DM. */
  botMessagesTo(user: string): number;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** Platform user id of a customer in the fake world. */
  customer: string;
}

const COMPLAINT = 'My parcel never arrived and nobody answers my emails.';
/** The one question the core asks about the complaint above: what would put it right (English catalog). */
const SUGGESTED = 'A refund';

export function adapterContract(
  platform: string,
  start: () => Promise<ContractDriver>,
  { customer }: ContractOptions,
): void {
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

      await d.echoOwnMessage(customer, 'Thank you for telling us.');

      expect(d.received).toEqual([]);
      expect(d.botMessagesTo(customer)).toBe(0);
    });

    it('a retried event is handled once', async () => {
      const d = await open();
      await d.dm(customer, COMPLAINT);
      const shown = d.botMessagesTo(customer);

      await d.redeliverLastDm();

      expect(shown).toBeGreaterThan(0);
      expect(d.botMessagesTo(customer)).toBe(shown);
      expect(new Set(d.received.map((e) => e.id)).size).toBe(1);
    });

    it('ids round-trip: the same person, tenant and button come back', async () => {
      const d = await open();
      await d.dm(customer, COMPLAINT);

      await d.clickInLastDm(customer, SUGGESTED);

      const [message, click] = d.received;
      expect(message).toMatchObject({ kind: 'message', text: COMPLAINT });
      expect(click).toMatchObject({ kind: 'action', action: 'intake.outcome', value: 'refund' });
      expect(click?.actor.userId).toBe(message?.actor.userId);
      expect(click?.actor.tenantId).toBe(message?.actor.tenantId);
      expect(message?.actor.userId).not.toBe(customer);
    });

    it('a button click reaches the core and its answer reaches the person', async () => {
      const d = await open();
      await d.dm(customer, COMPLAINT);
      const before = d.botMessagesTo(customer);

      await d.clickInLastDm(customer, SUGGESTED);

      expect(d.received.at(-1)?.kind).toBe('action');
      expect(d.botMessagesTo(customer)).toBeGreaterThan(before);
    });
  });
}
