/**
 * What the rule-based understanding hears in short replies and in feelings: the words people
 * actually type to a bot, in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import { RuleUnderstanding } from '../../src/nlu/rules.js';

const reader = new RuleUnderstanding();
const read = (text: string) => reader.understand(text);

describe('dialogue acts', () => {
  it.each([
    ['yes', 'yes'],
    ["yes that's right", 'yes'],
    ['Yes, that is right', 'yes'],
    ['对', 'yes'],
    ['是的', 'yes'],
    ['对，没错', 'yes'],
    ['👍', 'yes'],
    ['change something', 'no'],
    ['不对', 'no'],
    ['back', 'back'],
    ['上一步', 'back'],
    ['cancel', 'cancel'],
    ['算了', 'cancel'],
    ['🤷', 'skip'],
    ['no that is all, thanks', 'done'],
    ['没有了', 'done'],
    ['help', 'help'],
    ['?', 'help'],
    ["I don't understand", 'help'],
    ['can I just talk to a real person please', 'person'],
    ['人工', 'person'],
    ['转人工', 'person'],
  ])('“%s” is %s', (text, act) => {
    expect(read(text).acts).toContain(act);
  });

  it('a story that starts with “no” is a story, not an answer', () => {
    expect(read('No one has replied to my three emails about the broken heater.').acts).toEqual([]);
  });

  it('filler carries no data: “no that is all, thanks”, “没有了”, 👍, 🤷', () => {
    for (const text of ['no that is all, thanks', '没有了', '👍', '🤷']) expect(read(text).filler).toBe(true);
  });
});

describe('choices and ratings', () => {
  const options = [
    { key: 'refund', label: 'A refund' },
    { key: 'replacement', label: 'A replacement' },
    { key: 'fix', label: 'A repair or a fix' },
  ];
  it.each([
    ['2', 'replacement'],
    ['the second one', 'replacement'],
    ['A refund', 'refund'],
    ['refund', 'refund'],
    ['a repair', 'fix'],
  ])('“%s” picks %s', (text, key) => {
    expect(reader.understand(text, { options }).choice).toBe(key);
  });

  it.each([
    ['4', 4],
    ['4/5', 4],
    ['four', 4],
    ['5 stars', 5],
    ['非常满意', 5],
    ['满意', 4],
    ['一般', 3],
    ['不满意', 2],
    ['非常不满意', 1],
  ])('“%s” is a rating of %i', (text, rating) => {
    expect(read(text).rating).toBe(rating);
  });
});

describe('feelings', () => {
  it.each([
    ['This is the THIRD time my order is late and nobody answers me. I want my money back NOW!!', 'angry'],
    ['Where is my parcel 😡😡', 'angry'],
    ['I am furious about the charge.', 'angry'],
    ['麻烦帮我看一下订单，谢谢。', 'calm'],
    ['Please could you check my order, thank you.', 'calm'],
    ['不着急，有空帮我看看发票。', 'calm'],
    ['太烦了，快递三天还没到。', 'upset'],
  ])('hears “%s” as %s', (text, feeling) => {
    expect(read(text).feeling).toBe(feeling);
  });

  it('keeps the customer’s own feeling word, not the situation, to say back', () => {
    expect(read('The staff were rude and I am really disappointed.').feelingWords).toBe('disappointed');
  });
});

describe('urgency in the customer’s words', () => {
  it.each([
    ['It can wait a few days', 'normal'],
    ['not urgent, just letting you know', 'low'],
    ['很急，今天就要给我答复', 'high'],
    ['不着急', 'low'],
    ['The charger started smoking', 'urgent'],
    // A deadline, in either language.
    ['I need the replacement by Friday', 'high'],
    ['麻烦周五之前处理好', 'high'],
    // Lost use of the thing, or of the day's work.
    ['The router will not turn on and I cannot work', 'high'],
    ['路由器连不上网，完全用不了', 'high'],
    // Lost on the way.
    ['It was marked delivered but never came', 'high'],
    ['快递送错了地址', 'high'],
    // Something a person lives on runs out.
    ['My medicine has not arrived and I run out tomorrow', 'urgent'],
    ['宝宝明天就断粮了', 'urgent'],
    // Calm, patient wording.
    ['I found it in the end, no harm done', 'low'],
    ['想了解一下原因', 'low'],
    ['不用急，慢慢来', 'low'],
  ])('“%s” is %s', (text, severity) => {
    expect(read(text).severity?.value).toBe(severity);
  });

  it('a broken thing alone, or a date in the past, says nothing about urgency', () => {
    expect(read('The blender I bought stopped working after two days.').severity).toBeUndefined();
    expect(read('你们的app一直闪退，打不开订单页面。').severity).toBeUndefined();
    expect(read('I ordered it on Friday and it came today.').severity).toBeUndefined();
  });
});
