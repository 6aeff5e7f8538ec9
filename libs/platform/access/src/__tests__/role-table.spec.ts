import { readFileSync } from 'node:fs';
import { buildAbility, accessibleScope, scoped } from '../ability';
import { renderRoleTable } from '../role-permissions';

describe('the README table of who can do what', () => {
  it('is the one generated from the rules in code (regenerate it with renderRoleTable())', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = /<!-- roles:start -->\n([\s\S]*?)\n<!-- roles:end -->/.exec(readme)?.[1];
    expect(section).toBe(renderRoleTable());
  });
});

describe('abilities built from role assignments', () => {
  const T = 'trust-1';
  const roles = [{ role: 'ward_staff' as const, scope: 'ward' as const, trustIds: [T], wardId: 'ward-a' }];

  it('reach only the active trust', () => {
    const here = buildAbility(roles, T);
    const elsewhere = buildAbility(roles, 'trust-2');
    expect(here.can('book', scoped('Visit', { trustId: T, wardId: 'ward-a' }))).toBe(true);
    expect(here.can('book', scoped('Visit', { trustId: T, wardId: 'ward-b' }))).toBe(false);
    expect(elsewhere.can('book', scoped('Visit', { trustId: 'trust-2', wardId: 'ward-a' }))).toBe(false);
  });

  it('narrow lists to the wards and hospitals held', () => {
    const mixed = buildAbility([...roles, { role: 'ward_manager', scope: 'hospital', trustIds: [T], hospitalId: 'hosp-1' }], T);
    expect(accessibleScope(mixed, 'read', 'Ward')).toEqual({ kind: 'some', wardIds: ['ward-a'], hospitalIds: ['hosp-1'] });
    expect(accessibleScope(buildAbility([{ role: 'trust_admin', scope: 'trust', trustIds: [T] }], T), 'read', 'Ward')).toEqual({ kind: 'all' });
    expect(accessibleScope(buildAbility([{ role: 'platform_admin', scope: 'platform', trustIds: [] }], T), 'read', 'Ward')).toEqual({ kind: 'none' });
  });

  it('never let an analyst or platform admin read personal data of a visit', () => {
    for (const held of [
      { role: 'reporting_analyst' as const, scope: 'trust' as const, trustIds: [T] },
      { role: 'platform_admin' as const, scope: 'platform' as const, trustIds: [] },
      { role: 'group_admin' as const, scope: 'group' as const, trustIds: [T] },
    ]) {
      expect(buildAbility([held], T).can('read', scoped('VisitPersonalData', { trustId: T, wardId: 'ward-a' }))).toBe(false);
    }
  });
});
