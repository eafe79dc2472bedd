/**
 * Resident memory with 10,000 intakes in flight: 10,000 customers have each started a DM intake
 * and not finished it. Conversation state lives in the database, so the process should not grow
 * with it. Baseline: the same process with the core started and no intake yet.
 */
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Hearken } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import type { PlatformPort } from '../src/ports.js';
import { type Figure, figure, pool, throwawayDatabase } from './lib.js';

const port: PlatformPort = {
  platform: 'sandbox',
  send: async () => ({ platform: 'sandbox', channelId: 'c', messageId: randomUUID() }),
  update: async () => {},
};

// `npm run bench` runs plain tsx: expose the collector at run time to measure what is really held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settle(): void {
  gc();
  gc();
}

export async function benchMemory(options: { intakes: number; concurrency: number }): Promise<Figure[]> {
  const db = await throwawayDatabase(options.concurrency);
  try {
    const hearken = new Hearken({ database: db.database, logger: silentLogger });
    hearken.registerPlatform(port);
    await hearken.configureTenant('sandbox:mem', 'sandbox', { staffChannelId: 'sandbox:channel:staff' });
    // Warm every code path once so the baseline includes loaded code, not just an empty heap.
    const start = (i: number) =>
      hearken.handle({
        id: randomUUID(),
        kind: 'message',
        actor: {
          platform: 'sandbox',
          tenantId: 'sandbox:mem',
          userId: `sandbox:mem:u${i}`,
          displayName: `U${i}`,
          locale: 'en',
          roles: [],
        },
        place: { kind: 'dm' },
        text: `My order ${i} arrived broken and I am upset about it.`,
      });
    await pool(50, options.concurrency, (i) => start(options.intakes + i).then(() => undefined));
    settle();
    const before = process.memoryUsage();
    await pool(options.intakes, options.concurrency, (i) => start(i).then(() => undefined));
    settle();
    const after = process.memoryUsage();
    const mb = (n: number) => n / 1024 / 1024;
    return [
      figure(
        `RSS with ${options.intakes} intakes in flight`,
        mb(after.rss),
        'MB',
        { name: 'RSS before the intakes', value: mb(before.rss) },
        {
          heapUsedBeforeMb: Math.round(mb(before.heapUsed)),
          heapUsedAfterMb: Math.round(mb(after.heapUsed)),
        },
      ),
    ];
  } finally {
    await db.drop();
  }
}
