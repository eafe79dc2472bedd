/**
 * Every string the scheduled jobs show a person: SLA notices to staff and managers, the survey a
 * customer gets, the daily digest. Wording follows the practice in DESIGN.md: thank, never blame,
 * say what happens next, promise only what will be kept.
 */
import type { Category, Severity } from '../../db/schema.js';
import type { Locale } from '../messages.js';

export type SlaClock = 'first' | 'resolution';

const en = {
  categories: {
    product: 'Product quality',
    service: 'Service or staff',
    delivery: 'Delivery',
    billing: 'Billing or price',
    other: 'Other',
  } satisfies Record<Category, string>,
  /** Short names for the chart's axis. */
  categoriesShort: {
    product: 'Product',
    service: 'Service',
    delivery: 'Delivery',
    billing: 'Billing',
    other: 'Other',
  } satisfies Record<Category, string>,
  severities: { urgent: 'urgent', high: 'high', normal: 'normal', low: 'low' } satisfies Record<
    Severity,
    string
  >,
  clocks: { first: 'first response', resolution: 'resolution' } satisfies Record<SlaClock, string>,
  duration: (minutes: number): string => {
    const m = Math.round(minutes);
    if (m < 60) return `${m} min`;
    const h = Math.floor(m / 60);
    if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
    const d = Math.floor(h / 24);
    return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
  },

  sla: {
    warnTitle: (code: string) => `${code}: time is running short`,
    warn: (clock: SlaClock, code: string, due: string, left: string) =>
      clock === 'first'
        ? `${code} is due a first reply by *${due}* (${left} of working time left). A short note that someone is on it already helps the customer feel heard.`
        : `${code} is due to be resolved by *${due}* (${left} of working time left). If it will take longer, telling the customer what happens next and when keeps their trust.`,
    breachThread: (clock: SlaClock, code: string, due: string) =>
      `${code} passed its ${clock === 'first' ? 'first-response' : 'resolution'} time (${due}) and is escalated to the managers' channel, so someone can help.`,
    breachReason: (clock: SlaClock, due: string) =>
      clock === 'first' ? `First-response time passed (due ${due})` : `Resolution time passed (due ${due})`,
    /** Several breaches found in one sweep, for their one escalation. */
    breachReasons: (reasons: string[]) => reasons.join('; '),
  },

  survey: {
    title: 'How did we do?',
    body: (name: string, code: string, summary: string) =>
      `Hi ${name}, your complaint ${code} (“${summary}”) was marked as resolved. Did we put things right for you? One tap is enough, and it helps us do better.`,
    scale: '1 = not at all · 5 = completely',
    rateLabels: ['1', '2', '3', '4', '5'] as const,
    commentButton: 'Add a comment',
    formTitle: 'Anything to add?',
    formLabel: 'Your comment (optional)',
    formPlaceholder: 'What went well, or what could we have done better?',
    formSubmit: 'Send',
    answered: (rating: number) => `You rated this ${rating} out of 5. Thank you.`,
    thanksHigh: (name: string) =>
      `Thank you, ${name}! We're glad it's sorted. If anything else comes up, just message me here.`,
    thanksMid: () =>
      'Thank you for telling us. We will use it to do better. If something still is not right, reply here and we will pick it up.',
    thanksLow: (code: string) =>
      `Thank you for being honest, and we're sorry it still isn't right. We have reopened ${code} and asked a senior member of the team to follow up with you here.`,
    commentThanks: 'Thank you. Your comment has been passed on to the team.',
    alreadyAnswered: (code: string) => `We already have your answer about ${code}. Thank you.`,
    closed:
      'This survey has closed. If something is not right, message me here any time and we will pick it up.',
    notYours: 'This survey was sent to someone else, so it cannot take your answer.',
    // To staff, in the complaint's thread.
    failedThread: (code: string, reason: string) =>
      `The satisfaction survey for ${code} could not reach the customer (${reason}). It will not be retried; if their feedback matters here, ask them in the conversation you already have.`,
    lowThread: (code: string, rating: number) =>
      `The customer rated how ${code} was resolved ${rating}/5. It is reopened and escalated so someone can follow up with them.`,
    commentThread: (code: string) => `The customer added a comment to their survey about ${code}:`,
    ratedThread: (code: string, rating: number) => `The customer rated how ${code} was resolved ${rating}/5.`,
    reasonLow: (rating: number) => `Customer rated the resolution ${rating}/5`,
    reasonExpired: 'No survey answer in 7 days',
  },

  digest: {
    title: (day: string) => `Complaints digest · ${day}`,
    titleToday: (day: string) => `Complaints digest · ${day} (so far)`,
    intro: (newCount: string, resolved: string, open: string) =>
      `${newCount} new, ${resolved} resolved, ${open} still open.`,
    quiet: 'A quiet day: no new complaints.',
    newLabel: 'New',
    resolvedLabel: 'Resolved',
    openLabel: 'Open (backlog)',
    breachesLabel: 'SLA breaches',
    breaches: (first: string, resolution: string) => `${first} first response · ${resolution} resolution`,
    firstResponseLabel: 'Median first response',
    resolutionLabel: 'Median time to resolve',
    none: '—',
    csatLabel: 'CSAT (7 days)',
    csat: (average: string, rate: string, answered: string, sent: string) =>
      `${average} / 5 · ${rate} answered (${answered} of ${sent})`,
    csatNone: 'no surveys sent yet',
    topLabel: 'Top categories',
    trendLabel: 'New in the last 7 days',
    spike: (category: string, count: string, average: string) =>
      `⚠️ Spike: *${category}* had ${count} complaints, more than twice its 7-day average of ${average}. Worth a look for a common cause.`,
    oldestLabel: 'Oldest open complaints',
    oldest: (code: string, age: string, severity: string, status: string, owner: string) =>
      `*${code}* · ${age} old · ${severity} · ${status} · ${owner}`,
    noneOpen: 'Nothing open. Well done.',
    footer: (timeZone: string) =>
      `Days run midnight to midnight in ${timeZone}. Open counts and ages are as of when this was sent.`,
    statuses: {
      open: 'waiting for an owner',
      claimed: 'in progress',
      waiting: 'waiting on customer',
      reopened: 'reopened',
      resolved: 'resolved',
      closed: 'closed',
    } as Record<string, string>,
    unassigned: 'no owner',
    chartAlt: (day: string) =>
      `Chart: new and resolved complaints per day for the 7 days to ${day}, and new complaints by category.`,
    chartTrend: '7-day trend',
    chartNew: 'New',
    chartResolved: 'Resolved',
    chartCategories: 'By category (7 days)',
    onItsWay:
      'Today\u2019s digest so far is on its way to the managers\u2019 channel (or to your direct messages if there is none yet).',
    usage: 'Try `/hearken digest now`.',
  },
};

export type JobsCatalog = typeof en;

const zhCN: JobsCatalog = {
  categories: {
    product: '产品质量',
    service: '服务或员工态度',
    delivery: '配送物流',
    billing: '账单或价格',
    other: '其他问题',
  },
  categoriesShort: {
    product: '产品',
    service: '服务',
    delivery: '配送',
    billing: '账单',
    other: '其他',
  },
  severities: { urgent: '紧急', high: '高', normal: '一般', low: '低' },
  clocks: { first: '首次回复', resolution: '解决' },
  duration: (minutes: number): string => {
    const m = Math.round(minutes);
    if (m < 60) return `${m} 分钟`;
    const h = Math.floor(m / 60);
    if (h < 48) return m % 60 === 0 ? `${h} 小时` : `${h} 小时 ${m % 60} 分钟`;
    const d = Math.floor(h / 24);
    return h % 24 === 0 ? `${d} 天` : `${d} 天 ${h % 24} 小时`;
  },

  sla: {
    warnTitle: (code) => `${code}：时间快到了`,
    warn: (clock, code, due, left) =>
      clock === 'first'
        ? `${code} 需要在 *${due}* 前首次回复客户（还剩 ${left} 工作时间）。哪怕先说一句“我们在跟进”，也能让客户感到被重视。`
        : `${code} 需要在 *${due}* 前解决（还剩 ${left} 工作时间）。如果需要更久，请告诉客户接下来会怎么做、大概什么时候有结果。`,
    breachThread: (clock, code, due) =>
      `${code} 已超过${clock === 'first' ? '首次回复' : '解决'}时限（${due}），已升级到管理频道，请大家协助。`,
    breachReason: (clock, due) =>
      clock === 'first' ? `已超过首次回复时限（${due}）` : `已超过解决时限（${due}）`,
    breachReasons: (reasons) => reasons.join('；'),
  },

  survey: {
    title: '我们做得怎么样？',
    body: (name, code, summary) =>
      `${name}，您好！您的投诉 ${code}（“${summary}”）已标记为解决。问题真的解决好了吗？点一下就可以，您的反馈能帮助我们做得更好。`,
    scale: '1 = 完全没有 · 5 = 非常满意',
    rateLabels: ['1', '2', '3', '4', '5'],
    commentButton: '补充意见',
    formTitle: '还有什么想告诉我们的吗？',
    formLabel: '您的意见（可选）',
    formPlaceholder: '哪些地方做得好，哪些地方还可以做得更好？',
    formSubmit: '提交',
    answered: (rating) => `您的评分：${rating} / 5。谢谢您！`,
    thanksHigh: (name) => `谢谢您，${name}！很高兴问题得到了解决。以后有任何事，随时在这里给我留言。`,
    thanksMid: () => '谢谢您的反馈，我们会据此改进。如果还有没解决好的地方，直接在这里回复，我们会继续跟进。',
    thanksLow: (code) =>
      `谢谢您如实告诉我们，很抱歉问题还没有解决好。我们已重新打开 ${code}，并请一位资深同事在这里与您联系跟进。`,
    commentThanks: '谢谢您，您的意见已转达给团队。',
    alreadyAnswered: (code) => `我们已经收到您对 ${code} 的评价，谢谢！`,
    closed: '这份问卷已经关闭。如果还有不满意的地方，随时在这里给我留言，我们会继续跟进。',
    notYours: '这份问卷是发给其他人的，无法记录您的回答。',
    failedThread: (code, reason) =>
      `${code} 的满意度问卷未能送达客户（${reason}），不会再重试。如需了解客户的评价，可以在现有对话中直接询问。`,
    lowThread: (code, rating) =>
      `客户对 ${code} 的处理结果评分为 ${rating}/5，已重新打开并升级，请安排同事跟进。`,
    commentThread: (code) => `客户在 ${code} 的问卷中补充了意见：`,
    ratedThread: (code, rating) => `客户对 ${code} 的处理结果评分为 ${rating}/5。`,
    reasonLow: (rating) => `客户对处理结果评分为 ${rating}/5`,
    reasonExpired: '问卷 7 天未回复',
  },

  digest: {
    title: (day) => `投诉日报 · ${day}`,
    titleToday: (day) => `投诉日报 · ${day}（截至目前）`,
    intro: (newCount, resolved, open) => `新增 ${newCount} 件，解决 ${resolved} 件，仍有 ${open} 件未结。`,
    quiet: '今天很平静：没有新的投诉。',
    newLabel: '新增',
    resolvedLabel: '已解决',
    openLabel: '未结（积压）',
    breachesLabel: '超时',
    breaches: (first, resolution) => `首次回复 ${first} 件 · 解决 ${resolution} 件`,
    firstResponseLabel: '首次回复用时（中位数）',
    resolutionLabel: '解决用时（中位数）',
    none: '—',
    csatLabel: '满意度（近 7 天）',
    csat: (average, rate, answered, sent) => `${average} / 5 · 回复率 ${rate}（${answered}/${sent}）`,
    csatNone: '尚未发送问卷',
    topLabel: '主要类别',
    trendLabel: '近 7 天新增',
    spike: (category, count, average) =>
      `⚠️ 异常增多：*${category}* 当天有 ${count} 件投诉，超过近 7 天日均（${average}）的两倍，建议看看是否有共同原因。`,
    oldestLabel: '最久未结的投诉',
    oldest: (code, age, severity, status, owner) =>
      `*${code}* · 已 ${age} · ${severity} · ${status} · ${owner}`,
    noneOpen: '没有未结的投诉，辛苦了！',
    footer: (timeZone) => `按 ${timeZone} 时间的自然日统计。未结数量和时长为发送时的数据。`,
    statuses: {
      open: '等待认领',
      claimed: '处理中',
      waiting: '等待客户回复',
      reopened: '已重新打开',
      resolved: '已解决',
      closed: '已关闭',
    },
    unassigned: '无负责人',
    chartAlt: (day) => `图表：截至 ${day} 的 7 天内每日新增与解决的投诉数，以及按类别的新增数。`,
    chartTrend: '7 天趋势',
    chartNew: '新增',
    chartResolved: '已解决',
    chartCategories: '按类别（7 天）',
    onItsWay: '今天截至目前的日报马上发到管理频道（如果还没有设置管理频道，会私信发给您）。',
    usage: '试试 `/hearken digest now`。',
  },
};

const catalogs: Record<Locale, JobsCatalog> = { en, 'zh-CN': zhCN };

/** The jobs' catalog for a stored locale; anything unknown falls back to English. */
export function jobsText(locale: string | null | undefined): JobsCatalog {
  return locale?.toLowerCase().startsWith('zh') ? catalogs['zh-CN'] : catalogs.en;
}

/** The catalog locale for a stored locale string. */
export function toJobsLocale(locale: string | null | undefined): Locale {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
