/**
 * A customer's files: which may be kept (nothing executable, nothing larger than every platform
 * can re-post), and the ones shared during an intake, held until the complaint they belong to is
 * filed. Only references are held (name, type, size, the platform's handle), never bytes.
 */
import { and, eq } from 'drizzle-orm';
import { adapterState } from '../../db/schema.js';
import { type FileProblem, fileProblem, MAX_FILES_PER_MESSAGE } from '../domain/index.js';
import type { Actor, FileRef } from '../messages.js';
import { clean } from '../text.js';
import type { Complaint } from './repo.js';
import { type Ctx, customerMessage } from './workflow.js';

/**
 * Where an intake's files wait for their complaint: the durable key-value table, keyed by the
 * customer's opaque id so erasing the customer (`forgetCustomer`) erases them too.
 */
export const HELD = 'intake.files';
/** An intake paused longer than this has lost its files' context (the platform links expire too). */
const HELD_FOR_MS = 7 * 24 * 60 * 60 * 1000;

export interface SortedFiles {
  kept: FileRef[];
  refused: { file: FileRef; problem: FileProblem | 'too_many' }[];
}

/**
 * A file's name and type as the outside sent them, made safe to store and show: control characters
 * and broken characters out (Postgres refuses a NUL in jsonb), and a name even when none came.
 */
function cleaned(file: FileRef): FileRef {
  const name = clean(file.name.replace(/[\n\r]/g, ' '), 200).text || 'file';
  return { ...file, name, mimeType: clean(file.mimeType, 200).text || 'application/octet-stream' };
}

/** Splits a message's files into those kept and those refused, with why. */
export function sortFiles(files: readonly FileRef[]): SortedFiles {
  const sorted: SortedFiles = { kept: [], refused: [] };
  for (const file of files.map(cleaned)) {
    const problem = fileProblem(file);
    if (problem) sorted.refused.push({ file, problem });
    else if (sorted.kept.length >= MAX_FILES_PER_MESSAGE) sorted.refused.push({ file, problem: 'too_many' });
    else sorted.kept.push(file);
  }
  return sorted;
}

function isFileRef(value: unknown): value is FileRef {
  if (typeof value !== 'object' || value === null) return false;
  const f: Record<string, unknown> = { ...value };
  return (
    typeof f.name === 'string' &&
    typeof f.mimeType === 'string' &&
    typeof f.size === 'number' &&
    typeof f.ref === 'string' &&
    (f.url === undefined || typeof f.url === 'string')
  );
}

/** The files in a held row's value (anything else in it is dropped). */
export const heldFileRefs = (value: unknown): FileRef[] =>
  Array.isArray(value) ? value.filter(isFileRef) : [];

async function heldFiles(ctx: Ctx, customerId: string): Promise<FileRef[]> {
  const [row] = await ctx.q
    .select({ value: adapterState.value, expiresAt: adapterState.expiresAt })
    .from(adapterState)
    .where(and(eq(adapterState.namespace, HELD), eq(adapterState.key, customerId)));
  if (!row || (row.expiresAt && row.expiresAt <= ctx.now)) return [];
  return heldFileRefs(row.value);
}

/**
 * Keeps files shared during an intake until the complaint is filed (`attachHeldFiles`). A file
 * held already (the same platform handle) is not held twice: an intake step may be redone.
 */
export async function holdFiles(ctx: Ctx, customer: Actor, files: readonly FileRef[]): Promise<void> {
  const held = await heldFiles(ctx, customer.userId);
  const value = [...held, ...files.filter((f) => !held.some((h) => h.ref === f.ref))].map((f) => ({ ...f }));
  const expiresAt = new Date(ctx.now.getTime() + HELD_FOR_MS);
  await ctx.q
    .insert(adapterState)
    .values({ namespace: HELD, key: customer.userId, value, expiresAt, updatedAt: ctx.now })
    .onConflictDoUpdate({
      target: [adapterState.namespace, adapterState.key],
      set: { value, expiresAt, updatedAt: ctx.now },
    });
}

/**
 * Puts an intake's held `files` (read by the caller, still within their time) on the new
 * complaint's timeline and into its card's thread, and lets go of the held row.
 */
export async function attachHeldFiles(
  ctx: Ctx,
  complaint: Complaint,
  customer: Actor,
  files: FileRef[],
): Promise<void> {
  await ctx.q
    .delete(adapterState)
    .where(and(eq(adapterState.namespace, HELD), eq(adapterState.key, customer.userId)));
  if (files.length > 0) await customerMessage(ctx, complaint, customer, '', files);
}
