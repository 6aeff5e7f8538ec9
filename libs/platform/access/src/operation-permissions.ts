import { ROLES, type Role } from '@vv/contracts';
import type { AccessRule, Permission } from './access.decorator';
import { ROLE_GRANTS, type Grant } from './role-permissions';

/** A grant allows the permission: its subject, and the action or `manage` (which is every action). */
function allows(grant: Grant, { action, subject }: Permission): boolean {
  return grant.subject === subject && (grant.actions.includes(action) || grant.actions.includes('manage'));
}

/** The roles that hold a permission, in the order of ROLES, and whether each holds it everywhere. */
export function rolesHolding(permission: Permission): { role: Role; everywhere: boolean }[] {
  return ROLES.flatMap((role) => {
    const grants = ROLE_GRANTS[role].filter((grant) => allows(grant, permission));
    return grants.length ? [{ role, everywhere: grants.some((grant) => grant.where === 'everywhere') }] : [];
  });
}

/**
 * An operation needs an active trust (X-Trust) when every permission it accepts is one some
 * role holds within its trusts; one a platform role alone holds is checked platform-wide.
 */
export function needsActiveTrust(anyOf: readonly Permission[]): boolean {
  return anyOf.every((permission) => ROLES.some((role) => ROLE_GRANTS[role].some((grant) => grant.where === 'assigned' && allows(grant, permission))));
}

/** `VisitPersonalData` as words: "visit personal data". */
export function subjectWords(subject: string, options: { capital?: boolean } = {}): string {
  const words = subject.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return options.capital ? words[0].toUpperCase() + words.slice(1) : words;
}

/** "book visits", or "onboard trusts or read trust settings". */
export function describePermissions(anyOf: readonly Permission[]): string {
  return anyOf.map(({ action, subject }) => `${action} ${plural(subjectWords(subject))}`).join(' or ');
}

function plural(words: string): string {
  return /(s|data)$/.test(words) ? words : `${words}s`;
}

/** One GraphQL operation or HTTP route and the rule it declares (none: it is refused). */
export interface DeclaredOperation {
  /** `query visit`, `mutation bookVisit`, `GET /reports/visit-stats.csv`. */
  readonly operation: string;
  readonly rule: AccessRule | undefined;
}

const WITHOUT_IT = { forbidden: 'FORBIDDEN', 'not-found': 'NOT_FOUND', empty: 'an empty list' } as const;

function row({ operation, rule }: DeclaredOperation): string {
  const cells = (() => {
    if (!rule) return ['**none declared**', 'nobody', 'refused'];
    if (rule.kind === 'public') return [`nothing (public: ${rule.reason})`, 'anyone', '—'];
    if (rule.kind === 'signed-in') return [`signing in (${rule.reason})`, 'anyone signed in', 'UNAUTHENTICATED'];
    const permission = rule.anyOf.map((p) => `${p.action} ${p.subject} ${needsActiveTrust([p]) ? 'in the active trust' : 'platform-wide'}`).join(', or ');
    const holders = new Map<Role, boolean>();
    for (const held of rule.anyOf.flatMap(rolesHolding)) holders.set(held.role, (holders.get(held.role) ?? false) || held.everywhere);
    const roles = [...holders].map(([role, everywhere]) => (everywhere ? `${role} (all trusts)` : role)).join(', ');
    return [permission, roles || 'nobody', WITHOUT_IT[rule.otherwise]];
  })();
  return `| ${operation} | ${cells.join(' | ')} |`;
}

/** The table of operation → permission, one row per operation in the order given. */
export function renderPermissionTable(operations: readonly DeclaredOperation[]): string {
  return ['| operation | needs | held by | without it |', '|---|---|---|---|', ...operations.map(row)].join('\n');
}
