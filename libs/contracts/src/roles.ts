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
