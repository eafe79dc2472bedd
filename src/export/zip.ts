/**
 * A small, correct ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate, central directory,
 * end record) for export bundles, so no archive library is needed. UTF-8 names (flag bit 11).
 * No ZIP64: a bundle holds at most 65,535 entries and stays far below 4 GiB (exports are split
 * into parts that fit a platform's upload limit long before).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { InternalError } from '../errors.js';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** An entry compressed once, so a bundler can measure it before choosing its part. */
export interface PackedEntry {
  name: Buffer;
  crc: number;
  size: number;
  compressed: Buffer;
  /** Deflate, or stored when deflate would not make it smaller. */
  method: 0 | 8;
}

export const MAX_ZIP_ENTRIES = 65_535;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

/**
 * Compresses one entry. Synchronous on purpose: for thousands of small transcripts one call each
 * on the thread pool costs several times more; callers pause between batches instead.
 */
export function packEntry(entry: ZipEntry): PackedEntry {
  const deflated = deflateRawSync(entry.data, { level: 6 });
  const stored = deflated.length >= entry.data.length;
  return {
    name: Buffer.from(entry.name, 'utf8'),
    crc: crc32(entry.data) >>> 0,
    size: entry.data.length,
    compressed: stored ? entry.data : deflated,
    method: stored ? 0 : 8,
  };
}

/** The bytes an entry adds to an archive: its local header and data, and its central record. */
export function entryBytes(entry: PackedEntry): number {
  return LOCAL_HEADER + CENTRAL_HEADER + 2 * entry.name.length + entry.compressed.length;
}

/** The bytes of an archive holding nothing (its end record). */
export const EMPTY_ZIP_BYTES = END_RECORD;

/** MS-DOS date and time, as ZIP keeps them (local time of the writer is not ours: UTC). */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** The archive of these entries, written at `modified`. */
export function zip(entries: readonly PackedEntry[], modified: Date): Buffer {
  if (entries.length > MAX_ZIP_ENTRIES)
    throw new InternalError('E_INTERNAL', `a zip of ${entries.length} entries needs ZIP64`);
  const { time, date } = dosTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(LOCAL_HEADER);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.compressed.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(CENTRAL_HEADER);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.compressed.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    // extra, comment, disk number, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, entry.compressed);
    centrals.push(central, entry.name);
    offset += LOCAL_HEADER + entry.name.length + entry.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(END_RECORD);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
