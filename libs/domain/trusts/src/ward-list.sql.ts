import type { TrustSql } from '@vv/platform/database';
import type { z } from 'zod';
import type { HospitalStatus, VisitingHours } from '@vv/contracts';
import { wardShown } from './settings/ward.setting';

/**
 * A trust's wards with their hospitals and their "visit now" flag values, read as plain rows
 * in one statement whatever the number of wards (the console asks for them with every page
 * that shows a ward's day). Runs in the trust's transaction under the application role, so
 * row-level security applies; the access rules narrow it in the query. Fixed text; every
 * value travels as a parameter.
 */

export interface WardListQuery {
  trustId: string;
  scope: { kind: 'all' } | { kind: 'some'; wardIds: readonly string[]; hospitalIds: readonly string[] };
  hospitalId?: string;
  includeArchived: boolean;
}

/** A ward's settings as the API shows them, named as the setting names them, then its hospital and flags. */
export interface WardListRow extends z.output<typeof wardShown> {
  id: string;
  visitingHours: VisitingHours;
  hospital_id: string;
  hospital_site_code: string;
  hospital_name: string;
  hospital_status: HospitalStatus;
  /** The trust's and the ward's stored values of the flag, null where none is stored. */
  trust_unscheduled_visits: boolean | null;
  ward_unscheduled_visits: boolean | null;
}

/**
 * The ward's columns the API shows, under its setting's names (`w.default_visit_minutes as
 * "defaultVisitMinutes"`), so a new ward setting is read with no change here. The names are the
 * setting's keys (fixed in code, checked to be plain identifiers), never anything a caller sends.
 */
export const WARD_LIST_COLUMNS = [...Object.keys(wardShown.shape), 'visitingHours'].map(columnAs).join(', ');

function columnAs(field: string): string {
  if (!/^[a-z][a-zA-Z]*$/.test(field)) throw new Error(`${field} is not a ward column's name`);
  return `w.${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)} as "${field}"`;
}

const WARDS_SQL = `select w.id, ${WARD_LIST_COLUMNS},
  h.id as hospital_id, h.site_code as hospital_site_code, h.name as hospital_name, h.status as hospital_status,
  (select f.enabled from trust_feature_flag f where f.trust_id = w.trust_id and f.flag = 'unscheduledVisits') as trust_unscheduled_visits,
  (select f.enabled from ward_feature_flag f where f.trust_id = w.trust_id and f.ward_id = w.id and f.flag = 'unscheduledVisits') as ward_unscheduled_visits
from ward w
join hospital h on h.trust_id = w.trust_id and h.id = w.hospital_id
where w.trust_id = $1
  and ($2::boolean or w.id = any($3::uuid[]) or h.id = any($4::uuid[]))
  and ($5::uuid is null or h.id = $5::uuid)
  and ($6::boolean or w.status = 'active')
order by h.name, w.name`;

export async function readWardList(sql: TrustSql, query: WardListQuery): Promise<WardListRow[]> {
  const some = query.scope.kind === 'some' ? query.scope : null;
  return sql.query<WardListRow>(WARDS_SQL, [query.trustId, !some, some ? [...some.wardIds] : [], some ? [...some.hospitalIds] : [], query.hospitalId ?? null, query.includeArchived]);
}
