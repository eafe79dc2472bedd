/**
 * Macros: canned replies a tenant's staff save (`/ticket macro add|list|edit|delete`) and send
 * (`/ticket reply C-1001 macro:<name>`, or picked in the card's Reply form). One text per
 * language; the customer's locale picks it and the other stands in when it is missing.
 * Placeholders are filled for the complaint at hand, in the customer's language.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { macros } from '../../db/schema.js';
import type { Complaint } from '../complaints/repo.js';
import type { Locale } from '../domain/index.js';
import { formatInstant } from '../i18n/format.js';
import { type Catalog, catalog } from '../i18n/index.js';
import { firstName } from '../intake/prompts.js';
import type { Actor } from '../messages.js';
import type { TenantSettings } from '../tenants.js';
import { defuse, quote } from '../text.js';

export type Macro = typeof macros.$inferSelect;

/** A macro's name: a short lower-case word staff can type after `macro:`. */
const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** What staff type to send one: `macro:<name>`, then anything to add after it. */
const USE = /^macro:(\S+)\s*([\s\S]*)$/i;
/** How many a tenant keeps: a select offers at most 25 (Discord), and a list must stay readable. */
export const MAX_MACROS = 25;

export const PLACEHOLDERS = ['first_name', 'code', 'assignee', 'due'] as const;

export async function listMacros(q: Queryable, tenantId: string): Promise<Macro[]> {
  return q
    .select()
    .from(macros)
    .where(eq(macros.tenantId, tenantId))
    .orderBy(asc(macros.name))
    .limit(MAX_MACROS);
}

export async function findMacro(q: Queryable, tenantId: string, name: string): Promise<Macro | undefined> {
  const [row] = await q
    .select()
    .from(macros)
    .where(and(eq(macros.tenantId, tenantId), eq(macros.name, name.toLowerCase())));
  return row;
}

const column = (locale: Locale) => (locale === 'zh-CN' ? 'bodyZh' : 'bodyEn');

/** The macro's text in `locale`, or in the other language when it has none in this one. */
export function macroText(m: Macro, locale: Locale): string {
  const own = m[column(locale)];
  return own ?? m.bodyEn ?? m.bodyZh ?? '';
}

/** `{first_name}`, `{code}`, `{assignee}`, `{due}` filled for a complaint, in the customer's words. */
export function fillPlaceholders(text: string, c: Complaint, staff: Actor, tenant: TenantSettings): string {
  const t = catalog(c.locale);
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    first_name: firstName(c.customerName),
    code: c.code,
    assignee: c.assigneeName ?? staff.displayName,
    due: formatInstant(c.resolutionDue, t.locale, tenant.timeZone),
  };
  return text.replace(/\{(first_name|code|assignee|due)\}/g, (_, key: keyof typeof values) => values[key]);
}

/**
 * Staff text that starts with `macro:<name>`: the macro's text for this customer, then whatever
 * they typed after it. `missing` names a macro this tenant does not have; `text` is the typed
 * text untouched when it uses none.
 */
export async function expandMacro(
  q: Queryable,
  tenant: TenantSettings,
  c: Complaint,
  staff: Actor,
  typed: string,
  picked?: string,
): Promise<{ text: string } | { missing: string }> {
  const used = typed.trim().match(USE);
  const name = picked || used?.[1];
  if (!name) return { text: typed };
  const extra = picked ? typed.trim() : (used?.[2] ?? '').trim();
  const m = await findMacro(q, tenant.tenantId, name);
  if (!m) return { missing: name };
  const body = fillPlaceholders(macroText(m, c.locale), c, staff, tenant);
  return { text: extra ? `${body}\n\n${extra}` : body };
}

export type MacroAction = 'add' | 'list' | 'edit' | 'delete';

/** `/ticket macro …`: the answer for the staff member, in their language. */
export async function macroCommand(
  q: Queryable,
  t: Catalog,
  tenant: TenantSettings,
  actor: Actor,
  action: MacroAction,
  lang: Locale | undefined,
  content: string,
  now: Date,
): Promise<string> {
  if (action === 'list') {
    const all = await listMacros(q, tenant.tenantId);
    if (all.length === 0) return t.macros.none;
    const lines = all.map((m) =>
      t.macros.line({
        name: m.name,
        en: m.bodyEn ? defuse(quote(m.bodyEn, 80)) : '—',
        zh: m.bodyZh ? defuse(quote(m.bodyZh, 80)) : '—',
      }),
    );
    return `${t.macros.heading(all.length)}\n${lines.join('\n')}`;
  }
  const [rawName = '', ...rest] = content.trim().split(/\s+/);
  const name = rawName.toLowerCase();
  if (!NAME.test(name)) return t.macros.badName;
  const body = content.trim().slice(rawName.length).trim();
  const existing = await findMacro(q, tenant.tenantId, name);
  const locale = lang ?? tenant.defaultLocale;
  const key = column(locale);
  if (action === 'delete') {
    if (!existing) return t.macros.notFound(name);
    await q.delete(macros).where(eq(macros.id, existing.id));
    return t.macros.deleted(name);
  }
  if (!body || rest.length === 0) return t.macros.needText(action);
  if (action === 'edit') {
    if (!existing) return t.macros.notFound(name);
    await q
      .update(macros)
      .set({ [key]: body, updatedAt: now })
      .where(eq(macros.id, existing.id));
    return t.macros.saved({ name, locale: t.macros.languages[locale] });
  }
  if (existing?.[key]) return t.macros.exists(name);
  if (existing) {
    await q
      .update(macros)
      .set({ [key]: body, updatedAt: now })
      .where(eq(macros.id, existing.id));
  } else {
    if ((await listMacros(q, tenant.tenantId)).length >= MAX_MACROS) return t.macros.full(MAX_MACROS);
    await q.insert(macros).values({
      tenantId: tenant.tenantId,
      name,
      [key]: body,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
  }
  return t.macros.saved({ name, locale: t.macros.languages[locale] });
}
