/**
 * Who may do what, decided here and nowhere else. Adapters report facts on the actor (the
 * platform's role and group ids, whether the platform calls the person an admin); the tenant's
 * settings say which of those groups are staff.
 */
import type { Actor } from '../messages.js';
import type { Access } from '../ports.js';
import type { TenantSettings } from '../tenants.js';

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
