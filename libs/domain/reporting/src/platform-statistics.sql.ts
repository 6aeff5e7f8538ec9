/**
 * The central team's statistics: per trust and month (Europe/London), visits booked,
 * completed, cancelled and missed, the wards they were on and their messages delivered and
 * failed; and each trust's wards today. Read from the daily rollups (`visit_day_stats`,
 * `message_day_stats`, whose days are already local) and the ward table: counts only, so
 * no person can be in it (a unit test holds it to its columns). A fixed statement; the
 * trusts and the months are bound parameters. It runs through `TenantDatabase.acrossTrustsSql`.
 */
export const PLATFORM_MONTHS_SQL = `with visits as (
  select r.trust_id, to_char(r.day, 'YYYY-MM') as month,
         (count(distinct r.ward_id) filter (where r.booked > 0))::int as wards_with_visits,
         sum(r.booked)::int as booked, sum(r.completed)::int as completed, sum(r.cancelled)::int as cancelled, sum(r.missed)::int as missed
  from visit_day_stats r
  where r.trust_id = any ($1::uuid[]) and r.day >= $2::date and r.day < $3::date
  group by 1, 2
), messages as (
  select m.trust_id, to_char(m.day, 'YYYY-MM') as month, sum(m.delivered)::int as delivered, sum(m.failed)::int as failed
  from message_day_stats m
  where m.trust_id = any ($1::uuid[]) and m.day >= $2::date and m.day < $3::date
  group by 1, 2
)
select coalesce(v.trust_id, x.trust_id) as trust_id, coalesce(v.month, x.month) as month,
       coalesce(v.wards_with_visits, 0) as wards_with_visits, coalesce(v.booked, 0) as booked, coalesce(v.completed, 0) as completed,
       coalesce(v.cancelled, 0) as cancelled, coalesce(v.missed, 0) as missed,
       coalesce(x.delivered, 0) as messages_delivered, coalesce(x.failed, 0) as messages_failed
from visits v
full join messages x on x.trust_id = v.trust_id and x.month = v.month
order by 2, 1`;

/** Each trust's wards that take bookings today (archived ones are left out). */
export const PLATFORM_WARDS_SQL = `select w.trust_id, count(*)::int as wards
from ward w
where w.trust_id = any ($1::uuid[]) and w.status <> 'archived'
group by 1`;

export interface PlatformMonthSqlRow {
  trust_id: string;
  /** yyyy-mm */
  month: string;
  wards_with_visits: number;
  booked: number;
  completed: number;
  cancelled: number;
  missed: number;
  messages_delivered: number;
  messages_failed: number;
}

/** The statement's parameters: the trusts, and the first day of the first month and of the month after the last. */
export function platformMonthsParams(trustIds: readonly string[], fromMonth: string, toMonth: string): [string, string, string] {
  const [year, month] = toMonth.split('-').map(Number);
  const after = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return [`{${trustIds.join(',')}}`, `${fromMonth}-01`, `${after}-01`];
}
