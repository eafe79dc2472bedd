/**
 * When a customer's DMs are closed (50007), Discord gives the bot no way to keep them posted in
 * private. After a complaint filed in a server we try a DM receipt; if it bounces we say so in
 * the interaction and offer a private thread in that channel, which later deliveries then use.
 */
import {
  type ButtonInteraction,
  ButtonStyle,
  ChannelType,
  ComponentType,
  MessageFlags,
  type ModalSubmitInteraction,
  Routes,
} from 'discord.js';
import { catalog } from '../../src/i18n/index.js';
import type { Locale, Reply } from '../../src/messages.js';
import { type Logger, PermanentDeliveryError } from '../../src/ports.js';
import { packAction } from './custom-id.js';
import { loggable } from './errors.js';
import * as ids from './ids.js';
import type { DiscordPort, PrivateThreads } from './port.js';
import { renderMessage } from './render.js';
import { toOptions } from './respond.js';

/** The adapter's own button: open a private thread for a customer with closed DMs. */
export const OPEN_THREAD_ACTION = 'discord.thread';

export class ClosedDmFallback {
  constructor(
    private readonly port: DiscordPort,
    private readonly threads: PrivateThreads,
    private readonly logger: Logger,
  ) {}

  /** Sends the first reply as a DM receipt; on closed DMs, tells the customer and offers a thread. */
  async checkAfterComplaint(
    interaction: ModalSubmitInteraction,
    reply: Reply,
    locale: Locale,
  ): Promise<void> {
    const receipt = reply.messages[0];
    const guildId = interaction.guildId;
    if (!receipt || !guildId) return;
    const opaqueUser = ids.userId(guildId, interaction.user.id);
    try {
      await this.port.send({ kind: 'user', userId: opaqueUser }, receipt, {
        idempotencyKey: `discord-receipt:${interaction.id}`,
        attempt: 1,
      });
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError) || error.reason !== 'dm_closed') {
        this.logger.warn({ err: loggable(error) }, 'discord: DM receipt failed');
        return;
      }
      await interaction.followUp({
        content: catalog(locale).discord.dmClosed,
        flags: MessageFlags.Ephemeral,
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: catalog(locale).discord.openThread,
                custom_id: packAction(OPEN_THREAD_ACTION, guildId),
              },
            ],
          },
        ],
      });
    }
  }

  /** Opens a private thread for the customer in the channel they clicked in. */
  async openThread(interaction: ButtonInteraction, locale: Locale): Promise<void> {
    const guildId = interaction.guildId;
    const channel = interaction.channel;
    if (!guildId || !channel) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const parentId = channel.isThread() ? (channel.parentId ?? channel.id) : channel.id;
    const user = interaction.user;
    const thread = (await this.port.rest.post(Routes.threads(parentId), {
      body: {
        name: catalog(locale)
          .discord.threadName(user.globalName ?? user.username)
          .slice(0, 100),
        type: ChannelType.PrivateThread,
        invitable: false,
        auto_archive_duration: 10080,
      },
    })) as { id: string };
    await this.port.rest.put(Routes.threadMembers(thread.id, user.id));
    await this.threads.set(ids.userId(guildId, user.id), thread.id);
    await this.port.post(
      thread.id,
      renderMessage({ text: catalog(locale).discord.threadWelcome(`<@${user.id}>`) }),
      undefined,
      {
        allowed_mentions: { users: [user.id] },
      },
    );
    await interaction.editReply(
      toOptions(renderMessage({ text: catalog(locale).discord.threadOpened(`<#${thread.id}>`) })),
    );
  }
}
