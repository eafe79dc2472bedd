/**
 * Engine throughput on the Postgres server: whole DM intakes through the core (six events each,
 * every one a transaction) at a fixed concurrency, against single-row INSERTs into a table indexed
 * like `complaints`, at the same concurrency and pool size, in the same database.
 */
import { randomUUID } from 'node:crypto';
import { Hearken } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import type { Actor, InboundEvent } from '../src/messages.js';
import type { PlatformPort } from '../src/ports.js';
import { type Figure, figure, ms, now, pool, throwawayDatabase } from './lib.js';

const TENANT = 'sandbox:bench';

const noopPort: PlatformPort = {
  platform: 'sandbox',
  send: async () => ({ platform: 'sandbox', channelId: 'c', messageId: randomUUID() }),
  update: async () => {},
};

function actor(i: number): Actor {
  return {
    platform: 'sandbox',
    tenantId: TENANT,
    userId: `sandbox:bench:u${i}`,
    displayName: `U${i}`,
    locale: 'en',
    roles: [],
  };
}

export async function benchEngine(options: { complaints: number; concurrency: number }): Promise<Figure[]> {
  const db = await throwawayDatabase(options.concurrency);
  try {
    const hearken = new Hearken({ database: db.database, logger: silentLogger });
    hearken.registerPlatform(noopPort);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: 'sandbox:channel:staff' });
    const event = (a: Actor, e: Partial<InboundEvent>) =>
      hearken.handle({ id: randomUUID(), actor: a, place: { kind: 'dm' }, ...e } as InboundEvent);
    let messages = 0;
    let confirmed = 0;
    const started = now();
    await pool(options.complaints, options.concurrency, async (i) => {
      const a = actor(i);
      await event(a, { kind: 'message', text: `My parcel ${i} never arrived and nobody answers my emails.` });
      await event(a, { kind: 'action', action: 'intake.outcome', value: 'refund' });
      await event(a, { kind: 'message', text: `Last Tuesday, order ${88000 + i}` });
      const receipt = await event(a, { kind: 'action', action: 'intake.confirm', value: 'yes' });
      messages += 4;
      if (receipt.messages.some((m) => /C-\d+/.test(m.text ?? ''))) confirmed += 1;
    });
    const seconds = ms(started) / 1000;

    // Baseline: the same number of single-row INSERTs as the engine handled events.
    await db.sql.unsafe('create table bench_raw (like complaints including all)');
    const rows = messages;
    const rawStarted = now();
    await pool(rows, options.concurrency, async (i) => {
      await db.sql`insert into bench_raw (tenant_id, platform, code, customer_id, customer_name, locale, category, severity,
        summary, description, desired_outcome, first_response_due, resolution_due)
        values (${TENANT}, 'sandbox', ${`R-${i}`}, ${`u${i}`}, ${`U${i}`}, 'en', 'delivery', 'high',
        'Parcel never arrived', 'My parcel never arrived and nobody answers my emails.', 'refund', now(), now())`;
    });
    const rawPerSecond = rows / (ms(rawStarted) / 1000);
    const baseline = {
      name: `single-row INSERTs/s, concurrency ${options.concurrency}`,
      value: rawPerSecond,
    };
    const notes = { complaints: options.complaints, confirmed, concurrency: options.concurrency, seconds };
    return [
      figure('engine: intake messages/s', messages / seconds, 'msg/s', baseline, notes),
      figure('engine: confirmed complaints/s', confirmed / seconds, 'cmp/s', baseline, notes),
    ];
  } finally {
    await db.drop();
  }
}
