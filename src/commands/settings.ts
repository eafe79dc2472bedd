/**
 * `/hearken settings`: the registry of settings an admin reads and changes from chat. A setting
 * is one entry: its option in the spec (`src/commands/spec.ts`), how its current value reads, and
 * the change a typed value makes (or the accepted form when it cannot be used). Adding a setting
 * is an option in the spec and an entry here; the type check fails until both exist.
 */

import { recomputeDeadlines } from '../complaints/deadlines.js';
import type { Ctx } from '../complaints/workflow.js';
import { isAssignmentMode, isSwitch, isThreadReplyMode, SEVERITIES } from '../domain/index.js';
import type { Catalog } from '../i18n/index.js';
import type { CommandEvent, OutboundMessage, Reply } from '../messages.js';
import { isValidTimeZone } from '../sla/calendar.js';
import {
  formatDurationText,
  formatHolidays,
  formatHours,
  formatSlaTarget,
  parseHolidayChange,
  parseHours,
  parseSlaTarget,
  type ScheduleProblem,
  withHolidays,
  withSlaTarget,
} from '../sla/schedule-text.js';
import { configureTenant, type TenantPatch, type TenantSettings } from '../tenants.js';
import type { OptionValues } from './args.js';
import { hintFor } from './help.js';
import { COMMAND_SPEC } from './spec.js';
import { staffCatalog } from './ticket.js';

/** Every option of `/hearken settings`: each must have its entry below. */
export type SettingKey = Extract<
  keyof (typeof COMMAND_SPEC)['hearken']['subcommands']['settings']['options'],
  string
>;

/** What a typed value does: a change to the settings, or the accepted form it missed. */
export type SettingChange =
  | { ok: true; patch: TenantPatch }
  | { ok: false; problem: ScheduleProblem | 'value' };

export interface SettingEntry {
  /** The current value as an admin reads it (and could type it again). */
  show(s: TenantSettings, t: Catalog): string;
  /**
   * The change `value` makes to `s`. Values of options with a checked kind (time zone, time,
   * duration, choice) arrive checked and normalised by the spec (a duration in minutes).
   */
  change(value: string, s: TenantSettings): SettingChange;
  /** Changing it moves the SLA clock: open complaints keep their deadlines until recomputed. */
  movesDeadlines?: boolean;
  /** Its value is long: the overview gives it a whole row. */
  wide?: boolean;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');
const patched = (patch: TenantPatch): SettingChange => ({ ok: true, patch });
const refused = (problem: ScheduleProblem | 'value'): SettingChange => ({ ok: false, problem });

/** The settings, in the order the overview lists them and a command applies them. */
export const SETTINGS: Readonly<Record<SettingKey, SettingEntry>> = {
  timezone: {
    show: (s) => s.timeZone,
    change: (value) => (isValidTimeZone(value) ? patched({ timeZone: value }) : refused('value')),
    movesDeadlines: true,
  },
  digest: {
    show: (s) => s.digestTime,
    change: (value) => patched({ digestTime: value }),
  },
  locale: {
    show: (s) => s.defaultLocale,
    change: (value) =>
      value === 'en' || value === 'zh-CN' ? patched({ defaultLocale: value }) : refused('value'),
  },
  'survey-delay': {
    show: (s) => formatDurationText(s.surveyDelayMinutes),
    change: (value) => patched({ surveyDelayMinutes: Number(value) }),
  },
  sla: {
    show: (s) => SEVERITIES.map((severity) => formatSlaTarget(s.slaPolicy, severity)).join(', '),
    change: (value, s) => {
      const parsed = parseSlaTarget(value);
      return parsed.ok
        ? patched({ slaPolicy: withSlaTarget(s.slaPolicy, parsed.value) })
        : refused(parsed.problem);
    },
    movesDeadlines: true,
    wide: true,
  },
  hours: {
    show: (s) => formatHours(s.businessHours),
    change: (value, s) => {
      const parsed = parseHours(value, s.businessHours);
      return parsed.ok ? patched({ businessHours: parsed.value }) : refused(parsed.problem);
    },
    movesDeadlines: true,
    wide: true,
  },
  holidays: {
    show: (s, t) => formatHolidays(s.businessHours) || t.settings.none,
    change: (value, s) => {
      const parsed = parseHolidayChange(value);
      return parsed.ok
        ? patched({ businessHours: withHolidays(s.businessHours, parsed.value) })
        : refused(parsed.problem);
    },
    movesDeadlines: true,
    wide: true,
  },
  // Staff and customer lifecycle: how long a complaint waiting on the customer stays open, how long
  // after a resolution a customer's message reopens it, the out-of-hours notice, how new complaints
  // find an owner, and whether a new card mentions the staff role or user group.
  'auto-close': {
    show: (s) => formatDurationText(s.autoCloseMinutes),
    // A zero delay would close a complaint the moment staff ask a question.
    change: (value) => (Number(value) > 0 ? patched({ autoCloseMinutes: Number(value) }) : refused('value')),
  },
  'reopen-window': {
    show: (s) => formatDurationText(s.reopenWindowMinutes),
    change: (value) => patched({ reopenWindowMinutes: Number(value) }),
  },
  'out-of-hours': {
    show: (s) => onOff(s.outOfHoursNotice),
    change: (value) => (isSwitch(value) ? patched({ outOfHoursNotice: value === 'on' }) : refused('value')),
  },
  assignment: {
    show: (s) => s.assignmentMode,
    change: (value) => (isAssignmentMode(value) ? patched({ assignmentMode: value }) : refused('value')),
  },
  'staff-mention': {
    show: (s) => onOff(s.staffMention),
    change: (value) => (isSwitch(value) ? patched({ staffMention: value === 'on' }) : refused('value')),
  },
  // What staff write in a card's thread: kept as notes (`internal`) or sent to the customer (`relay`).
  'thread-replies': {
    show: (s) => s.threadReplies,
    change: (value) => (isThreadReplyMode(value) ? patched({ threadReplies: value }) : refused('value')),
  },
};

const SETTING_KEYS = Object.keys(SETTINGS).filter((key): key is SettingKey => Object.hasOwn(SETTINGS, key));

const ephemeral = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: true });

/** The words of a refused value: the option's accepted form. */
function formOf(t: Catalog, key: SettingKey, problem: ScheduleProblem | 'value'): string {
  if (problem !== 'value') return t.settings.forms[problem];
  // The option's own kind in the spec says what it accepts (a time zone, a duration, a choice).
  return hintFor(t, COMMAND_SPEC.hearken.subcommands.settings.options[key].kind);
}

/** `/hearken settings …` for an admin (the caller checked): show, change, or recompute. */
export async function settingsCommand(ctx: Ctx, event: CommandEvent, values: OptionValues): Promise<Reply> {
  const t = staffCatalog(event.actor, ctx);
  const given = SETTING_KEYS.filter((key) => values[key]?.length);
  if (given.length === 0) return overview(ctx.tenant, t);
  if (given.length === 1 && values.sla?.[0]?.trim().toLowerCase() === 'recompute') {
    const count = await recomputeDeadlines(ctx.q, ctx.tenant, ctx.now);
    return ephemeral({ text: t.settings.recomputed(count) });
  }
  // Each change applies to the settings as the ones before it left them (`hours … holidays …`).
  let next: TenantSettings = ctx.tenant;
  let patch: TenantPatch = {};
  const lines: string[] = [];
  for (const key of given) {
    const value = values[key]?.[0] ?? '';
    const entry = SETTINGS[key];
    const change = entry.change(value, next);
    if (!change.ok)
      return ephemeral({ text: t.settings.invalid({ key, value, form: formOf(t, key, change.problem) }) });
    const before = entry.show(next, t);
    next = { ...next, ...change.patch };
    patch = { ...patch, ...change.patch };
    lines.push(t.settings.changed({ key, before, after: entry.show(next, t) }));
  }
  await configureTenant(ctx.q, ctx.tenant.tenantId, event.actor.platform, patch, ctx.now);
  if (given.some((key) => SETTINGS[key].movesDeadlines)) lines.push(t.settings.keepDeadlines);
  return ephemeral({ text: lines.join('\n') });
}

function overview(s: TenantSettings, t: Catalog): Reply {
  return ephemeral({
    title: t.settings.heading,
    text: t.settings.help,
    fields: [
      { label: 'staff', value: s.staffChannelId ?? t.admin.notSet, short: true },
      { label: 'manager', value: s.managerChannelId ?? t.admin.notSet, short: true },
      { label: 'roles', value: s.staffRoles.join(', '), short: true },
      ...SETTING_KEYS.map((key) => ({
        label: key,
        value: SETTINGS[key].show(s, t),
        short: !SETTINGS[key].wide,
      })),
    ],
  });
}
