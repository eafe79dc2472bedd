/**
 * Restating in the agent's voice instead of quoting: the customer's first sentences with the
 * persons turned round ("my order" → "your order", "your agent" → "our agent", "我" → "您"),
 * which is how a person on the desk says back what they heard.
 */
import { summarize } from '../text.js';

const EN_SWAP: Record<string, string> = {
  i: 'you',
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  your: 'our',
  yours: 'ours',
  yourself: 'ourselves',
  "you're": "we're",
  "you've": "we've",
  "you'd": "we'd",
  "you'll": "we'll",
};

const SUBJECT_BEFORE = /^(?:|and|but|because|so|that|when|if|then|or)$/i;

function swapEnglish(text: string): string {
  const words = text.split(/(\s+|[.,!?;:()"“”]+)/);
  let previous = '';
  let previousSwapped = '';
  let sentenceStart = true;
  return words
    .map((token) => {
      if (!token.trim() || /^[.,!?;:()"“”]+$/.test(token)) {
        if (/[.!?;]/.test(token)) {
          previous = '';
          sentenceStart = true;
        }
        return token;
      }
      const lower = token.toLowerCase().replace(/’/g, "'");
      let out = token;
      if (lower === 'you') out = SUBJECT_BEFORE.test(previous) ? 'we' : 'us';
      else if (lower === 'am' && previousSwapped === 'you') out = 'are';
      else if (lower === 'was' && previousSwapped === 'you') out = 'were';
      else if (EN_SWAP[lower]) out = EN_SWAP[lower];
      if (out !== token && /^[A-Z]/.test(token) && token !== 'I') out = out[0]?.toUpperCase() + out.slice(1);
      if (sentenceStart) out = out.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
      sentenceStart = false;
      previousSwapped = out.toLowerCase();
      previous = lower;
      return out;
    })
    .join('');
}

/** Requests and questions belong to "what you would like", not to what happened. */
const ZH_REQUEST = /^(?:麻烦|请|能不能|能否|可以|希望|我要|我想要|要求)|[吗？?]$|^(?:您好|你好|在吗|喂)$/u;

function swapChinese(text: string): string {
  const clauses = text
    .split(/[，。！？!?；;]+/u)
    .map((c) => c.trim())
    .filter(Boolean);
  const facts = clauses.filter((c) => !ZH_REQUEST.test(c));
  const kept = (facts.length > 0 ? facts : clauses).join('，');
  const swapped = kept
    .replace(/你们/g, '\uE000')
    .replace(/我/g, '您')
    .replace(/你/g, '我们')
    .replace(/\uE000/g, '我们');
  return `${swapped}。`;
}

/** What happened, said back in a sentence or two. */
export function paraphrase(description: string, max = 160): string {
  // A greeting opens the message but is not part of what happened.
  const first = summarize(description.split('\n')[0] ?? description, max).replace(
    /^(?:hello|hi|hey)\b[,!.]?\s*/i,
    '',
  );
  return /\p{Script=Han}/u.test(first) ? swapChinese(first) : swapEnglish(first);
}
