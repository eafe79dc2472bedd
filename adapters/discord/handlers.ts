/**
 * The event flow: a discord.js message or interaction is parsed, given its tenant, handed to the
 * core, and the core's reply is shown where the person is. No business rule lives here.
 */
import type { Interaction, Message, RepliableInteraction, StringSelectMenuInteraction } from 'discord.js';
import { catalog, localeOf } from '../../src/i18n/index.js';
import type { Locale, OutboundMessage, Reply } from '../../src/messages.js';
import type { AdapterHost, Logger } from '../../src/ports.js';
import { declaredAnswer } from './commands.js';
import { loggable } from './errors.js';
import { type ClosedDmFallback, OPEN_THREAD_ACTION } from './fallback.js';
import {
  actorOf,
  type Parsed,
  parseInteraction,
  parseMessage,
  type TenantView,
  toInbound,
} from './normalise.js';
import type { DiscordPort } from './port.js';
import { renderMessage, renderMessageParts, renderModal } from './render.js';
import { acknowledgeThenAnswer, answer, failedReply, toOptions } from './respond.js';
import type { DmTenancy } from './tenancy.js';
import type { WaitingDms } from './waiting.js';
import type { InteractionWebhooks } from './webhooks.js';

/** The adapter's own select in DMs: which guild a complaint is for. */
export const PICK_TENANT_ACTION = 'discord.tenant';

type Forwardable = Extract<Parsed, { id: string }>;

export interface HandlerDeps {
  core: Pick<AdapterHost, 'handle' | 'accept' | 'suggestCodes' | 'claimDelivery'>;
  waiting: WaitingDms;
  port: DiscordPort;
  tenancy: DmTenancy;
  fallback: ClosedDmFallback;
  logger: Logger;
  deferAfterMs: number;
  webhooks: InteractionWebhooks;
}

/** A DM comes without a locale: its words decide (any Han character reads as Chinese). */
const localeOfWords = (text: string): Locale => (/[\u4e00-\u9fff]/.test(text) ? 'zh-CN' : 'en');

export class DiscordHandlers {
  constructor(private readonly deps: HandlerDeps) {}

  /** A DM: start or continue the intake with the core. */
  async onMessage(message: Message): Promise<void> {
    const parsed = parseMessage(message);
    if (parsed.kind !== 'message') {
      this.deps.logger.debug(
        { reason: parsed.kind === 'unsupported' ? parsed.reason : parsed.kind },
        'discord: message ignored',
      );
      return;
    }
    const locale = localeOfWords(parsed.text);
    // Stored in the inbox before anything else; while the database is down it waits in memory.
    await this.deps.waiting.submit({
      channelId: message.channelId,
      locale,
      store: () => this.storeDm(parsed, locale, message.channelId),
    });
  }

  /**
   * A DM into the core's inbox once its tenant is known (the answer comes through the outbox);
   * our own question or notice when it is not. False when the database cannot take it yet.
   */
  private async storeDm(parsed: Forwardable, locale: Locale, channelId: string): Promise<boolean> {
    const guildId = parsed.who.guildId;
    const resolution = guildId
      ? ({ kind: 'one', view: { guildId } } as const)
      : await this.deps.tenancy
          .resolve(parsed.who.discordUserId)
          .then((r) => (r.kind === 'one' ? ({ kind: 'one', view: r.guild.view } as const) : r));
    if (resolution.kind === 'one') {
      const outcome = await this.deps.core.accept(toInbound(parsed, resolution.view));
      return outcome !== 'unavailable';
    }
    const reply = await this.resolveAndHandle(parsed, locale);
    await this.postAll(channelId, reply.messages);
    return true;
  }

  /** Tells a customer whose DM waits for the database (directly: the database is what is down). */
  async tell(channelId: string, locale: Locale, what: 'moment' | 'full'): Promise<void> {
    await this.postAll(channelId, [{ text: catalog(locale).inbox[what] }]);
  }

  async onInteraction(interaction: Interaction): Promise<void> {
    const parsed = parseInteraction(interaction);
    if (parsed.kind === 'unsupported') {
      this.deps.logger.debug({ reason: parsed.reason }, 'discord: interaction ignored');
      // An old or foreign button still deserves an answer, or Discord shows "interaction failed".
      if (interaction.isMessageComponent())
        await interaction
          .deferUpdate()
          .catch((error: unknown) =>
            this.deps.logger.warn(
              { err: loggable(error) },
              'discord: could not acknowledge an ignored interaction',
            ),
          );
      return;
    }
    if (parsed.kind === 'autocomplete') {
      if (!interaction.isAutocomplete()) return;
      const guildId = parsed.who.guildId;
      // The core decides what this person may see: staff the open queue, a customer their own.
      const codes =
        guildId && parsed.option === 'code'
          ? await this.deps.core.suggestCodes(actorOf(parsed.who, { guildId }), parsed.typed)
          : [];
      await interaction.respond(codes.slice(0, 25).map((code) => ({ name: code, value: code })));
      return;
    }
    if (!interaction.isRepliable()) return;
    const locale = localeOf(parsed.who.locale);
    if (
      parsed.kind === 'action' &&
      parsed.action === PICK_TENANT_ACTION &&
      interaction.isStringSelectMenu()
    ) {
      await this.onTenantPicked(interaction, parsed, locale);
      return;
    }
    if (parsed.kind === 'action' && parsed.action === OPEN_THREAD_ACTION && interaction.isButton()) {
      await this.deps.fallback.openThread(interaction, locale);
      return;
    }
    await this.forward(interaction, parsed, locale);
  }

  private async forward(interaction: RepliableInteraction, parsed: Forwardable, locale: Locale) {
    // No form can follow: acknowledge before the core runs instead of after its commit. `owned`:
    // only the instance whose core claimed the delivery edits its answer in.
    const declared = parsed.kind === 'command' ? declaredAnswer(parsed.command, parsed.text) : undefined;
    if (declared?.form === 'never') {
      await acknowledgeThenAnswer(interaction, (owned) => this.resolveAndHandle(parsed, locale, owned), {
        private: declared.seen === 'private',
        locale,
        logger: this.deps.logger,
        webhooks: this.deps.webhooks,
      });
      return;
    }
    const origin = {
      complainInGuild:
        parsed.kind === 'command' && parsed.command === 'complain' && Boolean(parsed.who.guildId),
    };
    // Finding a DM's guild can take a few look-ups: it runs inside the 3-second budget `answer` keeps.
    // `owned`: the core says this is no copy another instance answers; only then may we defer.
    let markOwned = () => {};
    const owned = new Promise<void>((resolve) => {
      markOwned = resolve;
    });
    const reply = await answer(interaction, this.resolveAndHandle(parsed, locale, markOwned), {
      owned,
      deferAfterMs: this.deps.deferAfterMs,
      locale,
      origin,
      logger: this.deps.logger,
      webhooks: this.deps.webhooks,
    });
    if (reply && parsed.kind === 'form' && parsed.origin.complainInGuild && interaction.isModalSubmit()) {
      await this.deps.fallback.checkAfterComplaint(interaction, reply, locale);
    }
  }

  private async handle(
    parsed: Forwardable,
    tenant: TenantView,
    locale: Locale,
    owned?: () => void,
  ): Promise<Reply> {
    try {
      return await this.deps.core.handle(toInbound(parsed, tenant), owned ? { owned } : {});
    } catch (error) {
      // The core promises never to throw; if it does anyway, the person still gets an answer.
      this.deps.logger.error({ err: loggable(error) }, 'discord: core.handle threw');
      return failedReply(locale);
    }
  }

  /** The core's reply to an event, once its tenant is known; or our question when it is not. */
  private async resolveAndHandle(
    parsed: Forwardable,
    locale: Locale,
    owned: () => void = () => {},
  ): Promise<Reply> {
    if (parsed.who.guildId) return this.handle(parsed, { guildId: parsed.who.guildId }, locale, owned);
    const resolution = await this.deps.tenancy.resolve(parsed.who.discordUserId);
    if (resolution.kind === 'one') return this.handle(parsed, resolution.guild.view, locale, owned);
    // Our own answer (no server, or which one?): claimed here, so a second instance on the
    // same token neither posts a second picker nor answers the interaction.
    if (!(await this.deps.core.claimDelivery('discord', `adapter-answer:${parsed.id}`)))
      return { messages: [], ephemeral: true, duplicate: true };
    owned();
    if (resolution.kind === 'none')
      return { messages: [{ text: catalog(locale).discord.noServer }], ephemeral: false };
    await this.deps.tenancy.hold(parsed.who.discordUserId, parsed);
    const ask: OutboundMessage = {
      text: catalog(locale).discord.chooseServer,
      choices: {
        action: PICK_TENANT_ACTION,
        placeholder: catalog(locale).discord.chooseServerPlaceholder,
        options: resolution.guilds.map((g) => ({ value: g.guildId, label: g.name })),
      },
    };
    return { messages: [ask], ephemeral: false };
  }

  /**
   * The customer picked a server in a DM. The event that made us ask goes to the core now; if it
   * was /complain, its form opens in answer to this pick (a click may open a modal).
   */
  private async onTenantPicked(
    interaction: StringSelectMenuInteraction,
    parsed: Extract<Parsed, { kind: 'action' }>,
    locale: Locale,
  ) {
    // Handled here, not by the core: a copy on another instance must not answer it ("pick again").
    if (!(await this.deps.core.claimDelivery('discord', parsed.id))) return;
    const shared = await this.deps.tenancy.pick(parsed.who.discordUserId, parsed.value);
    const held = shared ? await this.deps.tenancy.release(parsed.who.discordUserId) : undefined;
    const reply = shared && held ? await this.handle(held, shared.view, locale) : undefined;
    if (reply?.form) {
      await interaction.showModal(renderModal(reply.form, { complainInGuild: false }));
      return;
    }
    const text = !shared
      ? catalog(locale).discord.noServer
      : held
        ? catalog(locale).discord.pickedServer(shared.name)
        : catalog(locale).discord.pickAgain;
    await interaction.update({ ...toOptions(renderMessage({ text })), components: [] });
    if (reply) await this.postAll(interaction.channelId, reply.messages);
  }

  /** Posts messages in order into a DM channel (replies to DMs are plain messages there). */
  private async postAll(channelId: string, messages: OutboundMessage[]): Promise<void> {
    // A message too long for one Discord message goes as several, in order.
    for (const rendered of messages.flatMap((message) => renderMessageParts(message))) {
      try {
        await this.deps.port.post(channelId, rendered);
      } catch (error) {
        this.deps.logger.warn({ err: loggable(error) }, 'discord: could not answer in a DM');
        return;
      }
    }
  }
}
