/** Who may do what. Roles come from the adapter; which roles count comes from tenant settings. */
import { type Actor, ROLE_ADMIN } from '../messages.js';
import type { TenantSettings } from '../tenants.js';

export const isAdmin = (actor: Actor) => actor.roles.includes(ROLE_ADMIN);

export const isStaff = (actor: Actor, tenant: TenantSettings) =>
  isAdmin(actor) || actor.roles.some((role) => tenant.staffRoles.includes(role));
