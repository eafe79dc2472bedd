/**
 * A bilingual lexicon analyzer. Deliberately simple and explainable: each rule is a list of
 * words; the first matching list wins in the order written (anger before upset before worry).
 */
import type { Category, Outcome } from '../../db/schema.js';
import type { Analysis, Analyzer, Emotion, UrgencyReason } from './analyzer.js';

type Lexicon<K extends string> = [K, RegExp][];

// \b does not work for CJK, so Chinese terms are matched as plain substrings.
const words = (en: string[], zh: string[]) => new RegExp(`\\b(?:${en.join('|')})\\b|${zh.join('|')}`, 'iu');

const EMOTIONS: Lexicon<Exclude<Emotion, 'calm'>> = [
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
        'joke',
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
      ],
      ['失望', '难过', '伤心', '郁闷', '不开心', '不满', '烦', '态度差', '态度很差', '糟糕'],
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
      ],
      ['担心', '着急', '急', '害怕', '焦虑', '紧张', '不安', '怎么办'],
    ),
  ],
];

const URGENCY: Lexicon<UrgencyReason> = [
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

const CATEGORIES: Lexicon<Category> = [
  [
    'billing',
    words(
      [
        'charged?',
        'charges',
        'bill(?:ed|ing)?',
        'invoice',
        'refund',
        'price',
        'pric(?:ing|ey)',
        'overcharged',
        'payment',
        'paid',
        'fee',
        'subscription',
        'expensive',
        'money',
      ],
      ['扣款', '扣费', '账单', '发票', '价格', '收费', '付款', '支付', '退款', '费用', '贵', '订阅', '钱'],
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
        'crash(?:es|ed)?',
        'malfunction',
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
      ],
    ),
  ],
];

const OUTCOMES: Lexicon<Outcome> = [
  ['refund', words(['refund', 'money back', 'reimburse(?:ment)?'], ['退款', '退钱', '赔钱', '赔偿'])],
  ['replacement', words(['replace(?:ment)?', 'new one', 'exchange'], ['换货', '换一个', '更换', '换新'])],
  ['fix', words(['repair', 'fix(?:ed)?', 'sort (?:it|this) out'], ['维修', '修好', '修理', '解决'])],
  ['apology', words(['apolog(?:y|ise|ize)', 'explanation', 'explain'], ['道歉', '解释', '说法'])],
];

const VAGUE = words(
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
  ],
  ['你好', '您好', '在吗', '投诉', '我要投诉', '有问题', '帮忙'],
);

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

function firstMatch<K extends string>(lexicon: Lexicon<K>, text: string): K | undefined {
  return lexicon.find(([, pattern]) => pattern.test(text))?.[0];
}

/**
 * The category with the most matching words; ties go to the order written, where product comes
 * before delivery ("arrived broken" is about the product, not the courier).
 */
function bestMatch<K extends string>(lexicon: Lexicon<K>, text: string): K | undefined {
  let best: { key: K; score: number } | undefined;
  for (const [key, pattern] of lexicon) {
    const score = text.match(new RegExp(pattern.source, 'giu'))?.length ?? 0;
    if (score > 0 && (!best || score > best.score)) best = { key, score };
  }
  return best?.key;
}

/** A message is vague when it is short and says nothing beyond a greeting or "I want to complain". */
function isVague(text: string, language: 'en' | 'zh-CN'): boolean {
  const length =
    language === 'zh-CN' ? [...text.replace(/\s/g, '')].length : text.split(/\s+/).filter(Boolean).length;
  const short = language === 'zh-CN' ? length < 8 : length < 6;
  return short && (VAGUE.test(text) || length <= 2);
}

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

function reference(text: string): string | undefined {
  const found = REFERENCE_ZH.exec(text)?.[1] ?? REFERENCE_EN.exec(text)?.[1];
  return found && /\d/.test(found) ? found : undefined;
}

function when(text: string): string | undefined {
  const found = WHEN_ZH.exec(text)?.[0] ?? WHEN_EN.exec(text)?.[0];
  // "waiting three weeks" → "three weeks": the verb belongs to the sentence, not the time.
  return found?.replace(/^(?:for|waiting|waited|been) /i, '');
}

export class LexiconAnalyzer implements Analyzer {
  analyze(text: string): Analysis {
    const han = text.match(HAN)?.length ?? 0;
    const latin = text.match(LATIN)?.length ?? 0;
    // One Han character carries roughly a word; Latin letters average about five to a word.
    const language = han > 0 && han * 5 >= latin ? 'zh-CN' : 'en';
    const category = bestMatch(CATEGORIES, text);
    const outcome = firstMatch(OUTCOMES, text);
    const urgency = URGENCY.filter(([, pattern]) => pattern.test(text)).map(([reason]) => reason);
    // Someone describing harm rarely sounds calm on the page but is almost always worried.
    const emotion = firstMatch(EMOTIONS, text) ?? (urgency.includes('safety') ? 'anxious' : 'calm');
    return {
      emotion,
      urgency,
      ...(category ? { category } : {}),
      ...(outcome ? { outcome } : {}),
      vague: isVague(text, language),
      language,
      ...(reference(text) ? { reference: reference(text) } : {}),
      ...(when(text) ? { when: when(text) } : {}),
    };
  }
}
