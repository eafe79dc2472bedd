/**
 * Fitting text into a platform's limits without breaking it: every cut falls between grapheme
 * clusters (`Intl.Segmenter`), so an emoji, a ZWJ family or a flag is never split into lone
 * surrogates or stray joiners, and long text is split into pieces rather than clipped.
 *
 * Lengths are measured in UTF-16 code units (`string.length`). That is never less than the code
 * points Slack and Discord count, so a piece that fits by our measure fits by theirs too.
 * A `weigh` function lets a caller measure text as the platform will see it after escaping (Slack
 * sends `<` as `&lt;`): it gives the weight of one code unit, and a text weighs the sum of its
 * code units, so escaping is counted exactly.
 *
 * The cut is found by scanning code units, then moved back to the grapheme boundary at or before
 * it with `Segments.containing`, on a window just past the cut: stepping through every segment of
 * a long paste costs microseconds per grapheme, and a 25,000-character complaint must not take a
 * second to render.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What one UTF-16 code unit costs on the platform (after escaping); at least 1. */
export type Weigh = (unit: string) => number;

const plainWeight: Weigh = () => 1;

/** Code units past a cut the segmenter sees, so a boundary there is judged by what follows. */
const LOOKAHEAD = 32;

/** The text's total weight. */
function weightOf(text: string, weigh: Weigh = plainWeight): number {
  if (weigh === plainWeight) return text.length;
  let total = 0;
  for (let at = 0; at < text.length; at += 1) total += weigh(text[at] as string);
  return total;
}

/** The grapheme boundary at or before `cut`. */
function boundaryAtOrBefore(text: string, cut: number): number {
  if (cut <= 0 || cut >= text.length) return Math.max(0, Math.min(cut, text.length));
  const around = segmenter.segment(text.slice(0, cut + LOOKAHEAD)).containing(cut);
  return around ? around.index : cut;
}

/** How many code units of `text` fit in `max`, scanning from the start, and the breaks seen. */
function scan(text: string, max: number, weigh: Weigh) {
  let used = 0;
  let at = 0;
  let paragraph = -1;
  let line = -1;
  let space = -1;
  while (at < text.length) {
    const unit = text[at] as string;
    const w = weigh(unit);
    if (used + w > max) break;
    used += w;
    at += 1;
    if (unit === '\n') {
      if (text[at - 2] === '\n') paragraph = at;
      line = at;
    } else if (unit === ' ' || unit === '\t') {
      space = at;
    }
  }
  return { at, paragraph, line, space };
}

/**
 * Where to cut `text` so its start weighs at most `max`: at the last paragraph break, else line
 * break, else space in the second half of that start, else at the last whole grapheme that fits.
 * Returns the length (in code units) of the start; 0 only when `max` is too small for the first
 * grapheme. The whole text when it fits.
 */
export function cutPoint(text: string, max: number, weigh: Weigh = plainWeight): number {
  if (weigh === plainWeight && text.length <= max) return text.length;
  const { at, paragraph, line, space } = scan(text, max, weigh);
  if (at === text.length) return at;
  const half = at / 2;
  const preferred = paragraph > half ? paragraph : line > half ? line : space > half ? space : at;
  return boundaryAtOrBefore(text, preferred);
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
    if (cut === 0) {
      // One grapheme heavier than the whole budget (hundreds of stacked combining marks): the limit
      // wins, cut between code points, never inside a surrogate pair.
      cut = Math.max(1, scan(rest, budget, weigh).at);
      if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '') && cut < rest.length) cut = cut > 1 ? cut - 1 : 2;
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
    budget = max;
  }
  return pieces;
}

/**
 * The longest start of `text` made of whole graphemes that weighs at most `max`, without a
 * marker: for values that must stay usable as they are (a form's prefill, an option value).
 */
export function fitStart(text: string, max: number, weigh: Weigh = plainWeight): string {
  if (weigh === plainWeight && text.length <= max) return text;
  const { at } = scan(text, max, weigh);
  return text.slice(0, at === text.length ? at : boundaryAtOrBefore(text, at));
}

/** The ellipsis marking a shortened label. */
const ELLIPSIS = '…';

/**
 * For labels and titles only (a button, a modal title): the text itself when it fits, otherwise
 * the longest grapheme-whole start that fits with an ellipsis after it. Body text is split with
 * `splitText` instead, never clipped.
 */
export function clipText(text: string, max: number, weigh: Weigh = plainWeight): string {
  if (weightOf(text, weigh) <= max) return text;
  return `${fitStart(text, max - weightOf(ELLIPSIS, weigh), weigh)}${ELLIPSIS}`;
}
