/**
 * A complaint's transcript as one self-contained HTML page: inline CSS, no scripts, no remote
 * resources, every word a person wrote escaped, the timeline in the catalog's words
 * (`src/i18n/timeline.ts`). Opens the same in any browser, offline, years later.
 */
import type { Catalog } from '../i18n/en.js';
import { formatInstant } from '../i18n/format.js';
import { describeEvent } from '../i18n/timeline.js';
import type { ExportComplaint, ExportEvent, ExportSurvey } from './data.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or attribute value: nothing in it can open a tag, an attribute or an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;color:#1d1f23;background:#f6f7f9;margin:0;padding:2rem 1rem}
main{max-width:46rem;margin:0 auto;background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1.5rem 2rem}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #e6e8eb;padding-bottom:.25rem}
.meta{color:#5b6270;font-size:.85rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:#5b6270}dd{margin:0}
.description{white-space:pre-wrap;background:#f6f7f9;border-radius:6px;padding:.75rem 1rem}
ol{list-style:none;padding:0;margin:0}li{border-left:3px solid #c9ced6;padding:.25rem 0 .5rem .75rem;margin:0 0 .5rem}
li.internal{border-color:#e0b341;background:#fffaf0}li time{color:#5b6270;font-size:.8rem;display:block}
.what{font-weight:600}.body{white-space:pre-wrap;margin:.25rem 0 0}.file{color:#3d4450;font-size:.9rem}
@media print{body{background:#fff;padding:0}main{border:0}}
`;

function row(label: string, value: string | null | undefined): string {
  return value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : '';
}

function filesOf(event: ExportEvent): { name: string; size: number }[] {
  const files = event.data?.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((f: unknown) =>
    typeof f === 'object' && f !== null && 'name' in f && typeof f.name === 'string'
      ? [{ name: f.name, size: 'size' in f && typeof f.size === 'number' ? f.size : 0 }]
      : [],
  );
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The transcript of one complaint. */
export function transcriptHtml(
  t: Catalog,
  complaint: ExportComplaint,
  events: readonly ExportEvent[],
  surveys: readonly ExportSurvey[],
  timeZone: string,
  exportedAt: Date,
): string {
  const when = (at: Date | null) => (at ? formatInstant(at, t.locale, timeZone) : null);
  const c = t.exports.columns;
  const items = events.map((event) => {
    const files = filesOf(event)
      .map((f) => `<p class="file">${escapeHtml(t.exports.file({ name: f.name, size: sizeOf(f.size) }))}</p>`)
      .join('');
    const body = event.body ? `<p class="body">${escapeHtml(event.body)}</p>` : '';
    return `<li class="${event.visibility === 'internal' ? 'internal' : 'public'}"><time datetime="${event.at.toISOString()}">${escapeHtml(when(event.at) ?? '')}</time><span class="what">${escapeHtml(describeEvent(t, event, timeZone))}</span>${body}${files}</li>`;
  });
  const surveyRows = surveys.map(
    (s) =>
      `<li><time datetime="${s.sentAt.toISOString()}">${escapeHtml(when(s.sentAt) ?? '')}</time><span class="what">${escapeHtml(`${c.rating}: ${s.rating ?? '–'}`)}</span>${s.comment ? `<p class="body">${escapeHtml(s.comment)}</p>` : ''}</li>`,
  );
  const title = t.exports.transcriptTitle(complaint.code);
  return `<!doctype html>
<html lang="${escapeHtml(t.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(t.exports.exported(when(exportedAt) ?? ''))}</p>
<dl>${[
    row(c.status, t.staff.statuses[complaint.status]),
    row(c.severity, t.severities[complaint.severity]),
    row(c.category, t.categories[complaint.category]),
    row(c.customer, complaint.customerName),
    row(c.assignee, complaint.assigneeName),
    row(c.outcome, t.outcomes[complaint.desiredOutcome]),
    row(c.created, when(complaint.createdAt)),
    row(c.resolved, when(complaint.resolvedAt)),
    row(c.closed, when(complaint.closedAt)),
  ].join('')}</dl>
<h2>${escapeHtml(c.summary)}</h2>
<p>${escapeHtml(complaint.summary)}</p>
<h2>${escapeHtml(c.description)}</h2>
<div class="description">${escapeHtml(complaint.description)}</div>
<h2>${escapeHtml(t.exports.timeline)}</h2>
<ol>${items.join('\n')}</ol>
${surveyRows.length > 0 ? `<h2>${escapeHtml(t.exports.surveys)}</h2>\n<ol>${surveyRows.join('\n')}</ol>` : ''}
</main>
</body>
</html>
`;
}
