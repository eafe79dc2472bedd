/**
 * The boundary check on every inbound event. Adapters are our code, but what they pass on comes
 * from the outside: oversized ids, wrong types and unknown kinds stop here with a kind answer.
 */
import { z } from 'zod';
import { MESSAGE_CHANGES } from './domain/index.js';
import type { InboundEvent } from './messages.js';

const id = z.string().min(1).max(200);
const text = z.string().max(200_000);

const actor = z.object({
  platform: z.enum(['slack', 'discord', 'sandbox']),
  tenantId: id,
  userId: id,
  displayName: z
    .string()
    .max(200)
    .transform((name) => name.trim() || 'there'),
  locale: z.string().max(35).optional(),
  roles: z.array(z.string().max(200)).max(500),
  platformAdmin: z.boolean().optional(),
});

const place = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dm') }),
  z.object({ kind: z.literal('channel'), channelId: id, threadOf: id.optional() }),
  z.object({ kind: z.literal('form') }),
]);

const base = { id, actor, place, raw: z.unknown().optional() };

const messageRef = z.object({
  platform: z.enum(['slack', 'discord', 'sandbox']),
  channelId: id,
  messageId: id,
});

const fileRef = z.object({
  name: z.string().min(1).max(500),
  mimeType: z.string().max(200),
  size: z.number().int().min(0),
  ref: z.string().min(1).max(4000),
  url: z.string().max(4000).optional(),
});

export const inboundSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('message'),
    text,
    files: z.array(fileRef).max(50).optional(),
    change: z.enum(MESSAGE_CHANGES).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('command'),
    command: z.enum(['complain', 'ticket', 'hearken']),
    text,
    mentions: z.record(z.string().max(200), z.string().max(200)).optional(),
    files: z.array(fileRef).max(50).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('action'),
    action: z.string().max(100),
    value: z.string().max(200),
    source: messageRef.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('form'),
    formId: z.string().max(100),
    context: z.string().max(2000).optional(),
    values: z.record(z.string().max(100), z.string().max(200_000)),
  }),
]);

export type ParsedInbound = { ok: true; event: InboundEvent } | { ok: false; problem: string };

export function parseInbound(input: unknown): ParsedInbound {
  const parsed = inboundSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, event: parsed.data as InboundEvent };
}
