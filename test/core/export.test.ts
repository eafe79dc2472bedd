/**
 * Export files, unit by unit: CSV cells as RFC 4180 quotes them and defused against formulas, HTML
 * transcripts with every person's word escaped, a ZIP any reader opens, and parts that each stay
 * within the size asked for.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { bundle, complaintsCsv, type ExportFile } from '../../src/export/bundle.js';
import { csvCell, csvRow } from '../../src/export/csv.js';
import type { ExportComplaint, ExportData, ExportEvent } from '../../src/export/data.js';
import { escapeHtml, transcriptHtml } from '../../src/export/html.js';
import { catalog } from '../../src/i18n/index.js';
import { unzip } from '../support/unzip.js';

const t = catalog('en');
const at = new Date('2026-11-30T10:00:00Z');

function complaint(overrides: Partial<ExportComplaint> = {}): ExportComplaint {
  return {
    id: '00000000-0000-0000-0000-000000000001',
    tenantId: 'sandbox:demo',
    platform: 'sandbox',
    code: 'C-1001',
    customerId: 'sandbox:demo:ana',
    customerName: 'Ana',
    locale: 'en',
    category: 'delivery',
    severity: 'high',
    summary: 'Parcel never arrived',
    description: 'It never came.',
    details: null,
    desiredOutcome: 'refund',
    outcomeNote: null,
    status: 'open',
    assigneeId: null,
    assigneeName: null,
    escalationLevel: 0,
    sentiment: 'calm',
    source: 'dm',
    firstResponseDue: at,
    resolutionDue: at,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    resolutionCount: 0,
    waitingSince: null,
    firstResponseWarnedAt: null,
    firstResponseBreachedAt: null,
    resolutionWarnedAt: null,
    resolutionBreachedAt: null,
    cardRef: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  } as ExportComplaint;
}

function event(overrides: Partial<ExportEvent>): ExportEvent {
  return {
    id: 1,
    complaintId: '00000000-0000-0000-0000-000000000001',
    tenantId: 'sandbox:demo',
    type: 'created',
    actorId: null,
    actorName: 'Ana',
    body: null,
    data: null,
    visibility: 'public',
    at,
    ...overrides,
  } as ExportEvent;
}

describe('CSV cells', () => {
  test('plain words stay as they are; commas, quotes and line breaks are quoted, quotes doubled', () => {
    expect(csvCell('Parcel late')).toBe('Parcel late');
    expect(csvCell('late, again')).toBe('"late, again"');
    expect(csvCell('he said "soon"')).toBe('"he said ""soon"""');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', 'b,c', 3])).toBe('a,"b,c",3\r\n');
  });

  test('a cell that would start a formula is shown as text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","refund")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""refund"")"`,
    );
    expect(csvCell('+1 555 0100')).toBe("'+1 555 0100");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    // Our own numbers are numbers.
    expect(csvCell(-1)).toBe('-1');
  });

  test('the complaints CSV has a heading row and one row per complaint, CRLF-ended', () => {
    const data: ExportData = {
      complaints: [complaint({ description: 'It broke,\n"twice"' })],
      events: new Map(),
      surveys: new Map(),
    };
    const [csv] = complaintsCsv(t, data);
    const lines = (csv ?? '').split('\r\n');
    expect(lines[0]?.startsWith('code,status,severity')).toBe(true);
    expect(csv).toContain('"It broke,\n""twice"""');
  });
});

describe('HTML transcripts', () => {
  test('escapeHtml leaves nothing that opens a tag, attribute or entity', () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)"> & 'x'`)).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;x&#39;',
    );
  });

  test('a transcript is self-contained, in the timeline’s words, with people’s words inert', () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const html = transcriptHtml(
      t,
      complaint({ description: hostile, customerName: '<b>Ana</b>' }),
      [
        event({ type: 'created' }),
        event({ id: 2, type: 'customer_message', body: hostile }),
        event({
          id: 3,
          type: 'customer_file',
          body: null,
          data: { files: [{ name: '<x>.png', mimeType: 'image/png', size: 2048, ref: 'r' }] },
        }),
        event({ id: 4, type: 'note', actorName: 'Sam', body: 'check the courier', visibility: 'internal' }),
      ],
      [],
      'Europe/London',
      at,
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Ana</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Ana filed the complaint');
    expect(html).toContain('(customer) sent &lt;x&gt;.png');
    expect(html).toContain('Sam noted (internal)');
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});

function noise(seed: string, bytes: number): Buffer {
  const blocks: Buffer[] = [];
  for (let n = 0; n * 32 < bytes; n += 1) blocks.push(createHash('sha256').update(`${seed}:${n}`).digest());
  return Buffer.concat(blocks).subarray(0, bytes);
}

describe('bundles', () => {
  const files = (n: number, bytes: number): ExportFile[] =>
    Array.from({ length: n }, (_, i) => ({
      name: `transcripts/C-${1000 + i}.html`,
      contentType: 'text/html',
      // Hash bytes: they do not compress, so sizes are what they seem (and the same every call).
      data: noise(`${i}`, bytes),
    }));

  test('one file goes as it is; several become a zip any reader opens', async () => {
    const one = files(1, 100);
    expect(await bundle(one, 'x', at)).toEqual(one);
    const [archive] = await bundle(files(3, 500), 'hearken-export', at);
    expect(archive?.name).toBe('hearken-export.zip');
    const entries = unzip(archive?.data ?? Buffer.alloc(0));
    expect(entries.map((e) => e.name)).toEqual([
      'transcripts/C-1000.html',
      'transcripts/C-1001.html',
      'transcripts/C-1002.html',
    ]);
    expect(entries[1]?.data.equals(files(3, 500)[1]?.data ?? Buffer.alloc(0))).toBe(true);
  });

  test('parts each stay within the size asked for, and hold every file once', async () => {
    const parts = await bundle(files(40, 3000), 'hearken-export', at, 20_000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(part.data.length).toBeLessThanOrEqual(20_000);
    expect(parts[0]?.name).toBe(`hearken-export-part1-of-${parts.length}.zip`);
    const names = parts.flatMap((p) => unzip(p.data).map((e) => e.name));
    expect(new Set(names).size).toBe(40);
  });
});
