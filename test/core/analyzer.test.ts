/**
 * What the lexicon hears in a customer's own words, in both languages: the feeling the bot names,
 * the urgency that overrides the customer's pick, the category it suggests and the outcome it
 * pre-selects. Each line is a sentence a real customer could type.
 */
import { describe, expect, it } from 'vitest';
import { LexiconAnalyzer } from '../../src/nlu/lexicon.js';

const analyzer = new LexiconAnalyzer();

describe('the lexicon analyzer', () => {
  it.each([
    [
      "I've been waiting three weeks for my order #A-7731 and nobody answers my emails. This is ridiculous.",
      'angry',
      'delivery',
    ],
    ['My parcel still has not arrived and the tracking has not moved.', 'calm', 'delivery'],
    ['Where is my order? I am getting worried.', 'anxious', 'delivery'],
    ['The agent was rude and hung up on me.', 'upset', 'service'],
    ['I emailed support four times and no one replies.', 'calm', 'service'],
    ['The blender stopped working after two days. I am disappointed.', 'upset', 'product'],
    ['I was charged twice for one order.', 'calm', 'billing'],
    ['我的快递三个星期了还没到，太过分了！', 'angry', 'delivery'],
    ['客服一直不回复，我很失望。', 'upset', 'service'],
    ['买的水壶用了两天就坏了，质量有问题。', 'calm', 'product'],
    ['被重复扣款了，账单不对。', 'calm', 'billing'],
  ])('hears “%s” as %s, about %s', (text, emotion, category) => {
    const analysis = analyzer.analyze(text);
    expect(analysis.emotion).toBe(emotion);
    expect(analysis.category).toBe(category);
  });

  it.each([
    ['The heater started smoking and burned my hand.', ['safety']],
    ['If this is not sorted by Friday I will call my lawyer.', ['legal']],
    ['Someone made an unauthorised payment from my account.', ['money']],
    ['电暖器冒烟了，差点着火。', ['safety']],
    ['再不处理我就去消协投诉，找律师起诉你们。', ['legal']],
    ['信用卡被盗刷了两笔。', ['money']],
    ['The colour is a little different from the photo.', []],
  ])('marks “%s” urgent for %j', (text, reasons) => {
    expect(analyzer.analyze(text).urgency).toEqual(reasons);
  });

  it('hears a worried customer when they describe harm without naming a feeling', () => {
    expect(analyzer.analyze('The charger sparked and gave my son a shock.').emotion).toBe('anxious');
  });

  it.each([
    ['I want my money back.', 'refund'],
    ['Please send a replacement.', 'replacement'],
    ['我要求换货。', 'replacement'],
    ['希望给个说法，道个歉。', 'apology'],
  ])('pre-selects the outcome asked for in “%s”', (text, outcome) => {
    expect(analyzer.analyze(text).outcome).toBe(outcome);
  });

  it.each([
    ['hi', true, 'en'],
    ['I want to complain', true, 'en'],
    ['你好', true, 'zh-CN'],
    ['我要投诉', true, 'zh-CN'],
    ['My parcel arrived with the box crushed and the glass inside broken.', false, 'en'],
    ['快递送到的时候箱子被压扁了，里面的杯子碎了。', false, 'zh-CN'],
  ])('treats “%s” as vague: %s, in %s', (text, vague, language) => {
    const analysis = analyzer.analyze(text);
    expect(analysis.vague).toBe(vague);
    expect(analysis.language).toBe(language);
  });

  it.each([
    ["I've been waiting three weeks for my order #A-7731.", 'A-7731', 'three weeks'],
    ['My invoice INV-20931 from last Tuesday is wrong.', 'INV-20931', 'last Tuesday'],
    ['Booking ref: XK92LM, 5 days ago.', 'XK92LM', '5 days ago'],
    ['我的订单号是 88231，三个星期了还没到。', '88231', '三个星期'],
    ['昨天买的水壶坏了。', undefined, '昨天'],
    ['The order was wrong and the order form is broken.', undefined, undefined],
    ['I bought 3 shirts in size 42.', undefined, undefined],
  ])('notes the reference and time already in “%s”: %s, %s', (text, reference, when) => {
    const analysis = analyzer.analyze(text);
    expect([analysis.reference, analysis.when]).toEqual([reference, when]);
  });

  it('reads a mostly English message with one Chinese word as English', () => {
    expect(analyzer.analyze('My order number is 订单 88231 and it never came.').language).toBe('en');
  });
});
