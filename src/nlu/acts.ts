/**
 * Dialogue acts, choices and ratings: short replies read as whole utterances. A reply is an act
 * when every word of it belongs to that act's words ("yes that is right", "对，没错", "no that is
 * all, thanks"), so a story that happens to start with "no" is still a story.
 */

import { hasHan, tokens } from './segment.js';
import type { Act, Option } from './understanding.js';

/** Words that can stand beside an act without changing it ("ok thanks", "好的谢谢"). */
const PADDING = new Set([
  'thanks',
  'thank',
  'you',
  'please',
  'pls',
  'ok',
  'okay',
  'i',
  'it',
  'is',
  'that',
  "that's",
  'thats',
  'this',
  'just',
  'the',
  'a',
  'to',
  'me',
  'so',
  'well',
  'oh',
  'um',
  'hmm',
  'all',
  'sir',
  '谢谢',
  '谢谢您',
  '谢谢你',
  '请',
  '的',
  '了',
  '吧',
  '啊',
  '呀',
  '呢',
  '嗯',
  '哦',
  '好',
  '我',
  '就',
  '那',
]);

/** Each act: the words that carry it (at least one must appear), then words allowed beside them. */
const ACT_WORDS: Record<Act, { core: string[]; extra?: string[]; phrases?: RegExp }> = {
  yes: {
    core: [
      'yes',
      'yeah',
      'yep',
      'yup',
      'y',
      'correct',
      'right',
      'exactly',
      'confirm',
      'confirmed',
      'perfect',
      'sure',
      'absolutely',
      'indeed',
      'ok',
      'okay',
      'good',
      'fine',
      'great',
      '是',
      '是的',
      '对',
      '对的',
      '没错',
      '正确',
      '好的',
      '可以',
      '确认',
      '没问题',
      '对头',
      '行',
      '嗯嗯',
      '就是',
    ],
    extra: [
      'looks',
      'sounds',
      'spot',
      'on',
      'thats',
      'all',
      'good',
      'yes',
      'right',
      'that',
      'is',
      'correct',
      '这样',
      '都',
      '对',
    ],
  },
  no: {
    core: [
      'no',
      'nope',
      'nah',
      'wrong',
      'incorrect',
      'not',
      "isn't",
      'change',
      'edit',
      'fix',
      '不对',
      '不是',
      '错',
      '错了',
      '修改',
      '改',
      '改一下',
      '不',
      '有误',
    ],
    extra: [
      'something',
      'quite',
      'right',
      'that',
      'correct',
      'want',
      'to',
      'need',
      'one',
      'thing',
      'it',
      '一下',
      '需要',
      '想',
      '地方',
      '有',
    ],
  },
  back: { core: ['back', '返回', '上一步', '回去'], extra: ['go', 'previous', 'question', '一下'] },
  cancel: {
    core: ['cancel', 'stop', 'quit', 'abort', 'nevermind', '取消', '算了', '不用了', '不投诉了', '停止'],
    extra: ['never', 'mind', 'forget', 'it', 'this', 'want', "don't", 'do', 'not'],
    phrases: /^(?:never ?mind|forget it|forget about it)$/i,
  },
  skip: {
    core: [
      'skip',
      'pass',
      'n/a',
      'na',
      'dunno',
      'unsure',
      '跳过',
      '不知道',
      '不清楚',
      '不记得',
      '忘了',
      '无',
    ],
    extra: ['not', 'sure', "don't", 'know', 'remember', 'no', 'idea', 'this', 'one'],
    phrases: /^(?:not sure|i don'?t know|no idea|don'?t remember|🤷(?:\u200d|\u2640|\u2642|\ufe0f)*)$/iu,
  },
  done: {
    core: [
      'nothing',
      'none',
      "that's all",
      'all',
      'done',
      'finished',
      '没有',
      '没有了',
      '没了',
      '就这些',
      '就这样',
      '没别的',
      '无',
    ],
    extra: [
      'else',
      'no',
      'more',
      'that',
      'is',
      'thats',
      "that's",
      'i',
      'think',
      'for',
      'now',
      'really',
      'from',
      'me',
      '其他',
      '别的',
      '的',
      '了',
      '暂时',
      '应该',
    ],
    phrases: /^(?:👍|👌|🙏|✅)+$/u,
  },
  help: {
    core: ['help', '?', '？', '帮助', '不懂', '看不懂', '什么意思', '啥意思'],
    extra: [
      'me',
      'i',
      "don't",
      'dont',
      'do',
      'not',
      'understand',
      'what',
      'confused',
      'huh',
      '我',
      '没',
      '明白',
    ],
    phrases:
      /^(?:\?+|？+|i don'?t understand|i do not understand|what\??|huh\??|i'?m confused|没看懂|不明白)$/iu,
  },
  person: {
    phrases:
      /^(?:.{0,40}\b)?(?:talk|speak|chat)(?:ing)? (?:to|with) (?:a |an |some |your )?(?:real |actual |live )?(?:person|human|someone|agent|representative|manager)\b.{0,30}$|^.{0,20}(?:转|找|要)人工|人工客服|真人/iu,
    core: [
      'person',
      'human',
      'agent',
      'someone',
      'somebody',
      'representative',
      'operator',
      'manager',
      'staff',
      '人工',
      '转人工',
      '真人',
      '人工客服',
      '找人',
      '工作人员',
    ],
    extra: [
      'talk',
      'speak',
      'to',
      'with',
      'a',
      'real',
      'can',
      'i',
      'just',
      'want',
      'need',
      'let',
      'me',
      'live',
      'please',
      'actual',
      'get',
      'your',
      '我',
      '要',
      '找',
      '转',
      '请',
      '和',
      '跟',
      '说话',
      '聊',
      '客服',
      '接',
    ],
  },
  form: { core: ['form', '表单'], extra: ['use', 'a', 'the', 'instead', 'fill', 'in', 'out', '用', '填'] },
};

/**
 * Recent results of `normalise`: one reading normalises the same reply for its acts, its choice
 * and its rating, and each option label on screen for the choice.
 */
const NORMALISED = new Map<string, string>();
const NORMALISED_KEPT = 64;

/** Each act's words as sets, in `ACT_WORDS` order: the core words, and every word allowed. */
const ACT_SETS = (Object.entries(ACT_WORDS) as [Act, (typeof ACT_WORDS)[Act]][]).map(([act, spec]) => ({
  act,
  phrases: spec.phrases,
  core: new Set(spec.core),
  allowed: new Set([...spec.core, ...(spec.extra ?? []), ...PADDING]),
}));

function normalise(text: string): string {
  const known = NORMALISED.get(text);
  if (known !== undefined) return known;
  const plain = normalised(text);
  if (NORMALISED.size >= NORMALISED_KEPT) {
    const oldest = NORMALISED.keys().next();
    if (!oldest.done) NORMALISED.delete(oldest.value);
  }
  NORMALISED.set(text, plain);
  return plain;
}

function normalised(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[.!。！,，、~～…]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The acts a whole short reply performs; empty for anything that says more. */
export function actsOf(text: string): Act[] {
  const plain = normalise(text);
  if (!plain) return [];
  const found: Act[] = [];
  const words = /^[?？]+$/u.test(plain) ? [plain] : tokens(plain);
  const compact = plain.replace(/\s/g, '');
  for (const { act, phrases, core, allowed } of ACT_SETS) {
    if (phrases?.test(plain)) {
      found.push(act);
      continue;
    }
    if (words.length === 0 || words.length > 12) continue;
    const whole = core.has(compact);
    if ((whole || words.some((w) => core.has(w))) && (whole || words.every((w) => allowed.has(w))))
      found.push(act);
  }
  // A thumbs-up agrees and ends a question at once.
  if (/^(?:👍|👌|✅)+$/u.test(plain) && !found.includes('yes')) found.push('yes');
  // "That is all" and "nothing else" end a question; bare "no" there is the same.
  if (found.includes('no') && /^(?:no|nope|没有|不用)$/u.test(plain) && !found.includes('done'))
    found.push('done');
  // "no that is all" is done, not a correction.
  if (found.includes('done')) return found.filter((a) => a !== 'no');
  return found;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
};

/** "2", "#2", "the second one", "option 2", "第二个": the 1-based number, if that is all it says. */
function ordinal(plain: string): number | undefined {
  const digit = /^(?:option |number |no\.? |#)?(\d)(?:\.|\)|st|nd|rd|th)?(?: one)?$/.exec(plain);
  if (digit) return Number(digit[1]);
  const word = /^(?:the )?(one|two|three|four|five|first|second|third|fourth|fifth)(?: one| option)?$/.exec(
    plain,
  );
  if (word?.[1]) return NUMBER_WORDS[word[1]];
  const zh = /^第?([一二两三四五1-5])(?:个|项|种)?$/u.exec(plain);
  if (zh?.[1]) return NUMBER_WORDS[zh[1]] ?? Number(zh[1]);
  return undefined;
}

/** The option a reply picks: by number, by its label (or a clear start of it), or its key. */
export function choiceOf(text: string, options: readonly Option[]): string | undefined {
  const plain = normalise(text);
  if (!plain) return undefined;
  const n = ordinal(plain);
  if (n !== undefined) return options[n - 1]?.key;
  const bare = (s: string) => normalise(s).replace(/^(?:a|an|the)\s+/, '');
  const typed = bare(plain);
  const matches = (name: string) => {
    const label = bare(name);
    const head = label.split(/[:：(（]/u)[0]?.trim() ?? label;
    return (
      label === typed ||
      head === typed ||
      (typed.length >= (hasHan(typed) ? 2 : 4) && (label.startsWith(typed) || head.startsWith(typed)))
    );
  };
  return options.find((o) => o.key === typed || [o.label, ...(o.synonyms ?? [])].some(matches))?.key;
}

const RATING_WORDS: [RegExp, number][] = [
  [/^(?:非常不满意|很不满意|极不满意|太差了|很差|非常差|糟透了)$/u, 1],
  [/^(?:不满意|不太满意|不怎么样|差|不好)$/u, 2],
  [/^(?:一般|还行|凑合|马马虎虎|还可以)$/u, 3],
  [/^(?:满意|比较满意|挺好|不错|挺满意|好)$/u, 4],
  [/^(?:非常满意|很满意|特别满意|太棒了|完美|非常好)$/u, 5],
  [/^(?:terrible|awful|very (?:unhappy|dissatisfied|bad|poor)|horrible|the worst)$/, 1],
  [/^(?:bad|poor|unhappy|dissatisfied|not (?:good|happy|satisfied))$/, 2],
  [/^(?:ok|okay|meh|fine|average|so so|so-so|alright|neutral)$/, 3],
  [/^(?:good|happy|satisfied|pretty good|quite good)$/, 4],
  [/^(?:very (?:good|happy|satisfied)|excellent|great|perfect|amazing|brilliant|fantastic|loved it)$/, 5],
];

/** A satisfaction rating 1–5 from "4", "4/5", "4 stars", "four", "非常满意". */
export function ratingOf(text: string): number | undefined {
  const plain = normalise(text).replace(/^(?:i'?d say|i give it|rating:?|评分:?|打)\s*/u, '');
  const digits = /^([1-5])(?:\s*(?:\/\s*5|out of 5|stars?|分|星|颗星))?$/u.exec(plain);
  if (digits) return Number(digits[1]);
  const word = /^(one|two|three|four|five)(?:\s*(?:stars?|out of five|\/\s*5))?$/.exec(plain);
  if (word?.[1]) return NUMBER_WORDS[word[1]];
  const stars = [...plain].filter((c) => c === '⭐' || c === '★').length;
  if (stars >= 1 && stars <= 5 && plain.replace(/⭐|★|\s|\ufe0f/gu, '') === '') return stars;
  const spaced = plain.replace(/\s+/g, ' ');
  return RATING_WORDS.find(([pattern]) => pattern.test(spaced))?.[1];
}

/** Words that thank ("thanks", "appreciate it", "谢谢", "感谢"). */
const GRATITUDE = /\b(thanks?|thank you|thx|ty|cheers|appreciated?)\b|谢谢|感谢|多谢/i;
/** Words that say something is still wrong ("but", "still", "again", "还是", "又", "没"). */
const STILL_WRONG =
  /\b(but|still|again|not|no longer|doesn'?t|didn'?t|isn'?t|won'?t|can'?t|broke|broken|wrong|problem|issue)\b|但|还是|又|没|不|坏|问题/i;

/**
 * A thank-you that reports nothing wrong ("Thank you, that fixed it", "谢谢，已经好了"): after a
 * resolution it closes the loop rather than reopening the complaint.
 */
export function isThanksOnly(text: string): boolean {
  return GRATITUDE.test(text) && !STILL_WRONG.test(text);
}

/**
 * Says that something is (still, again) wrong, however short ("it broke again", "还是不行"): after a
 * resolution that is news for the team, not a greeting.
 */
export function reportsSomethingWrong(text: string): boolean {
  return STILL_WRONG.test(text);
}
