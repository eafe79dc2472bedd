/**
 * The one catalog tree: every word a person reads, on every surface (core, jobs, digest, the
 * adapters' own chrome), one file per locale. Adapters import from here; this folder imports no
 * adapter.
 */
import type { Locale } from '../messages.js';
import { type Catalog, en } from './en.js';
import { zhCN } from './zh-CN.js';

export type { EventWords, SlaClock } from './words.js';
export type { Catalog };

const catalogs: Record<Locale, Catalog> = { en, 'zh-CN': zhCN };

/** The catalog for a locale we support. */
export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}

/** Maps any platform locale (`zh-CN`, `zh`, `zh-TW`, `en-GB`, …) onto a catalog we have. */
export function toLocale(value: string | null | undefined): Locale | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** The locale for a stored or platform locale string; anything unknown reads as English. */
export function localeOf(value: string | null | undefined): Locale {
  return toLocale(value) ?? 'en';
}

/** The catalog for a stored or platform locale string; anything unknown reads as English. */
export function catalogFor(value: string | null | undefined): Catalog {
  return catalog(localeOf(value));
}
