import { Inject, Injectable } from '@nestjs/common';
import { accessibleScope, assertCan, type Action, type Caller, requireActiveTrust, scoped, type SubjectName } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { shownAs } from '@vv/platform/graphql';
import { TRUST_ACTIONS, WEEKDAYS, type TrustAction } from '@vv/contracts';
import { Trust } from './trust.entity';
import { resolveFlags } from './feature-flags';
import { readWardList } from './ward-list.sql';
import { wardShown } from './settings/ward.setting';
import { TrustRecordNotFoundError } from './trust.exception';
import { Hospital } from './hospital.entity';
import type { HospitalObject, TrustObject, WardObject } from './dto/trust.object';
import { brandingObject, hospitalObject } from './dto/trust.object';

/** Each action of running a trust and the rule the API checks it by. */
const TRUST_ACTION_PERMISSIONS: Readonly<Record<TrustAction, readonly [Action, SubjectName]>> = {
  manageHospitals: ['manage', 'Hospital'],
  manageWards: ['manage', 'Ward'],
  manageFeatureFlags: ['manage', 'FeatureFlag'],
  updateSettings: ['update', 'TrustSettings'],
  manageStaff: ['manage', 'StaffRole'],
  readAudit: ['read', 'AuditEvent'],
};

/** Reads of a trust's own set-up: the trust, its hospitals and wards. */
@Injectable()
export class TrustService {
  constructor(@Inject(TenantDatabase) private readonly db: TenantDatabase) {}

  async current(caller: Caller): Promise<TrustObject> {
    const active = requireActiveTrust(caller);
    assertCan(caller, 'read', 'Trust', { trustId: active.trustId });
    return this.db.inTrust(active, async (em) => {
      const trust = await em.findOne(Trust, { id: active.trustId }, { populate: ['group'] });
      if (!trust) throw new TrustRecordNotFoundError('Trust');
      const group = trust.group?.getEntity();
      return {
        id: trust.id,
        odsCode: trust.odsCode,
        name: trust.name,
        status: trust.status,
        timeZone: trust.timeZone,
        branding: brandingObject(trust.branding),
        group: group ? { id: group.id, code: group.code, name: group.name } : null,
        // by the same rules each of these mutations is checked by
        allowedActions: TRUST_ACTIONS.filter((name) => caller.ability.can(TRUST_ACTION_PERMISSIONS[name][0], scoped(TRUST_ACTION_PERMISSIONS[name][1], { trustId: active.trustId }))),
      };
    });
  }

  /** The active trust's hospitals the caller may see (all of them for trust and group admins and analysts), by name; archived ones only when asked. */
  async hospitals(caller: Caller, filter: { includeArchived?: boolean } = {}): Promise<HospitalObject[]> {
    const active = requireActiveTrust(caller);
    const scope = accessibleScope(caller.ability, 'read', 'Hospital');
    if (scope.kind === 'none') return [];
    return this.db.inTrust(active, async (em) => {
      const hospitals = await em.find(
        Hospital,
        { ...(scope.kind === 'some' ? { id: { $in: scope.hospitalIds } } : {}), ...(filter.includeArchived ? {} : { status: 'active' as const }) },
        { orderBy: { name: 'asc', siteCode: 'asc' } },
      );
      return hospitals.map(hospitalObject);
    });
  }

  /** A trust's wards with their hospitals and what their flags offer, in one statement whatever the number of wards (see ward-list.sql.ts). */
  async wards(caller: Caller, filter: { hospitalId?: string; includeArchived?: boolean }): Promise<WardObject[]> {
    const active = requireActiveTrust(caller);
    // the same rules that check one ward narrow the list, inside the query
    const scope = accessibleScope(caller.ability, 'read', 'Ward');
    if (scope.kind === 'none') return [];
    return this.db.inTrustSql(active, async (sql) => {
      const wards = await readWardList(sql, { trustId: active.trustId, scope, hospitalId: filter.hospitalId, includeArchived: Boolean(filter.includeArchived) });
      return wards.map((ward) => {
        const place = { trustId: active.trustId, hospitalId: ward.hospital_id, wardId: ward.id };
        // "visit now" by the same precedence the booking rules use: the ward's override, the trust's default, the product's
        const stored = (value: boolean | null): Record<string, boolean> => (value === null ? {} : { unscheduledVisits: value });
        return {
          ...shownAs(wardShown, ward),
          id: ward.id,
          hospital: hospitalObject({ id: ward.hospital_id, siteCode: ward.hospital_site_code, name: ward.hospital_name, status: ward.hospital_status }),
          visitingHours: WEEKDAYS.map((day) => ({ day, ranges: [...(ward.visitingHours[day] ?? [])] })),
          // what the caller's roles allow, by the rules the booking itself is checked by
          canBookVisits: ward.status === 'active' && caller.ability.can('book', scoped('Visit', place)),
          takesUnscheduledVisits: resolveFlags(stored(ward.trust_unscheduled_visits), stored(ward.ward_unscheduled_visits)).unscheduledVisits,
          canChangeSettings: ward.status === 'active' && caller.ability.can('update', scoped('Ward', place)),
        };
      });
    });
  }
}
