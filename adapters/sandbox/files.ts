/**
 * The sandbox's file host: it is the platform here, so it keeps the bytes people upload and the
 * files the bot sends (export parts) in `sandbox_files`, and serves them at
 * `/sandbox/files/<id>/<name>`. The core only ever sees references (`sandbox-file:<id>`).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sandboxFiles } from '../../db/schema.js';
import { DatabaseError } from '../../src/errors.js';
import type { FileRef, OutboundMessage } from '../../src/messages.js';

const REF_PREFIX = 'sandbox-file:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Shown in the page itself rather than downloaded: pictures (never HTML or SVG, which could run). */
export const INLINE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Where the page downloads a stored file; undefined for a reference that is not the sandbox's. */
export function fileUrl(file: FileRef): string | undefined {
  if (!file.ref.startsWith(REF_PREFIX)) return undefined;
  const id = file.ref.slice(REF_PREFIX.length);
  return UUID.test(id) ? `/sandbox/files/${id}/${encodeURIComponent(file.name)}` : undefined;
}

export class SandboxFiles {
  constructor(private readonly database: Database) {}

  /** Keeps the bytes; returns the reference the core and the page use. */
  async save(name: string, contentType: string, data: Buffer): Promise<FileRef> {
    const [row] = await this.database.db
      .insert(sandboxFiles)
      .values({ name, contentType, data })
      .returning({ id: sandboxFiles.id });
    if (!row) throw new DatabaseError('E_DB_NO_ROW', 'a sandbox file insert');
    const ref: FileRef = { name, mimeType: contentType, size: data.length, ref: `${REF_PREFIX}${row.id}` };
    return { ...ref, url: fileUrl(ref) ?? '' };
  }

  async get(id: string): Promise<{ name: string; contentType: string; data: Buffer } | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.database.db.select().from(sandboxFiles).where(eq(sandboxFiles.id, id));
    return row;
  }

  /**
   * A message as the sandbox stores it: files the core made (export parts) are kept here and
   * linked, so the stored message stays small; pictures stay inline as before (digest charts).
   */
  async host(message: OutboundMessage): Promise<OutboundMessage> {
    const kept = (message.attachments ?? []).filter((a) => INLINE_TYPES.includes(a.contentType));
    const hosted = (message.attachments ?? []).filter((a) => !INLINE_TYPES.includes(a.contentType));
    if (hosted.length === 0) return message;
    const files = await Promise.all(
      hosted.map((a) => this.save(a.filename, a.contentType, Buffer.from(a.base64, 'base64'))),
    );
    const { attachments: _dropped, ...rest } = message;
    return {
      ...rest,
      ...(kept.length > 0 ? { attachments: kept } : {}),
      files: [...(message.files ?? []), ...files],
    };
  }
}
