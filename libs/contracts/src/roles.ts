/** Roles a person can hold in the platform; assigned by admins, never self-service. */
export const ROLES = [
  'platform_admin',
  'group_admin',
  'trust_admin',
  'ward_manager',
  'ward_staff',
  'reporting_analyst',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles held above any one trust: platform_admin, or group_admin or reporting_analyst of a trust group. */
export const PLATFORM_ROLES = ['platform_admin', 'group_admin', 'reporting_analyst'] as const satisfies readonly Role[];
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** A platform or group role is held (active) or waits for its holder's first sign-in (invited). */
export const PLATFORM_ROLE_HOLDER_STATUSES = ['active', 'invited'] as const;
export type PlatformRoleHolderStatus = (typeof PLATFORM_ROLE_HOLDER_STATUSES)[number];

/** An invitation to a role in a trust: waiting, taken by its first sign-in, or withdrawn. */
export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Where a role assignment applies. */
export const ROLE_SCOPES = ['platform', 'group', 'trust', 'hospital', 'ward'] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];

/** Scopes a role may be granted at. */
export const ROLE_ALLOWED_SCOPES: Readonly<Record<Role, readonly RoleScope[]>> = {
  platform_admin: ['platform'],
  group_admin: ['group'],
  trust_admin: ['trust'],
  ward_manager: ['hospital', 'ward'],
  ward_staff: ['hospital', 'ward'],
  reporting_analyst: ['group', 'trust'],
};
