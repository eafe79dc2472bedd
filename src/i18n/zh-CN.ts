/**
 * 简体中文目录。措辞来自 shared/seeds 中的投诉处理实践：先感谢、说出对方的感受、开放式提问、
 * 复述确认、不争辩不推责、只承诺做得到的事、告诉对方接下来会发生什么。
 */
import type { Category, Outcome, Severity } from '../../db/schema.js';
import type { Emotion, UrgencyReason } from '../nlu/analyzer.js';
import type { Catalog } from './en.js';

const categories: Record<Category, string> = {
  product: '产品质量',
  service: '服务或员工态度',
  delivery: '配送物流',
  billing: '账单或价格',
  other: '其他问题',
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

const feelings: Record<Emotion, string> = {
  angry: '我能感受到您非常生气，换作是我也会这样。给您带来这样的经历，真的很抱歉。',
  upset: '真的很抱歉，这件事一定让您很难受。我会尽力帮您把问题解决好。',
  anxious: '我能理解您很着急、也很担心。我们一起把这件事处理好。',
  calm: '',
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

const statuses: Record<string, string> = {
  open: '等待工作人员处理',
  claimed: '工作人员正在处理',
  waiting: '等待您的回复',
  resolved: '已解决',
  reopened: '已重新打开，工作人员会再次跟进',
  closed: '已关闭',
};

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.round(minutes / 60);
  if (hours <= 48) return `${hours} 小时`;
  return `${Math.round(hours / 24)} 天`;
}

export const zhCN: Catalog = {
  locale: 'zh-CN',
  categories,
  severities,
  impactChoices,
  outcomes,
  feelings,
  moods,
  statuses,
  duration,

  intake: {
    thanks: (name: string) => `${name}，谢谢您告诉我们这件事。您愿意说出来，我们才有机会把事情做好。`,
    welcome: (name: string) => `${name}您好，感谢您联系我们。我会认真听您说，并确保相关同事了解您的情况。`,
    askWhat: '能请您用自己的话说说发生了什么吗？想说多少都可以，现在说得越清楚，之后就越不用重复。',
    tooShort: '能再多说一点发生了什么吗？一两句话就可以。',
    thankExplaining: '谢谢您的说明。',
    heardYou: (summary: string) => `我目前记下的是：“${summary}”`,
    askCategory: '下面哪一类最符合您的情况？',
    suggestCategory: (category: string) => `听您的描述，这像是*${category}*方面的问题，对吗？`,
    askImpact: '这件事对您的影响有多大？您希望多快得到处理？',
    urgentBecause: (reasons: string[]) =>
      `因为您提到了${reasons.map((r) => urgencyReasons[r as UrgencyReason] ?? r).join('和')}，我已将它标记为紧急，团队会优先处理。`,
    askDetailsNoted: (p: { reference?: string; when?: string }) =>
      p.reference && p.when
        ? `您提到的编号 ${p.reference} 和时间（“${p.when}”）我已经记下了，不用再说一遍。还有其他需要补充的吗，比如另一个编号？没有的话，点“就这些”。`
        : p.reference
          ? `您提到的编号 ${p.reference} 我已经记下了。请问这件事是什么时候发生的？不方便说的话，点“就这些”。`
          : `您提到的时间（“${p.when}”）我已经记下了。有订单号或其他编号吗？没有的话，点“就这些”。`,
    notedDetails: (p: { reference?: string; when?: string }) =>
      [p.reference && `编号 ${p.reference}`, p.when && `时间：${p.when}`].filter(Boolean).join(' · '),
    askDetails:
      '还有两个信息能帮团队更快处理：这件事是什么时候发生的？有订单号或其他编号吗？如果没有，点“跳过”就好。',
    askOutcome: '您希望我们怎样处理，才能让这件事得到妥善解决？',
    outcomeOther: '请用几句话告诉我，怎样处理您会满意。',
    restate: '我复述一下我的理解，请您看看是否准确：',
    restateFields: {
      what: '发生了什么',
      category: '类型',
      severity: '紧急程度',
      details: '细节',
      outcome: '您希望',
      none: '未提供',
    },
    editWhich: '没问题。您想修改哪一部分？',
    editLabels: {
      description: '发生了什么',
      category: '类型',
      impact: '紧急程度',
      details: '细节',
      outcome: '您希望的处理方式',
    },
    created: (p: { name: string; code: string }) => `谢谢您，${p.name}。您的投诉已登记，编号是 *${p.code}*。`,
    nextSteps: (p: { code: string; minutes: number }) =>
      [
        `*接下来：*客服团队已经收到。${duration(p.minutes)}内会有工作人员在这里回复您。`,
        '如果想到其他情况，直接在这里发给我，我会补充到您的投诉中。',
        `随时可以用 \`/complain status ${p.code}\` 查看处理进度。`,
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
    addedToComplaint: (code: string) => `谢谢，我已经把这些补充到 *${code}* 中，处理的同事会马上看到。`,
    newComplaintInstead: '这是一个新问题',
    openComplaintHello: (p: { name: string; code: string; status: string }) =>
      `${p.name}您好。您的投诉 *${p.code}* 我们正在跟进（${p.status}）。直接在这里留言即可补充；如果是新的问题，请点下面的按钮。`,
    chooseButton: '请点选上面的一个选项，或者直接输入您的回答。',
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
    },
    truncated: (limit: number) =>
      `谢谢您这么详细的说明。我先保留了前 ${limit} 个字，投诉提交后您还可以继续补充。`,
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

  errors: {
    generic: '抱歉，刚才没能处理您的消息。您之前告诉我的内容都还在，请稍后再试一次。',
    empty: '我好像没有收到内容。您准备好了，就用自己的话告诉我发生了什么。',
    unknownCommand: (command: string, help: string) => `我还不认识 \`${command}\`。${help}`,
    complainHelp: '用 `/complain` 告诉我们遇到的问题，或用 `/complain status` 查看您的投诉。',
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
    statuses: {
      open: '待处理',
      claimed: '处理中',
      waiting: '等待客户回复',
      resolved: '已解决',
      reopened: '已重新打开',
      closed: '已关闭',
    },
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
    help: [
      '`/ticket list [open|mine|breaching]`：查看队列',
      '`/ticket show C-1001`：查看投诉及时间线',
      '`/ticket claim C-1001`、`/ticket assign C-1001 @姓名`',
      '`/ticket reply C-1001 内容`（发给客户）、`/ticket ask C-1001 问题`（暂停 SLA 计时）',
      '`/ticket note C-1001 内容`（内部备注）',
      '`/ticket escalate C-1001 [原因]`、`/ticket resolve C-1001 解决方式`、`/ticket reopen C-1001`',
    ].join('\n'),
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
    events: {
      created: (name: string) => `${name} 提交了投诉`,
      customer_message: (name: string) => `${name}（客户）留言`,
      staff_reply: (name: string) => `${name} 回复了客户`,
      staff_ask: (name: string) => `${name} 向客户提问`,
      note: (name: string) => `${name} 添加了内部备注`,
      claimed: (name: string) => `${name} 认领了投诉`,
      assigned: (name: string) => `${name} 分配了投诉`,
      escalated: (name: string) => `${name} 升级了投诉`,
      resolved: (name: string) => `${name} 解决了投诉`,
      reopened: (name: string) => `${name} 重新打开了投诉`,
      closed: (name: string) => `${name} 关闭了投诉`,
      erased: (name: string) => `${name} 删除了客户的个人信息`,
    },
    threadCustomer: (p: { name: string; text: string }) => `*${p.name}*（客户）留言：\n${p.text}`,
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
    setupHelp:
      '在客服频道中运行 `/hearken setup`，或使用 `/hearken setup staff=#频道 manager=#频道 role=@角色`。',
    settingsHeading: 'Hearken 设置',
    settingsUpdated: (key: string, value: string) => `已完成：${key} 现在是 ${value}。`,
    settingsHelp:
      '修改方式：`/hearken settings timezone Asia/Shanghai`、`digest 09:00`、`locale zh-CN` 或 `survey-delay 24h`。',
    badSetting: (key: string, hint: string) => `${key} 的这个值无法使用。${hint}`,
    hints: {
      timezone: '请使用 IANA 时区，例如 Asia/Shanghai 或 Europe/Berlin。',
      digest: '请使用 24 小时制时间，例如 09:00。',
      locale: '请使用 en 或 zh-CN。',
      'survey-delay': '请使用分钟或小时，例如 90m 或 24h（最长 30 天）。',
    },
    exportReady: (count: number) => `导出完成：共 ${count} 条投诉及其时间线。`,
    forgetDone: (p: { count: number }) =>
      `已完成。已从 ${p.count} 条投诉中删除该客户的个人信息，匿名记录会保留用于统计。`,
    forgetNothing: '没有找到该客户需要删除的数据。',
    forgetHelp: '使用 `/hearken forget C-1001` 删除该投诉对应客户的个人信息。',
    help: '管理员命令：`/hearken setup`、`/hearken settings`、`/hearken digest now`、`/hearken export [C-1001]`、`/hearken forget C-1001`。',
    digestUnavailable: '此实例暂不支持日报。',
  },
};
