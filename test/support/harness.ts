/** The core wired to a real database and the in-memory port, with helpers that read as a story. */
import { randomUUID } from 'node:crypto';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import { type Actor, type InboundEvent, type Place, type Reply, unmarked } from '../../src/messages.js';
import { ManualClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { MemoryPort } from './memory-port.js';

export const TENANT = 'sandbox:acme';
export const STAFF_CHANNEL = 'sandbox:channel:staff';
export const MANAGER_CHANNEL = 'sandbox:channel:managers';

export function customer(name: string, locale = 'en'): Actor {
  return {
    platform: 'sandbox',
    tenantId: TENANT,
    userId: `sandbox:acme:${name.toLowerCase()}`,
    displayName: name,
    locale,
    roles: [],
  };
}

export function staff(name: string, extra: string[] = []): Actor {
  return { ...customer(name), roles: ['staff', ...extra] };
}

/** A member of the staff team whom the platform reports as a workspace admin. */
export function anAdmin(name: string): Actor {
  return { ...staff(name), platformAdmin: true };
}

/** An inbound event whose id the harness fills in. */
export type Draft = InboundEvent extends infer E
  ? E extends InboundEvent
    ? Omit<E, 'id'> & { id?: string }
    : never
  : never;

export interface Harness {
  database: TestDatabase;
  hearken: Hearken;
  port: MemoryPort;
  clock: ManualClock;
  send(event: Draft): Promise<Reply>;
  dm(actor: Actor, text: string): Promise<Reply>;
  click(actor: Actor, action: string, value?: string, place?: Place): Promise<Reply>;
  command(
    actor: Actor,
    command: 'complain' | 'ticket' | 'hearken',
    text: string,
    place?: Place,
  ): Promise<Reply>;
  submit(actor: Actor, formId: string, values: Record<string, string>, context?: string): Promise<Reply>;
  /** Delivers everything the outbox holds now. */
  deliver(): Promise<number>;
  close(): Promise<void>;
}

export async function createHarness(
  options: { database?: TestDatabase; configure?: boolean } = {},
): Promise<Harness> {
  const database = options.database ?? (await createTestDatabase());
  const clock = new ManualClock();
  const hearken = new Hearken({ database, logger: silentLogger, clock });
  const port = new MemoryPort('sandbox');
  hearken.registerPlatform(port);
  if (options.configure !== false) {
    await hearken.configureTenant(TENANT, 'sandbox', {
      staffChannelId: STAFF_CHANNEL,
      managerChannelId: MANAGER_CHANNEL,
    });
  }
  const send = (event: Draft) => hearken.handle({ id: randomUUID(), ...event } as InboundEvent);
  const staffPlace: Place = { kind: 'channel', channelId: STAFF_CHANNEL };
  return {
    database,
    hearken,
    port,
    clock,
    send,
    dm: (actor, text) => send({ kind: 'message', actor, place: { kind: 'dm' }, text }),
    click: (actor, action, value = '-', place = { kind: 'dm' }) =>
      send({ kind: 'action', actor, place, action, value }),
    command: (actor, command, text, place = staffPlace) =>
      send({ kind: 'command', actor, place, command, text }),
    submit: (actor, formId, values, context) =>
      send({ kind: 'form', actor, place: { kind: 'form' }, formId, values, ...(context ? { context } : {}) }),
    deliver: () => hearken.outbox.drain(),
    close: async () => {
      await hearken.outbox.stop();
      if (!options.database) await database.destroy();
    },
  };
}

/**
 * All text a reply shows, buttons and fields included, for assertions: as a person reads it, so
 * without the marks around people's words (every adapter drops them when it renders).
 */
export function shown(reply: Reply): string {
  const text = reply.messages
    .map((m) =>
      [
        m.title,
        m.text,
        ...(m.fields ?? []).map((f) => `${f.label}: ${f.value}`),
        ...(m.buttons ?? []).map((b) => `[${b.label}]`),
        m.footer,
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n---\n');
  return unmarked(text);
}

export function buttons(reply: Reply) {
  return reply.messages.flatMap((m) => m.buttons ?? []);
}
