/**
 * The bilingual vocabularies the rule-based understanding reads with: each entry is a list of the
 * words customers use for one value. Chinese terms are matched on text whose polite words
 * (麻烦) are masked by the segmenter first, so "麻烦您" is not heard as "烦".
 */
import type { Category, Outcome } from '../domain/index.js';
import type { Emotion, UrgencyReason } from './understanding.js';

export type Lexicon<K extends string> = [K, RegExp][];

const GLOBAL = new WeakMap<RegExp, RegExp>();

/**
 * A vocabulary pattern as a global, case-insensitive, Unicode pattern, for `matchAll`: compiled
 * once per pattern rather than on every reading. Shared safely because `matchAll` works on its own
 * copy and never moves the original's `lastIndex`.
 */
export function everywhere(pattern: RegExp): RegExp {
  let global = GLOBAL.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, 'giu');
    GLOBAL.set(pattern, global);
  }
  return global;
}

// \b does not work for CJK, so Chinese terms are matched as plain substrings.
export const words = (en: string[], zh: string[]) =>
  new RegExp(`\\b(?:${en.join('|')})\\b|${zh.join('|')}`, 'iu');

export const EMOTIONS: Lexicon<Exclude<Emotion, 'calm'>> = [
  [
    'angry',
    words(
      [
        'furious',
        'angry',
        'outraged',
        'ridiculous',
        'unacceptable',
        'disgusting',
        'worst',
        'fed up',
        'livid',
        'pissed',
        'scam',
        'rip[- ]?off',
        'terrible service',
        'sick of',
        'sick and tired',
        'joke',
        'third time',
        '3rd time',
        'fourth time',
        'enough is enough',
        'how dare',
        'pathetic',
        'useless',
        'incompetent',
      ],
      [
        '气死',
        '生气',
        '愤怒',
        '太过分',
        '离谱',
        '无法接受',
        '不能接受',
        '恶心',
        '垃圾',
        '最差',
        '受够',
        '骗子',
        '坑人',
        '忍无可忍',
        '什么破',
        '第三次',
        '又一次',
        '无语',
        '太差劲',
        '岂有此理',
        '气人',
      ],
    ),
  ],
  [
    'upset',
    words(
      [
        'disappointed',
        'upset',
        'sad',
        'frustrated',
        'frustrating',
        'let down',
        'unhappy',
        'annoyed',
        'rude',
        'horrible',
        'awful',
        'not happy',
        'not impressed',
        'not ok',
        'not okay',
        'terrible',
      ],
      [
        '失望',
        '难过',
        '伤心',
        '郁闷',
        '不开心',
        '不满',
        '烦',
        '态度差',
        '态度很差',
        '糟糕',
        '委屈',
        '不爽',
        '心累',
      ],
    ),
  ],
  [
    'anxious',
    words(
      [
        'worried',
        'anxious',
        'scared',
        'afraid',
        'urgent',
        'asap',
        'desperate',
        'panic',
        'stressed',
        'nervous',
        'panicking',
        "(?:can't|cannot) (?:sleep|afford)",
      ],
      ['担心', '着急', '急死', '害怕', '焦虑', '紧张', '不安', '怎么办', '很急'],
    ),
  ],
];

/**
 * Words that name a feeling (not a situation like "ridiculous" or "态度很差"): the only words the
 * reader reports as `feelingWords`, which the catalogs say back as they were said ("You are
 * furious", "让您失望了"). The one list of them.
 */
export const NAMED_FEELINGS = new Set([
  'furious',
  'angry',
  'livid',
  'outraged',
  'fed up',
  'disappointed',
  'upset',
  'sad',
  'frustrated',
  'annoyed',
  'unhappy',
  'worried',
  'anxious',
  'scared',
  'afraid',
  'stressed',
  'nervous',
  'desperate',
  '生气',
  '愤怒',
  '失望',
  '难过',
  '伤心',
  '郁闷',
  '委屈',
  '着急',
  '担心',
  '焦虑',
  '害怕',
  '紧张',
  '不满',
]);

export const URGENCY: Lexicon<UrgencyReason> = [
  [
    'safety',
    words(
      [
        'fire',
        'smok(?:e|ed|ing)',
        'burn(?:ed|t|ing)?',
        'explode[ds]?',
        'shock(?:ed)?',
        'injur(?:y|ed|ies)',
        'hurt',
        'poison(?:ed|ing)?',
        'allerg(?:y|ic)',
        'hospital',
        'unsafe',
        'danger(?:ous)?',
        'bleeding',
        'choking',
      ],
      [
        '着火',
        '起火',
        '冒烟',
        '烧',
        '爆炸',
        '触电',
        '漏电',
        '受伤',
        '中毒',
        '过敏',
        '医院',
        '危险',
        '安全隐患',
        '流血',
      ],
    ),
  ],
  [
    'legal',
    words(
      [
        'lawyer',
        'attorney',
        'sue',
        'suing',
        'lawsuit',
        'legal action',
        'court',
        'regulator',
        'ombudsman',
        'trading standards',
        'small claims',
      ],
      ['律师', '起诉', '告你们', '法院', '投诉到', '消协', '消费者协会', '工商', '12315', '法律'],
    ),
  ],
  [
    'money',
    words(
      [
        'charged twice',
        'double charged',
        'overcharged',
        'fraud(?:ulent)?',
        'stolen',
        'unauthori[sz]ed (?:charge|payment|transaction)',
        'money (?:was )?taken',
        'lost money',
        'chargeback',
      ],
      ['扣了两次', '重复扣款', '多扣', '盗刷', '被骗', '诈骗', '钱被扣', '资金损失', '乱扣费'],
    ),
  ],
];

export const CATEGORIES: Lexicon<Category> = [
  [
    'billing',
    words(
      [
        'charged?',
        'charges',
        'bill(?:ed|ing)?',
        'invoice',
        'price',
        'pric(?:ing|ey)',
        'overcharged',
        'payment',
        'paid',
        'fee',
        'subscription',
        'expensive',
      ],
      [
        '扣款',
        '扣费',
        '扣了',
        '账单',
        '发票',
        '价格',
        '收费',
        '付款',
        '支付',
        '费用',
        '太贵',
        '订阅',
        '多收',
      ],
    ),
  ],
  [
    'product',
    words(
      [
        'broken',
        'defective',
        'faulty',
        'damaged',
        'stopped working',
        "doesn't work",
        'does not work',
        'quality',
        'crack(?:ed|s)?',
        'leak(?:s|ing)?',
        'bug',
        'crash(?:es|ed|ing)?',
        'malfunction',
        'stopped working',
        'wrong size',
        'not working',
        "won't (?:turn on|start|charge)",
        'fell apart',
        'ripped',
        'torn',
      ],
      [
        '坏了',
        '质量',
        '破损',
        '损坏',
        '故障',
        '不能用',
        '用不了',
        '裂',
        '漏',
        '瑕疵',
        '次品',
        '有问题',
        '闪退',
        '碎了',
        '开不了机',
        '充不上电',
        '掉色',
        '不好用',
      ],
    ),
  ],
  [
    'delivery',
    words(
      [
        'deliver(?:y|ed)?',
        'shipping',
        'shipped',
        'shipment',
        'parcel',
        'package',
        'courier',
        'arriv(?:e|ed|al)',
        'tracking',
        'late',
        'courier',
        'driver',
        'order (?:is|was) (?:late|missing)',
        'never came',
        'lost in transit',
        'postman',
        // The commonest delivery complaint names no courier: "still waiting for my order".
        'waiting (?:[\\w-]+ ){0,3}(?:for|on) (?:my |the |an? |our )?(?:order|parcel|package|delivery|item)s?',
        "(?:hasn't|has not|haven't|have not|still not|not yet|never) (?:arrived|been delivered|received it|shown up|turned up)",
        'where is my (?:order|parcel|package|stuff)',
      ],
      [
        '快递',
        '物流',
        '配送',
        '送货',
        '发货',
        '包裹',
        '没收到',
        '未收到',
        '延迟',
        '送达',
        '运输',
        '派送',
        '还没到',
        '没到货',
        '迟迟不',
        '催单',
        '快递员',
        '没送到',
        '外卖',
        '才到',
        '送了',
        '送错',
      ],
    ),
  ],
  [
    'service',
    words(
      [
        'rude',
        'staff',
        'agent',
        'support',
        'employee',
        'manager',
        'attitude',
        'ignored',
        'hung up',
        'customer service',
        'waited',
        'unhelpful',
        'was rude',
        'shouted',
        'cashier',
        'waiter',
        'treated',
        '(?:nobody|no one|no-one) (?:answers|answered|replies|replied|responds|responded|gets back|got back|calls back|called back)',
        "(?:doesn't|don't|didn't|won't|never) (?:reply|replies|respond|answer|get back|call back)",
        'no (?:reply|response|answer) (?:to|from)',
      ],
      [
        '态度',
        '客服',
        '员工',
        '服务',
        '店员',
        '不理',
        '挂电话',
        '没人回复',
        '敷衍',
        '没人理',
        '不回复',
        '不回消息',
        '不接电话',
        '服务员',
        '收银员',
        '骂',
        '凶',
      ],
    ),
  ],
];

export const OUTCOMES: Lexicon<Outcome> = [
  [
    'refund',
    words(
      [
        'refund(?:ed)?',
        'money back',
        'reimburse(?:ment|d)?',
        'my money',
        'compensat(?:e|ion)',
        'credit back',
      ],
      [
        '退款',
        '退钱',
        '赔钱',
        '赔偿',
        '把钱退',
        '退还',
        '退货退款',
        '退费',
        '退一部分',
        '退点钱',
        '部分退款',
      ],
    ),
  ],
  [
    'replacement',
    words(
      ['replace(?:ment|d)?', 'new one', 'exchange', 'send (?:me )?(?:another|a new)', 'resend', 're-send'],
      ['换货', '换一个', '更换', '换新', '补发', '重新发', '换个新', '重新送'],
    ),
  ],
  [
    'fix',
    words(
      [
        'repair(?:ed)?',
        'fix(?:ed)?',
        'sort (?:it|this) out',
        'make it work',
        'get it working',
        'deliver(?:ed)? (?:it|my order)',
      ],
      ['维修', '修好', '修理', '解决', '处理好', '尽快送到', '马上送', '重新开', '重开', '改正'],
    ),
  ],
  [
    'apology',
    words(
      [
        'apolog(?:y|ise|ize)',
        'explanation',
        'explain',
        'say sorry',
        'an answer',
        'just want (?:you|someone) to know',
        'be heard',
      ],
      ['道歉', '道个歉', '解释', '说法', '交代', '答复', '给个说法', '赔礼'],
    ),
  ],
];

/**
 * How soon it must be sorted, in the order checked: "not urgent" before "urgent", "不急" before
 * "急". A reason from URGENCY always makes it urgent.
 */
export const SEVERITY_WORDS: Lexicon<'low' | 'normal' | 'urgent' | 'high'> = [
  [
    'low',
    words(
      [
        'not urgent',
        'no rush',
        'no hurry',
        'whenever',
        'just so you know',
        'just letting you know',
        'for your information',
        'fyi',
        'not a big deal',
        'in your own time',
        'not in a hurry',
        // Calm, patient wording: telling, not asking for speed.
        'just (?:wanted to )?(?:let you know|mention|flag)',
        'no harm done',
        'out of curiosity',
      ],
      [
        '不急',
        '不着急',
        '不紧急',
        '不赶时间',
        '不用急',
        '不用着急',
        '只是想让你们知道',
        '只是反馈',
        '反馈一下',
        '随便什么时候',
        '想了解一下',
        '了解一下原因',
        '想问一下',
      ],
    ),
  ],
  [
    'normal',
    words(
      ['(?:it |that )?can wait', 'a few days', 'this week', 'next week', 'when you can', 'no big rush'],
      ['可以等', '等几天', '这周内', '几天内', '有空'],
    ),
  ],
  [
    'urgent',
    words(
      [
        'urgent(?:ly)?',
        'emergency',
        'immediately',
        'right now',
        'right away',
        'critical',
        // Something a person lives on runs out: medicine, baby food.
        'runs? out (?:today|tonight|tomorrow)',
        'medicine',
        'medication',
        'prescription',
        'insulin',
      ],
      ['紧急', '非常急', '十万火急', '马上', '立刻', '立即', '刻不容缓', '断药', '断粮', '没得吃'],
    ),
  ],
  [
    'high',
    words(
      [
        'asap',
        'as soon as possible',
        'soon',
        '(?:by|before|need (?:it |this |an answer )?|until) (?:today|tonight|tomorrow)',
        'serious(?:ly)?',
        'right now',
        'third time',
        '3rd time',
        'again and again',
        'quickly',
        'needs attention',
        // A deadline: "by Friday", "before the weekend", "tonight".
        '(?:by|before) (?:mon|tues|wednes|thurs|fri|satur|sun)day',
        '(?:by|before) (?:the )?(?:weekend|end of (?:the )?(?:day|week))',
        '(?:need|want|must have|have to have) (?:it|this|them) (?:today|tonight)',
        'tonight',
        // Can no longer use it, or cannot work because of it.
        "can(?:'?t|not) (?:work|use it)",
        "(?:won'?t|will not|does not|doesn'?t) (?:turn|switch|power) on",
        "(?:won'?t|will not|does not|doesn'?t) charge",
        'completely (?:broken|dead|useless)',
        'locked out',
        // Lost on the way: marked delivered but never there, sent to the wrong address.
        'marked (?:as )?delivered',
        'says (?:it was )?delivered',
        'never (?:came|arrived|showed up)',
        'wrong address',
      ],
      [
        '很急',
        '尽快',
        '今天就要',
        '今天之内',
        '今天内',
        '今天必须',
        '明天之前',
        '(?:周|星期|礼拜)[一二三四五六日天]之?前',
        '急',
        '赶紧',
        '快点',
        '第三次',
        '用不了',
        '不能用',
        '没法用',
        '无法使用',
        '开不了机',
        '充不上电',
        '充不进电',
        '连不上网',
        '影响(?:我)?(?:的)?(?:工作|办公|上班|生活)',
        '没法工作',
        '无法工作',
        '送错(?:了)?地址',
        '显示(?:已)?签收',
        '丢件',
      ],
    ),
  ],
];

export const VAGUE = words(
  [
    'hi',
    'hello',
    'hey',
    'help',
    'complain(?:t)?',
    'i want to complain',
    'i have a complaint',
    'problem',
    'issue',
    'not happy',
    'unhappy',
    'you guys',
    'your company',
  ],
  ['你好', '您好', '在吗', '投诉', '我要投诉', '有问题', '帮忙', '不满意', '你们'],
);

// A reference has a digit and at least four characters, after a word that names it or a `#`.
const REFERENCE_EN =
  /(?:\b(?:order|ref(?:erence)?|invoice|booking|tracking|case|ticket|account|receipt)\s*(?:no\.?|number|num|id|#)?\s*[:#]?\s*|#)([A-Z0-9][A-Z0-9-]{3,24})\b/i;
const REFERENCE_ZH =
  /(?:订单|单号|运单|快递单|发票|编号|工单)号?\s*(?:是|为)?\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9-]{3,24})/;
const NUMBER_WORD =
  '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|a couple of)';
const WHEN_EN = new RegExp(
  [
    'yesterday',
    'today',
    'this (?:morning|afternoon|evening|week)',
    'last (?:night|week|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day)',
    `${NUMBER_WORD} (?:hours?|days?|weeks?|months?) ago`,
    `(?:for|waiting|waited|been) (?:over |almost |nearly )?${NUMBER_WORD} (?:days?|weeks?|months?)`,
    'on (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|\\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)',
    '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \\d{1,2}(?:st|nd|rd|th)?',
  ]
    .map((p) => `\\b${p}\\b`)
    .join('|'),
  'i',
);
const WHEN_ZH =
  /昨天|今天|前天|上周[一二三四五六日天]?|上个?星期[一二三四五六日天]?|上个月|[一二三四五六七八九十两几\d]+(?:个)?(?:小时|天|周|星期|礼拜|月)前?|\d{1,2}月\d{1,2}[日号]/;

export function reference(text: string): string | undefined {
  const found = REFERENCE_ZH.exec(text)?.[1] ?? REFERENCE_EN.exec(text)?.[1];
  return found && /\d/.test(found) ? found : undefined;
}

export function when(text: string): string | undefined {
  const found = WHEN_ZH.exec(text)?.[0] ?? WHEN_EN.exec(text)?.[0];
  // "waiting three weeks" → "three weeks": the verb belongs to the sentence, not the time.
  return found?.replace(/^(?:for|waiting|waited|been) /i, '');
}
