/**
 * An in-memory implementation of the core's own PlatformPort (not of any SDK): it records what the
 * core sent, shows a message once per idempotency key, and can be told to fail.
 */
import type { MessageRef, OutboundMessage, Platform, Target } from '../../src/messages.js';
import { PermanentDeliveryError, type PlatformPort, type SendOptions } from '../../src/ports.js';

export interface Posted {
  ref: MessageRef;
  target: Target;
  message: OutboundMessage;
  key: string;
  attempts: number[];
  updates: OutboundMessage[];
}

export class MemoryPort implements PlatformPort {
  readonly posted: Posted[] = [];
  readonly calls: { op: 'send' | 'update'; key?: string; attempt?: number }[] = [];
  /** Fail the next N sends with a transient error. */
  failNext = 0;
  /** Users whose DMs are closed: sends to them fail permanently. */
  readonly closedDms = new Set<string>();
  private seq = 0;

  constructor(readonly platform: Platform = 'sandbox') {}

  async send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    this.calls.push({ op: 'send', key: options.idempotencyKey, attempt: options.attempt });
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('platform answered 500');
    }
    if (target.kind === 'user' && this.closedDms.has(target.userId)) {
      throw new PermanentDeliveryError('cannot send messages to this user', 'dm_closed');
    }
    const existing = this.posted.find((p) => p.key === options.idempotencyKey);
    if (existing) {
      existing.attempts.push(options.attempt);
      return existing.ref;
    }
    const channelId =
      target.kind === 'user'
        ? `dm:${target.userId}`
        : target.kind === 'channel'
          ? target.channelId
          : `thread:${target.parent.messageId}`;
    const ref = { platform: this.platform, channelId, messageId: `m${++this.seq}` };
    this.posted.push({
      ref,
      target,
      message,
      key: options.idempotencyKey,
      attempts: [options.attempt],
      updates: [],
    });
    return ref;
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    this.calls.push({ op: 'update' });
    const posted = this.posted.find((p) => p.ref.messageId === ref.messageId);
    if (!posted) throw new PermanentDeliveryError('message not found', 'message_not_found');
    posted.updates.push(message);
  }

  /** The current look of each message (latest update wins). */
  current(p: Posted): OutboundMessage {
    return p.updates.at(-1) ?? p.message;
  }

  dmsTo(userId: string): OutboundMessage[] {
    return this.posted
      .filter((p) => p.target.kind === 'user' && p.target.userId === userId)
      .map((p) => p.message);
  }

  inChannel(channelId: string): Posted[] {
    return this.posted.filter((p) => p.target.kind === 'channel' && p.target.channelId === channelId);
  }

  inThread(messageId: string): OutboundMessage[] {
    return this.posted
      .filter((p) => p.target.kind === 'thread' && p.target.parent.messageId === messageId)
      .map((p) => p.message);
  }
}
