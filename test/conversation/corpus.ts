/**
 * A labelled conversation corpus: customers as a person on the support desk would meet them, each
 * with what they would say to any question and the slots a human agent would record. Half write
 * in English, half in Chinese; some are angry, some calm, some vague, some wander off topic, some
 * only type, some only click, some answer several questions at once, some ask for a person.
 *
 * A customer answers whatever is asked (the driver recognises the question by its buttons), so the
 * same corpus measures any engine, the old fixed order as well as slot filling.
 */
import type { Category, Outcome, Severity } from '../../db/schema.js';

export type Mood = 'angry' | 'upset' | 'anxious' | 'calm';
export type Tag =
  | 'angry'
  | 'upset'
  | 'anxious'
  | 'calm'
  | 'vague'
  | 'off-topic'
  | 'typed'
  | 'clicked'
  | 'several'
  | 'person';

export interface CorpusCustomer {
  name: string;
  locale: 'en' | 'zh-CN';
  tags: Tag[];
  /** `typed`: answers in words only; `clicked`: clicks every button it can. */
  mode: 'typed' | 'clicked';
  opener: string;
  /** What they say to "what happened?" after a vague opener. */
  story?: string;
  /** Said once, before the real answer, to the first question asked (off-topic customers). */
  aside?: string;
  /** After this many bot replies, asks for a person (in these words) instead of answering. */
  personAfter?: number;
  personSays?: string;
  /** What they answer when asked, in words (typed) — clicked customers click `expect` instead. */
  say: { category: string; impact: string; details: string; outcome: string; confirm: string };
  /** Written before the urgency rules were tuned on the rest (issue #10): reported on its own. */
  heldOut?: boolean;
  /** The slots a human would record. */
  expect: { category: Category; severity: Severity; outcome: Outcome; mood: Mood; person?: boolean };
}

const yesEn = 'yes that is right';

export const CORPUS: CorpusCustomer[] = [
  // ——— English ———
  {
    name: 'Aaron Price',
    locale: 'en',
    tags: ['angry', 'typed', 'several'],
    mode: 'typed',
    opener: 'This is the THIRD time my order is late and nobody answers me. I want my money back NOW!!',
    say: {
      category: 'delivery',
      impact: 'today',
      details: 'no that is all, thanks',
      outcome: 'my money back',
      confirm: 'yes',
    },
    expect: { category: 'delivery', severity: 'high', outcome: 'refund', mood: 'angry' },
  },
  {
    name: 'Bella Stone',
    locale: 'en',
    tags: ['calm', 'typed'],
    mode: 'typed',
    opener: 'My parcel with order #A-7731 has not arrived and the tracking has not moved since Monday.',
    say: {
      category: 'delivery',
      impact: 'It can wait a few days',
      details: 'nothing else',
      outcome: 'just deliver it please',
      confirm: yesEn,
    },
    expect: { category: 'delivery', severity: 'normal', outcome: 'fix', mood: 'calm' },
  },
  {
    name: 'Carl Diaz',
    locale: 'en',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: 'The blender I bought stopped working after two days.',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'product', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: 'Dana Fox',
    locale: 'en',
    tags: ['vague', 'typed'],
    mode: 'typed',
    opener: 'not happy with you guys',
    story:
      'I was charged twice for the same subscription this month and I would like the extra charge refunded.',
    say: { category: 'billing', impact: 'soon please', details: 'no', outcome: 'refund', confirm: 'yes' },
    expect: { category: 'billing', severity: 'urgent', outcome: 'refund', mood: 'upset' },
  },
  {
    name: 'Eli Novak',
    locale: 'en',
    tags: ['angry', 'typed'],
    mode: 'typed',
    opener: 'Your agent was incredibly rude to me on the phone and hung up. I am furious.',
    say: {
      category: 'service',
      impact: 'soon',
      details: 'that is all',
      outcome: 'an apology',
      confirm: 'Yes, that is right',
    },
    expect: { category: 'service', severity: 'high', outcome: 'apology', mood: 'angry' },
  },
  {
    name: 'Fay Lin',
    locale: 'en',
    tags: ['person', 'typed'],
    mode: 'typed',
    opener: 'My order arrived with the wrong size shoes in the box.',
    personAfter: 1,
    personSays: "I'd rather talk to a person",
    say: { category: 'product', impact: 'can wait', details: 'no', outcome: 'exchange', confirm: 'yes' },
    expect: { category: 'product', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: 'Gus Brown',
    locale: 'en',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: 'The delivery driver threw my parcel over the fence and the vase inside broke.',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'delivery', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: 'Hana Mori',
    locale: 'en',
    tags: ['calm', 'typed', 'several'],
    mode: 'typed',
    opener:
      'I was charged a cancellation fee I was never told about, invoice INV-20931 from last Tuesday. Please refund it, no rush.',
    say: {
      category: 'billing',
      impact: 'not urgent',
      details: 'none',
      outcome: 'refund',
      confirm: 'correct',
    },
    expect: { category: 'billing', severity: 'low', outcome: 'refund', mood: 'calm' },
  },
  {
    name: 'Ivan Petrov',
    locale: 'en',
    tags: ['anxious', 'typed'],
    mode: 'typed',
    opener: 'The heater started smoking and burned my hand. I am scared to use it.',
    say: { category: 'product', impact: 'urgent', details: 'no', outcome: 'a refund please', confirm: 'yes' },
    expect: { category: 'product', severity: 'urgent', outcome: 'refund', mood: 'anxious' },
  },
  {
    name: 'Jade Wu',
    locale: 'en',
    tags: ['vague', 'clicked'],
    mode: 'clicked',
    opener: 'hi',
    story: 'The app keeps crashing every time I open my account page.',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'product', severity: 'normal', outcome: 'fix', mood: 'calm' },
  },
  {
    name: 'Kai Turner',
    locale: 'en',
    tags: ['off-topic', 'typed'],
    mode: 'typed',
    opener: 'I emailed support four times about my broken kettle and no one replies.',
    aside: 'by the way, do you sell gift cards?',
    say: {
      category: 'service',
      impact: 'a few days is fine',
      details: 'nope',
      outcome: 'a new one',
      confirm: 'yep',
    },
    expect: { category: 'service', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: 'Lena Berg',
    locale: 'en',
    tags: ['angry', 'typed', 'several'],
    mode: 'typed',
    opener:
      'Sick and tired of this 😡 the washing machine leaks all over the floor. Fix it or replace it, ASAP.',
    say: { category: 'product', impact: 'asap', details: 'no', outcome: 'replacement', confirm: 'yes' },
    expect: { category: 'product', severity: 'high', outcome: 'fix', mood: 'angry' },
  },
  {
    name: 'Marco Rossi',
    locale: 'en',
    tags: ['calm', 'typed'],
    mode: 'typed',
    opener: 'Just letting you know the price on the website was different from what I paid at checkout.',
    say: {
      category: 'billing',
      impact: 'not urgent',
      details: 'no',
      outcome: 'an explanation',
      confirm: 'yes',
    },
    expect: { category: 'billing', severity: 'low', outcome: 'apology', mood: 'calm' },
  },
  {
    name: 'Nina Shah',
    locale: 'en',
    tags: ['vague', 'typed', 'person'],
    mode: 'typed',
    opener: 'I have a complaint',
    personAfter: 1,
    personSays: 'talk to a person',
    say: { category: 'other', impact: 'soon', details: 'no', outcome: 'other', confirm: 'yes' },
    expect: { category: 'other', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: 'Omar Haddad',
    locale: 'en',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: 'The staff at your store ignored me for twenty minutes and then were unhelpful.',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'service', severity: 'low', outcome: 'apology', mood: 'calm' },
  },
  {
    name: 'Pia Keller',
    locale: 'en',
    tags: ['upset', 'typed'],
    mode: 'typed',
    opener: 'I am really disappointed, the jacket I ordered ripped the first time I wore it.',
    say: {
      category: 'product',
      impact: 'can wait a few days',
      details: 'no that is all, thanks',
      outcome: 'refund',
      confirm: 'yes please',
    },
    expect: { category: 'product', severity: 'normal', outcome: 'refund', mood: 'upset' },
  },
  {
    name: 'Quinn Hall',
    locale: 'en',
    tags: ['angry', 'clicked'],
    mode: 'clicked',
    opener: 'This is ridiculous. I was double charged and nobody will refund me!!',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'billing', severity: 'urgent', outcome: 'refund', mood: 'angry' },
  },
  {
    name: 'Rosa Lima',
    locale: 'en',
    tags: ['vague', 'typed'],
    mode: 'typed',
    opener: 'hello',
    story: 'My package was marked delivered yesterday but it never came.',
    say: {
      category: 'delivery',
      impact: 'soon please',
      details: '👍',
      outcome: 'send another one',
      confirm: '👍',
    },
    expect: { category: 'delivery', severity: 'high', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: 'Sam Okafor',
    locale: 'en',
    tags: ['off-topic', 'typed', 'vague'],
    mode: 'typed',
    opener: 'is anyone there?',
    story: 'The courier left my parcel in the rain and everything inside is soaked.',
    aside: 'what time do you close today?',
    say: { category: 'delivery', impact: 'this week', details: 'no', outcome: 'refund', confirm: 'yes' },
    expect: { category: 'delivery', severity: 'normal', outcome: 'refund', mood: 'calm' },
  },
  {
    name: 'Tara Quinn',
    locale: 'en',
    tags: ['typed', 'person'],
    mode: 'typed',
    opener: 'can I just talk to a real person please',
    say: { category: 'other', impact: 'soon', details: 'no', outcome: 'other', confirm: 'yes' },
    expect: { category: 'other', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: 'Uma Patel',
    locale: 'en',
    tags: ['calm', 'typed'],
    mode: 'typed',
    opener: 'I was overcharged on my last bill and I would like a refund.',
    say: {
      category: 'billing',
      impact: 'a few days is ok',
      details: 'no',
      outcome: 'refund',
      confirm: 'sure',
    },
    expect: { category: 'billing', severity: 'urgent', outcome: 'refund', mood: 'calm' },
  },

  // Held out: written before the urgency rules were changed, to see whether they generalise.
  {
    name: 'Nadia Brooks',
    locale: 'en',
    tags: ['calm', 'typed', 'several'],
    mode: 'typed',
    heldOut: true,
    opener:
      'The laptop I bought from you will not turn on anymore and I cannot work. I need it repaired by Friday.',
    say: {
      category: 'product',
      impact: 'by Friday',
      details: 'no, that is everything',
      outcome: 'repair it',
      confirm: yesEn,
    },
    expect: { category: 'product', severity: 'high', outcome: 'fix', mood: 'calm' },
  },
  {
    name: 'Owen Clarke',
    locale: 'en',
    tags: ['calm', 'typed'],
    mode: 'typed',
    heldOut: true,
    opener:
      'Just letting you know the delivery driver left my parcel at the wrong door last week. I found it, no harm done.',
    say: {
      category: 'delivery',
      impact: 'no rush at all',
      details: 'nothing else',
      outcome: 'an apology is fine',
      confirm: yesEn,
    },
    expect: { category: 'delivery', severity: 'low', outcome: 'apology', mood: 'calm' },
  },
  {
    name: 'Priya Shah',
    locale: 'en',
    tags: ['anxious', 'typed'],
    mode: 'typed',
    heldOut: true,
    opener:
      "I'm really worried, my son's medicine order hasn't arrived and he runs out tomorrow. I need it delivered before tomorrow.",
    say: {
      category: 'delivery',
      impact: 'it is urgent, he needs it tomorrow',
      details: 'no',
      outcome: 'deliver it',
      confirm: 'yes',
    },
    expect: { category: 'delivery', severity: 'urgent', outcome: 'fix', mood: 'anxious' },
  },
  // ——— 中文 ———
  {
    name: '王芳',
    locale: 'zh-CN',
    tags: ['angry', 'typed', 'several'],
    mode: 'typed',
    opener: '快递三个星期了还没到，这已经是第三次了！！我要退款！',
    say: {
      category: '配送',
      impact: '很急，今天就要给我答复',
      details: '没有了',
      outcome: '退款',
      confirm: '对，没错',
    },
    expect: { category: 'delivery', severity: 'high', outcome: 'refund', mood: 'angry' },
  },
  {
    name: '李娜',
    locale: 'zh-CN',
    tags: ['calm', 'typed'],
    mode: 'typed',
    opener: '麻烦帮我看一下，买的水壶用了两天就坏了，能换一个吗？',
    say: { category: '产品质量', impact: '可以等几天', details: '没有了', outcome: '换货', confirm: '是的' },
    expect: { category: 'product', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: '张伟',
    locale: 'zh-CN',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: '被重复扣款了，账单不对。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'billing', severity: 'urgent', outcome: 'refund', mood: 'calm' },
  },
  {
    name: '刘洋',
    locale: 'zh-CN',
    tags: ['vague', 'typed'],
    mode: 'typed',
    opener: '你们这服务我很不满意',
    story: '上周在你们门店，店员态度很差，还骂人。',
    say: {
      category: '服务',
      impact: '不急',
      details: '没有',
      outcome: '希望给个说法，道个歉',
      confirm: '对',
    },
    expect: { category: 'service', severity: 'low', outcome: 'apology', mood: 'upset' },
  },
  {
    name: '陈静',
    locale: 'zh-CN',
    tags: ['upset', 'typed'],
    mode: 'typed',
    opener: '客服一直不回复，我很失望。',
    say: {
      category: '服务',
      impact: '比较严重',
      details: '没有了',
      outcome: '希望尽快给个答复',
      confirm: '对的',
    },
    expect: { category: 'service', severity: 'high', outcome: 'apology', mood: 'upset' },
  },
  {
    name: '杨磊',
    locale: 'zh-CN',
    tags: ['person', 'typed'],
    mode: 'typed',
    opener: '我的订单号是 88231，三个星期了还没到。',
    personAfter: 1,
    personSays: '人工',
    say: { category: '配送', impact: '比较急', details: '没有', outcome: '退款', confirm: '对' },
    expect: { category: 'delivery', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: '赵敏',
    locale: 'zh-CN',
    tags: ['anxious', 'typed'],
    mode: 'typed',
    opener: '电暖器冒烟了，差点着火，我很担心，怎么办？',
    say: { category: '产品质量', impact: '非常紧急', details: '没有', outcome: '退款', confirm: '对' },
    expect: { category: 'product', severity: 'urgent', outcome: 'refund', mood: 'anxious' },
  },
  {
    name: '黄磊',
    locale: 'zh-CN',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: '快递送到的时候箱子被压扁了，里面的杯子碎了。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'delivery', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: '周婷',
    locale: 'zh-CN',
    tags: ['vague', 'clicked'],
    mode: 'clicked',
    opener: '你好',
    story: '我买的耳机只有一边有声音，质量有问题。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'product', severity: 'normal', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: '吴刚',
    locale: 'zh-CN',
    tags: ['angry', 'typed'],
    mode: 'typed',
    opener: '气死我了，快递员把包裹扔在门口就走了，东西被偷了！',
    say: { category: '配送', impact: '尽快', details: '没有了', outcome: '赔偿', confirm: '对' },
    expect: { category: 'delivery', severity: 'high', outcome: 'refund', mood: 'angry' },
  },
  {
    name: '郑爽',
    locale: 'zh-CN',
    tags: ['off-topic', 'typed'],
    mode: 'typed',
    opener: '收到的衣服掉色很严重，洗一次就不能穿了。',
    aside: '对了，你们周末营业吗？',
    say: { category: '产品质量', impact: '不着急', details: '没有', outcome: '退货退款', confirm: '是的' },
    expect: { category: 'product', severity: 'low', outcome: 'refund', mood: 'calm' },
  },
  {
    name: '孙丽',
    locale: 'zh-CN',
    tags: ['calm', 'typed', 'several'],
    mode: 'typed',
    opener: '我的发票开错了，价格也不对，麻烦帮我重新开一张，不着急。',
    say: { category: '账单', impact: '不急', details: '没有了', outcome: '重新开发票', confirm: '好的' },
    expect: { category: 'billing', severity: 'low', outcome: 'fix', mood: 'calm' },
  },
  {
    name: '马超',
    locale: 'zh-CN',
    tags: ['vague', 'typed', 'person'],
    mode: 'typed',
    opener: '我要投诉',
    personAfter: 1,
    personSays: '转人工',
    say: { category: '其他', impact: '一般', details: '没有', outcome: '其他', confirm: '对' },
    expect: { category: 'other', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: '胡杰',
    locale: 'zh-CN',
    tags: ['typed', 'person'],
    mode: 'typed',
    opener: '转人工',
    say: { category: '其他', impact: '一般', details: '没有', outcome: '其他', confirm: '对' },
    expect: { category: 'other', severity: 'normal', outcome: 'other', mood: 'calm', person: true },
  },
  {
    name: '林晓',
    locale: 'zh-CN',
    tags: ['angry', 'clicked'],
    mode: 'clicked',
    opener: '太过分了！客服挂我电话，态度恶劣😡',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'service', severity: 'high', outcome: 'apology', mood: 'angry' },
  },
  {
    name: '何雪',
    locale: 'zh-CN',
    tags: ['vague', 'typed'],
    mode: 'typed',
    opener: '在吗',
    story: '昨天买的蛋糕送错了地址，到现在还没收到。',
    say: { category: '配送', impact: '今天就要', details: '没有了', outcome: '重新送一个', confirm: '没错' },
    expect: { category: 'delivery', severity: 'high', outcome: 'replacement', mood: 'calm' },
  },
  {
    name: '高远',
    locale: 'zh-CN',
    tags: ['upset', 'typed'],
    mode: 'typed',
    opener: '好失望，新买的手机充不上电，才用了一周。',
    say: { category: '产品质量', impact: '比较急', details: '没有了', outcome: '维修', confirm: '对，没错' },
    expect: { category: 'product', severity: 'high', outcome: 'fix', mood: 'upset' },
  },
  {
    name: '罗兰',
    locale: 'zh-CN',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: '会员费每个月多收了十块钱，想了解一下原因。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'billing', severity: 'low', outcome: 'apology', mood: 'calm' },
  },
  {
    name: '宋佳',
    locale: 'zh-CN',
    tags: ['calm', 'typed'],
    mode: 'typed',
    opener: '上周六订的外卖送了两个小时才到，饭都凉了，希望退一部分钱。',
    say: { category: '配送', impact: '可以等几天', details: '没有了', outcome: '退款', confirm: '对' },
    expect: { category: 'delivery', severity: 'normal', outcome: 'refund', mood: 'calm' },
  },
  {
    name: '徐明',
    locale: 'zh-CN',
    tags: ['anxious', 'typed', 'several'],
    mode: 'typed',
    opener: '昨天收到的洗衣机漏水，订单号 A-90210，很急，希望尽快上门维修。',
    say: { category: '产品质量', impact: '很急', details: '没有了', outcome: '维修', confirm: '对' },
    expect: { category: 'product', severity: 'high', outcome: 'fix', mood: 'anxious' },
  },
  {
    name: '曹雨',
    locale: 'zh-CN',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    opener: '你们的app一直闪退，打不开订单页面。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'product', severity: 'normal', outcome: 'fix', mood: 'calm' },
  },
  // 留出：在改紧急程度规则之前写好，用来检验规则是否通用。
  {
    name: '钱芳',
    locale: 'zh-CN',
    tags: ['anxious', 'typed'],
    mode: 'typed',
    heldOut: true,
    opener: '我很担心，订的婴儿奶粉还没到，宝宝明天就没得吃了，麻烦今天之内送到。',
    say: { category: '配送', impact: '非常急', details: '没有了', outcome: '尽快送到', confirm: '对' },
    expect: { category: 'delivery', severity: 'urgent', outcome: 'fix', mood: 'anxious' },
  },
  {
    name: '马超',
    locale: 'zh-CN',
    tags: ['calm', 'clicked'],
    mode: 'clicked',
    heldOut: true,
    opener: '买的路由器一直连不上网，完全用不了，影响我在家办公。',
    say: { category: '', impact: '', details: '', outcome: '', confirm: '' },
    expect: { category: 'product', severity: 'high', outcome: 'fix', mood: 'calm' },
  },
  {
    name: '林静',
    locale: 'zh-CN',
    tags: ['calm', 'typed'],
    mode: 'typed',
    heldOut: true,
    opener: '上次门店的收银员找错了零钱，后来已经补给我了，只是反馈一下，不用急。',
    say: { category: '服务', impact: '不急', details: '没有', outcome: '道个歉就行', confirm: '是的' },
    expect: { category: 'service', severity: 'low', outcome: 'apology', mood: 'calm' },
  },
];
