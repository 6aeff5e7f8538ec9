import type { TrustSql } from '@vv/platform/database';
import type { VisitEventType } from '@vv/contracts';
import { ACTIVE_VISIT_STATUSES } from './visit-transitions';

/**
 * The visits list (a ward's day, upcoming or recent visits) read as plain rows in one
 * statement, whatever the page's length: each visit with its ward and hospital, and, when
 * asked for, its history and its messages as JSON arrays beside it. The ORM's hydration of
 * entities and its unit of work (for a read that changes nothing) cost more CPU than the
 * rest of the request together. The statement runs in the trust's transaction under the
 * application role, so row-level security applies as on every other path; the access rules
 * narrow it in the query, as they narrow the ORM's.
 *
 * The text is made from the fixed fragments below only; every value travels as a parameter.
 */

/** A timestamp as whole milliseconds since the epoch (the ORM's connection hands timestamps over as text). */
const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

export interface VisitListQuery {
  trustId: string;
  /** The caller's reach: everything in the trust, or these wards and the wards of these hospitals. */
  scope: { kind: 'all' } | { kind: 'some'; wardIds: readonly string[]; hospitalIds: readonly string[] };
  wardId?: string;
  statuses?: readonly string[];
  from?: Date;
  to?: Date;
  /** TODAY: the trust's calendar day around `now`; UPCOMING: not yet ended and still to happen; RECENT: started before `now`. */
  view?: 'TODAY' | 'UPCOMING' | 'RECENT';
  now: Date;
  after?: { start: Date; id: string } | null;
  descending: boolean;
  /** How many rows to read (one more than the page, to know whether there is a next). */
  limit: number;
  history: boolean;
  /** The messages' column, from messaging (see VisitMessages.summariesSql), or null when not asked for. */
  messagesSql: string | null;
}

export interface VisitListRow {
  id: string;
  ward_id: string;
  ward_code: string;
  ward_name: string;
  hospital_id: string;
  hospital_name: string;
  status: string;
  scheduled_start: number;
  scheduled_end: number;
  length_minutes: number;
  started_at: number | null;
  visitor_joined_at: number | null;
  ended_at: number | null;
  duration_seconds: number | null;
  link_valid_until: number | null;
  rebooked_from_id: string | null;
  cancel_reason: string | null;
  patient_name: string | null;
  contact_name: string | null;
  contact_mobile: string | null;
  contact_email: string | null;
  personal_data_erased: boolean;
  /** [type, occurred at (ms), actor staff id] oldest first, when asked for. */
  history?: [VisitEventType, number, string | null][];
  messages?: unknown;
}

const COLUMNS = `v.id, v.ward_id, w.code as ward_code, w.name as ward_name, w.hospital_id, h.name as hospital_name, v.status,
  ${ms('v.scheduled_start')} as scheduled_start, ${ms('v.scheduled_end')} as scheduled_end, v.length_minutes,
  ${ms('v.started_at')} as started_at, ${ms('v.visitor_joined_at')} as visitor_joined_at, ${ms('v.ended_at')} as ended_at,
  v.duration_seconds, ${ms('v.link_valid_until')} as link_valid_until, v.rebooked_from_id, v.cancel_reason,
  v.patient_name, v.contact_name, v.contact_mobile, v.contact_email, v.personal_data_erased_at is not null as personal_data_erased`;

const HISTORY = `(select coalesce(jsonb_agg(jsonb_build_array(e.type, ${ms('e.occurred_at')}, e.actor_staff_id) order by e.occurred_at, e.id), '[]'::jsonb)
  from visit_event e where e.trust_id = v.trust_id and e.visit_id = v.id) as history`;

/** The trust's calendar day around `now`, in its own time zone (the day a clock change makes 23 or 25 hours long). */
const TODAY = (now: string) =>
  `v.scheduled_start >= (date_trunc('day', ${now}::timestamptz at time zone t.time_zone) at time zone t.time_zone)
  and v.scheduled_start < ((date_trunc('day', ${now}::timestamptz at time zone t.time_zone) + interval '1 day') at time zone t.time_zone)`;

/** The statement and its parameters for one page of the list. */
export function visitListStatement(query: VisitListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [query.trustId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = ['v.trust_id = $1'];
  if (query.scope.kind === 'some') where.push(`(v.ward_id = any(${param([...query.scope.wardIds])}::uuid[]) or w.hospital_id = any(${param([...query.scope.hospitalIds])}::uuid[]))`);
  if (query.wardId) where.push(`v.ward_id = ${param(query.wardId)}::uuid`);
  if (query.statuses?.length) where.push(`v.status = any(${param([...query.statuses])}::text[])`);
  if (query.from) where.push(`v.scheduled_start >= ${param(query.from)}`);
  if (query.to) where.push(`v.scheduled_start < ${param(query.to)}`);
  const today = query.view === 'TODAY';
  if (today) where.push(TODAY(param(query.now)));
  if (query.view === 'UPCOMING') where.push(`v.scheduled_end > ${param(query.now)} and v.status = any(${param([...ACTIVE_VISIT_STATUSES])}::text[])`);
  if (query.view === 'RECENT') where.push(`v.scheduled_start < ${param(query.now)}`);
  const op = query.descending ? '<' : '>';
  if (query.after) {
    const start = param(query.after.start);
    where.push(`(v.scheduled_start ${op} ${start} or (v.scheduled_start = ${start} and v.id ${op} ${param(query.after.id)}::uuid))`);
  }
  const direction = query.descending ? 'desc' : 'asc';
  const text = `select ${COLUMNS}${query.history ? `,\n  ${HISTORY}` : ''}${query.messagesSql ? `,\n  ${query.messagesSql} as messages` : ''}
from visit v
join ward w on w.trust_id = v.trust_id and w.id = v.ward_id
join hospital h on h.trust_id = w.trust_id and h.id = w.hospital_id${today ? '\njoin trust t on t.id = v.trust_id' : ''}
where ${where.join('\n  and ')}
order by v.scheduled_start ${direction}, v.id ${direction}
limit ${param(query.limit)}`;
  return { text, values };
}

/** One page of the list, as plain rows. */
export async function readVisitList(sql: TrustSql, query: VisitListQuery): Promise<VisitListRow[]> {
  const { text, values } = visitListStatement(query);
  return sql.query<VisitListRow>(text, values);
}

/** A timestamp column read as milliseconds, as a date. */
export function dateOf(value: number | null): Date | null {
  return value === null ? null : new Date(value);
}
