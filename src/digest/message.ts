/** The digest as a neutral message: headline and spikes, figures as fields, oldest open, the chart. */
import { formatDay, formatNumber, formatPercent } from '../i18n/format.js';
import { jobsText } from '../i18n/jobs.js';
import type { Locale, OutboundMessage } from '../messages.js';
import type { DigestFigures } from './figures.js';

const SUMMARY_MAX = 60;

/** Customer-written text shown in a channel: one line, short, and unable to ping anyone. */
function inert(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const short = line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
  return short.replace(/[@<>*_`~]/g, (ch) =>
    ch === '@' ? '@\u200b' : ch === '<' ? '‹' : ch === '>' ? '›' : '',
  );
}

export function digestMessage(figures: DigestFigures, locale: Locale, png: Buffer): OutboundMessage {
  const t = jobsText(locale);
  const d = t.digest;
  const n = (value: number) => formatNumber(value, locale);
  const duration = (minutes: number | null) => (minutes === null ? d.none : t.duration(minutes));
  const dayLabel = formatDay(figures.day, locale);

  const lines: string[] = [
    figures.newCount === 0 && figures.resolvedCount === 0
      ? `${d.quiet} ${d.intro(n(0), n(0), n(figures.openCount))}`
      : d.intro(n(figures.newCount), n(figures.resolvedCount), n(figures.openCount)),
  ];
  for (const spike of figures.spikes) {
    lines.push(
      '',
      d.spike(t.categories[spike.category], n(spike.count), formatNumber(spike.average, locale, 1)),
    );
  }
  const oldest = figures.oldestOpen.map((c, i) => {
    const line = d.oldest(
      c.code,
      t.duration(c.ageMinutes),
      t.severities[c.severity],
      d.statuses[c.status] ?? c.status,
      c.assigneeName ? inert(c.assigneeName) : d.unassigned,
    );
    return `${i + 1}. ${line} — ${inert(c.summary)}`;
  });

  const { csat } = figures;
  const csatText =
    csat.sent === 0
      ? d.csatNone
      : d.csat(
          csat.average === null ? d.none : formatNumber(csat.average, locale, 1),
          formatPercent(csat.answered / csat.sent, locale),
          n(csat.answered),
          n(csat.sent),
        );
  const top = figures.topCategories
    .slice(0, 3)
    .map((c) => `${t.categories[c.category]} ${n(c.count)}`)
    .join(' · ');

  return {
    title: figures.partial ? d.titleToday(dayLabel) : d.title(dayLabel),
    text: lines.join('\n'),
    fields: [
      { label: d.newLabel, value: n(figures.newCount), short: true },
      { label: d.resolvedLabel, value: n(figures.resolvedCount), short: true },
      { label: d.openLabel, value: n(figures.openCount), short: true },
      {
        label: d.breachesLabel,
        value: d.breaches(n(figures.breaches.firstResponse), n(figures.breaches.resolution)),
        short: true,
      },
      { label: d.firstResponseLabel, value: duration(figures.medianFirstResponseMinutes), short: true },
      { label: d.resolutionLabel, value: duration(figures.medianResolutionMinutes), short: true },
      { label: d.csatLabel, value: csatText, short: false },
      { label: d.topLabel, value: top || d.none, short: false },
      { label: d.trendLabel, value: figures.trend.map((day) => n(day.newCount)).join(' → '), short: false },
      // Last, so the numbers come first and the list that needs action sits just above the chart.
      { label: d.oldestLabel, value: oldest.join('\n') || d.noneOpen, short: false },
    ],
    footer: d.footer(figures.timeZone),
    tone: figures.spikes.length > 0 ? 'warning' : 'info',
    attachments: [
      {
        filename: `hearken-digest-${figures.day}.png`,
        contentType: 'image/png',
        base64: png.toString('base64'),
        alt: d.chartAlt(dayLabel),
      },
    ],
  };
}
