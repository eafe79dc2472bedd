/**
 * Who may do what, decided here and nowhere else. Adapters report facts on the actor (the
 * platform's role and group ids, whether the platform calls the person an admin); the tenant's
 * settings say which of those groups are staff; the command spec says which level each command needs.
 */
import type { Actor, CommandName } from '../messages.js';
import type { Access } from '../ports.js';
import type { TenantSettings } from '../tenants.js';
import { type Access as AccessLevel, commandSpec } from './spec.js';

/** Workspace admins as their platform reports them (Slack admins and owners, Discord Manage Server). */
export const isAdmin = (actor: Actor) => actor.platformAdmin === true;

/** The groups whose members are staff: the tenant's staff roles, and its staff channel's members. */
export function staffGroupsOf(tenant: Pick<TenantSettings, 'staffRoles' | 'staffChannelId'>): string[] {
  return tenant.staffChannelId ? [...tenant.staffRoles, tenant.staffChannelId] : [...tenant.staffRoles];
}

/** Admins, and members of one of the tenant's staff groups. */
export const isStaff = (actor: Actor, tenant: Pick<TenantSettings, 'staffRoles' | 'staffChannelId'>) =>
  isAdmin(actor) || actor.roles.some((role) => staffGroupsOf(tenant).includes(role));

/** Both answers at once; a tenant not set up yet has no staff but its admins. */
export function accessOf(actor: Actor, tenant: TenantSettings | undefined): Access {
  return { admin: isAdmin(actor), staff: tenant ? isStaff(actor, tenant) : isAdmin(actor) };
}

/** Whether `actor` has the access level the spec asks for. */
export function hasAccess(level: AccessLevel, actor: Actor, tenant: TenantSettings): boolean {
  if (level === 'admin') return isAdmin(actor);
  if (level === 'staff') return isStaff(actor, tenant);
  return true;
}

/** Whether `actor` may run `command`, as the spec declares. */
export const mayRun = (command: CommandName, actor: Actor, tenant: TenantSettings): boolean =>
  hasAccess(commandSpec(command).access, actor, tenant);
