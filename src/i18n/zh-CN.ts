/**
 * 简体中文目录。措辞来自 shared/seeds 中的投诉处理实践：先感谢、说出对方的感受、开放式提问、
 * 复述确认、不争辩不推责、只承诺做得到的事、告诉对方接下来会发生什么。
 */
import type { Category, ComplaintStatus, Emotion, EventType, Outcome, Severity } from '../domain/index.js';
import type { UrgencyReason } from '../nlu/analyzer.js';
import type { Catalog } from './en.js';
import { formatDuration, formatNumber, listFormat } from './format.js';
import type { EventWords, SlaClock } from './words.js';

const categories: Record<Category, string> = {
  product: '产品质量',
  service: '服务或员工态度',
  delivery: '配送物流',
  billing: '账单或价格',
  other: '其他问题',
};

const categoriesShort: Record<Category, string> = {
  product: '产品',
  service: '服务',
  delivery: '配送',
  billing: '账单',
  other: '其他',
};

const severities: Record<Severity, string> = {
  urgent: '紧急',
  high: '高',
  normal: '一般',
  low: '低',
};

const impactChoices: Record<Severity, string> = {
  urgent: '非常紧急：已经影响到我，或可能造成伤害',
  high: '比较严重：希望尽快处理',
  normal: '确实是个问题，但可以等几天',
  low: '不着急：只是想让你们知道',
};

const outcomes: Record<Outcome, string> = {
  refund: '退款',
  replacement: '换货',
  fix: '维修或解决问题',
  apology: '解释或道歉',
  other: '其他',
};

/** 用客户自己的词说出对方的感受（`words` 只会是读取模块认出的感受词，见 src/nlu/vocabulary.ts 的 NAMED_FEELINGS）。 */
const feelings: Record<Emotion, (words?: string) => string> = {
  angry: (w) =>
    w
      ? `您这么${w}，完全可以理解。给您带来这样的经历，真的很抱歉。`
      : '我能感受到您非常生气，换作是我也会这样。给您带来这样的经历，真的很抱歉。',
  upset: (w) =>
    w
      ? `让您${w}了，真的很抱歉。我会尽力帮您把问题解决好。`
      : '真的很抱歉，这件事一定让您很难受。我会尽力帮您把问题解决好。',
  anxious: (w) =>
    w ? `我理解您很${w}，我们一起把这件事处理好。` : '我能理解您很着急，也很担心。我们一起把这件事处理好。',
  calm: () => '',
};

const moods: Record<Emotion, string> = {
  angry: '生气',
  upset: '难过',
  anxious: '担心',
  calm: '平静',
};

const urgencyReasons: Record<UrgencyReason, string> = {
  safety: '安全隐患',
  legal: '法律途径',
  money: '资金损失',
};

const statuses: Record<ComplaintStatus, string> = {
  open: '等待工作人员处理',
  claimed: '工作人员正在处理',
  waiting: '等待您的回复',
  resolved: '已解决',
  reopened: '已重新打开，工作人员会再次跟进',
  closed: '已关闭',
};

const staffStatuses: Record<ComplaintStatus, string> = {
  open: '待处理',
  claimed: '处理中',
  waiting: '等待客户回复',
  resolved: '已解决',
  reopened: '已重新打开',
  closed: '已关闭',
};

const clocks: Record<SlaClock, string> = { first: '首次回复', resolution: '解决' };

const duration = (minutes: number): string => formatDuration(minutes, 'zh-CN');
const dueNote = (p: EventWords) => (p.due ? `（期限 ${p.due}）` : '');

const events: Record<EventType, (p: EventWords) => string> = {
  created: (p) => `${p.name} 提交了投诉`,
  customer_message: (p) => `${p.name}（客户）留言`,
  customer_file: (p) => `${p.name}（客户）发送了${p.files ?? '一个文件'}`,
  staff_reply: (p) => `${p.name} 回复了客户`,
  staff_ask: (p) => `${p.name} 向客户提问`,
  note: (p) => `${p.name} 添加了内部备注`,
  claimed: (p) => `${p.name} 认领了投诉`,
  assigned: (p) => (p.assignee ? `${p.name} 把投诉分配给了 ${p.assignee}` : `${p.name} 分配了投诉`),
  escalated: (p) => `${p.name} 升级了投诉`,
  resolved: (p) => `${p.name} 解决了投诉`,
  reopened: (p) => `${p.name} 重新打开了投诉`,
  closed: (p) => `${p.name} 关闭了投诉`,
  erased: (p) => `${p.name} 删除了客户的个人信息`,
  sla_warning: (p) => `${p.name} 提醒：${clocks[p.clock ?? 'first']}时限快到了${dueNote(p)}`,
  sla_breach: (p) => `${p.name} 记录：已超过${clocks[p.clock ?? 'first']}时限${dueNote(p)}`,
  survey_sent: (p) => `${p.name} 发送了满意度问卷`,
  survey_answered: (p) =>
    p.rating === undefined ? `${p.name} 回复了满意度问卷` : `${p.name} 对处理结果评分 ${p.rating}/5`,
  survey_comment: (p) => `${p.name} 在问卷中补充了意见`,
  person_requested: (p) => `${p.name} 要求工作人员直接处理`,
  customer_blocked: (p) => `${p.name} 屏蔽了该客户：其消息不再转给客服`,
  customer_unblocked: (p) => `${p.name} 解除了对该客户的屏蔽`,
  customer_edited: (p) => `${p.name}（客户）修改了一条消息`,
  customer_deleted: (p) => `${p.name}（客户）删除了一条消息`,
  survey_undeliverable: (p) => `满意度问卷未能送达客户${p.reason ? `（${p.reason}）` : ''}`,
};

/** “甲”、“乙”或“丙”：中文的列举方式。 */
function zhList(items: string[]): string {
  return listFormat('zh-CN', { type: 'disjunction' }).format(items.map((i) => `“${i}”`));
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const zhCN: Catalog = {
  locale: 'zh-CN',
  categories,
  categoriesShort,
  severities,
  impactChoices,
  outcomes,
  feelings,
  moods,
  statuses,
  duration,

  intake: {
    thanks: (name: string) => `${name}，谢谢您告诉我们这件事。`,
    welcome: (name: string) => `${name}您好，感谢您联系我们。我会认真听您说，并确保相关同事了解您的情况。`,
    questions: {
      describe: [
        '能请您用自己的话说说发生了什么吗？想说多少都可以，现在说得越清楚，之后就越不用重复。',
        '我想把情况弄清楚：具体出了什么问题？是什么时候发生的？',
        '用一两句话说就可以，比如“快递一直没到”或“被重复扣款了”。',
        '能简单说说发生了什么吗？',
        '一句话就行：出了什么问题？',
      ],
      category: (options: string[]) => [
        '这主要是哪方面的问题？',
        `您可以说${zhList(options)}，也可以用自己的话描述。`,
        `哪一项最接近：${options.map((o, i) => `${i + 1}.${o}`).join('，')}？直接回复数字也可以。`,
        '这属于哪一类问题？',
        '用一个词说，是关于什么的？',
      ],
      impact: (options: string[]) => [
        '您希望多快得到处理？',
        `您可以说${zhList(options)}，也可以用自己的话告诉我。`,
        `哪一项最接近：${options.map((o, i) => `${i + 1}.${o}`).join('，')}？`,
        '这件事对您来说有多急？',
        '很急，还是可以等一等？',
      ],
      details: [
        '还有什么需要团队知道的吗？比如发生的时间、订单号或其他编号。',
        '日期、订单号或编号都有帮助。没有的话，回复“没有了”就好。',
        '还有要补充的吗？没有的话回复“没有”即可。',
        '还有其他细节吗？',
        '还有别的吗？',
      ],
      outcome: (options: string[]) => [
        '您希望我们怎样处理？',
        `您可以说${zhList(options)}，也可以用自己的话告诉我。`,
        '您希望我们做些什么？用自己的话说就好。',
        '怎样的结果您会满意？',
        '我们怎样做才能让您满意？',
      ],
      outcomeNote: [
        '请用几句话告诉我，怎样处理您会满意。',
        '您希望我们怎么做？用自己的话说就好。',
        '简单说说：希望我们怎么做？',
        '怎样处理才合适？',
        '您想要什么样的结果？',
      ],
      edit: [
        '没问题。您想修改哪一部分？',
        '哪一部分不对：发生了什么、类型、紧急程度、细节，还是您希望的处理方式？',
        '点一下要修改的部分，或者直接输入正确的内容。',
        '要改哪里？',
        '哪一部分？',
      ],
    },
    offer: [
      '如果更方便，您也可以改用一页表单填写，或者我现在就为您转人工。',
      '如果您愿意，也可以直接由工作人员接手。',
    ],
    talkToPerson: '转人工',
    restate: [
      '我复述一下我的理解，请您看看是否准确：',
      '已经帮您更新了，现在对吗？',
      '再请您看一遍：就这样提交，还是还有要修改的地方？',
      '现在对吗？',
      '就这样提交吗？',
    ],
    updated: '谢谢，已经帮您改好了。',
    fromWords: (label: string, words: string) => `${label}（您说“${clip(words, 40)}”）`,
    guessed: (label: string) => `${label}（我的判断，可点击修改）`,
    impactShort: {
      urgent: '非常紧急',
      high: '比较严重',
      normal: '可以等几天',
      low: '不着急',
    } satisfies Record<Severity, string>,
    fixLabels: { category: '修改类型', impact: '修改紧急程度' },
    urgentBecause: (reasons: string[]) =>
      `因为您提到了${reasons.map((r) => urgencyReasons[r as UrgencyReason] ?? r).join('和')}，我已将它标记为紧急，团队会优先处理。`,
    askDetailsNoted: (p: { reference?: string; when?: string }) =>
      p.reference && p.when
        ? `您提到的编号${p.reference}和时间（“${p.when}”）我已经记下了。还有其他需要团队知道的吗？`
        : p.reference
          ? `您提到的编号${p.reference}我已经记下了。请问这件事是什么时候发生的？`
          : `您提到的时间（“${p.when}”）我已经记下了。有订单号或其他编号吗？`,
    notedDetails: (p: { reference?: string; when?: string }) =>
      [p.reference && `编号：${p.reference}`, p.when && `时间：${p.when}`].filter(Boolean).join(' · '),
    wantsPersonDetail: '希望由工作人员直接处理',
    personNoStory: '（客户在描述问题之前就要求转人工。）',
    personFiled: (p: { name: string; code: string; minutes: number }) =>
      `好的，${p.name}。我已经把您说的情况转给团队，编号是*${p.code}*，您不用再重复一遍。${duration(p.minutes)}内会有工作人员在这里回复您。`,
    restateFields: {
      what: '发生了什么',
      category: '类型',
      severity: '紧急程度',
      details: '细节',
      outcome: '您希望',
      none: '未提供',
    },
    editLabels: {
      description: '发生了什么',
      category: '类型',
      impact: '紧急程度',
      details: '细节',
      outcome: '您希望的处理方式',
    },
    created: (p: { name: string; code: string }) => `谢谢您，${p.name}。您的投诉已登记，编号是*${p.code}*。`,
    nextSteps: (p: { code: string; minutes: number }) =>
      [
        `*接下来：*客服团队已经收到。${duration(p.minutes)}内会有工作人员在这里回复您。`,
        '如果想到其他情况，直接在这里发给我，我会补充到您的投诉中。',
        `随时可以用\`/complain status ${p.code}\`查看处理进度。`,
      ].join('\n'),
    cancelled: '好的，我先停在这里，没有提交任何投诉。您想继续的时候，随时给我发消息就行。',
    nothingToCancel: '目前没有进行中的投诉可以取消。遇到任何问题，随时告诉我。',
    cannotGoBack: '这已经是第一个问题了。',
    switchedToForm: '这是一页式表单，您之前告诉我的内容已经帮您填好了。',
    reminder: (name: string) =>
      `${name}您好，想跟您确认一下：您的投诉还没有提交。您方便的时候回复我，我们从刚才的地方继续。`,
    expired: (name: string) =>
      `${name}您好，因为一段时间没有收到您的回复，我先把投诉暂停了。您的回答都已保存，什么都不会丢；再给我发消息，我们就从上次的地方继续。`,
    resumeAsk: (summary: string) =>
      `欢迎回来。上次您开始告诉我们：“${summary}”。要从那里继续，还是重新开始？`,
    resumeContinue: '继续',
    resumeFresh: '重新开始',
    addedToComplaint: (code: string) => `谢谢，我已经把这些补充到*${code}*中，处理的同事会马上看到。`,
    newComplaintInstead: '这是一个新问题',
    openComplaintHello: (p: { name: string; code: string; status: string }) =>
      `${p.name}您好。您的投诉*${p.code}*我们正在跟进（${p.status}）。直接在这里留言即可补充；如果是新的问题，请点下面的按钮。`,
    staleButton: '那个按钮来自之前的问题，您的回答我都原样保留着。我们现在进行到这一步：',
    answered: {
      category: (label: string) => `✓ 类别：${label}`,
      impact: (label: string) => `✓ 紧急程度：${label}`,
      skipped: '✓ 细节：已跳过',
      details: (text: string) => `✓ 细节：${text}`,
      outcome: (label: string) => `✓ 您希望：${label}`,
      confirmed: '✓ 已确认',
      editing: '✓ 您选择了修改',
      editField: (label: string) => `✓ 要修改：${label}`,
      resumed: '✓ 继续',
      restarted: '✓ 重新开始',
      back: '↩ 已返回上一步',
      cancelled: '✗ 已取消',
      person: '✓ 已转人工',
    },
    truncated: (limit: number) =>
      `谢谢您这么详细的说明。我先保留了前${limit}个字，投诉提交后您还可以继续补充。`,
    formReceived: '谢谢您填写。',
  },

  buttons: {
    back: '上一步',
    cancel: '取消',
    form: '改用表单填写',
    skip: '跳过',
    thatIsAll: '就这些',
    confirm: '对，没错',
    edit: '需要修改',
    claim: '认领',
    reply: '回复',
    escalate: '升级',
    resolve: '解决',
    reopen: '重新打开',
    suggested: (label: string) => `${label}（推荐）`,
  },

  form: {
    title: '告诉我们发生了什么',
    submit: '提交投诉',
    description: '发生了什么？',
    descriptionPlaceholder: '请用您自己的话描述，想写多少都可以。',
    category: '是哪方面的问题？',
    impact: '对您来说有多紧急？',
    details: '什么时候发生的？订单号或编号？（可选）',
    outcome: '怎样处理您会满意？',
    missing: (field: string) => `请填写“${field}”，这样我们才能帮到您。`,
    replyTitle: '回复客户',
    replyLabel: '您的回复（客户会看到，并署上您的名字）',
    replySubmit: '发送回复',
    resolveTitle: '解决投诉',
    resolveLabel: '是如何解决的？（客户会看到）',
    resolveSubmit: '标记为已解决',
  },

  status: {
    none: '您目前还没有投诉记录。如果遇到了问题，直接给我发消息或使用 `/complain` 就可以。',
    notFound: (code: string) =>
      `在您的投诉中没有找到 ${code}。请检查编号，或用 \`/complain status\` 查看您的全部投诉。`,
    heading: '您的投诉',
    line: (p: { code: string; summary: string; status: string }) =>
      `*${p.code}*：${p.summary}（${p.status}）`,
    detail: (p: { code: string; status: string; minutes: number | null }) =>
      p.minutes === null
        ? `*${p.code}*：${p.status}。`
        : `*${p.code}*：${p.status}。我们承诺在提交后 ${duration(p.minutes)}内首次回复您。`,
    opened: '提交时间',
    assignee: '负责人',
    lastUpdate: '最近更新',
  },

  relay: {
    staffReply: (p: { code: string; staff: string; text: string }) =>
      `客服团队的 *${p.staff}* 就 ${p.code} 回复您：\n${p.text}`,
    resolved: (p: { code: string; staff: string; text: string }) =>
      `好消息：*${p.code}* 已由 ${p.staff} 处理解决。\n${p.text}\n如果问题还没有真正解决，直接在这里回复，我们会再跟进。`,
    reopened: (code: string) => `我们已重新打开 *${code}*，工作人员会再次跟进。感谢您的耐心。`,
    waiting: (p: { code: string; staff: string; text: string }) =>
      `客服团队的 *${p.staff}* 想就 ${p.code} 向您确认：\n${p.text}\n直接在这里回复即可。`,
  },

  // ── Macros, assignment and the customer lifecycle (issue 14) ──
  macros: {
    heading: (n: number) => `*快捷回复*（共 ${n} 条）：`,
    line: (p: { name: string; en: string; zh: string }) => `• \`${p.name}\`：英文 ${p.en} · 中文 ${p.zh}`,
    none: '还没有快捷回复。可以用 `/ticket macro add thanks 谢谢您，{first_name}！…` 保存一条。',
    badName:
      '快捷回复需要先起一个简短的名字：小写字母、数字、`-` 或 `_`，例如 `/ticket macro add refund-sent …`。',
    needText: (action: string) =>
      `请写上名字和内容，例如 \`/ticket macro ${action} thanks 谢谢您，{first_name}！\`。可用的占位符：{first_name}、{code}、{assignee}、{due}。`,
    notFound: (name: string) => `没有名为 \`${name}\` 的快捷回复。用 \`/ticket macro list\` 可以查看全部。`,
    exists: (name: string) =>
      `\`${name}\` 已有这种语言的内容。要修改，请用 \`/ticket macro edit ${name} …\`。`,
    full: (max: number) => `这个工作区已有 ${max} 条快捷回复，已达上限。请先删除一条。`,
    saved: (p: { name: string; locale: string }) => `已保存：\`${p.name}\`（${p.locale}）。`,
    deleted: (name: string) => `已删除快捷回复 \`${name}\`。`,
    languages: { en: '英文', 'zh-CN': '中文' },
    formLabel: '快捷回复（可选）',
    formPlaceholder: '选择一条已保存的回复',
  },
  assignment: {
    away: '已将您标记为暂离：在您运行 `/ticket back` 之前，不会再给您自动分配新的投诉。',
    back: '欢迎回来：您已恢复可分配状态，新的投诉可能会分配给您。',
  },
  lifecycle: {
    endedHello: (p: { name: string; code: string; status: string }) =>
      `${p.name}您好。您的投诉*${p.code}*目前状态是“${p.status}”。如果问题还没有解决，请告诉我发生了什么，我会为您重新打开并转给团队；如果是新的问题，请点下面的按钮。`,
    reopenedByYou: (code: string) =>
      `谢谢您告诉我们。我已重新打开 *${code}* 并附上您的留言，团队会再次跟进。`,
    followsEarlier: (code: string) =>
      `您之前的投诉 *${code}* 已结束一段时间了，所以我会为您新建一个投诉，并关联到 ${code}，方便团队了解来龙去脉。`,
    threadFollows: (code: string) => `_此投诉接续 ${code}：客户在重新打开期限过后再次来信。_`,
    threadFollowedBy: (code: string) => `_客户在重新打开期限过后再次来信：新投诉 ${code}。_`,
    duplicateJoined: (code: string) =>
      `您刚刚已经提交过这条内容，我把它归在 *${code}* 里，不再另开新的投诉。团队已经收到。`,
    thanksNoted: (p: { name: string; code: string }) =>
      `不客气，${p.name}。我已把您的感谢转达给团队，*${p.code}* 保持已解决状态。如果还有其他问题，随时在这里留言。`,
    autoClosedNotice: (p: { code: string; waited: string }) =>
      `关于 *${p.code}*，我们已有 ${p.waited} 没有收到您的回复，所以先将它关闭。内容都还保留着：如果您仍需要帮助，直接在这里回复，我们会继续跟进。`,
    autoClosedReason: (waited: string) => `客户 ${waited} 未回复`,
    outOfHours: (p: { back: string; due: string }) =>
      `我们的团队现在不在工作时间。他们会在 ${p.back} 回来，最晚在 ${p.due} 前会有专人回复您。`,
    assignedToYou: (p: { code: string; summary: string }) =>
      `有一个新投诉分配给了您：*${p.code}*，“${p.summary}”。卡片在员工频道里。`,
  },

  errors: {
    generic: '抱歉，刚才没能处理您的消息。您之前告诉我的内容都还在，请稍后再试一次。',
    empty: '我好像没有收到内容。您准备好了，就用自己的话告诉我发生了什么。',
    unknownAction: '这个按钮已经失效了。请使用最新的消息，或者重新给我发消息。',
    formExpired: '这个表单已经过期。请用 `/complain` 重新开始。',
    tooLong: (limit: number) =>
      `这条消息太长了：这里每条最多 ${limit.toLocaleString('zh-CN')} 个字符。这条还没有发出，请分几次发送。`,
  },

  staff: {
    cardTitle: (p: { code: string; category: string }) => `${p.code} · ${p.category}`,
    fields: {
      customer: '客户',
      status: '状态',
      assignee: '负责人',
      severity: '紧急程度',
      category: '类型',
      wants: '客户诉求',
      details: '细节',
      firstResponseDue: '首次回复期限',
      resolutionDue: '解决期限',
      escalation: '升级',
      sentiment: '客户情绪',
    },
    unassigned: '未分配',
    met: (when: string) => `已于 ${when} 达成`,
    escalationLevel: (level: number) => (level === 0 ? '无' : `${level} 级`),
    statuses: staffStatuses,
    notStaff: '这个命令是给客服团队用的。如果您想反映问题，请使用 `/complain`，我马上帮您。',
    notAdmin: '只有工作区管理员可以修改 Hearken 的设置，请联系管理员操作。',
    claimed: (code: string) => `您已认领 *${code}*。准备好后请回复客户。`,
    alreadyClaimed: (p: { code: string; name: string }) => `*${p.code}* 已被 ${p.name} 认领。`,
    assigned: (p: { code: string; name: string }) => `*${p.code}* 已分配给 ${p.name}。`,
    replySent: (code: string) => `您对 *${code}* 的回复正在发送给客户。`,
    askSent: (code: string) => `您对 *${code}* 的提问正在发送给客户。客户回复前，SLA 计时暂停。`,
    noteAdded: (code: string) => `已为 *${code}* 添加内部备注，客户看不到。`,
    escalated: (p: { code: string; level: number }) =>
      `*${p.code}* 已升级到 ${p.level} 级，并已通知管理人员。`,
    resolved: (code: string) => `*${code}* 已解决。已告知客户，稍后会发送满意度回访。`,
    reopened: (code: string) => `*${code}* 已重新打开。`,
    wrongState: (p: { code: string; status: string }) =>
      `*${p.code}* 当前状态为“${p.status}”，暂时不能这样操作。`,
    notFound: (code: string) => `在这个工作区找不到 ${code}。`,
    needCode: '是哪一条投诉？请加上编号，例如 `/ticket claim C-1001`，或在该投诉的讨论串中运行命令。',
    needText: (sub: string) => `请加上内容，例如 \`/ticket ${sub} C-1001 …\`。`,
    needAssignee: '要分配给谁？例如 `/ticket assign C-1001 @姓名`。',
    listHeading: (p: { which: string; count: number }) => `${p.which}：${p.count} 条`,
    listNames: { open: '未结投诉', mine: '我负责的投诉', breaching: '已超时或即将超时' },
    listEmpty: '这里没有待办，干得好。',
    listLine: (p: { code: string; severity: string; summary: string; status: string; due: string }) =>
      `*${p.code}* [${p.severity}] ${p.summary}（${p.status}，${p.due}）`,
    dueIn: (minutes: number) =>
      minutes >= 0 ? `${duration(minutes)}内需回复` : `回复已超时 ${duration(-minutes)}`,
    responded: '已回复',
    timelineHeading: '时间线',
    moreEvents: (n: number) => `……以及更早的 ${n} 条记录`,
    events,
    unknownEvent: (p) => `${p.name} 更新了投诉`,
    threadCustomer: (p: { name: string; text: string }) => `*${p.name}*（客户）留言：\n${p.text}`,
    threadCustomerFiles: (p: { name: string; files: string; text: string }) =>
      `*${p.name}*（客户）发送了 ${p.files}${p.text ? `：\n${p.text}` : ''}`,
    threadReply: (p: { name: string; text: string }) => `*${p.name}* 回复客户：\n${p.text}`,
    threadAsk: (p: { name: string; text: string }) => `*${p.name}* 向客户提问：\n${p.text}`,
    threadNote: (p: { name: string; text: string }) => `*${p.name}*（内部备注，不会发给客户）：\n${p.text}`,
    threadEvent: (p: { name: string; what: string }) => `_${p.name}：${p.what}_`,
    threadWhat: {
      claimed: '认领了这条投诉',
      escalated: '升级了这条投诉',
      resolved: '解决了这条投诉',
      reopened: '重新打开了这条投诉',
      assigned: '分配了这条投诉',
      closed: '关闭了这条投诉',
    },
    deliveryFailed: (reason: string) =>
      `无法联系到客户（${reason}）。请通过其他方式联系客户；消息已保存在时间线中。`,
    managerEscalation: (p: { code: string; level: number; by: string; reason: string }) =>
      `*${p.code}* 已由 ${p.by} 升级到 ${p.level} 级${p.reason ? `：${p.reason}` : '。'}`,
    system: 'Hearken',
  },

  admin: {
    setupDone: (p: { staff: string; manager: string; roles: string }) =>
      `Hearken 已设置完成。客服频道：${p.staff}；管理频道：${p.manager}；客服角色：${p.roles}。`,
    notSet: '未设置',
    settingsHeading: 'Hearken 设置',
    settingsUpdated: (key: string, value: string) => `已完成：${key} 现在是 ${value}。`,
    settingsHelp:
      '修改方式：`/hearken settings timezone Asia/Shanghai`、`digest 09:00`、`locale zh-CN` 或 `survey-delay 24h`。',
    exportReady: (count: number) => `导出完成：共 ${formatNumber(count, 'zh-CN')} 条投诉及其时间线。`,
    forgetDone: (p: { count: number }) =>
      `已完成。已从 ${p.count} 条投诉中删除该客户的个人信息，匿名记录会保留用于统计。`,
    forgetNothing: '没有找到该客户需要删除的数据。',
    digestUnavailable: '此实例暂不支持日报。',
  },

  block: {
    blocked: (who: string) =>
      `已屏蔽 ${who}。其消息不再转给客服；对方下次来信时会收到一次说明，告知消息不会被转达。\`/hearken unblock\` 可以撤销。`,
    already: (who: string) => `${who} 已经被屏蔽。`,
    unblocked: (who: string) => `已解除对 ${who} 的屏蔽，其消息会重新转给客服。`,
    notBlocked: (who: string) => `${who} 没有被屏蔽。`,
    notYourself: '不能屏蔽您自己。',
    heading: (n: number) => `已屏蔽的客户：${formatNumber(n, 'zh-CN')} 位`,
    line: (p: { who: string; since: string }) => `• ${p.who}，自 ${p.since} 起`,
    none: '目前没有屏蔽任何人。',
    notice: '感谢您的留言。此渠道目前无法转达您的消息。',
  },

  queue: {
    page: (p: {
      from: number;
      to: number;
      total: number;
      page: number;
      pages: number;
      next?: string | undefined;
    }) =>
      `第 ${formatNumber(p.from, 'zh-CN')}–${formatNumber(p.to, 'zh-CN')} 条，共 ${formatNumber(p.total, 'zh-CN')} 条（第 ${p.page}/${p.pages} 页）。${p.next ? `下一页：\`${p.next}\`` : ''}`,
    next: '下一页',
    previous: '上一页',
    escalateTitle: (code: string) => `升级 ${code}`,
    escalateLabel: '为什么需要经理关注？（经理会看到）',
    escalateSubmit: '升级',
    digestToAdmins:
      '尚未设置经理频道，所以日报发给作为管理员的您。如需发到某个频道：`/hearken setup manager=#频道`。',
  },

  settings: {
    heading: 'Hearken 设置',
    help: '修改方式：`/hearken settings <名称> <值>`，例如 `sla urgent 1h 24h`、`hours mon-fri 09:00-17:00`、`hours sat closed`、`holidays add 2026-12-24..2026-12-26`、`timezone Asia/Shanghai`、`digest 09:00` 或 `survey-delay 24h`。',
    none: '无',
    changed: (p: { key: string; before: string; after: string }) =>
      p.before === p.after
        ? `没有变化：${p.key} 已经是 ${p.after}。`
        : `已完成：${p.key} 现在是 ${p.after}（原为 ${p.before}）。`,
    keepDeadlines: '已有的未结投诉保留原来的期限。如需按新设置重新计算：`/hearken settings sla recompute`。',
    recomputed: (n: number) =>
      `已完成：${formatNumber(n, 'zh-CN')} 条未结投诉的期限已按当前的时限、工作时间和节假日重新计算（已经超时的仍算超时）。`,
    invalid: (p: { key: string; value: string; form: string }) =>
      `“${p.value}”不能用作 ${p.key}，设置没有改动。${p.form}`,
    forms: {
      sla: '请先写紧急程度（urgent、high、normal 或 low），再写首次回复时限和解决时限，例如 `sla urgent 1h 24h` 或 `sla low 2d 14d`。`sla recompute` 会让未结投诉按当前规则重新计算期限。',
      slaOrder: '首次回复时限不能长于解决时限，例如 `sla high 4h 3d`。',
      hours:
        '请先写星期再写时间，例如 `hours mon-fri 09:00-17:00`、`hours sat closed`、`hours mon 09:00-12:00,13:00-17:00`；全天候计时请用 `hours 24/7`。',
      noOpenHours: '这样一周就没有任何工作时间了。如需全天候计时，请用 `hours 24/7`。',
      holidays:
        '请使用 `holidays add 2026-12-25`、日期范围 `holidays add 2026-12-24..2026-12-26`、`holidays remove 2026-12-25` 或 `holidays clear`（范围最长一年）。',
      duration: '请使用分钟、小时或天，例如 90m、24h 或 2d。',
    },
  },
  help: {
    commands: {
      complain: '告诉我们出了什么问题，或查看投诉进展',
      ticket: '处理投诉（客服人员）',
      hearken: '设置 Hearken（管理员）',
    },
    subcommands: {
      'complain.new': '提交投诉（打开一个简短表单）',
      'complain.status': '查看您的投诉进展',
      'complain.help': '/complain 能做什么',
      'ticket.list': '列出投诉：未结（默认）、您负责的，或已超出或临近 SLA 的',
      'ticket.show': '查看投诉及其时间线',
      'ticket.claim': '认领投诉',
      'ticket.assign': '把投诉分配给同事',
      'ticket.reply': '回复客户（客户可见）',
      'ticket.ask': '向客户提问（等待客户回答期间 SLA 暂停）',
      'ticket.note': '添加内部备注（客户看不到）',
      'ticket.escalate': '将投诉升级给经理',
      'ticket.resolve': '标记投诉已解决，并告诉客户处理结果',
      'ticket.reopen': '重新打开投诉',
      'ticket.macro': '快捷回复：查看、添加、修改或删除（用 reply macro:<名字> 发送）',
      'ticket.away': '暂停接收自动分配的新投诉',
      'ticket.back': '恢复接收自动分配的新投诉',
      'ticket.help': '/ticket 能做什么',
      'hearken.setup': '选择客服频道、经理频道和客服角色（不加参数：就用本频道）',
      'hearken.settings': '查看或修改设置：SLA 时限、工作时间、节假日、时区、日报时间、回访延迟',
      'hearken.digest': '立即发送日报',
      'hearken.export': '导出投诉的 CSV 和 HTML 记录：全部、某一条，或某位客户的全部数据',
      'hearken.forget': '删除某条投诉对应客户的个人信息',
      'hearken.outbox': '列出 Hearken 放弃投递的消息，或在修复后重新发送其中一条',
      'hearken.block': '屏蔽一位客户：其消息不再转给客服',
      'hearken.unblock': '解除对一位客户的屏蔽',
      'hearken.blocked': '列出已屏蔽的客户',
      'hearken.help': '/hearken 能做什么',
    },
    options: {
      code: '投诉编号，例如 C-1042',
      filter: '哪些投诉（默认：open）',
      member: '由谁处理',
      message: '要告诉客户的话',
      question: '要问客户的问题',
      note: '备注内容（内部）',
      reason: '原因（可选）',
      resolution: '处理结果（客户可见）',
      staff_channel: '投诉卡片发到哪里',
      manager_channel: '日报发到哪里',
      staff_role: '哪些人算客服人员',
      timezone: '日报和工作时间所用的时区，例如 Asia/Shanghai',
      digest: '日报的发送时间，24 小时制，例如 09:00',
      locale: '不知道对方语言时 Hearken 使用的语言',
      'survey-delay': '解决后多久发送回访，例如 90m 或 24h',
      retry: '要重新发送的消息编号（见 /hearken outbox）',
      file: '随回复发送的文件（最大 10 MB，不能是程序）',
      page: '列表的第几页（每页 20 条）',
      customer: '客户（请 @ 提及）',
      sla: '某个紧急程度的时限，例如 urgent 1h 24h（或 recompute）',
      hours: '工作时间，例如 mon-fri 09:00-17:00、sat closed 或 24/7',
      holidays: '节假日：add 2026-12-25、add 2026-12-24..2026-12-26、remove …、clear',
      action: '对快捷回复做什么',
      lang: '内容的语言（默认：工作区语言）',
      content: '快捷回复的名字，然后是内容（{first_name}、{code}、{assignee}、{due}）',
      'auto-close': '等待客户回复的投诉保持打开多久，例如 72h',
      'reopen-window': '解决后多长时间内客户来信会重新打开投诉，例如 7d',
      'out-of-hours': '在非工作时间来信的客户会被告知团队何时回来',
      assignment: '把新投诉分配给在岗员工：off、round_robin 或 least_loaded',
      'staff-mention': '每张新卡片都提及员工角色或用户组',
      'thread-replies':
        '工作人员在工单讨论串里写的内容：relay（转给客户；以 // 开头则仅作内部备注）或 internal（只作内部备注）',
    },
    placeholders: {
      code: 'C-1001',
      user: '@姓名',
      channel: '#频道',
      role: '@角色',
      text: '内容',
      timezone: 'Asia/Shanghai',
      time: '09:00',
      duration: '24h',
      file: '附件',
      number: '2',
    },
    texts: {
      message: '回复内容',
      question: '问题',
      note: '备注',
      reason: '原因',
      resolution: '处理结果',
      sla: 'urgent 1h 24h',
      hours: 'mon-fri 09:00-17:00',
      holidays: 'add 2026-12-25',
      content: '名字 内容',
      retry: '消息编号',
      page: '2',
    },
    hints: {
      code: '投诉编号的格式是 C-1001。',
      user: '请 @ 提及这个人，例如 @姓名。',
      channel: '请提及频道，例如 #support。',
      role: '请提及角色或用户组，例如 @support。',
      choice: (values: readonly string[]) =>
        `请使用${listFormat('zh-CN', { type: 'disjunction' }).format(values)}。`,
      timezone: '请使用 IANA 时区，例如 Asia/Shanghai 或 Europe/Berlin。',
      time: '请使用 24 小时制时间，例如 09:00。',
      duration: '请使用分钟或小时，例如 90m 或 24h（最长 30 天）。',
      file: '请在命令中附上文件（Discord）；在 Slack 上，请在卡片的讨论串中分享文件，并以 !reply 开头写回复。',
      number: '请使用整数，例如 2。',
    },
    notes: {
      complain: '您也可以直接私信我。',
      ticket: '在投诉的讨论串中可以省略编号。',
      hearken: '',
    },
    heading: (command: string) => `\`${command}\` 可以做这些事：`,
    line: (p: { usage: string; what: string }) => `• \`${p.usage}\`：${p.what}`,
    unknown: (command: string) => `我还不认识 \`${command}\`。`,
    missing: (p: { option: string; usage: string }) => `还缺少一项：${p.option}。例如 \`${p.usage}\`。`,
    invalid: (p: { option: string; value: string; hint: string }) =>
      `${p.option} 的这个值无法使用。${p.hint}`,
    extra: (p: { word: string; usage: string }) => `这里没想到会有“${p.word}”。用法是：\`${p.usage}\`。`,
  },

  sla: {
    clocks,
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
    spike: (category, n, average) =>
      `⚠️ 异常增多：*${category}* 当天有 ${formatNumber(n, 'zh-CN')} 件投诉，超过近 7 天日均（${formatNumber(average, 'zh-CN', 1)}）的两倍，建议看看是否有共同原因。`,
    oldestLabel: '最久未结的投诉',
    oldest: (code, age, severity, status, owner) =>
      `${code} · 已 ${age} · ${severity} · ${status} · ${owner}`,
    noneOpen: '没有未结的投诉，辛苦了！',
    footer: (timeZone) => `按 ${timeZone} 时间的自然日统计。未结数量和时长为发送时的数据。`,
    unassigned: '无负责人',
    chartAlt: (day) => `图表：截至 ${day} 的 7 天内每日新增与解决的投诉数，以及按类别的新增数。`,
    chartTrend: '7 天趋势',
    chartNew: '新增',
    chartResolved: '已解决',
    chartCategories: '按类别（7 天）',
    onItsWay: '今天截至目前的日报马上发到管理频道（如果还没有设置管理频道，会私信发给您）。',
    usage: '试试 `/hearken digest now`。',
  },

  discord: {
    chooseServer: '您和我同在多个服务器中。请问这件事是关于哪个服务器的？',
    chooseServerPlaceholder: '选择服务器',
    pickedServer: (name) => `谢谢您。我会把这件事转交给 **${name}** 的团队。`,
    pickAgain: '谢谢您。请再告诉我一次发生了什么，这样不会遗漏任何细节。',
    noServer: '我只能受理我们共同所在服务器的投诉。请在与投诉相关的服务器里使用 `/complain`。',
    dmClosed:
      '我无法给您发送私信：您关闭了来自这个服务器成员的私信，所以我没法在私信里告诉您进展。您可以在服务器的隐私设置中允许私信，或者我可以在这里为您和团队开一个私密讨论串。',
    openThread: '开一个私密讨论串',
    threadName: (name) => `Hearken · ${name}`,
    threadWelcome: (mention) => `${mention}，这个私密讨论串只属于您：投诉的进展会发在这里。`,
    threadOpened: (link) => `我为您开了 ${link}，进展会发在那里。`,
    slowForm: '抱歉，打开表单花的时间太长了。请再运行一次命令。',
    done: '好了。',
    failed: '抱歉，我这边出了点问题。请稍后再试。',
    defaultThread: '投诉',
  },

  files: {
    attached: (n: number) =>
      n === 1
        ? '谢谢，文件我已经收好了，会和您的投诉一起交给处理的同事。'
        : `谢谢，${n} 个文件我都收好了，会和您的投诉一起交给处理的同事。`,
    addedToComplaint: (p: { code: string; count: number }) =>
      `谢谢，${p.count === 1 ? '文件' : `${p.count} 个文件`}已经附到*${p.code}*中，处理的同事现在就能看到。`,
    refused: {
      executable: (name: string) =>
        `抱歉，${name} 我不能接收：程序和脚本可能会损害打开它的人的电脑，所以我从不转发这类文件。截图、照片或 PDF 都可以。`,
      too_large: (name: string) =>
        `${name} 超过了 10 MB，我没办法转交。可以发一张小一点的截图，或者只拍下关键的部分吗？`,
      too_many: (name: string) => `一条消息最多只能收 10 个文件，所以 ${name} 没有保存。请另发一条消息。`,
    },
    notReposted: (names: string) => `（这里无法显示：${names}。文件名已记录在投诉的时间线上。）`,
  },

  exports: {
    ready: (p: { complaints: number; files: number; parts: number }) =>
      `导出完成：共 ${formatNumber(p.complaints, 'zh-CN')} 条投诉，附一份 CSV 和每条投诉的记录${p.parts > 1 ? `，为符合上传大小限制分成 ${p.parts} 个部分` : ''}。`,
    customerReady: (p: { who: string; complaints: number }) =>
      `这是 Hearken 保存的关于 ${p.who} 的全部数据：共 ${formatNumber(p.complaints, 'zh-CN')} 条投诉，以及相关消息和回访。`,
    customerNothing: (who: string) => `Hearken 没有保存 ${who} 的投诉。`,
    part: (p: { part: number; parts: number }) => `导出第 ${p.part} 部分，共 ${p.parts} 部分`,
    columns: {
      code: '编号',
      status: '状态',
      severity: '紧急程度',
      category: '类别',
      customer: '客户',
      customerId: '客户 ID',
      platform: '平台',
      summary: '摘要',
      description: '描述',
      outcome: '期望结果',
      assignee: '负责人',
      created: '提交时间',
      firstResponseDue: '首次回复期限',
      resolutionDue: '解决期限',
      resolved: '解决时间',
      closed: '关闭时间',
      rating: '回访评分',
      comment: '回访意见',
    },
    transcriptTitle: (code: string) => `投诉 ${code}：完整记录`,
    timeline: '时间线',
    surveys: '回访',
    exported: (when: string) => `导出时间：${when}`,
    file: (p: { name: string; size: string }) => `文件：${p.name}（${p.size}）`,
  },

  threads: {
    edited: (p: { name: string; text: string }) =>
      `*${p.name}*（客户）修改了一条消息，现在的内容是：\n${p.text}`,
    deleted: (p: { name: string }) =>
      `_${p.name}（客户）删除了一条已发送的消息。原来的内容仍保留在时间线上。_`,
    changedDuringIntake:
      '我注意到您修改了之前的一条消息。我会以您接下来发的内容为准；如果有什么变化，请直接发一条新消息告诉我。',
    reacted: {
      relayed: '已署上您的名字发给客户。',
      kept: '已作为内部备注保存，客户不会收到。',
    },
    textTooLong: (max: string) =>
      `这段文字太长了，一次最多只能收 ${max} 个字符。请分成几条发送；这次什么都没有发出。`,
  },

  sandbox: {
    channelNeedsCommand:
      '这里只有命令会发给 Hearken。试试 /ticket list、/ticket reply C-1001 内容，或使用卡片上的按钮。',
    unknownCommand: 'Hearken 认识的命令有 /complain、/ticket 和 /hearken。',
    notYourConversation: '您不能在别人的私信对话中发言。',
    unknownMessage: '这条消息已经不存在了。',
    badRequest: '沙盒无法理解这个请求。',
    noPerson: '请先选择一位模拟用户。',
    badName: '请为客户填写名字（1–60 个字符）并选择语言。',
    failed: '沙盒没能送达这条消息，请再试一次。',
  },

  inbox: {
    moment: '请稍等片刻：您的消息我已收到，但暂时还无法登记。我会尽快在这里回复您，无需重新发送。',
    full: '抱歉，我这边暂时出了点问题，没能保存刚才那条消息。请过几分钟再发一次。',
  },

  outbound: {
    staffPostRefused: (p: { what: string; where: string; fix: string }) =>
      `我没能在${p.where}发布${p.what}。${p.fix}之后可用 \`/hearken outbox\` 查看我放弃投递的消息，用 \`/hearken outbox retry <id>\` 重新发送。`,
    what: {
      card: (code: string) => `${code} 的卡片`,
      digest: '每日摘要',
      other: '一条给员工的消息',
    },
    where: {
      staff: '员工频道',
      manager: '主管频道',
      other: '一个频道',
    },
    fixes: {
      not_in_channel: '机器人不是该频道的成员：请把机器人邀请进该频道。',
      is_archived: '该频道已归档：请取消归档，或用 `/hearken setup` 另选一个频道。',
      channel_not_found: '该频道已不存在或机器人看不到它：请用 `/hearken setup` 另选一个频道。',
      missing_permissions: '机器人无权在那里发言：请授予它“查看频道”“发送消息”和“在子区中发送消息”的权限。',
      auth: '机器人的授权已被撤销或已过期：请重新安装应用。',
      other: (reason: string) => `平台的回复是“${reason}”。`,
    },
    targets: {
      staff_channel: '员工频道',
      manager_channel: '主管频道',
      card_thread: '卡片子区',
      card: '卡片',
      customer: '客户',
      user: '私信',
      channel: '频道',
      thread: '子区',
    },
    list: {
      title: '我放弃投递的消息',
      empty: '没有待处理的消息：没有放弃投递任何消息。',
      row: (p: { id: string; when: string; purpose: string; target: string; reason: string }) =>
        `\`${p.id}\` · ${p.when} · ${p.purpose} → ${p.target}：${p.reason}`,
      more: (next: number) => `更多：\`/hearken outbox ${next}\`。`,
      page: (page: number, pages: number) => `第 ${page} 页，共 ${pages} 页。`,
    },
    retried: (id: string) => `消息 \`${id}\` 已重新排队，我现在就尝试投递。`,
    notDead: (id: string) => `没有编号为 \`${id}\` 的待重试消息。\`/hearken outbox\` 会列出它们。`,
  },
};
