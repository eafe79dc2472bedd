/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, quote, CR or LF in double
 * quotes, quotes doubled) and safe to open in a spreadsheet: a cell that would start a formula
 * (`=`, `+`, `-`, `@`, or a tab or CR before one) gets a leading `'`, so what a customer typed is
 * shown as text and never run (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: a value as text, defused and quoted as needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers are ours (a rating): a negative one is still a number, not a formula.
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ending with CRLF. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
