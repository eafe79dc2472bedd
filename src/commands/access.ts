/** Who may do what. Roles come from the adapter; which roles count comes from tenant settings. */
import { type Actor, type CommandName, ROLE_ADMIN } from '../messages.js';
import type { TenantSettings } from '../tenants.js';
import { type Access, commandSpec } from './spec.js';

export const isAdmin = (actor: Actor) => actor.roles.includes(ROLE_ADMIN);

export const isStaff = (actor: Actor, tenant: TenantSettings) =>
  isAdmin(actor) || actor.roles.some((role) => tenant.staffRoles.includes(role));

/** Whether `actor` has the access level the spec asks for. */
export function hasAccess(access: Access, actor: Actor, tenant: TenantSettings): boolean {
  if (access === 'admin') return isAdmin(actor);
  if (access === 'staff') return isStaff(actor, tenant);
  return true;
}

/** Whether `actor` may run `command`, as the spec declares. */
export const mayRun = (command: CommandName, actor: Actor, tenant: TenantSettings): boolean =>
  hasAccess(commandSpec(command).access, actor, tenant);
