/**
 * English catalog: every sentence the core says. The wording follows the complaint-handling
 * practice in DESIGN.md: thank, name the feeling, ask open questions, restate to confirm, never
 * blame or argue, promise only what the SLA keeps, say what happens next.
 */

import type {
  Category,
  ComplaintStatus,
  Emotion,
  EventType,
  Locale,
  Outcome,
  Severity,
} from '../domain/index.js';
import type { UrgencyReason } from '../nlu/analyzer.js';
import { formatDuration, formatNumber, listFormat, plural } from './format.js';
import type { EventWords, SlaClock } from './words.js';

const categories: Record<Category, string> = {
  product: 'Product quality',
  service: 'Service or staff attitude',
  delivery: 'Delivery',
  billing: 'Billing or price',
  other: 'Something else',
};

/** Short names for the digest chart's axis, where the full names do not fit. */
const categoriesShort: Record<Category, string> = {
  product: 'Product',
  service: 'Service',
  delivery: 'Delivery',
  billing: 'Billing',
  other: 'Other',
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

/**
 * The feeling acknowledged, in the customer's own word when they named one. `words` is only ever a
 * word that names a feeling (the reader's `NAMED_FEELINGS`, src/nlu/vocabulary.ts), so it can be
 * said back as it was said.
 */
const feelings: Record<Emotion, (words?: string) => string> = {
  angry: (w) =>
    w
      ? `You are ${w.toLowerCase()}, and you have every reason to be. I am sorry this happened.`
      : 'I can hear how angry you are, and I understand why. I am sorry this happened.',
  upset: (w) =>
    w
      ? `I am sorry you are ${w.toLowerCase()}. That is not how it should have gone, and I want to help put it right.`
      : 'I am really sorry. That sounds upsetting, and I want to help put it right.',
  anxious: (w) =>
    w
      ? `I understand you are ${w.toLowerCase()}. Let us get this sorted out together.`
      : 'I can tell this is worrying you. Let us get it sorted out together.',
  calm: () => '',
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

/** A complaint's status as its customer reads it. */
const statuses: Record<ComplaintStatus, string> = {
  open: 'Waiting for a team member',
  claimed: 'A team member is working on it',
  waiting: 'Waiting for your reply',
  resolved: 'Resolved',
  reopened: 'Reopened: a team member will pick it up again',
  closed: 'Closed',
};

/** A complaint's status as staff and managers read it (card, queue, digest). */
const staffStatuses: Record<ComplaintStatus, string> = {
  open: 'Open',
  claimed: 'Claimed',
  waiting: 'Waiting on customer',
  resolved: 'Resolved',
  reopened: 'Reopened',
  closed: 'Closed',
};

const clocks: Record<SlaClock, string> = { first: 'first response', resolution: 'resolution' };

/** One timeline line per event type (`p.name` is who did it): a missing type fails the type check. */
const events: Record<EventType, (p: EventWords) => string> = {
  created: (p) => `${p.name} filed the complaint`,
  customer_message: (p) => `${p.name} (customer) wrote`,
  customer_file: (p) => `${p.name} (customer) sent ${p.files ?? 'a file'}`,
  staff_reply: (p) => `${p.name} replied to the customer`,
  staff_ask: (p) => `${p.name} asked the customer`,
  note: (p) => `${p.name} noted (internal)`,
  claimed: (p) => `${p.name} claimed it`,
  assigned: (p) => (p.assignee ? `${p.name} assigned it to ${p.assignee}` : `${p.name} assigned it`),
  escalated: (p) => `${p.name} escalated it`,
  resolved: (p) => `${p.name} resolved it`,
  reopened: (p) => `${p.name} reopened it`,
  closed: (p) => `${p.name} closed it`,
  erased: (p) => `${p.name} erased the customer's personal data`,
  sla_warning: (p) =>
    `${p.name} warned that the ${clocks[p.clock ?? 'first']} time is running short${p.due ? ` (due ${p.due})` : ''}`,
  sla_breach: (p) =>
    `${p.name} noted that the ${clocks[p.clock ?? 'first']} time passed${p.due ? ` (due ${p.due})` : ''}`,
  survey_sent: (p) => `${p.name} sent the satisfaction survey`,
  survey_undeliverable: (p) =>
    `The satisfaction survey could not reach the customer${p.reason ? ` (${p.reason})` : ''}`,
  survey_answered: (p) =>
    p.rating === undefined
      ? `${p.name} answered the satisfaction survey`
      : `${p.name} rated the resolution ${p.rating} out of 5`,
  survey_comment: (p) => `${p.name} commented on the survey`,
  person_requested: (p) => `${p.name} asked to talk to a person`,
  customer_blocked: (p) => `${p.name} blocked the customer: their messages no longer reach staff`,
  customer_unblocked: (p) => `${p.name} unblocked the customer`,
  customer_edited: (p) => `${p.name} (customer) edited a message`,
  customer_deleted: (p) => `${p.name} (customer) deleted a message`,
};

const duration = (minutes: number): string => formatDuration(minutes, 'en');
const count = (n: number, one: string, other: string) =>
  `${formatNumber(n, 'en')} ${plural('en', n, { one, other })}`;

const locale: Locale = 'en';

/** "a, b or c", as a person lists choices. */
function orList(items: string[]): string {
  return listFormat('en', { type: 'disjunction' }).format(items.map((i) => `“${i}”`));
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const en = {
  locale,
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
    thanks: (name: string) => `Thank you for telling us, ${name}.`,
    welcome: (name: string) =>
      `Hi ${name}, thank you for reaching out. I am here to listen and to make sure the right people hear you.`,
    /** Each question's wording on its first, second, third… showing: a repeat is always reworded. */
    questions: {
      describe: [
        'In your own words, what happened? Take all the space you need: the more you tell me now, the less you will have to repeat later.',
        'I would like to understand it properly. What went wrong, and when did it happen?',
        'Tell me in a sentence or two, for example “my parcel never came” or “I was charged twice”.',
        'What happened, in a few words?',
        'One line is enough: what went wrong?',
      ],
      category: (options: string[]) => [
        'What is it mainly about?',
        `You can say ${orList(options)}, or describe it in your own words.`,
        `Which is closest: ${options.map((o, i) => `${i + 1}. ${o}`).join(', ')}? A number works too.`,
        'Which kind of problem is it?',
        'In one word, what is it about?',
      ],
      impact: (options: string[]) => [
        'How soon do you need this sorted?',
        `You can say ${orList(options.map((o) => o.toLowerCase()))}, or tell me in your own words.`,
        `Which is closest: ${options.map((o, i) => `${i + 1}. ${o}`).join(', ')}?`,
        'How urgent is it for you?',
        'Is it urgent, or can it wait?',
      ],
      details: [
        'What else should the team know? When it happened, an order or reference number?',
        'Any date, order number or reference helps. If there is nothing, say “that is all”.',
        'Anything to add? If not, just say “no”.',
        'Any other detail?',
        'Anything else at all?',
      ],
      outcome: (options: string[]) => [
        'What would put this right for you?',
        `You can say ${orList(options.map((o) => o.toLowerCase()))}, or tell me in your own words.`,
        'What would you like us to do? Any answer in your own words is fine.',
        'What outcome would you be happy with?',
        'How should we make it right?',
      ],
      outcomeNote: [
        'Tell me in a few words what would put this right for you.',
        'What would you like us to do, in your own words?',
        'Just a few words: what should we do?',
        'What would make it right?',
        'What outcome do you want?',
      ],
      edit: [
        'Of course. Which part should I change?',
        'Which part is not right: what happened, the type, the urgency, the details, or what you would like?',
        'Tap the part to change, or type it again the way it should read.',
        'What should I change?',
        'Which part?',
      ],
    },
    /** Added to a question shown for the fourth time or more: a way out. */
    offer: [
      'If it is easier, you can fill in a short form instead, or I can pass this to a person now.',
      'Or, if you prefer, a person from the team can take it from here.',
    ],
    talkToPerson: 'Talk to a person',
    restate: [
      'Here is what I understood. Did I get that right?',
      'I have updated it. Is it right now?',
      'Here it is again. Shall I send it like this, or is there something to change?',
      'Is this right now?',
      'Shall I send it like this?',
    ],
    updated: 'Thank you, I have changed that.',
    /** A value understood from the customer's words, played back with those words. */
    fromWords: (label: string, words: string) => `${label} (you said “${clip(words, 60)}”)`,
    guessed: (label: string) => `${label} (my guess: tap to change)`,
    /** Urgency in the words the customer picked from, not the staff's scale. */
    impactShort: {
      urgent: 'Urgent',
      high: 'Serious',
      normal: 'Can wait a few days',
      low: 'Not urgent',
    } satisfies Record<Severity, string>,
    fixLabels: { category: 'Change the type', impact: 'Change the urgency' },
    urgentBecause: (reasons: string[]) =>
      `Because you mentioned ${reasons.map((r) => urgencyReasons[r as UrgencyReason] ?? r).join(' and ')}, I have marked this as urgent so the team sees it first.`,
    /** The details question when their first message already gave a reference or a time. */
    askDetailsNoted: (p: { reference?: string; when?: string }) =>
      p.reference && p.when
        ? `I have noted the reference ${p.reference} and when it happened (“${p.when}”). Anything else the team should know?`
        : p.reference
          ? `I have noted the reference ${p.reference}. When did this happen?`
          : `I have noted when it happened (“${p.when}”). Do you have an order or reference number?`,
    /** How noted details read on the card and in the restatement. */
    notedDetails: (p: { reference?: string; when?: string }) =>
      [p.reference && `Reference ${p.reference}`, p.when && `when: ${p.when}`].filter(Boolean).join(' · '),
    /** On the card: this customer wants a person, not more questions. */
    wantsPersonDetail: 'Asked to talk to a person',
    personNoStory: '(The customer asked for a person before describing the problem.)',
    personFiled: (p: { name: string; code: string; minutes: number }) =>
      `Of course, ${p.name}. I have passed this to the team as *${p.code}*, with everything you told me so far, so you will not have to repeat it. A person will reply to you here within ${duration(p.minutes)}.`,
    restateFields: {
      what: 'What happened',
      category: 'Type',
      severity: 'Urgency',
      details: 'Details',
      outcome: 'You would like',
      none: 'Not given',
    },
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
      person: '✓ Passed to a person',
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
    statuses: staffStatuses,
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
    listHeading: (p: { which: string; count: number }) => `${p.which}: ${p.count}`,
    listNames: {
      open: 'Open complaints',
      mine: 'Your complaints',
      breaching: 'Past or near their SLA',
    },
    listEmpty: 'Nothing here. Nice work.',
    listLine: (p: { code: string; severity: string; summary: string; status: string; due: string }) =>
      `*${p.code}* [${p.severity}] ${p.summary} (${p.status}, ${p.due})`,
    dueIn: (minutes: number) =>
      minutes >= 0 ? `reply due in ${duration(minutes)}` : `reply ${duration(-minutes)} overdue`,
    responded: 'replied',
    timelineHeading: 'Timeline',
    moreEvents: (n: number) => `…and ${count(n, 'earlier entry', 'earlier entries')}`,
    events,
    /** A type this version does not know (a row written by a newer one). */
    unknownEvent: (p: EventWords) => `${p.name} updated the complaint`,
    threadCustomer: (p: { name: string; text: string }) => `*${p.name}* (customer) wrote:\n${p.text}`,
    threadCustomerFiles: (p: { name: string; files: string; text: string }) =>
      `*${p.name}* (customer) sent ${p.files}${p.text ? `:\n${p.text}` : ''}`,
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
    },
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
    settingsHeading: 'Hearken settings',
    settingsUpdated: (key: string, value: string) => `Done: ${key} is now ${value}.`,
    settingsHelp:
      'Change one with `/hearken settings timezone Europe/Berlin`, `digest 09:00`, `locale zh-CN` or `survey-delay 24h`.',
    exportReady: (n: number) =>
      `Here is the export: ${count(n, 'complaint', 'complaints')} with their timelines.`,
    forgetDone: (p: { count: number }) =>
      `Done. Personal data for that customer is erased from ${count(p.count, 'complaint', 'complaints')}; the anonymous records stay for reporting.`,
    forgetNothing: 'I found nothing to erase for that customer.',
    digestUnavailable: 'The digest is not available on this instance yet.',
  },

  /** The block list: admins block a customer; the customer hears one neutral notice. */
  block: {
    blocked: (who: string) =>
      `Blocked ${who}. Nothing they send reaches staff now; the next time they write, they are told once that their messages are not passed on. \`/hearken unblock\` undoes it.`,
    already: (who: string) => `${who} is already blocked.`,
    unblocked: (who: string) => `Unblocked ${who}. Their messages reach staff again.`,
    notBlocked: (who: string) => `${who} is not blocked.`,
    notYourself: 'You cannot block yourself.',
    heading: (n: number) => `Blocked customers: ${formatNumber(n, 'en')}`,
    line: (p: { who: string; since: string }) => `• ${p.who}, since ${p.since}`,
    none: 'No one is blocked.',
    /** What a blocked customer is told, once: neutral, no reason, no promise. */
    notice: 'Thank you for your message. This channel cannot pass on your messages at the moment.',
  },

  /** `/ticket list` pages and the card's Escalate form. */
  queue: {
    page: (p: {
      from: number;
      to: number;
      total: number;
      page: number;
      pages: number;
      next?: string | undefined;
    }) =>
      `${formatNumber(p.from, 'en')}–${formatNumber(p.to, 'en')} of ${formatNumber(p.total, 'en')} (page ${p.page} of ${p.pages}).${p.next ? ` Next: \`${p.next}\`` : ''}`,
    next: 'Next',
    previous: 'Previous',
    escalateTitle: (code: string) => `Escalate ${code}`,
    escalateLabel: 'Why should the managers look at it? (they see this)',
    escalateSubmit: 'Escalate',
    digestToAdmins:
      'No manager channel is set, so the digest comes to you as an admin. To send it to a channel: `/hearken setup manager=#channel`.',
  },

  /** `/hearken settings`: the policy, hours and holidays an admin sets from chat. */
  settings: {
    heading: 'Hearken settings',
    help: 'Change one with `/hearken settings <name> <value>`, such as `sla urgent 1h 24h`, `hours mon-fri 09:00-17:00`, `hours sat closed`, `holidays add 2026-12-24..2026-12-26`, `timezone Europe/Berlin`, `digest 09:00` or `survey-delay 24h`.',
    none: 'none',
    changed: (p: { key: string; before: string; after: string }) =>
      p.before === p.after
        ? `No change: ${p.key} is already ${p.after}.`
        : `Done: ${p.key} is now ${p.after} (was ${p.before}).`,
    keepDeadlines:
      'Complaints already open keep their deadlines. To move them to these settings: `/hearken settings sla recompute`.',
    recomputed: (n: number) =>
      `Done: ${count(n, 'open complaint', 'open complaints')} now ${n === 1 ? 'has its' : 'have their'} deadlines from the current SLA targets, hours and holidays (a deadline already missed stays missed).`,
    invalid: (p: { key: string; value: string; form: string }) =>
      `I could not use “${p.value}” for ${p.key}; nothing was changed. ${p.form}`,
    forms: {
      sla: 'Give a severity (urgent, high, normal or low), then its first-response and resolution targets, such as `sla urgent 1h 24h` or `sla low 2d 14d`. `sla recompute` moves open complaints to the current policy.',
      slaOrder: 'The first response cannot take longer than the resolution, such as `sla high 4h 3d`.',
      hours:
        'Give days then hours, such as `hours mon-fri 09:00-17:00`, `hours sat closed`, `hours mon 09:00-12:00,13:00-17:00`, or `hours 24/7` for a clock that never stops.',
      noOpenHours: 'That leaves no open hour in the week. For a clock that never stops, use `hours 24/7`.',
      holidays:
        'Use `holidays add 2026-12-25`, a range `holidays add 2026-12-24..2026-12-26`, `holidays remove 2026-12-25` or `holidays clear` (a range at most a year long).',
      duration: 'Use minutes, hours or days, such as 90m, 24h or 2d.',
    },
  },

  // ── Macros, assignment and the customer lifecycle (issue 14) ──
  macros: {
    heading: (n: number) => `*Macros* (${count(n, 'macro', 'macros')}):`,
    line: (p: { name: string; en: string; zh: string }) =>
      `• \`${p.name}\`: English ${p.en} · Chinese ${p.zh}`,
    none: 'No macros yet. Save one with `/ticket macro add thanks Thank you, {first_name}! …`.',
    badName:
      'A macro needs a short name first: lower-case letters, digits, `-` or `_`, such as `/ticket macro add refund-sent …`.',
    needText: (action: string) =>
      `Please add the name and the text, for example \`/ticket macro ${action} thanks Thank you, {first_name}!\`. Placeholders: {first_name}, {code}, {assignee}, {due}.`,
    notFound: (name: string) =>
      `There is no macro called \`${name}\`. \`/ticket macro list\` shows them all.`,
    exists: (name: string) =>
      `\`${name}\` already has a text in that language. Use \`/ticket macro edit ${name} …\` to change it.`,
    full: (max: number) => `This workspace has ${max} macros, the most it can keep. Delete one first.`,
    saved: (p: { name: string; locale: string }) => `Saved: \`${p.name}\` (${p.locale}).`,
    deleted: (name: string) => `Deleted the macro \`${name}\`.`,
    languages: { en: 'English', 'zh-CN': 'Chinese' } satisfies Record<Locale, string>,
    formLabel: 'Macro (optional)',
    formPlaceholder: 'Pick a saved reply',
  },
  assignment: {
    away: 'You are marked away: new complaints will not be given to you until you run `/ticket back`.',
    back: 'Welcome back: you are available, and new complaints may be given to you.',
  },
  lifecycle: {
    /** A greeting about a complaint that ended within the reopen window: how to reopen it. */
    endedHello: (p: { name: string; code: string; status: string }) =>
      `Hi ${p.name}. Your complaint *${p.code}* is ${p.status.toLowerCase()}. If something is still not right, tell me what happened and I will reopen it for the team; or tap below if this is about something new.`,
    reopenedByYou: (code: string) =>
      `Thank you for letting us know. I have reopened *${code}* and added your message, so the team will look at it again.`,
    followsEarlier: (code: string) =>
      `Your earlier complaint *${code}* was closed a while ago, so I will open a new one and link it to ${code}, so the team sees the history.`,
    threadFollows: (code: string) =>
      `_This complaint follows ${code}: the customer wrote again after its reopen window._`,
    threadFollowedBy: (code: string) =>
      `_The customer wrote again after the reopen window: new complaint ${code}._`,
    duplicateJoined: (code: string) =>
      `You sent this a moment ago, so I have kept it on *${code}* rather than opening a second complaint. The team has it.`,
    thanksNoted: (p: { name: string; code: string }) =>
      `You are welcome, ${p.name}. I have passed your thanks to the team; *${p.code}* stays resolved. If anything else comes up, just write here.`,
    autoClosedNotice: (p: { code: string; waited: string }) =>
      `We have not heard back about *${p.code}* for ${p.waited}, so we have closed it for now. Nothing is lost: if you still need help, just reply here and we will pick it up again.`,
    autoClosedReason: (waited: string) => `No answer from the customer for ${waited}`,
    outOfHours: (p: { back: string; due: string }) =>
      `Our team is away right now. They are back ${p.back}, and a person will reply to you by ${p.due}.`,
    assignedToYou: (p: { code: string; summary: string }) =>
      `A new complaint was given to you: *${p.code}*, “${p.summary}”. Its card is in the staff channel.`,
  },

  errors: {
    generic:
      'Sorry, I could not process that just now. Nothing you told me before is lost; please try again in a moment.',
    empty: 'I did not catch anything there. Whenever you are ready, tell me what happened in your own words.',
    unknownAction: 'That button has expired. Please use the latest message, or write to me again.',
    formExpired: 'That form has expired. Please start again with `/complain`.',
    tooLong: (limit: number) =>
      `That is more than one message can hold here: at most ${limit.toLocaleString('en')} characters. Nothing was sent; please send it in parts.`,
  },
  help: {
    commands: {
      complain: 'Tell us what went wrong, or check on a complaint',
      ticket: 'Work on complaints (support staff)',
      hearken: 'Set Hearken up (admins)',
    },
    subcommands: {
      'complain.new': 'Make a complaint (opens a short form)',
      'complain.status': 'See where your complaints stand',
      'complain.help': 'What /complain can do',
      'ticket.list': 'List complaints: open (the default), yours, or past or near their SLA',
      'ticket.show': 'Show a complaint and its timeline',
      'ticket.claim': 'Take a complaint on',
      'ticket.assign': 'Give a complaint to a colleague',
      'ticket.reply': 'Answer the customer (they see it)',
      'ticket.ask': 'Ask the customer a question (the SLA clock waits for them)',
      'ticket.note': 'Add an internal note (the customer never sees it)',
      'ticket.escalate': 'Raise a complaint to the managers',
      'ticket.resolve': 'Mark a complaint resolved and tell the customer what was done',
      'ticket.reopen': 'Reopen a complaint',
      'ticket.macro': 'Saved replies: list, add, edit or delete (send one with reply macro:<name>)',
      'ticket.away': 'Stop receiving new complaints by auto-assignment',
      'ticket.back': 'Receive new complaints by auto-assignment again',
      'ticket.help': 'What /ticket can do',
      'hearken.setup': 'Pick the staff channel, manager channel and staff role (alone: this channel)',
      'hearken.settings':
        'Show or change the settings: SLA targets, hours, holidays, time zone, digest, survey delay',
      'hearken.digest': 'Send the daily digest now',
      'hearken.export': 'Export complaints as CSV and HTML transcripts: all, one, or one customer’s data',
      'hearken.forget': 'Erase the personal data of the customer behind a complaint',
      'hearken.outbox': 'List the messages Hearken gave up on, or send one again after a fix',
      'hearken.block': 'Block a customer: nothing they send reaches staff',
      'hearken.unblock': 'Unblock a customer',
      'hearken.blocked': 'List the blocked customers',
      'hearken.help': 'What /hearken can do',
    },
    options: {
      code: 'Complaint code, such as C-1042',
      filter: 'Which complaints (default: open)',
      member: 'Who takes it',
      message: 'What to tell the customer',
      question: 'What to ask the customer',
      note: 'The note (internal)',
      reason: 'Why (optional)',
      resolution: 'What was done (the customer sees it)',
      staff_channel: 'Where complaint cards go',
      manager_channel: 'Where the daily digest goes',
      staff_role: 'Who counts as staff',
      timezone: 'Time zone for the digest and business hours, such as Europe/Berlin',
      digest: 'When the daily digest goes out, 24-hour time such as 09:00',
      locale: 'The language Hearken uses when it does not know a person’s own',
      'survey-delay': 'How long after a resolution the survey follows, such as 90m or 24h',
      retry: 'The id of a message to send again (from /hearken outbox)',
      file: 'A file to send with the reply (at most 10 MB; no programs)',
      page: 'Which page of the list (20 a page)',
      customer: 'The customer (mention them)',
      sla: 'Targets for a severity, such as urgent 1h 24h (or recompute)',
      hours: 'Business hours, such as mon-fri 09:00-17:00, sat closed or 24/7',
      holidays: 'Holidays: add 2026-12-25, add 2026-12-24..2026-12-26, remove …, clear',
      action: 'What to do with macros',
      lang: 'The language of the text (default: the workspace language)',
      content: 'The macro’s name, then its text ({first_name}, {code}, {assignee}, {due})',
      'auto-close': 'How long a complaint waiting on the customer stays open, such as 72h',
      'reopen-window': 'How long after a resolution a customer’s message reopens it, such as 7d',
      'out-of-hours': 'Tell customers who write out of hours when the team is back',
      assignment: 'Give new complaints to available staff: off, round_robin or least_loaded',
      'staff-mention': 'Mention the staff role or user group on each new card',
      'thread-replies':
        'Staff words in a card thread: relay (sent; // keeps a note) or internal (notes only)',
    },
    placeholders: {
      code: 'C-1001',
      user: '@name',
      channel: '#channel',
      role: '@role',
      text: 'text',
      timezone: 'Europe/Berlin',
      time: '09:00',
      duration: '24h',
      file: 'attached file',
      number: '2',
    },
    texts: {
      message: 'your message',
      question: 'your question',
      note: 'note',
      reason: 'reason',
      resolution: 'what was done',
      sla: 'urgent 1h 24h',
      hours: 'mon-fri 09:00-17:00',
      holidays: 'add 2026-12-25',
      content: 'name text',
      retry: 'message id',
      page: '2',
    },
    hints: {
      code: 'A complaint code looks like C-1001.',
      user: 'Mention the person, such as @name.',
      channel: 'Mention the channel, such as #support.',
      role: 'Mention the role or group, such as @support.',
      choice: (values: readonly string[]) =>
        `Use ${listFormat('en', { type: 'disjunction' }).format(values)}.`,
      timezone: 'Use an IANA time zone such as Europe/Berlin or Asia/Shanghai.',
      time: 'Use a 24-hour time such as 09:00.',
      duration: 'Use minutes or hours, such as 90m or 24h (at most 30 days).',
      file: 'Attach the file with the command (Discord), or on Slack share it in the card’s thread with a message starting with !reply.',
      number: 'Use a whole number such as 2.',
    },
    notes: {
      complain: 'You can also just write to me in a direct message.',
      ticket: 'Inside a complaint’s thread you can leave the code out.',
      hearken: '',
    },
    heading: (command: string) => `What \`${command}\` can do:`,
    line: (p: { usage: string; what: string }) => `• \`${p.usage}\`: ${p.what}`,
    unknown: (command: string) => `I do not know \`${command}\` yet.`,
    missing: (p: { option: string; usage: string }) =>
      `Something is missing: ${p.option.charAt(0).toLowerCase()}${p.option.slice(1)}. For example \`${p.usage}\`.`,
    invalid: (p: { option: string; value: string; hint: string }) =>
      `I could not use that value for ${p.option}. ${p.hint}`,
    extra: (p: { word: string; usage: string }) =>
      `I did not expect “${p.word}” there. It goes like this: \`${p.usage}\`.`,
  },

  /** SLA notices to staff (in the complaint's thread) and the reasons given to managers. */
  sla: {
    clocks,
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

  /** The follow-up survey a customer gets after a resolution, and what staff hear of it. */
  survey: {
    title: 'How did we do?',
    body: (name: string, code: string, summary: string) =>
      `Hi ${name}, your complaint ${code} (“${summary}”) was marked as resolved. Did we put things right for you? One tap is enough, and it helps us do better.`,
    scale: '1 = not at all · 5 = completely',
    rateLabels: ['1', '2', '3', '4', '5'],
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

  /** The managers' daily digest. Field values are plain text: no markup in them. */
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
    spike: (category: string, n: number, average: number) =>
      `⚠️ Spike: *${category}* had ${count(n, 'complaint', 'complaints')}, more than twice its 7-day average of ${formatNumber(average, 'en', 1)}. Worth a look for a common cause.`,
    oldestLabel: 'Oldest open complaints',
    oldest: (code: string, age: string, severity: string, status: string, owner: string) =>
      `${code} · ${age} old · ${severity} · ${status} · ${owner}`,
    noneOpen: 'Nothing open. Well done.',
    footer: (timeZone: string) =>
      `Days run midnight to midnight in ${timeZone}. Open counts and ages are as of when this was sent.`,
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

  /** What the Discord adapter says itself: Discord-only situations the core cannot know about. */
  discord: {
    chooseServer: 'You share more than one server with me. Which server is this about?',
    chooseServerPlaceholder: 'Pick a server',
    pickedServer: (name: string) => `Thank you. I will pass this on to the team of **${name}**.`,
    pickAgain: 'Thank you. Please tell me again what happened, so nothing gets lost.',
    noServer:
      'I can only take complaints for servers we share. Please use `/complain` in the server your complaint is about.',
    dmClosed:
      'I could not send you a direct message: your DMs are closed for this server, so I cannot keep you posted there. You can allow direct messages from this server in its Privacy Settings, or I can open a private thread here, just for you and the team.',
    openThread: 'Open a private thread',
    threadName: (name: string) => `Hearken · ${name}`,
    threadWelcome: (mention: string) =>
      `${mention}, this private thread is yours: updates on your complaint will appear here.`,
    threadOpened: (link: string) => `I opened ${link} for you. Updates will appear there.`,
    slowForm: 'Sorry, opening the form took me too long. Please run the command again.',
    done: 'Done.',
    failed: 'Sorry, something went wrong on my side. Please try again in a moment.',
    defaultThread: 'Complaint',
  },

  /** Files a person shares, and the ones Hearken re-posts for others. */
  files: {
    /** The customer's file, kept during an intake: it will reach the team with the complaint. */
    attached: (n: number) =>
      n === 1
        ? 'Thank you, I have attached your file. It will go to the team together with your complaint.'
        : `Thank you, I have attached your ${n} files. They will go to the team together with your complaint.`,
    addedToComplaint: (p: { code: string; count: number }) =>
      `Thank you, I have attached ${p.count === 1 ? 'your file' : `your ${p.count} files`} to *${p.code}*. The person handling it can see ${p.count === 1 ? 'it' : 'them'} now.`,
    refused: {
      executable: (name: string) =>
        `I could not accept ${name}: programs and scripts can harm the computer of whoever opens them, so I never pass them on. A screenshot, a photo or a PDF works well.`,
      too_large: (name: string) =>
        `${name} is larger than 10 MB, more than I can pass on. Could you send a smaller screenshot, or a photo of the part that matters?`,
      too_many: (name: string) =>
        `I can take at most 10 files from one message, so ${name} was not kept. Please send it in another message.`,
    },
    /** Beside a re-posted message, for a file the platform could not take (too large, gone). */
    notReposted: (names: string) =>
      `(Not shown here: ${names}. The file is named on the complaint's timeline.)`,
  },

  /** `/hearken export`: the files and what they say. */
  exports: {
    ready: (p: { complaints: number; files: number; parts: number }) =>
      `Here is the export: ${count(p.complaints, 'complaint', 'complaints')}, a CSV and a transcript for each${p.parts > 1 ? `, in ${p.parts} parts to fit the upload limit` : ''}.`,
    customerReady: (p: { who: string; complaints: number }) =>
      `Here is everything Hearken keeps about ${p.who}: ${count(p.complaints, 'complaint', 'complaints')} with their messages and surveys.`,
    customerNothing: (who: string) => `Hearken keeps no complaints from ${who}.`,
    part: (p: { part: number; parts: number }) => `Export part ${p.part} of ${p.parts}`,
    columns: {
      code: 'code',
      status: 'status',
      severity: 'severity',
      category: 'category',
      customer: 'customer',
      customerId: 'customer id',
      platform: 'platform',
      summary: 'summary',
      description: 'description',
      outcome: 'desired outcome',
      assignee: 'assignee',
      created: 'created',
      firstResponseDue: 'first response due',
      resolutionDue: 'resolution due',
      resolved: 'resolved',
      closed: 'closed',
      rating: 'survey rating',
      comment: 'survey comment',
    },
    transcriptTitle: (code: string) => `Complaint ${code}: transcript`,
    timeline: 'Timeline',
    surveys: 'Surveys',
    exported: (when: string) => `Exported ${when}`,
    file: (p: { name: string; size: string }) => `File: ${p.name} (${p.size})`,
  },

  /** Customer edits and deletions, and staff writing in a card's thread (`thread-replies`). */
  threads: {
    edited: (p: { name: string; text: string }) =>
      `*${p.name}* (customer) edited a message. Now it reads:\n${p.text}`,
    deleted: (p: { name: string }) =>
      `_${p.name} (customer) deleted a message they had sent. What it said stays on the timeline._`,
    /** To the customer, when they edit or delete during an intake: nothing changes silently. */
    changedDuringIntake:
      'I noticed you changed an earlier message. I go by what you send from here, so if something is different now, just tell me in a new message.',
    /** The sandbox's stand-in for the reaction on a staff message in a card thread. */
    reacted: {
      relayed: 'Sent to the customer, signed with your name.',
      kept: 'Kept as an internal note: the customer did not get this.',
    },
    textTooLong: (max: string) =>
      `That text is longer than I can take in one go (${max} characters at most). Please split it into several messages; nothing was sent.`,
  },

  /** The sandbox page's own hints beside the composer (page chrome, not the bot's voice). */
  sandbox: {
    channelNeedsCommand:
      'Only commands reach Hearken here. Try /ticket list, /ticket reply C-1001 your text, or use the buttons on a card.',
    unknownCommand: 'Hearken knows /complain, /ticket and /hearken.',
    notYourConversation: 'You cannot write in another person’s direct messages.',
    unknownMessage: 'That message no longer exists.',
    badRequest: 'That request is not one the sandbox understands.',
    noPerson: 'Pick a simulated person first.',
    badName: 'Give the customer a name (1–60 characters) and a language.',
    failed: 'The sandbox could not deliver that. Try again.',
  },

  /** The durable inbox: what a customer hears while their message waits to be stored. */
  inbox: {
    moment:
      'Give me a moment: I have your message, but I cannot file it just yet. I will answer here as soon as I can; there is no need to send it again.',
    full: 'Sorry, I am having trouble right now and could not keep that message. Please send it again in a few minutes.',
  },

  /** The outbox's own words: a message it gave up on, told to admins; `/hearken outbox`. */
  outbound: {
    /** To the manager (or staff) channel when the platform refused a message meant for staff. */
    staffPostRefused: (p: { what: string; where: string; fix: string }) =>
      `I could not post ${p.what} in ${p.where}. ${p.fix} Then \`/hearken outbox\` lists what I gave up on, and \`/hearken outbox retry <id>\` sends it again.`,
    what: {
      card: (code: string) => `the card for ${code}`,
      digest: 'the daily digest',
      other: 'a message for staff',
    },
    where: {
      staff: 'the staff channel',
      manager: 'the manager channel',
      other: 'a channel',
    },
    fixes: {
      not_in_channel: 'The bot is not a member of it: invite the bot to that channel.',
      is_archived: 'It is archived: unarchive it, or choose another channel with `/hearken setup`.',
      channel_not_found:
        'It no longer exists or the bot cannot see it: choose another channel with `/hearken setup`.',
      missing_permissions:
        'The bot may not post there: give it View Channel, Send Messages and Send Messages in Threads.',
      auth: 'The bot’s access was revoked or has expired: reinstall the app.',
      other: (reason: string) => `The platform answered “${reason}”.`,
    },
    targets: {
      staff_channel: 'staff channel',
      manager_channel: 'manager channel',
      card_thread: 'card thread',
      card: 'card',
      customer: 'customer',
      user: 'direct message',
      channel: 'channel',
      thread: 'thread',
    },
    list: {
      title: 'Messages I gave up on',
      empty: 'No message is waiting: nothing was given up.',
      row: (p: { id: string; when: string; purpose: string; target: string; reason: string }) =>
        `\`${p.id}\` · ${p.when} · ${p.purpose} → ${p.target}: ${p.reason}`,
      more: (next: number) => `More: \`/hearken outbox ${next}\`.`,
      page: (page: number, pages: number) => `Page ${page} of ${pages}.`,
    },
    retried: (id: string) => `Message \`${id}\` is queued again; I will try to deliver it now.`,
    notDead: (id: string) => `No message \`${id}\` is waiting to be retried. \`/hearken outbox\` lists them.`,
  },
};

/** Every catalog has this shape: `zh-CN.ts` is annotated with it, so a missing key fails `tsc`. */
export type Catalog = Omit<typeof en, 'locale'> & { locale: Locale };
