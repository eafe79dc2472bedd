/** What Hearken keeps of a person's files, and what it refuses (nothing that runs, nothing huge). */
import { describe, expect, test } from 'vitest';
import { sortFiles } from '../../src/complaints/files.js';
import { fileProblem, MAX_CUSTOMER_FILE_BYTES } from '../../src/domain/index.js';

const file = (name: string, mimeType = 'application/octet-stream', size = 100) => ({ name, mimeType, size });

describe('file limits', () => {
  test('pictures, PDFs and documents are kept', () => {
    for (const name of ['screenshot.png', 'receipt.PDF', 'notes.txt', 'report.docx', 'no-extension'])
      expect(fileProblem(file(name))).toBeUndefined();
  });

  test('programs and scripts are refused by extension, however they are dressed up', () => {
    for (const name of [
      'setup.exe',
      'run.BAT',
      'x.sh',
      'a.js',
      'i.msi',
      'app.apk',
      'm.dmg',
      's.scr',
      'c.cmd',
    ])
      expect(fileProblem(file(name))).toBe('executable');
    expect(fileProblem(file('x.ps1'))).toBe('executable');
    expect(fileProblem(file('tool.jar'))).toBe('executable');
    expect(fileProblem(file('invoice.pdf.exe'))).toBe('executable');
    // Windows drops trailing dots and spaces: this runs as setup.exe.
    expect(fileProblem(file('setup.exe. '))).toBe('executable');
  });

  test('programs are refused by type whatever their name', () => {
    expect(fileProblem(file('photo.png', 'application/x-msdownload'))).toBe('executable');
    expect(fileProblem(file('readme', 'application/x-sh; charset=utf-8'))).toBe('executable');
  });

  test('a file over 10 MiB is too large; exactly 10 MiB is fine', () => {
    expect(fileProblem(file('big.png', 'image/png', MAX_CUSTOMER_FILE_BYTES))).toBeUndefined();
    expect(fileProblem(file('big.png', 'image/png', MAX_CUSTOMER_FILE_BYTES + 1))).toBe('too_large');
  });

  test('names are cleaned before they are kept (a NUL would break the timeline insert)', () => {
    const { kept, refused } = sortFiles([
      { ...file('scr\u0000een\nshot.png', 'image/png'), ref: 'r1' },
      { ...file('', ''), ref: 'r2' },
      { ...file('evil.exe'), ref: 'r3' },
    ]);
    expect(kept.map((f) => [f.name, f.mimeType])).toEqual([
      ['screen shot.png', 'image/png'],
      ['file', 'application/octet-stream'],
    ]);
    expect(refused.map((r) => [r.file.name, r.problem])).toEqual([['evil.exe', 'executable']]);
  });

  test('at most ten files from one message are kept; the rest are named as refused', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...file(`p${i}.png`, 'image/png'), ref: `r${i}` }));
    const { kept, refused } = sortFiles(many);
    expect(kept).toHaveLength(10);
    expect(refused.map((r) => r.problem)).toEqual(['too_many', 'too_many']);
  });
});
