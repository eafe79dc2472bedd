/**
 * What the page sends (typed text, a click, a pick, a form) parsed into a tagged union, turned
 * into the core's neutral inbound event, and the core's reply shown where the person is.
 */
import { z } from 'zod';
import {
  fileProblem,
  MAX_CUSTOMER_FILE_BYTES,
  MAX_FILES_PER_MESSAGE,
  NOTE_MARKERS,
} from '../../src/domain/index.js';
import { PlatformError } from '../../src/errors.js';
import { catalogFor } from '../../src/i18n/index.js';
import {
  type Actor,
  type CommandName,
  type FileRef,
  type InboundEvent,
  type MessageRef,
  type Place,
  type Reply,
  takesInbox,
} from '../../src/messages.js';
import type { AdapterHost } from '../../src/ports.js';
import { MAX_TEXT } from '../../src/text.js';
import { type Directory, type SandboxUser, toActor } from './directory.js';
import type { SandboxFiles } from './files.js';
import { resolveMentions } from './mentions.js';
import { BOT_AUTHOR, refOf } from './port.js';
import { renderForm } from './render.js';
import { dmConversation, type SandboxStore, threadConversation } from './store.js';

/**
 * The most the composer (and each form field) takes in one submission: the core's own bound, so
 * a long complaint arrives whole; longer is refused with the limit named, never cut.
 */
export const COMPOSER_MAX = MAX_TEXT;

const conversationId = z.string().regex(/^(dm|channel|thread):.{1,200}$/);

const common = {
  /** Made by the page for each submission: a retried request carries the same id. */
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  actorId: z.string().min(1).max(200),
  conversation: conversationId,
};

/** A file attached in the composer, as the page reads it (at most the core's 10 MiB, in base64). */
const upload = z.object({
  name: z.string().trim().min(1).max(200),
  contentType: z.string().max(200),
  base64: z.string().max(Math.ceil((MAX_CUSTOMER_FILE_BYTES * 4) / 3) + 4),
});

export const inboundRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...common,
      kind: z.literal('text'),
      text: z.string().trim().max(COMPOSER_MAX),
      files: z.array(upload).max(MAX_FILES_PER_MESSAGE).optional(),
    })
    .refine((request) => request.text.length > 0 || (request.files?.length ?? 0) > 0),
  z.object({
    ...common,
    kind: z.literal('action'),
    action: z.string().min(1).max(40),
    value: z.string().max(200),
    sourceId: z.number().int().positive().optional(),
  }),
  z.object({
    ...common,
    kind: z.literal('form'),
    formId: z.string().min(1).max(100),
    context: z.string().max(3000).optional(),
    values: z.record(z.string(), z.string().max(COMPOSER_MAX)),
  }),
]);

export type InboundRequest = z.infer<typeof inboundRequestSchema>;

/** True when a submission failed only for being longer than the composer takes. */
export function overComposerLimit(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { text, values } = body as { text?: unknown; values?: unknown };
  if (typeof text === 'string' && text.trim().length > COMPOSER_MAX) return true;
  if (typeof values !== 'object' || values === null) return false;
  return Object.values(values).some((value) => typeof value === 'string' && value.length > COMPOSER_MAX);
}

/** True when typed text failed only for being empty (nothing but spaces, and no files). */
export function emptyText(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { kind, text, files } = body as { kind?: unknown; text?: unknown; files?: unknown };
  const noFiles = files === undefined || (Array.isArray(files) && files.length === 0);
  return kind === 'text' && typeof text === 'string' && text.trim().length === 0 && noFiles;
}

/** What the page does after a submission: open a form, or show a hint by the composer. */
export interface InboundResult {
  formHtml?: string;
  notice?: string;
}

const COMMAND = /^\/(complain|ticket|hearken)(?:\s+([\s\S]*))?$/i;

export interface InboundDeps {
  core: Pick<AdapterHost, 'handle' | 'accept' | 'suggestCodes'>;
  store: SandboxStore;
  directory: Directory;
  /** Where uploaded files and the bot's files live (absent: files are not accepted). */
  files?: SandboxFiles;
}

/**
 * The composer's files, kept by the sandbox as a platform would. A program is never stored: the
 * core still hears of it (by name) and refuses it kindly, but there is nothing to download.
 */
async function keepUploads(
  files: SandboxFiles | undefined,
  uploads: Extract<InboundRequest, { kind: 'text' }>['files'],
): Promise<FileRef[]> {
  const kept: FileRef[] = [];
  for (const u of uploads ?? []) {
    const data = Buffer.from(u.base64, 'base64');
    const contentType = u.contentType || 'application/octet-stream';
    const ref = { name: u.name, mimeType: contentType, size: data.length };
    if (files && fileProblem(ref) === undefined) kept.push(await files.save(u.name, contentType, data));
    else kept.push({ ...ref, ref: 'sandbox-file:not-kept' });
  }
  return kept;
}

interface Located {
  place: Place;
  isDm: boolean;
}

async function locate(
  store: SandboxStore,
  conversation: string,
  user: SandboxUser,
): Promise<Located | string> {
  if (conversation.startsWith('dm:')) {
    return conversation === dmConversation(user.userId)
      ? { place: { kind: 'dm' }, isDm: true }
      : catalogFor(user.locale).sandbox.notYourConversation;
  }
  if (conversation.startsWith('channel:')) {
    return { place: { kind: 'channel', channelId: conversation.slice('channel:'.length) }, isDm: false };
  }
  const parentId = conversation.slice('thread:'.length);
  const parent = await store.get(Number(parentId));
  if (!parent) return catalogFor(user.locale).sandbox.unknownMessage;
  if (parent.conversation.startsWith('dm:')) return locate(store, parent.conversation, user);
  const channelId = parent.conversation.slice('channel:'.length);
  return { place: { kind: 'channel', channelId, threadOf: parentId }, isDm: false };
}

type Built = { event: InboundEvent; source?: MessageRef } | { notice: string };

interface Step {
  deps: InboundDeps;
  user: SandboxUser;
  located: Located;
  /** What every inbound event from this submission shares. */
  base: { id: string; actor: Actor; raw: unknown };
  /** Who alone sees what this submission adds to a channel (nobody else's business). */
  visibleTo: string | undefined;
}

/** Typed text: a slash command anywhere, chat only in the person's own DM. */
async function fromText(step: Step, request: Extract<InboundRequest, { kind: 'text' }>): Promise<Built> {
  const { deps, user, located, base, visibleTo } = step;
  const command = COMMAND.exec(request.text);
  const notices = catalogFor(user.locale).sandbox;
  // Words in a card's thread are the team's conversation (relayed or kept by the core, a note
  // marker keeping them internal); elsewhere in a channel only commands reach Hearken.
  const inThread = located.place.kind === 'channel' && located.place.threadOf !== undefined;
  const noteMarked = inThread && NOTE_MARKERS.some((marker) => request.text.startsWith(marker));
  if (!command && !noteMarked && request.text.startsWith('/')) return { notice: notices.unknownCommand };
  if (!command && !located.isDm && !inThread) return { notice: notices.channelNeedsCommand };
  // Files go with a DM message, or with a command (`/ticket reply C-1001 …` with a file attached).
  const files = await keepUploads(deps.files, request.files);
  await deps.store.insert({
    conversation: request.conversation,
    authorId: user.userId,
    authorName: user.name,
    fromBot: false,
    body: { text: request.text, ...(files.length > 0 ? { files } : {}) },
    ...(visibleTo && (command || !inThread) ? { visibleTo } : {}),
    command: Boolean(command),
    idempotencyKey: `inbound:${request.id}`,
  });
  if (!command)
    return {
      event: {
        ...base,
        kind: 'message',
        place: located.place,
        text: request.text,
        ...(files.length > 0 ? { files } : {}),
      },
    };
  const { text, mentions } = resolveMentions((command[2] ?? '').trim(), await deps.directory.list());
  return {
    event: {
      ...base,
      kind: 'command',
      place: located.place,
      command: (command[1] ?? '').toLowerCase() as CommandName,
      text,
      ...(Object.keys(mentions).length > 0 ? { mentions } : {}),
      ...(files.length > 0 ? { files } : {}),
    },
  };
}

/** The clicked message, when the person can see it where they clicked (their view, or the thread's card). */
async function visibleSource(step: Step, conversation: string, sourceId: number | undefined) {
  const message = sourceId ? await step.deps.store.get(sourceId) : undefined;
  if (!message || (message.visibleTo && message.visibleTo !== step.user.userId)) return undefined;
  const here =
    message.conversation === conversation || conversation === threadConversation(String(message.id));
  return here ? refOf(message) : undefined;
}

async function fromAction(step: Step, request: Extract<InboundRequest, { kind: 'action' }>): Promise<Built> {
  const source = await visibleSource(step, request.conversation, request.sourceId);
  const event: InboundEvent = {
    ...step.base,
    kind: 'action',
    place: step.located.place,
    action: request.action,
    value: request.value,
    ...(source ? { source } : {}),
  };
  return source ? { event, source } : { event };
}

function fromForm(step: Step, request: Extract<InboundRequest, { kind: 'form' }>): Built {
  return {
    event: {
      ...step.base,
      kind: 'form',
      place: { kind: 'form' },
      formId: request.formId,
      values: request.values,
      ...(request.context === undefined ? {} : { context: request.context }),
    },
  };
}

/** The inbox could not be written: the page says so (and the person may send it again). */
export class NotStoredError extends PlatformError {
  constructor() {
    super('E_PLATFORM_NOT_STORED', 'a sandbox message (the inbox could not be written)');
  }
}

/** Handles one submission from the page end to end. */
export async function handleInbound(
  deps: InboundDeps,
  request: InboundRequest,
  user: SandboxUser,
): Promise<InboundResult> {
  const located = await locate(deps.store, request.conversation, user);
  if (typeof located === 'string') return { notice: located };
  const step: Step = {
    deps,
    user,
    located,
    // The raw request without the files' bytes: `raw` is for debugging, not a second copy.
    base: {
      id: `sandbox:${request.id}`,
      actor: toActor(user),
      raw: request.kind === 'text' ? { ...request, files: undefined } : request,
    },
    visibleTo: located.isDm ? undefined : user.userId,
  };
  const built =
    request.kind === 'text'
      ? await fromText(step, request)
      : request.kind === 'action'
        ? await fromAction(step, request)
        : fromForm(step, request);
  if ('notice' in built) return { notice: built.notice };

  if (takesInbox(built.event)) {
    // A customer's words go into the core's inbox; the answer reaches the DM through the outbox.
    const outcome = await deps.core.accept(built.event);
    if (outcome === 'unavailable') throw new NotStoredError();
    return {};
  }
  const handled = await deps.core.handle(built.event);
  // A repeated request (a double submit, a retried POST): the first one's answer stands.
  if (handled.duplicate) return {};
  const reply = deps.files
    ? { ...handled, messages: await Promise.all(handled.messages.map((m) => deps.files?.host(m) ?? m)) }
    : handled;
  await showReply(deps.store, reply, {
    conversation: request.conversation,
    visibleTo: step.visibleTo,
    requestId: request.id,
    source: built.source,
  });
  // The sandbox's reaction on a staff message in a card thread: a hint by the composer.
  if (reply.react) return { notice: catalogFor(user.locale).threads.reacted[reply.react] };
  return reply.form ? { formHtml: renderForm(reply.form) } : {};
}

async function showReply(
  store: SandboxStore,
  reply: Reply,
  where: {
    conversation: string;
    visibleTo: string | undefined;
    requestId: string;
    source: MessageRef | undefined;
  },
): Promise<void> {
  if (reply.replaceSource && where.source)
    await store.replace(Number(where.source.messageId), reply.replaceSource);
  const visibleTo = reply.ephemeral ? where.visibleTo : undefined;
  for (const [index, body] of reply.messages.entries()) {
    await store.insert({
      conversation: where.conversation,
      ...BOT_AUTHOR,
      fromBot: true,
      body,
      ...(visibleTo ? { visibleTo } : {}),
      idempotencyKey: `reply:${where.requestId}:${index}`,
    });
  }
}
