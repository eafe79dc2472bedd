/** Neutral types the adapter uses, re-exported in one place, and the slice of the core it needs. */
import type { Actor, CommandEvent, InboundEvent, OutboundMessage, Reply } from '../../src/messages.js';
import type { PlatformPort } from '../../src/ports.js';
import type { StaffRolesSource } from './actors.js';

export type { Actor, CommandEvent, InboundEvent, OutboundMessage, Reply };

export interface CorePortLike {
  handle(event: InboundEvent): Promise<Reply>;
}

/** What the Slack adapter uses of `Hearken` (a narrow slice, so tests could pass a stub). */
export interface SlackCore extends CorePortLike, StaffRolesSource {
  registerPlatform(port: PlatformPort): void;
}
