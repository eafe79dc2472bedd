/** Neutral types the adapter uses, re-exported in one place. */
import type { Actor, CommandEvent, InboundEvent, OutboundMessage, Reply } from '../../src/messages.js';

export type { Actor, CommandEvent, InboundEvent, OutboundMessage, Reply };
