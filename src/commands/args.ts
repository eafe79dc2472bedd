/** Splitting command text into a subcommand and its arguments. */

export interface Parsed {
  sub: string;
  args: string[];
  /** Everything after the subcommand, spacing kept (free text such as a reply). */
  rest: string;
}

export function parse(text: string): Parsed {
  const trimmed = text.trim();
  const match = trimmed.match(/^(\S+)\s*([\s\S]*)$/);
  if (!match) return { sub: '', args: [], rest: '' };
  const rest = match[2] ?? '';
  return { sub: (match[1] ?? '').toLowerCase(), args: rest.split(/\s+/).filter(Boolean), rest };
}

/** Drops the first word of `text` (after trimming), keeping the rest as typed. */
export function afterFirstWord(text: string): string {
  return text.trim().replace(/^\S+\s*/, '');
}
