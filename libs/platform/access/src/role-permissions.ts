import { ROLE_ALLOWED_SCOPES, ROLES, type Role } from '@vv/contracts';

export const ACTIONS = ['read', 'update', 'manage', 'onboard', 'suspend', 'archive', 'book', 'reschedule', 'rebook', 'cancel', 'start', 'complete'] as const;
export type Action = (typeof ACTIONS)[number];

/** What rules are about. Every subject is matched on flat ids: trustId, hospitalId, wardId. */
export const SUBJECTS = ['Trust', 'TrustSettings', 'Hospital', 'Ward', 'FeatureFlag', 'StaffRole', 'Visit', 'VisitPersonalData', 'Report', 'PlatformStatistics', 'TrustGroup', 'PlatformRole', 'AuditEvent'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export interface Grant {
  readonly subject: SubjectName;
  readonly actions: readonly Action[];
  /** `assigned`: only where the role is held (its trust, group's trusts, hospital or wards). `everywhere`: platform-wide. */
  readonly where: 'assigned' | 'everywhere';
}

/**
 * Who can do what: the one source of truth for role rules. Abilities are built from it per
 * request, and the README's table is generated from it (a test keeps them the same).
 * Personal data of a visit (patient and key contact) is its own subject, so a role can
 * count visits without ever reading who they were for.
 */
export const ROLE_GRANTS: Readonly<Record<Role, readonly Grant[]>> = {
  platform_admin: [
    { subject: 'Trust', actions: ['read', 'onboard', 'suspend', 'archive'], where: 'everywhere' },
    { subject: 'PlatformStatistics', actions: ['read'], where: 'everywhere' },
    { subject: 'TrustGroup', actions: ['manage'], where: 'everywhere' },
    { subject: 'PlatformRole', actions: ['manage'], where: 'everywhere' },
  ],
  group_admin: [
    { subject: 'Trust', actions: ['read'], where: 'assigned' },
    { subject: 'StaffRole', actions: ['manage'], where: 'assigned' },
    { subject: 'Hospital', actions: ['read'], where: 'assigned' },
    { subject: 'Ward', actions: ['read'], where: 'assigned' },
    { subject: 'Report', actions: ['read'], where: 'assigned' },
  ],
  trust_admin: [
    { subject: 'Trust', actions: ['read'], where: 'assigned' },
    { subject: 'TrustSettings', actions: ['read', 'update'], where: 'assigned' },
    { subject: 'Hospital', actions: ['manage'], where: 'assigned' },
    { subject: 'Ward', actions: ['manage'], where: 'assigned' },
    { subject: 'FeatureFlag', actions: ['manage'], where: 'assigned' },
    { subject: 'StaffRole', actions: ['manage'], where: 'assigned' },
    { subject: 'Report', actions: ['read'], where: 'assigned' },
    { subject: 'AuditEvent', actions: ['read'], where: 'assigned' },
  ],
  ward_manager: [
    { subject: 'Trust', actions: ['read'], where: 'assigned' },
    { subject: 'Ward', actions: ['read', 'update'], where: 'assigned' },
    { subject: 'FeatureFlag', actions: ['read', 'update'], where: 'assigned' },
    { subject: 'Visit', actions: ['read', 'book', 'reschedule', 'rebook', 'cancel', 'start', 'complete', 'update'], where: 'assigned' },
    { subject: 'VisitPersonalData', actions: ['read'], where: 'assigned' },
  ],
  ward_staff: [
    { subject: 'Trust', actions: ['read'], where: 'assigned' },
    { subject: 'Ward', actions: ['read'], where: 'assigned' },
    { subject: 'Visit', actions: ['read', 'book', 'reschedule', 'rebook', 'cancel', 'start', 'complete', 'update'], where: 'assigned' },
    { subject: 'VisitPersonalData', actions: ['read'], where: 'assigned' },
  ],
  reporting_analyst: [
    { subject: 'Trust', actions: ['read'], where: 'assigned' },
    { subject: 'Hospital', actions: ['read'], where: 'assigned' },
    { subject: 'Ward', actions: ['read'], where: 'assigned' },
    { subject: 'Report', actions: ['read'], where: 'assigned' },
  ],
};

const SCOPE_WORDS: Record<string, string> = {
  platform: 'the platform',
  group: 'a trust group',
  trust: 'a trust',
  hospital: 'a hospital',
  ward: 'wards',
};

/** The README's "who can do what" table, rendered from ROLE_GRANTS. */
export function renderRoleTable(): string {
  const rows = ROLES.map((role) => {
    const scopes = ROLE_ALLOWED_SCOPES[role].map((s) => SCOPE_WORDS[s]).join(' or ');
    const grants = ROLE_GRANTS[role]
      .map((g) => `${g.actions.join(', ')} ${g.subject}${g.where === 'everywhere' ? ' (all trusts)' : ''}`)
      .join('; ');
    return `| ${role} | ${scopes} | ${grants} |`;
  });
  return ['| role | held for | can |', '|---|---|---|', ...rows].join('\n');
}
