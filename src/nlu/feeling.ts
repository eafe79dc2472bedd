/**
 * How the customer feels, and how strongly. Words name the feeling; the way they type adds
 * weight: shouted capitals ("NOW", "THIRD"), repeated "!!", anger emoji. Politeness ("please",
 * "麻烦您") is not upset: the segmenter masks it before the vocabularies look.
 */

import { feelingText } from './segment.js';
import type { Emotion } from './understanding.js';
import { EMOTIONS, everywhere, NAMED_FEELINGS, URGENCY } from './vocabulary.js';

const ANGER_EMOJI = /[😡🤬👿💢😤🖕]/gu;
const SAD_EMOJI = /[😢😞😭☹🙁😔😩😫💔]/gu;
const WORRY_EMOJI = /[😟😰😨😥😬]/gu;
/** Shouted words: two or more capitals, not an order number, not "I" or "OK". */
const SHOUT = /\b[A-Z]{2,}\b/g;
const NOT_SHOUTING = new Set([
  'OK',
  'TV',
  'ID',
  'UK',
  'US',
  'USB',
  'PC',
  'SMS',
  'FYI',
  'ASAP',
  'DM',
  'PM',
  'AM',
  'UPS',
  'DHL',
  'VAT',
  'PIN',
]);

export interface Feeling {
  feeling: Emotion;
  strength: number;
  words?: string;
}

function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

export function feelingOf(text: string): Feeling {
  const masked = feelingText(text);
  // Per emotion: a word that names the feeling if there is one ("失望"), else the first sign.
  const named = EMOTIONS.map(([emotion, pattern]) => {
    const all = [...masked.matchAll(everywhere(pattern))].map((m) => m[0]);
    const naming = all.find((w) => NAMED_FEELINGS.has(w.toLowerCase()));
    return { emotion, match: all[0], naming };
  }).filter((e): e is { emotion: Exclude<Emotion, 'calm'>; match: string; naming: string | undefined } =>
    Boolean(e.match),
  );
  const shouted = (text.match(SHOUT) ?? []).filter((w) => !NOT_SHOUTING.has(w));
  const letters = text.replace(/[^A-Za-z]/g, '');
  const mostlyCaps = letters.length >= 12 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.6;
  const exclaims = count(/[!！]{2,}/gu, text) + (count(/[!！]/gu, text) >= 3 ? 1 : 0);
  const signals = {
    anger: count(ANGER_EMOJI, text) * 2 + Math.min(shouted.length, 3) + (mostlyCaps ? 2 : 0) + exclaims,
    sad: count(SAD_EMOJI, text) * 2,
    worry: count(WORRY_EMOJI, text) * 2,
  };
  const angryWord = named.find((e) => e.emotion === 'angry');
  const upsetWord = named.find((e) => e.emotion === 'upset');
  const anxiousWord = named.find((e) => e.emotion === 'anxious');
  const anger = (angryWord ? 2 : 0) + signals.anger;
  // Typing style alone is anger only when it is unmistakable (two signs); one "!!" is emphasis.
  if (anger >= 2 && (angryWord || signals.anger >= 2 || upsetWord)) {
    return {
      feeling: 'angry',
      strength: Math.min(1, anger / 4),
      ...(angryWord?.naming ? { words: angryWord.naming } : {}),
    };
  }
  if (upsetWord || signals.sad > 0) {
    return {
      feeling: 'upset',
      strength: Math.min(1, ((upsetWord ? 2 : 0) + signals.sad + signals.anger) / 4),
      ...(upsetWord?.naming ? { words: upsetWord.naming } : {}),
    };
  }
  if (anxiousWord || signals.worry > 0) {
    return {
      feeling: 'anxious',
      strength: Math.min(1, ((anxiousWord ? 2 : 0) + signals.worry) / 4),
      ...(anxiousWord?.naming ? { words: anxiousWord.naming } : {}),
    };
  }
  // Someone describing harm rarely sounds calm on the page but is almost always worried.
  const safety = URGENCY.find(([reason]) => reason === 'safety')?.[1];
  if (safety?.test(text)) return { feeling: 'anxious', strength: 0.5 };
  return { feeling: 'calm', strength: signals.anger > 0 ? 0.25 : 0 };
}
