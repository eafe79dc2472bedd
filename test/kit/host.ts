/**
 * The host adapters get in tests: the real one (`src/host.ts`) around a real core, keeping a list
 * of every event the adapter handed the core and the port it registered, so the contract can
 * check what reached the core without a stand-in for it.
 */
import type { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import type { InboundEvent } from '../../src/messages.js';
import type { AdapterHost, HttpRoutes, PlatformPort } from '../../src/ports.js';

export interface RecordingHost extends AdapterHost {
  /** Every inbound event the adapter handed the core, in order. */
  readonly received: InboundEvent[];
  /** The port the adapter registered (the core has it too). */
  readonly port: PlatformPort | undefined;
  /** Resolves once every event handed to the core so far has been answered (inbox included). */
  idle(): Promise<void>;
}

/**
 * The real host for `hearken`, recording what passes through it into `received` (pass the list of
 * an earlier host to keep one record across a restart).
 */
export function recordingHost(
  hearken: Hearken,
  http: HttpRoutes = new HttpServer(),
  received: InboundEvent[] = [],
): RecordingHost {
  const host = createHost(hearken, http);
  const inFlight = new Set<Promise<unknown>>();
  let port: PlatformPort | undefined;
  return {
    ...host,
    received,
    get port() {
      return port;
    },
    handle(event, signals) {
      received.push(event);
      const answer = host.handle(event, signals);
      inFlight.add(answer);
      void answer.finally(() => inFlight.delete(answer));
      return answer;
    },
    accept(event) {
      received.push(event);
      const stored = host.accept(event);
      inFlight.add(stored);
      void stored.finally(() => inFlight.delete(stored));
      return stored;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      // What was accepted is handled by the inbox workers, and its answer delivered.
      await hearken.inbox.idle();
    },
    registerPlatform(registered) {
      port = registered;
      host.registerPlatform(registered);
    },
  };
}
