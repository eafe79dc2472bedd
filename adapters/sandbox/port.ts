/**
 * The sandbox's `PlatformPort`: the core's sends and updates land in the sandbox store, which
 * pushes them to the page. A retried send with the same idempotency key shows once.
 */
import type { MessageRef, OutboundMessage, Target } from '../../src/messages.js';
import { PermanentDeliveryError, type PlatformPort, type SendOptions } from '../../src/ports.js';
import type { SandboxFiles } from './files.js';
import { channelConversation, dmConversation, type SandboxStore, threadConversation } from './store.js';

/** How the bot appears in the sandbox. */
export const BOT_AUTHOR = { authorId: 'sandbox:bot', authorName: 'Hearken' } as const;

/**
 * DM and thread conversation ids come back to us as a channel id (from a `MessageRef`); they are
 * conversations already.
 */
const CONVERSATION_PREFIXES = ['dm:', 'thread:'];

/** The conversation a core target lands in. */
export function conversationOf(target: Target): string {
  switch (target.kind) {
    case 'user':
      return dmConversation(target.userId);
    case 'channel':
      return CONVERSATION_PREFIXES.some((prefix) => target.channelId.startsWith(prefix))
        ? target.channelId
        : channelConversation(target.channelId);
    case 'thread':
      return threadConversation(target.parent.messageId);
  }
}

/** The ref of a stored message, as the core sees it. */
export function refOf(message: { id: number; conversation: string }): MessageRef {
  return { platform: 'sandbox', channelId: channelIdOf(message.conversation), messageId: String(message.id) };
}

function channelIdOf(conversation: string): string {
  if (conversation.startsWith('channel:')) return conversation.slice('channel:'.length);
  return conversation;
}

export class SandboxPort implements PlatformPort {
  readonly platform = 'sandbox' as const;

  constructor(
    private readonly store: SandboxStore,
    private readonly files?: SandboxFiles,
  ) {}

  /**
   * Files the core made (export parts) are hosted here, as on the direct-reply path: an answer or
   * a relay through the outbox links to them too. A retried send that already landed hosts
   * nothing again.
   */
  async send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    if (this.files && (message.attachments?.length ?? 0) > 0) {
      const earlier = await this.store.byKey(options.idempotencyKey);
      if (earlier) return refOf(earlier);
    }
    const stored = await this.store.insert({
      conversation: conversationOf(target),
      ...BOT_AUTHOR,
      fromBot: true,
      body: await this.hosted(message),
      idempotencyKey: options.idempotencyKey,
    });
    return refOf(stored);
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const updated = await this.store.replace(Number(ref.messageId), await this.hosted(message));
    if (!updated) {
      throw new PermanentDeliveryError(
        `Sandbox message ${ref.messageId} does not exist; it cannot be updated.`,
        'message_not_found',
      );
    }
  }

  private async hosted(message: OutboundMessage): Promise<OutboundMessage> {
    return this.files ? this.files.host(message) : message;
  }
}
