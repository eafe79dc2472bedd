/**
 * A stand-in for the core that records what the adapter hands it and answers with a canned
 * reply: for tests of the adapter alone (normalisation, timing), where the real core's answers
 * would only add noise. It is a whole `AdapterHost`, so the adapter starts exactly as in
 * production; what a stand-in cannot have (a database) fails loudly if the adapter reaches for it.
 */
import type { Database } from '../../db/client.js';
import { HttpServer } from '../../src/http.js';
import { replyKey, replyTarget } from '../../src/inbox/replies.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent, Reply } from '../../src/messages.js';
import { type AdapterHost, type PlatformPort, systemClock } from '../../src/ports.js';
import { MemoryAdapterState } from '../support/memory-state.js';

export interface RecordingCore extends AdapterHost {
  events: InboundEvent[];
  port: PlatformPort | undefined;
  /** What `handle` answers; a function may inspect the event. */
  reply: Reply | ((event: InboundEvent) => Reply);
  /**
   * While set, `handle` waits for it before answering: a core that is slow until the test has seen
   * what it waits for (the adapter's deferred acknowledgement), whatever the machine's speed.
   */
  holdUntil: Promise<unknown> | undefined;
}

export function recordingCore(codes: string[] = ['C-1001', 'C-1002']): RecordingCore {
  const core: RecordingCore = {
    events: [],
    port: undefined,
    reply: { messages: [{ text: 'Noted.' }], ephemeral: true },
    holdUntil: undefined,
    adapterState: new MemoryAdapterState(),
    logger: silentLogger,
    clock: systemClock,
    http: new HttpServer(),
    get database(): Database {
      throw new Error('the recording core has no database: use the real host (test/kit/host.ts)');
    },
    registerPlatform(port) {
      core.port = port;
    },
    async handle(event, signals) {
      core.events.push(event);
      // The stand-in keeps no delivery ids: every event is its own, owned at once.
      signals?.owned?.();
      await core.holdUntil;
      return typeof core.reply === 'function' ? core.reply(event) : core.reply;
    },
    /** Stands in for the inbox and the outbox: the answer goes out through the adapter's port. */
    async accept(event) {
      core.events.push(event);
      // A send the fake refuses (or a story already closed) is the test's to see, not a crash.
      void (async () => {
        await core.holdUntil;
        const reply = typeof core.reply === 'function' ? core.reply(event) : core.reply;
        for (const [index, message] of reply.messages.entries())
          await core.port?.send(replyTarget(event), message, {
            idempotencyKey: replyKey(event, index),
            attempt: 1,
          });
      })().catch(() => undefined);
      return 'accepted';
    },
    async suggestCodes(_actor, prefix) {
      return codes.filter((code) => code.startsWith(prefix.toUpperCase()));
    },
    async access(actor) {
      return { staff: actor.platformAdmin === true, admin: actor.platformAdmin === true };
    },
    async staffGroups() {
      return [];
    },
    async provisionTenant() {},
    async abandonDeliveries() {
      return 0;
    },
    /** One stand-in is one instance: every delivery is its own the first time. */
    claimDelivery: (() => {
      const seen = new Set<string>();
      return async (platform: string, id: string) =>
        !seen.has(`${platform}:${id}`) && Boolean(seen.add(`${platform}:${id}`));
    })(),
  };
  return core;
}

/** Makes `core` hold every answer until `release()`: slow exactly as long as the test needs. */
export function holdCore(core: RecordingCore): { release(): void } {
  let release = (): void => undefined;
  core.holdUntil = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release: () => release() };
}
