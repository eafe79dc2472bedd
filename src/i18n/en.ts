/**
 * English catalog: every sentence the core says. The wording follows the complaint-handling
 * practice in DESIGN.md: thank, name the feeling, ask open questions, restate to confirm, never
 * blame or argue, promise only what the SLA keeps, say what happens next.
 */
import type { Category, Outcome, Severity } from '../../db/schema.js';
import type { Emotion, UrgencyReason } from '../nlu/analyzer.js';

const categories: Record<Category, string> = {
  product: 'Product quality',
  service: 'Service or staff attitude',
  delivery: 'Delivery',
  billing: 'Billing or price',
  other: 'Something else',
};

const severities: Record<Severity, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

const impactChoices: Record<Severity, string> = {
  urgent: 'Urgent: it is stopping me or causing harm',
  high: 'Serious: it needs attention soon',
  normal: 'A real problem, but it can wait a few days',
  low: 'Not urgent: I want you to know',
};

const outcomes: Record<Outcome, string> = {
  refund: 'A refund',
  replacement: 'A replacement',
  fix: 'A repair or a fix',
  apology: 'An explanation or an apology',
  other: 'Something else',
};

const feelings: Record<Emotion, string> = {
  angry: 'I can hear how angry you are, and I understand why. I am sorry this happened.',
  upset: 'I am really sorry. That sounds upsetting, and I want to help put it right.',
  anxious: 'I can tell this is worrying you. Let us get it sorted out together.',
  calm: '',
};

const moods: Record<Emotion, string> = {
  angry: 'Angry',
  upset: 'Upset',
  anxious: 'Worried',
  calm: 'Calm',
};

const urgencyReasons: Record<UrgencyReason, string> = {
  safety: 'a safety concern',
  legal: 'legal steps',
  money: 'money at risk',
};

const statuses: Record<string, string> = {
  open: 'Waiting for a team member',
  claimed: 'A team member is working on it',
  waiting: 'Waiting for your reply',
  resolved: 'Resolved',
  reopened: 'Reopened: a team member will pick it up again',
  closed: 'Closed',
};

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours <= 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export const en = {
  locale: 'en' as 'en' | 'zh-CN',
  categories,
  severities,
  impactChoices,
  outcomes,
  feelings,
  moods,
  statuses,
  duration,

  intake: {
    thanks: (name: string) => `Thank you for telling us, ${name}. Speaking up helps us put things right.`,
    welcome: (name: string) =>
      `Hi ${name}, thank you for reaching out. I am here to listen and to make sure the right people hear you.`,
    askWhat:
      'In your own words, what happened? Take all the space you need: the more you tell me now, the less you will have to repeat later.',
    tooShort: 'Could you tell me a little more about what happened? A sentence or two is plenty.',
    thankExplaining: 'Thank you for explaining.',
    heardYou: (summary: string) => `Here is what I have so far: “${summary}”`,
    askCategory: 'Which of these fits best?',
    suggestCategory: (category: string) => `From what you said, it sounds like *${category}*. Is that right?`,
    askImpact: 'How is this affecting you, and how soon do you need it sorted?',
    urgentBecause: (reasons: string[]) =>
      `Because you mentioned ${reasons.map((r) => urgencyReasons[r as UrgencyReason] ?? r).join(' and ')}, I have marked this as urgent so the team sees it first.`,
    /** The details question when their first message already gave a reference or a time. */
    askDetailsNoted: (p: { reference?: string; when?: string }) =>
      p.reference && p.when
        ? `From what you wrote, I have noted the reference ${p.reference} and when it happened (“${p.when}”), so there is no need to repeat them. Is there anything else the team should know, like another reference number? If not, tap “That is all”.`
        : p.reference
          ? `From what you wrote, I have noted the reference ${p.reference}. When did this happen? If you would rather not say, tap “That is all”.`
          : `From what you wrote, I have noted when it happened (“${p.when}”). Do you have an order or reference number? If not, tap “That is all”.`,
    /** How noted details read on the card and in the restatement. */
    notedDetails: (p: { reference?: string; when?: string }) =>
      [p.reference && `Reference ${p.reference}`, p.when && `when: ${p.when}`].filter(Boolean).join(' · '),
    askDetails:
      'Two details help the team move faster: when did this happen, and do you have an order or reference number? If you do not have them, just tap Skip.',
    askOutcome: 'What would you like us to do to put this right?',
    outcomeOther: 'Tell me in a few words what would put this right for you.',
    restate: 'Here is what I understood. Did I get that right?',
    restateFields: {
      what: 'What happened',
      category: 'Type',
      severity: 'Urgency',
      details: 'Details',
      outcome: 'You would like',
      none: 'Not given',
    },
    editWhich: 'Of course. Which part should I change?',
    editLabels: {
      description: 'What happened',
      category: 'Type',
      impact: 'Urgency',
      details: 'Details',
      outcome: 'What you would like',
    },
    created: (p: { name: string; code: string }) =>
      `Thank you, ${p.name}. Your complaint is logged as *${p.code}*.`,
    nextSteps: (p: { code: string; minutes: number }) =>
      [
        `*What happens next:* our support team has it now. A person will reply to you here within ${duration(p.minutes)}.`,
        'If you think of anything else, just write it here and I will add it to your complaint.',
        `To check progress at any time, use \`/complain status ${p.code}\`.`,
      ].join('\n'),
    cancelled:
      'No problem, I have stopped here and nothing was filed. Whenever you want to pick it up again, just write to me.',
    nothingToCancel:
      'There is nothing in progress to cancel. Write to me any time you want to tell us about a problem.',
    cannotGoBack: 'We are at the first question already.',
    switchedToForm: 'Here is the whole form on one page. What you have told me so far is already filled in.',
    reminder: (name: string) =>
      `Hi ${name}, just checking in: your complaint is not filed yet. Whenever you are ready, reply here and we will carry on where we left off.`,
    expired: (name: string) =>
      `Hi ${name}, I have paused your complaint because we have not heard back. Nothing is lost: your answers are saved, and if you write to me again we can pick up where we left off.`,
    resumeAsk: (summary: string) =>
      `Welcome back. Last time you started telling us about: “${summary}”. Shall we carry on from there, or start fresh?`,
    resumeContinue: 'Carry on',
    resumeFresh: 'Start fresh',
    addedToComplaint: (code: string) =>
      `Thank you, I have added that to *${code}*. The team handling it will see it straight away.`,
    newComplaintInstead: 'This is a new problem',
    openComplaintHello: (p: { name: string; code: string; status: string }) =>
      `Hi ${p.name}. Your complaint *${p.code}* is with us (${p.status.toLowerCase()}). Write here to add to it, or tap below if this is about something new.`,
    chooseButton: 'Please pick one of the options above, or type your answer.',
    staleButton:
      'That button is from an earlier question, so I have kept your answers as they are. Here is where we are now:',
    /** The line an answered question shows in place of its buttons. */
    answered: {
      category: (label: string) => `✓ Category: ${label}`,
      impact: (label: string) => `✓ Urgency: ${label}`,
      skipped: '✓ Details: skipped',
      details: (text: string) => `✓ Details: ${text}`,
      outcome: (label: string) => `✓ You would like: ${label}`,
      confirmed: '✓ Confirmed',
      editing: '✓ You chose to change something',
      editField: (label: string) => `✓ To change: ${label}`,
      resumed: '✓ Carrying on',
      restarted: '✓ Starting fresh',
      back: '↩ Went back to the previous question',
      cancelled: '✗ Cancelled',
    },
    truncated: (limit: number) =>
      `That was a lot of detail, thank you. I kept the first ${limit.toLocaleString('en')} characters; you can add more once your complaint is filed.`,
    formReceived: 'Thank you for filling that in.',
  },

  buttons: {
    back: 'Back',
    cancel: 'Cancel',
    form: 'Use a form instead',
    skip: 'Skip',
    thatIsAll: 'That is all',
    confirm: 'Yes, that is right',
    edit: 'Change something',
    claim: 'Claim',
    reply: 'Reply',
    escalate: 'Escalate',
    resolve: 'Resolve',
    reopen: 'Reopen',
    suggested: (label: string) => `${label} (suggested)`,
  },

  form: {
    title: 'Tell us what happened',
    submit: 'Send complaint',
    description: 'What happened?',
    descriptionPlaceholder: 'In your own words. Take all the space you need.',
    category: 'What is it about?',
    impact: 'How urgent is it for you?',
    details: 'When did it happen? Order or reference number? (optional)',
    outcome: 'What would put it right?',
    missing: (field: string) => `Please fill in “${field}” so we can help.`,
    replyTitle: 'Reply to the customer',
    replyLabel: 'Your reply (the customer sees this, signed with your name)',
    replySubmit: 'Send reply',
    resolveTitle: 'Resolve complaint',
    resolveLabel: 'How was it resolved? (the customer sees this)',
    resolveSubmit: 'Resolve',
  },

  status: {
    none: 'You have no complaints with us yet. If something has gone wrong, just write to me or use `/complain`.',
    notFound: (code: string) =>
      `I could not find ${code} among your complaints. Check the code, or use \`/complain status\` to see all of yours.`,
    heading: 'Your complaints',
    line: (p: { code: string; summary: string; status: string }) => `*${p.code}*: ${p.summary} (${p.status})`,
    detail: (p: { code: string; status: string; minutes: number | null }) =>
      p.minutes === null
        ? `*${p.code}*: ${p.status}.`
        : `*${p.code}*: ${p.status}. We promised a first reply within ${duration(p.minutes)} of filing.`,
    opened: 'Filed',
    assignee: 'Handled by',
    lastUpdate: 'Last update',
  },

  relay: {
    staffReply: (p: { code: string; staff: string; text: string }) =>
      `*${p.staff}* from the support team, about ${p.code}:\n${p.text}`,
    resolved: (p: { code: string; staff: string; text: string }) =>
      `Good news: *${p.code}* has been resolved by ${p.staff}.\n${p.text}\nIf this does not put things right, just reply here and we will look again.`,
    reopened: (code: string) =>
      `We have reopened *${code}* and a team member will pick it up again. Thank you for your patience.`,
    waiting: (p: { code: string; staff: string; text: string }) =>
      `*${p.staff}* from the support team has a question about ${p.code}:\n${p.text}\nJust reply here.`,
  },

  staff: {
    cardTitle: (p: { code: string; category: string }) => `${p.code} · ${p.category}`,
    fields: {
      customer: 'Customer',
      status: 'Status',
      assignee: 'Assignee',
      severity: 'Severity',
      category: 'Category',
      wants: 'Wants',
      details: 'Details',
      firstResponseDue: 'First reply due',
      resolutionDue: 'Resolution due',
      escalation: 'Escalation',
      sentiment: 'Customer mood',
    },
    unassigned: 'Unassigned',
    met: (when: string) => `met ${when}`,
    escalationLevel: (level: number) => (level === 0 ? 'None' : `Level ${level}`),
    statuses: {
      open: 'Open',
      claimed: 'Claimed',
      waiting: 'Waiting on customer',
      resolved: 'Resolved',
      reopened: 'Reopened',
      closed: 'Closed',
    } as Record<string, string>,
    notStaff:
      'This command is for the support team. If you want to tell us about a problem, use `/complain` and I will help you right away.',
    notAdmin: 'Only workspace admins can change Hearken settings. Ask an admin to run this for you.',
    claimed: (code: string) => `You have claimed *${code}*. Reply to the customer when you are ready.`,
    alreadyClaimed: (p: { code: string; name: string }) => `*${p.code}* is already claimed by ${p.name}.`,
    assigned: (p: { code: string; name: string }) => `*${p.code}* is now assigned to ${p.name}.`,
    replySent: (code: string) => `Your reply is on its way to the customer of *${code}*.`,
    askSent: (code: string) =>
      `Your question is on its way to the customer of *${code}*. The SLA clock pauses until they answer.`,
    noteAdded: (code: string) => `Internal note added to *${code}*. The customer does not see it.`,
    escalated: (p: { code: string; level: number }) =>
      `*${p.code}* is escalated to level ${p.level}. The managers have been told.`,
    resolved: (code: string) =>
      `*${code}* is resolved. The customer has been told, and a short survey will follow.`,
    reopened: (code: string) => `*${code}* is reopened.`,
    wrongState: (p: { code: string; status: string }) =>
      `*${p.code}* is ${p.status.toLowerCase()}, so that cannot be done now.`,
    notFound: (code: string) => `I could not find ${code} in this workspace.`,
    needCode:
      'Which complaint? Add its code, for example `/ticket claim C-1001`, or run the command in its thread.',
    needText: (sub: string) => `Please add the text, for example \`/ticket ${sub} C-1001 …\`.`,
    needAssignee: 'Who should take it? For example `/ticket assign C-1001 @name`.',
    help: [
      '`/ticket list [open|mine|breaching]`: the queue',
      '`/ticket show C-1001`: a complaint and its timeline',
      '`/ticket claim C-1001`, `/ticket assign C-1001 @name`',
      '`/ticket reply C-1001 text` (to the customer), `/ticket ask C-1001 question` (pauses the SLA)',
      '`/ticket note C-1001 text` (internal)',
      '`/ticket escalate C-1001 [reason]`, `/ticket resolve C-1001 how it was fixed`, `/ticket reopen C-1001`',
    ].join('\n'),
    listHeading: (p: { which: string; count: number }) => `${p.which}: ${p.count}`,
    listNames: {
      open: 'Open complaints',
      mine: 'Your complaints',
      breaching: 'Past or near their SLA',
    } as Record<string, string>,
    listEmpty: 'Nothing here. Nice work.',
    listLine: (p: { code: string; severity: string; summary: string; status: string; due: string }) =>
      `*${p.code}* [${p.severity}] ${p.summary} (${p.status}, ${p.due})`,
    dueIn: (minutes: number) =>
      minutes >= 0 ? `reply due in ${duration(minutes)}` : `reply ${duration(-minutes)} overdue`,
    responded: 'replied',
    timelineHeading: 'Timeline',
    moreEvents: (n: number) => `…and ${n} earlier entries`,
    events: {
      created: (name: string) => `${name} filed the complaint`,
      customer_message: (name: string) => `${name} (customer) wrote`,
      staff_reply: (name: string) => `${name} replied to the customer`,
      staff_ask: (name: string) => `${name} asked the customer`,
      note: (name: string) => `${name} noted (internal)`,
      claimed: (name: string) => `${name} claimed it`,
      assigned: (name: string) => `${name} assigned it`,
      escalated: (name: string) => `${name} escalated it`,
      resolved: (name: string) => `${name} resolved it`,
      reopened: (name: string) => `${name} reopened it`,
      closed: (name: string) => `${name} closed it`,
      erased: (name: string) => `${name} erased the customer's personal data`,
    } as Record<string, (name: string) => string>,
    threadCustomer: (p: { name: string; text: string }) => `*${p.name}* (customer) wrote:\n${p.text}`,
    threadReply: (p: { name: string; text: string }) => `*${p.name}* replied to the customer:\n${p.text}`,
    threadAsk: (p: { name: string; text: string }) => `*${p.name}* asked the customer:\n${p.text}`,
    threadNote: (p: { name: string; text: string }) =>
      `*${p.name}* (internal note, not sent to the customer):\n${p.text}`,
    threadEvent: (p: { name: string; what: string }) => `_${p.name}: ${p.what}_`,
    threadWhat: {
      claimed: 'claimed this complaint',
      escalated: 'escalated this complaint',
      resolved: 'resolved this complaint',
      reopened: 'reopened this complaint',
      assigned: 'assigned this complaint',
      closed: 'closed this complaint',
    } as Record<string, string>,
    deliveryFailed: (reason: string) =>
      `I could not reach the customer (${reason}). Please contact them another way; the message is kept in the timeline.`,
    managerEscalation: (p: { code: string; level: number; by: string; reason: string }) =>
      `*${p.code}* escalated to level ${p.level} by ${p.by}${p.reason ? `: ${p.reason}` : '.'}`,
    system: 'Hearken',
  },

  admin: {
    setupDone: (p: { staff: string; manager: string; roles: string }) =>
      `Hearken is set up. Staff channel: ${p.staff}. Manager channel: ${p.manager}. Staff roles: ${p.roles}.`,
    notSet: 'not set',
    setupHelp:
      'Run `/hearken setup` in your staff channel, or `/hearken setup staff=#channel manager=#channel role=@staff`.',
    settingsHeading: 'Hearken settings',
    settingsUpdated: (key: string, value: string) => `Done: ${key} is now ${value}.`,
    settingsHelp:
      'Change one with `/hearken settings timezone Europe/Berlin`, `digest 09:00`, `locale zh-CN` or `survey-delay 24h`.',
    badSetting: (key: string, hint: string) => `I could not use that value for ${key}. ${hint}`,
    hints: {
      timezone: 'Use an IANA time zone such as Europe/Berlin or Asia/Shanghai.',
      digest: 'Use a 24-hour time such as 09:00.',
      locale: 'Use en or zh-CN.',
      'survey-delay': 'Use minutes or hours, such as 90m or 24h (at most 30 days).',
    } as Record<string, string>,
    exportReady: (count: number) =>
      `Here is the export: ${count} complaint${count === 1 ? '' : 's'} with their timelines.`,
    forgetDone: (p: { count: number }) =>
      `Done. Personal data for that customer is erased from ${p.count} complaint${p.count === 1 ? '' : 's'}; the anonymous records stay for reporting.`,
    forgetNothing: 'I found nothing to erase for that customer.',
    forgetHelp:
      'Use `/hearken forget C-1001` to erase the personal data of the customer behind that complaint.',
    help: 'Admin commands: `/hearken setup`, `/hearken settings`, `/hearken digest now`, `/hearken export [C-1001]`, `/hearken forget C-1001`.',
    digestUnavailable: 'The digest is not available on this instance yet.',
  },

  errors: {
    generic:
      'Sorry, I could not process that just now. Nothing you told me before is lost; please try again in a moment.',
    empty: 'I did not catch anything there. Whenever you are ready, tell me what happened in your own words.',
    unknownCommand: (command: string, help: string) => `I do not know \`${command}\` yet. ${help}`,
    complainHelp: 'Try `/complain` to tell us about a problem, or `/complain status` to see your complaints.',
    unknownAction: 'That button has expired. Please use the latest message, or write to me again.',
    formExpired: 'That form has expired. Please start again with `/complain`.',
    tooLong: (limit: number) =>
      `That is more than one message can hold here: at most ${limit.toLocaleString('en')} characters. Nothing was sent; please send it in parts.`,
  },
};

export type Catalog = Omit<typeof en, 'locale'> & { locale: 'en' | 'zh-CN' };
