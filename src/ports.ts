/**
 * The ports: the only ways the core reaches the outside world, and the only way adapters reach
 * the core. Adapters `implements PlatformPort`; tests pass fakes of these interfaces, never of SDKs.
 */
import type { z } from 'zod';
import type { Database } from '../db/client.js';
import type { HttpServer } from './http.js';
import type {
  Actor,
  InboundEvent,
  MessageRef,
  OutboundMessage,
  Platform,
  Reply,
  Target,
} from './messages.js';
import type { TenantPatch } from './tenants.js';

export interface SendOptions {
  /**
   * Stable for every attempt at the same outbox row. An adapter must make repeated sends with the
   * same key show at most one message (Discord `nonce` + `enforce_nonce`, Slack message metadata
   * checked on retry, a unique key in the sandbox store).
   */
  idempotencyKey: string;
  /** 1 on the first try; higher when the outbox retries (after a crash or a platform error). */
  attempt: number;
  /**
   * When the outbox row was written: no earlier copy of it can be older, so a retry's lookup
   * (Slack's history) can reach back to this time instead of a fixed number of messages.
   */
  since?: Date;
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
 * The part of `AdapterHost` the core (`Hearken`) implements itself; `src/host.ts` builds the rest
 * around it. `handle` never throws: errors become a kind reply.
 */
/** What the core tells an adapter while it handles an event, before the reply is ready. */
export interface HandleSignals {
  /**
   * Called once the delivery is known to be the first of its id (not a copy another instance
   * owns): from then on the adapter may acknowledge it (Discord's deferral), never before.
   */
  owned?: () => void;
}

export interface CorePort {
  handle(event: InboundEvent, signals?: HandleSignals): Promise<Reply>;
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

/** One gateway connection of a sharded adapter (Discord), for `/healthz`. */
export interface ShardHealth {
  id: number;
  /** The library's word for it: `Ready`, `Connecting`, `Resuming`, `Disconnected`… */
  status: string;
  /** The last heartbeat's round trip, or null before the first. */
  pingMs: number | null;
}

/** How a running adapter is doing, for `/healthz`; a sharded adapter lists each shard it runs. */
export type AdapterHealth = ({ status: 'connected' } | { status: 'degraded'; reason: string }) & {
  shards?: ShardHealth[];
  /** How many shards the whole bot has, over every instance. */
  shardCount?: number;
};

/** What `Adapter.start` returns to `src/main.ts`. */
export interface AdapterHandle {
  /** Connected to the platform (gateway up, Socket Mode connected, HTTP routes mounted), or why not. */
  health(): AdapterHealth;
  /** Stops taking events and finishes the work in flight. Safe to call twice. */
  stop(): Promise<void>;
}

/** What the core decided an actor may do (from the facts on the actor and the tenant's settings). */
export interface Access {
  staff: boolean;
  admin: boolean;
}

/** Where an adapter that serves HTTP adds its routes: Hono routes, or a raw Node listener. */
export type HttpRoutes = Pick<HttpServer, 'app' | 'mount'>;

/**
 * The core as every adapter sees it: the one thing `Adapter.start` is given besides its config.
 * An adapter reports facts (who acted, their platform groups, whether the platform calls them an
 * admin) and renders answers; every decision is made behind these methods.
 */
export interface AdapterHost {
  /** Every platform event as a neutral event; the answer is what to show the actor. Never throws. */
  handle(event: InboundEvent, signals?: HandleSignals): Promise<Reply>;
  /**
   * A customer message that needs no answer within the platform's interactive window: stored in
   * the durable inbox (one INSERT), handled by the inbox workers, answered through the outbox.
   * Acknowledge the platform only after `accepted` or `duplicate`; `unavailable` means nothing
   * was stored (Slack must get a 5xx so it retries). Never throws.
   */
  accept(event: InboundEvent): Promise<'accepted' | 'duplicate' | 'invalid' | 'unavailable'>;
  /**
   * Complaint codes starting with `prefix` that this actor may see, for autocomplete: staff get the
   * workspace's open complaints, anyone else only their own.
   */
  suggestCodes(actor: Actor, prefix: string): Promise<string[]>;
  /** Whether this actor counts as staff and as an admin here: for what an adapter chooses to show. */
  access(actor: Actor): Promise<Access>;
  /**
   * The opaque group ids (roles, user groups, channels) a tenant's staff are drawn from. A platform
   * that cannot list a person's groups cheaply (Slack) checks membership of these only, and reports
   * on the actor the ones the person is in.
   */
  staffGroups(tenantId: string): Promise<string[]>;
  /**
   * True the first time a delivery id is claimed, false for every copy (another instance on the
   * same token, a redelivery): for what an adapter answers itself, without the core (Discord's
   * server picker), so two instances never both answer. Ids share the core's dedupe record.
   */
  claimDelivery(platform: Platform, id: string): Promise<boolean>;
  /** Gives a tenant these settings if it has none yet; an admin's later changes are kept. */
  provisionTenant(tenantId: string, platform: Platform, settings: TenantPatch): Promise<void>;
  /** The adapter's `PlatformPort`: the outbox delivers through it. */
  registerPlatform(port: PlatformPort): void;
  /**
   * The tenant can no longer be reached on this platform (the app was uninstalled, its token
   * revoked): its pending outbox rows go dead with `reason` instead of retrying. Returns how many.
   */
  abandonDeliveries(tenantId: string, platform: Platform, reason: string): Promise<number>;
  /** Where adapters keep what must survive a restart. */
  readonly adapterState: AdapterState;
  /** The app's database, for a platform that lives in it (the sandbox); others never need it. */
  readonly database: Database;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The shared HTTP server on PORT, for adapters that receive webhooks or serve pages. */
  readonly http: HttpRoutes;
}

/**
 * One platform. `src/main.ts` starts every enabled adapter the same way: its slice of the app
 * config is checked with `configSchema`, then `start(host, config)` connects it.
 */
export interface Adapter<Config, Handle extends AdapterHandle = AdapterHandle> {
  readonly name: Platform;
  /** Its slice of the app config (`Config.slack`, `Config.discord`, …), parsed again on start. */
  readonly configSchema: z.ZodType<Config>;
  /** Connects to the platform, registers the port, and resolves once events can arrive. */
  start(host: AdapterHost, config: Config): Promise<Handle>;
}
