/**
 * What an export holds, read in a few queries: a tenant's complaints (or one customer's, for a
 * data-subject request), their timelines and their surveys.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaintEvents, complaints, surveys } from '../../db/schema.js';

export type ExportComplaint = typeof complaints.$inferSelect;
export type ExportEvent = typeof complaintEvents.$inferSelect;
export type ExportSurvey = typeof surveys.$inferSelect;

export interface ExportData {
  complaints: ExportComplaint[];
  /** Complaint id → its timeline, oldest first. */
  events: Map<string, ExportEvent[]>;
  /** Complaint id → its surveys, oldest first. */
  surveys: Map<string, ExportSurvey[]>;
}

function group<T extends { complaintId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.complaintId);
    if (list) list.push(row);
    else out.set(row.complaintId, [row]);
  }
  return out;
}

/** The complaints to export: the tenant's, or one of them by code, or one customer's. */
export interface ExportScope {
  tenantId: string;
  code?: string;
  customerId?: string;
}

export async function loadExport(q: Queryable, scope: ExportScope): Promise<ExportData> {
  const rows = await q
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.tenantId, scope.tenantId),
        ...(scope.code ? [eq(complaints.code, scope.code)] : []),
        ...(scope.customerId ? [eq(complaints.customerId, scope.customerId)] : []),
      ),
    )
    .orderBy(asc(complaints.createdAt), asc(complaints.code));
  if (rows.length === 0) return { complaints: [], events: new Map(), surveys: new Map() };
  // A whole tenant is read by its tenant id (no list of thousands of ids); a few by their ids.
  const whole = !scope.code && !scope.customerId;
  const ids = rows.map((r) => r.id);
  const events = await q
    .select()
    .from(complaintEvents)
    .where(whole ? eq(complaintEvents.tenantId, scope.tenantId) : inArray(complaintEvents.complaintId, ids))
    .orderBy(asc(complaintEvents.id));
  const answers = await q
    .select()
    .from(surveys)
    .where(whole ? eq(surveys.tenantId, scope.tenantId) : inArray(surveys.complaintId, ids))
    .orderBy(asc(surveys.sentAt));
  return { complaints: rows, events: group(events), surveys: group(answers) };
}
