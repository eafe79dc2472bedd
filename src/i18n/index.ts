import type { Locale } from '../messages.js';
import { type Catalog, en } from './en.js';
import { zhCN } from './zh-CN.js';

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
