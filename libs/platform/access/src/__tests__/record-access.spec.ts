import { ForbiddenError, NotFoundError } from '@vv/contracts';
import { buildAbility, type HeldRole } from '../ability';
import type { Caller } from '../caller';
import { needsActiveTrust, rolesHolding } from '../operation-permissions';
import { checkRecord, loadChecked, type RecordRule } from '../record-access';

const T = 'trust-1';
const WARD_A = { trustId: T, hospitalId: 'hosp-1', wardId: 'ward-a' };
const WARD_B = { trustId: T, hospitalId: 'hosp-1', wardId: 'ward-b' };
const ELSEWHERE = { trustId: 'trust-2', hospitalId: 'hosp-9', wardId: 'ward-a' };

function caller(...roles: HeldRole[]): Caller {
  return { staffId: 's', trust: { trustId: T, odsCode: 'RNQ' }, roles, ability: buildAbility(roles, T) };
}
const nurse = caller({ role: 'ward_staff', scope: 'ward', trustIds: [T], wardId: 'ward-a' });
const admin = caller({ role: 'trust_admin', scope: 'trust', trustIds: [T] });
const analyst = caller({ role: 'reporting_analyst', scope: 'trust', trustIds: [T] });

const cancel: RecordRule = { action: 'cancel', subject: 'Visit', notFound: () => new NotFoundError('Visit'), forbidden: () => new ForbiddenError('not yours') };
const rejoin: RecordRule = { ...cancel, action: 'start', seenThrough: ['Visit', 'Ward'] };

describe('checking one record against the caller', () => {
  it('lets the caller act where their role reaches', () => {
    expect(() => checkRecord(nurse, WARD_A, cancel)).not.toThrow();
  });

  it('is NOT_FOUND for a record the caller may not see: another ward, another trust, or a role that sees no visits', () => {
    for (const [who, place] of [[nurse, WARD_B], [nurse, ELSEWHERE], [admin, WARD_A], [analyst, WARD_A]] as const) {
      expect(() => checkRecord(who, place, cancel)).toThrow(NotFoundError);
    }
  });

  it('is FORBIDDEN only for a record the caller may see through the subjects the rule names, and NOT_FOUND otherwise', () => {
    expect(() => checkRecord(admin, WARD_A, rejoin)).toThrow(ForbiddenError);
    expect(() => checkRecord(analyst, WARD_A, rejoin)).toThrow(ForbiddenError);
    expect(() => checkRecord(admin, ELSEWHERE, rejoin)).toThrow(NotFoundError);
    expect(() => checkRecord(nurse, WARD_B, rejoin)).toThrow(NotFoundError);
  });

  it('distinguishes seeing from changing: a ward manager of ward A changes it, a nurse there sees it but may not', () => {
    const manager = caller({ role: 'ward_manager', scope: 'ward', trustIds: [T], wardId: 'ward-a' });
    const rule: RecordRule = { action: 'update', subject: 'Ward', notFound: () => new NotFoundError('Ward'), forbidden: () => new ForbiddenError('not yours') };
    expect(() => checkRecord(manager, WARD_A, rule)).not.toThrow();
    expect(() => checkRecord(nurse, WARD_A, rule)).toThrow(ForbiddenError);
    expect(() => checkRecord(manager, WARD_B, rule)).toThrow(NotFoundError);
  });

  it('loads the record and answers it, NOT_FOUND when there is none, and never returns one the caller may not act on', async () => {
    const visit = { id: 'v1', place: WARD_A };
    await expect(loadChecked(nurse, async () => visit, (v) => v.place, cancel)).resolves.toBe(visit);
    await expect(loadChecked(nurse, async () => null, (v: typeof visit) => v.place, cancel)).rejects.toThrow(NotFoundError);
    await expect(loadChecked(admin, async () => visit, (v) => v.place, rejoin)).rejects.toThrow(ForbiddenError);
  });
});

describe('what the role rules say about a permission', () => {
  it('names the roles holding it, counting manage as every action', () => {
    expect(rolesHolding({ action: 'update', subject: 'Ward' }).map((held) => held.role)).toEqual(['trust_admin', 'ward_manager']);
    expect(rolesHolding({ action: 'manage', subject: 'TrustGroup' })).toEqual([{ role: 'platform_admin', everywhere: true }]);
    expect(rolesHolding({ action: 'archive', subject: 'Visit' })).toEqual([]);
  });

  it('needs an active trust unless a permission is one only a platform role holds', () => {
    expect(needsActiveTrust([{ action: 'book', subject: 'Visit' }])).toBe(true);
    expect(needsActiveTrust([{ action: 'read', subject: 'Trust' }])).toBe(true);
    expect(needsActiveTrust([{ action: 'onboard', subject: 'Trust' }])).toBe(false);
    expect(needsActiveTrust([{ action: 'onboard', subject: 'Trust' }, { action: 'read', subject: 'TrustSettings' }])).toBe(false);
  });
});
