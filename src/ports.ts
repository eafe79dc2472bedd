/**
 * The ports: the only ways the core reaches the outside world, and the only way adapters reach
 * the core. Adapters `implements PlatformPort`; tests pass fakes of these interfaces, never of SDKs.
 */
import type {
  Actor,
  InboundEvent,
  MessageRef,
  OutboundMessage,
  Platform,
  Reply,
  Target,
} from './messages.js';

export interface SendOptions {
  /**
   * Stable for every attempt at the same outbox row. An adapter must make repeated sends with the
   * same key show at most one message (Discord `nonce` + `enforce_nonce`, Slack message metadata
   * checked on retry, a unique key in the sandbox store).
   */
  idempotencyKey: string;
  /** 1 on the first try; higher when the outbox retries (after a crash or a platform error). */
  attempt: number;
}

/** Kept here for the adapters that import it with the ports; it lives in the error taxonomy. */
export { PermanentDeliveryError } from './errors.js';

/** What the core needs from a chat platform. */
export interface PlatformPort {
  readonly platform: Platform;
  /** Post a message. Returns where it landed so it can be updated or threaded under later. */
  send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef>;
  /** Replace a message the bot posted earlier (a staff card as the complaint moves). */
  update(ref: MessageRef, message: OutboundMessage): Promise<void>;
}

/** A value the adapter state store keeps: anything `JSON.stringify` round-trips. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A small durable key-value store for state an adapter must not keep only in memory (a customer's
 * pending choice, where to reach them): it lives in the database, so a restart or another
 * instance sees it. Keys are opaque to the core; put the tenant in the key where state is per
 * tenant. `namespace` separates one kind of state from another (`discord.dm-pick`).
 */
export interface AdapterState {
  /** The stored value, or undefined when there is none or it has expired. Check its shape. */
  get(namespace: string, key: string): Promise<unknown>;
  /** Stores (or replaces) a value; with `ttlMs` it is forgotten that long from now. */
  set(namespace: string, key: string, value: JsonValue, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
}

/**
 * What adapters call. Every platform event becomes an `InboundEvent`, the core answers with what
 * to show the actor; `handle` never throws: errors become a kind reply.
 */
export interface CorePort {
  handle(event: InboundEvent): Promise<Reply>;
  /**
   * Complaint codes starting with `prefix` that this actor may see, for autocomplete: staff get the
   * workspace's open complaints, anyone else only their own.
   */
  suggestCodes(actor: Actor, prefix: string): Promise<string[]>;
  /** Where adapters keep what must survive a restart. */
  readonly adapterState: AdapterState;
}

/** Time comes in through here so tests move it instead of waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The subset of pino the core uses; tests may pass `pino({ level: 'silent' })`. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** What each adapter's `start…()` returns to `src/main.ts`. */
export interface RunningAdapter {
  readonly name: string;
  /** True while connected to the platform (gateway up, Socket Mode connected, HTTP mounted). */
  connected(): boolean;
  stop(): Promise<void>;
}
