/**
 * An export as files (a CSV of the complaints, an HTML transcript for each), bundled as ZIP
 * archives when there is more than one file, split into parts that each stay within
 * `EXPORT_PART_BYTES`: below the smallest upload limit of the platforms (Discord's 10 MiB), so
 * every part can be uploaded anywhere, whatever the export's size.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Catalog } from '../i18n/en.js';
import type { Attachment } from '../messages.js';
import { csvRow } from './csv.js';
import type { ExportData } from './data.js';
import { transcriptHtml } from './html.js';
import { EMPTY_ZIP_BYTES, entryBytes, MAX_ZIP_ENTRIES, type PackedEntry, packEntry, zip } from './zip.js';

/** Each part's most bytes: Discord's default 10 MiB upload limit, less room for the request. */
export const EXPORT_PART_BYTES = 8 * 1024 * 1024;
/** A CSV longer than this is cut into several (at row boundaries), so each compresses into a part. */
const CSV_CHUNK_BYTES = 4 * 1024 * 1024;

export interface ExportFile {
  name: string;
  contentType: string;
  data: Buffer;
}

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : '');

/** The CSV of the complaints: one row each, headings in the reader's language, times in UTC. */
export function complaintsCsv(t: Catalog, data: ExportData): string[] {
  const c = t.exports.columns;
  const header = csvRow([
    c.code,
    c.status,
    c.severity,
    c.category,
    c.customer,
    c.customerId,
    c.platform,
    c.summary,
    c.description,
    c.outcome,
    c.assignee,
    c.created,
    c.firstResponseDue,
    c.resolutionDue,
    c.resolved,
    c.closed,
    c.rating,
    c.comment,
  ]);
  const chunks: string[] = [];
  let chunk = header;
  let bytes = Buffer.byteLength(header);
  for (const complaint of data.complaints) {
    const survey = (data.surveys.get(complaint.id) ?? []).filter((s) => s.rating !== null).at(-1);
    const line = csvRow([
      complaint.code,
      complaint.status,
      complaint.severity,
      complaint.category,
      complaint.customerName,
      complaint.customerId,
      complaint.platform,
      complaint.summary,
      complaint.description,
      complaint.desiredOutcome,
      complaint.assigneeName,
      iso(complaint.createdAt),
      iso(complaint.firstResponseDue),
      iso(complaint.resolutionDue),
      iso(complaint.resolvedAt),
      iso(complaint.closedAt),
      survey?.rating ?? null,
      survey?.comment ?? null,
    ]);
    const size = Buffer.byteLength(line);
    if (bytes + size > CSV_CHUNK_BYTES && chunk !== header) {
      chunks.push(chunk);
      chunk = header;
      bytes = Buffer.byteLength(header);
    }
    chunk += line;
    bytes += size;
  }
  chunks.push(chunk);
  return chunks;
}

/** How many transcripts are written between pauses that let other work (a Discord ack) run. */
const BATCH = 250;

/** Every file of an export: the CSV (in pieces when long) and a transcript per complaint. */
export async function exportFiles(
  t: Catalog,
  data: ExportData,
  timeZone: string,
  exportedAt: Date,
  baseName: string,
): Promise<ExportFile[]> {
  const csv = complaintsCsv(t, data);
  // A UTF-8 byte order mark, so spreadsheet programs read names in Chinese correctly.
  const bom = '\uFEFF';
  const files: ExportFile[] = csv.map((text, index) => ({
    name: csv.length === 1 ? `${baseName}.csv` : `${baseName}-${index + 1}.csv`,
    contentType: 'text/csv',
    data: Buffer.from(bom + text, 'utf8'),
  }));
  for (const [index, complaint] of data.complaints.entries()) {
    if (index % BATCH === BATCH - 1) await yieldToEventLoop();
    const html = transcriptHtml(
      t,
      complaint,
      data.events.get(complaint.id) ?? [],
      data.surveys.get(complaint.id) ?? [],
      timeZone,
      exportedAt,
    );
    files.push({
      name: `transcripts/${complaint.code}.html`,
      contentType: 'text/html',
      data: Buffer.from(html),
    });
  }
  return files;
}

/**
 * The files as what to upload: one file as it is; several as ZIP archives, as many as needed for
 * each to stay within `partBytes` (entries are never split; one larger than a part goes alone).
 */
export async function bundle(
  files: readonly ExportFile[],
  baseName: string,
  modified: Date,
  partBytes = EXPORT_PART_BYTES,
): Promise<ExportFile[]> {
  const [only] = files;
  if (files.length === 1 && only && only.data.length <= partBytes) return [only];
  const parts: PackedEntry[][] = [];
  let current: PackedEntry[] = [];
  let size = EMPTY_ZIP_BYTES;
  for (const [index, file] of files.entries()) {
    // A pause every batch lets other work run (a Discord interaction must be answered in 3 s).
    if (index % BATCH === BATCH - 1) await yieldToEventLoop();
    const entry = packEntry({ name: file.name, data: file.data });
    const adds = entryBytes(entry);
    if (current.length > 0 && (size + adds > partBytes || current.length >= MAX_ZIP_ENTRIES)) {
      parts.push(current);
      current = [];
      size = EMPTY_ZIP_BYTES;
    }
    current.push(entry);
    size += adds;
  }
  if (current.length > 0) parts.push(current);
  return parts.map((entries, index) => ({
    name: parts.length === 1 ? `${baseName}.zip` : `${baseName}-part${index + 1}-of-${parts.length}.zip`,
    contentType: 'application/zip',
    data: zip(entries, modified),
  }));
}

/** A file as the neutral message's attachment. */
export function asAttachment(file: ExportFile, alt: string): Attachment {
  return { filename: file.name, contentType: file.contentType, base64: file.data.toString('base64'), alt };
}
