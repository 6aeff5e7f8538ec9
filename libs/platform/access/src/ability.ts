import { createMongoAbility, type MongoAbility, type MongoQuery } from '@casl/ability';
import type { Role, RoleScope } from '@vv/contracts';
import { ROLE_GRANTS, type Action, type SubjectName } from './role-permissions';

/** The fields rules match on. A record is checked as `{ trustId, hospitalId?, wardId? }`. */
export interface ScopedRecord {
  trustId: string;
  hospitalId?: string;
  wardId?: string;
}

export type AppAbility = MongoAbility<[Action, SubjectName | ({ __typename: SubjectName } & ScopedRecord)], MongoQuery>;

/** Subjects that belong to the trust as a whole: a ward role reaches them in its trust, not only on its wards. */
const TRUST_LEVEL_SUBJECTS = new Set<SubjectName>(['Trust', 'TrustSettings', 'StaffRole', 'Report', 'PlatformStatistics', 'AuditEvent']);

/** A role the caller holds, reduced to the ids its scope names. */
export interface HeldRole {
  readonly role: Role;
  readonly scope: RoleScope;
  /** For trust, hospital and ward scope: the trust; for group scope: each trust of the group. */
  readonly trustIds: readonly string[];
  readonly hospitalId?: string;
  readonly wardId?: string;
}

/**
 * Builds the caller's ability for one request: rules only for the active trust (plus
 * platform-wide grants), so nothing a role allows elsewhere can leak into this trust.
 */
export function buildAbility(roles: readonly HeldRole[], activeTrustId: string | undefined): AppAbility {
  const rules: { action: Action | Action[]; subject: SubjectName; conditions?: MongoQuery }[] = [];
  for (const held of roles) {
    for (const grant of ROLE_GRANTS[held.role]) {
      if (grant.where === 'everywhere') {
        rules.push({ action: [...grant.actions], subject: grant.subject });
        continue;
      }
      if (!activeTrustId || !held.trustIds.includes(activeTrustId)) continue;
      const conditions: MongoQuery = { trustId: activeTrustId };
      if (!TRUST_LEVEL_SUBJECTS.has(grant.subject)) {
        if (held.scope === 'hospital') conditions.hospitalId = held.hospitalId;
        if (held.scope === 'ward') conditions.wardId = held.wardId;
      }
      rules.push({ action: [...grant.actions], subject: grant.subject, conditions });
    }
  }
  return createMongoAbility<AppAbility>(rules as never, {
    detectSubjectType: (object) => (object as { __typename: SubjectName }).__typename,
  });
}

/** A record as the rules see it. */
export function scoped(subject: SubjectName, record: ScopedRecord): { __typename: SubjectName } & ScopedRecord {
  return { __typename: subject, ...record };
}

export type AccessibleScope = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; hospitalIds: string[]; wardIds: string[] };

/**
 * What part of the active trust a list may show, for narrowing the database query by the
 * same rules that check single records: everything, nothing, or some hospitals and wards.
 */
export function accessibleScope(ability: AppAbility, action: Action, subject: SubjectName): AccessibleScope {
  const rules = ability.rulesFor(action, subject);
  if (rules.length === 0) return { kind: 'none' };
  const hospitalIds = new Set<string>();
  const wardIds = new Set<string>();
  for (const rule of rules) {
    if (rule.inverted) continue;
    const conditions = (rule.conditions ?? {}) as Partial<ScopedRecord>;
    if (!conditions.hospitalId && !conditions.wardId) return { kind: 'all' };
    if (conditions.hospitalId) hospitalIds.add(conditions.hospitalId);
    if (conditions.wardId) wardIds.add(conditions.wardId);
  }
  return { kind: 'some', hospitalIds: [...hospitalIds], wardIds: [...wardIds] };
}
