import type { TrustSql } from '@vv/platform/database';
import type { VisitingHours } from '@vv/contracts';
import type { AuditRow } from '@vv/domain/audit';
import { ACTIVE_VISIT_STATUSES, VISIT_BOOKED } from './visit-transitions';
import type { PlannedMessage } from './visit-messages.port';

/**
 * Booking a visit in three plain statements after BEGIN (the hot path of the product,
 * kept off the ORM's unit of work, which cost more than everything else together):
 * 1. the ward, its hospital, the trust's settings and both levels of flags, taking the
 *    ward's booking lock;
 * 2. the ward's visits overlapping the slot (and any visit already booked with the
 *    idempotency key), read after the lock so a booking that just committed is seen;
 * 3. the visit, its event, its audit record and its outbox rows, in one statement.
 * Two round trips: BEGIN, the settings, 1 and 2 are sent together (2 runs once 1 has the
 * lock, with a snapshot taken then), and 3 goes with COMMIT.
 * Row-level security and the application role apply as on every other path.
 */

export interface BookingContext {
  id: string;
  hospital_id: string;
  hospital_name: string;
  code: string;
  name: string;
  status: string;
  visiting_hours: VisitingHours;
  default_visit_minutes: number;
  max_concurrent_visits: number;
  time_zone: string;
  reminder_minutes_before: number | null;
  templates: Record<string, Record<string, string | undefined> | undefined> | null;
  trust_flags: Record<string, boolean> | null;
  ward_flags: Record<string, boolean> | null;
}

const CONTEXT_SQL = `select w.id, w.hospital_id, h.name as hospital_name, w.code, w.name, w.status, w.visiting_hours,
  w.default_visit_minutes, w.max_concurrent_visits, t.time_zone,
  (t.messaging ->> 'reminderMinutesBefore')::int as reminder_minutes_before, t.messaging -> 'templates' as templates,
  (select jsonb_object_agg(f.flag, f.enabled) from trust_feature_flag f) as trust_flags,
  (select jsonb_object_agg(f.flag, f.enabled) from ward_feature_flag f where f.ward_id = w.id) as ward_flags,
  pg_advisory_xact_lock(hashtextextended(w.id::text, 0)) as locked
from ward w
join hospital h on h.trust_id = w.trust_id and h.id = w.hospital_id
join trust t on t.id = w.trust_id
where w.id = $1`;

const OVERLAP_SQL = `select coalesce(jsonb_agg(jsonb_build_array(extract(epoch from v.scheduled_start) * 1000, extract(epoch from v.scheduled_end) * 1000)), '[]'::jsonb) as overlapping,
  (select k.id from visit k where $5::text is not null and k.idempotency_key = $5::text) as existing_id
from visit v
where v.ward_id = $1 and v.status = any($2::text[]) and v.scheduled_end > $3::timestamptz
  and v.scheduled_start < $3::timestamptz + make_interval(mins => coalesce($4::int, (select w.default_visit_minutes from ward w where w.id = $1)))`;

export interface BookingRead {
  /** The ward and everything a booking on it needs; undefined when the caller's trust has no such ward. */
  ward: BookingContext | undefined;
  /** The ward's visits overlapping the slot. */
  overlapping: { scheduledStart: Date; scheduledEnd: Date }[];
  /** The visit already booked with this idempotency key, if any. */
  existingId: string | null;
}

/**
 * Everything a booking reads, in one round trip: the ward (taking its booking lock, the same
 * one rescheduling takes), then, once the lock is held, the ward's visits overlapping
 * `start` for `lengthMinutes` (the ward's default length when null) and the visit already
 * booked with the idempotency key.
 */
export async function readBooking(sql: TrustSql, wardId: string, start: Date, lengthMinutes: number | null, idempotencyKey: string | null): Promise<BookingRead> {
  const [[ward], [row]] = await sql.batch<[BookingContext, { overlapping: [number, number][]; existing_id: string | null }]>([
    { text: CONTEXT_SQL, values: [wardId] },
    { text: OVERLAP_SQL, values: [wardId, [...ACTIVE_VISIT_STATUSES], start, lengthMinutes, idempotencyKey] },
  ]);
  return {
    ward,
    overlapping: row.overlapping.map(([s, e]) => ({ scheduledStart: new Date(s), scheduledEnd: new Date(e) })),
    existingId: row.existing_id,
  };
}

export interface NewVisit {
  trustId: string;
  id: string;
  wardId: string;
  patientName: string;
  contactName: string;
  contactMobile: string | null;
  contactEmail: string | null;
  scheduledStart: Date;
  lengthMinutes: number;
  scheduledEnd: Date;
  idempotencyKey: string | null;
  bookedByStaffId: string;
}

const WRITE_SQL = new Map<number, string>();

/** The statement that writes a booking with `messages` outbox rows (memoised per count). */
function writeSql(messages: number): string {
  let text = WRITE_SQL.get(messages);
  if (text) return text;
  const outbox = Array.from({ length: messages }, (_, i) => {
    const p = 22 + i * 6;
    return `($1, $${p}, $2, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $21, $21)`;
  });
  text = `with visit_row as (
  insert into visit (trust_id, id, ward_id, patient_name, contact_name, contact_mobile, contact_email, scheduled_start, length_minutes, scheduled_end, status, idempotency_key, booked_by_staff_id, created_at, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '${VISIT_BOOKED.status}', $11, $12, $21, $21) returning id
), event_row as (
  insert into visit_event (trust_id, id, visit_id, type, actor_staff_id, detail, occurred_at) values ($1, $13, $2, '${VISIT_BOOKED.event}', $12, $14, $21)
), audit_row as (
  insert into audit_event (trust_id, id, actor_staff_id, action, target_type, target_id, request_id, outcome, detail, occurred_at) values ($1, $15, $12, $16, $17, $18, $19, $20, $14, $21)
)${messages ? `, outbox_rows as (
  insert into notification (trust_id, id, visit_id, kind, channel, recipient_masked, send_after, for_visit_start, created_at, updated_at) values ${outbox.join(', ')}
)` : ''}
select id from visit_row`;
  WRITE_SQL.set(messages, text);
  return text;
}

/**
 * Writes the visit, its `booked` event, its audit record and its outbox rows in one statement, all
 * dated by the platform's clock (`event.at`), never the database's `now()`: a booking's history then
 * reads in order with the changes the ORM writes, and tests that move the clock move these too.
 */
export async function writeBooking(sql: TrustSql, visit: NewVisit, event: { id: string; detail: Record<string, unknown> | null; at: Date }, audit: AuditRow, messages: readonly PlannedMessage[]): Promise<void> {
  const values: unknown[] = [
    visit.trustId, visit.id, visit.wardId, visit.patientName, visit.contactName, visit.contactMobile, visit.contactEmail,
    visit.scheduledStart, visit.lengthMinutes, visit.scheduledEnd, visit.idempotencyKey, visit.bookedByStaffId,
    event.id, event.detail === null ? null : JSON.stringify(event.detail),
    audit.id, audit.action, audit.targetType, audit.targetId, audit.requestId, audit.outcome,
    event.at,
  ];
  for (const m of messages) values.push(m.id, m.kind, m.channel, m.recipientMasked, m.sendAfter, m.forVisitStart);
  await sql.commitWith([{ text: writeSql(messages.length), values }]);
}
