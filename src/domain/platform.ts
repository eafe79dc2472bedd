/** Who and where: the platforms, the languages the bot speaks and the neutral roles. */
import { oneOf } from './guard.js';

/** The platforms an adapter exists for; the `platform` column of every table holds one. */
export const PLATFORMS = ['slack', 'discord', 'sandbox'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const isPlatform = oneOf(PLATFORMS);

/** The catalogs the bot speaks; a platform locale such as `en-US` is mapped onto one of these. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale = oneOf(LOCALES);

/**
 * Neutral roles an adapter may grant an actor (`Actor.roles`). Tenant settings may also list
 * opaque platform role ids, so `Actor.roles` stays `string[]`.
 */
export const ROLES = ['admin', 'staff'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = oneOf(ROLES);
export const ROLE_ADMIN = 'admin' satisfies Role;
export const ROLE_STAFF = 'staff' satisfies Role;
