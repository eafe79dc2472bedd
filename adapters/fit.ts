/**
 * Fitting text into a platform's limits without breaking it: every cut falls between grapheme
 * clusters (`Intl.Segmenter`), so an emoji, a ZWJ family or a flag is never split into lone
 * surrogates or stray joiners, and long text is split into pieces rather than clipped.
 *
 * Lengths are measured in UTF-16 code units (`string.length`). That is never less than the code
 * points Slack and Discord count, so a piece that fits by our measure fits by theirs too.
 * A `weigh` function lets a caller measure text as the platform will see it after escaping (Slack
 * turns `<` into `&lt;`): the weight of a piece is the sum of the weights of its graphemes.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How many characters a grapheme costs on the platform (after escaping). */
export type Weigh = (grapheme: string) => number;

export const plainWeight: Weigh = (grapheme) => grapheme.length;

/** The text's grapheme clusters, in order. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The text's total weight. */
export function weightOf(text: string, weigh: Weigh = plainWeight): number {
  if (weigh === plainWeight) return text.length;
  let total = 0;
  for (const g of graphemes(text)) total += weigh(g);
  return total;
}

/** The ellipsis marking a shortened label. */
export const ELLIPSIS = '…';

/**
 * For labels and titles only (a button, a modal title): the text itself when it fits, otherwise
 * the longest grapheme-whole start that fits with an ellipsis after it. Body text is split with
 * `splitText` instead, never clipped.
 */
export function clipText(text: string, max: number, weigh: Weigh = plainWeight): string {
  if (weightOf(text, weigh) <= max) return text;
  const room = max - weigh(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const { segment: g } of segmenter.segment(text)) {
    const w = weigh(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return `${out}${ELLIPSIS}`;
}

/**
 * Where to cut `text` so its start weighs at most `max`: at the last paragraph break, else line
 * break, else space in the second half of that start, else at the last whole grapheme that fits.
 * Returns the length (in code units) of the start; 0 only when `text` is empty or `max` is too
 * small for its first grapheme. The whole text when it fits.
 */
export function cutPoint(text: string, max: number, weigh: Weigh = plainWeight): number {
  if (weigh === plainWeight && text.length <= max) return text.length;
  let used = 0;
  let at = 0;
  let paragraph = -1;
  let line = -1;
  let space = -1;
  let previousNewline = false;
  // Lazily, so finding the first cut in a long text does not segment all of it.
  for (const { segment: g } of segmenter.segment(text)) {
    const w = weigh(g);
    if (used + w > max) {
      const half = at / 2;
      if (paragraph > half) return paragraph;
      if (line > half) return line;
      if (space > half) return space;
      return at;
    }
    used += w;
    at += g.length;
    if (g === '\n') {
      if (previousNewline) paragraph = at;
      line = at;
    } else if (/^\s+$/u.test(g)) {
      space = at;
    }
    previousNewline = g === '\n';
  }
  return at;
}

/**
 * Splits text into pieces that each weigh at most `max`, cutting at paragraph, line or word
 * breaks where it can and always between graphemes. Joining the pieces gives back the text.
 * A first piece may be given a smaller budget (`firstMax`) for what goes before it.
 */
export function splitText(text: string, max: number, weigh: Weigh = plainWeight, firstMax = max): string[] {
  const pieces: string[] = [];
  let rest = text;
  let budget = firstMax;
  while (rest.length > 0) {
    let cut = cutPoint(rest, budget, weigh);
    // A budget smaller than one grapheme (a 2-unit emoji into 1): take that grapheme anyway rather
    // than loop forever; callers give budgets far larger than any grapheme.
    if (cut === 0)
      cut = segmenter.segment(rest)[Symbol.iterator]().next().value?.segment.length ?? rest.length;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
    budget = max;
  }
  return pieces;
}

// A UTF-16 surrogate without its partner: what a cut in the middle of an emoji leaves behind.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds half an emoji (a lone surrogate). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The longest start of `text` made of whole graphemes that weighs at most `max`, without a
 * marker: for values that must stay usable as they are (a form's prefill, an option value).
 */
export function fitStart(text: string, max: number, weigh: Weigh = plainWeight): string {
  if (weigh === plainWeight && text.length <= max) return text;
  let out = '';
  let used = 0;
  for (const { segment: g } of segmenter.segment(text)) {
    const w = weigh(g);
    if (used + w > max) break;
    out += g;
    used += w;
  }
  return out;
}
