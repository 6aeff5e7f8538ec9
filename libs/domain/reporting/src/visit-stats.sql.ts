import { DateTime } from 'luxon';
import { FAILED_MESSAGE_STATUSES, STATS_BUCKETS, STATS_GROUPINGS, type StatsBucket, type StatsGrouping } from '@vv/contracts';
import { durationNumbers, parseIntArray } from './duration-histogram';

/**
 * The SQL behind `visitStats` and the CSV report. `visitStatsStatement` counts from the
 * visits and messages themselves: the definition of every number, what the daily rollups
 * must always agree with, and the benchmark's raw aggregate. `rolledUpVisitStatsStatement`
 * (below) gives the same answers from the rollups, and is what reports run. It reads only the columns
 * an aggregate needs (visit: trust, id, ward, status, duration, scheduled start;
 * notification: trust, visit, status; ward: its hospital) and returns only bucket, group
 * key and aggregates, so no shape of report can carry a patient's or contact's details:
 * the statement never names a personal column (a unit test holds it to that list).
 *
 * Only fixed fragments chosen from the maps below are spliced in; every value (trusts,
 * range) is a bound parameter. Row-level security still applies: it runs inside
 * `TenantDatabase.inTrust` or `acrossTrusts`.
 *
 * Cost grows with the visits in the range, never with a trust's whole history: one range
 * scan of each trust's visits on visit (trust_id, scheduled_start), kept for the statement;
 * one sorted aggregation of them (the percentiles need order); each visit's messages counted
 * through notification (trust_id, visit_id) (a lateral join, so the planner cannot choose to
 * read every message the trusts ever sent); the two small results joined. Notification rows
 * are never multiplied into the visit aggregation.
 */
export { STATS_BUCKETS, STATS_GROUPINGS, type StatsBucket, type StatsGrouping };

/** Buckets are calendar days, ISO weeks (from Monday) and months of this zone, whatever the clocks do. */
export const REPORT_TIME_ZONE = 'Europe/London';

/** The aggregate row as PostgreSQL returns it. */
export interface VisitStatsSqlRow {
  bucket_start: Date | string;
  /** Ward, hospital or trust id; null for a group report (the group is the whole scope). */
  group_id: string | null;
  booked: number;
  completed: number;
  cancelled: number;
  missed: number;
  completion_rate: number | null;
  average_duration_seconds: number | null;
  median_duration_seconds: number | null;
  p90_duration_seconds: number | null;
  messages_delivered: number;
  messages_failed: number;
}

/**
 * A row of a statement that reads the daily rollups: the counts, and the completed visits'
 * durations as the rollups keep them (their seconds in all, and a histogram of whole minutes as
 * PostgreSQL's text for two int[]), from which {@link reportRowOf} gives the average, median and
 * 90th percentile.
 */
export interface RolledUpStatsSqlRow extends Omit<VisitStatsSqlRow, 'average_duration_seconds' | 'median_duration_seconds' | 'p90_duration_seconds'> {
  duration_seconds: string | number;
  duration_minutes: string | null;
  duration_counts: string | null;
}

/** A rollup statement's row as the report's numbers, the same as the definition's row for the same visits. */
export function reportRowOf(row: RolledUpStatsSqlRow): VisitStatsSqlRow {
  const durations = durationNumbers(row.duration_seconds, parseIntArray(row.duration_minutes), parseIntArray(row.duration_counts));
  return {
    bucket_start: row.bucket_start,
    group_id: row.group_id,
    booked: row.booked,
    completed: row.completed,
    cancelled: row.cancelled,
    missed: row.missed,
    completion_rate: row.completion_rate,
    average_duration_seconds: durations.averageDurationSeconds,
    median_duration_seconds: durations.medianDurationSeconds,
    p90_duration_seconds: durations.p90DurationSeconds,
    messages_delivered: row.messages_delivered,
    messages_failed: row.messages_failed,
  };
}

/** What a report is grouped by, as a column of the visit (`v`) or its ward (`w`). */
const GROUP_KEY: Record<StatsGrouping, { key: string; needsWard: boolean }> = {
  ward: { key: 'v.ward_id', needsWard: false },
  hospital: { key: 'w.hospital_id', needsWard: true },
  trust: { key: 'v.trust_id', needsWard: false },
  group: { key: 'null::uuid', needsWard: false },
};

const BUCKET_UNIT: Record<StatsBucket, string> = { day: 'day', week: 'week', month: 'month' };

const FAILED_LIST = FAILED_MESSAGE_STATUSES.map((s) => `'${s}'`).join(', ');
const COMPLETED = "s.status = 'completed'";

/**
 * A visit's recorded duration in whole minutes (seconds / 60, truncated) when it is completed,
 * else null: what medians and 90th percentiles are taken over, so they are exact to the minute
 * (and the daily rollups can keep durations as a histogram of minutes). Averages are taken
 * over the seconds themselves.
 */
export const DURATION_MINUTE = (row: string) => `case when ${row}.status = 'completed' then ${row}.duration_seconds / 60 end`;
/** A visit's recorded duration in seconds when it is completed and has one, else 0: summed for exact averages. */
export const DURATION_SECONDS = (row: string) => `case when ${row}.status = 'completed' then coalesce(${row}.duration_seconds, 0) else 0 end`;

export interface VisitStatsStatement {
  /** With `?` placeholders, in the order of `params`. */
  readonly sql: string;
  params(scope: { trustIds: readonly string[]; from: Date; to: Date }): string[];
}

/** The statement for one grouping and bucket size; the result is ordered by bucket, then group key. */
export function visitStatsStatement(groupBy: StatsGrouping, bucket: StatsBucket): VisitStatsStatement {
  const group = GROUP_KEY[groupBy];
  const unit = BUCKET_UNIT[bucket];
  if (!group || !unit) throw new Error('Unknown report grouping or bucket');
  const wardJoin = group.needsWard ? '\n  join ward w on w.trust_id = v.trust_id and w.id = v.ward_id' : '';
  const sameGroup = groupBy === 'group' ? '' : ' and m.group_id = c.group_id';
  const sql = `with scoped as materialized (
  select v.trust_id, v.id, v.status, v.duration_seconds, ${group.key} as group_id,
         date_trunc('${unit}', v.scheduled_start, '${REPORT_TIME_ZONE}') as bucket_start
  from visit v${wardJoin}
  where v.trust_id = any (?::uuid[]) and v.scheduled_start >= ?::timestamptz and v.scheduled_start < ?::timestamptz
), visit_counts as (
  select s.bucket_start, s.group_id,
         count(*)::int as booked,
         (count(*) filter (where ${COMPLETED}))::int as completed,
         (count(*) filter (where s.status = 'cancelled'))::int as cancelled,
         (count(*) filter (where s.status = 'missed'))::int as missed,
         round((count(*) filter (where ${COMPLETED}))::numeric
               / nullif(count(*) filter (where s.status in ('completed', 'cancelled', 'missed')), 0), 4)::float8 as completion_rate,
         round(avg(s.duration_seconds) filter (where ${COMPLETED}), 1)::float8 as average_duration_seconds,
         round((percentile_cont(0.5) within group (order by ${DURATION_MINUTE('s')}) * 60)::numeric, 1)::float8 as median_duration_seconds,
         round((percentile_cont(0.9) within group (order by ${DURATION_MINUTE('s')}) * 60)::numeric, 1)::float8 as p90_duration_seconds
  from scoped s
  group by 1, 2
), message_counts as (
  select s.bucket_start, s.group_id, sum(x.delivered)::int as delivered, sum(x.failed)::int as failed
  from scoped s
  cross join lateral (
    select count(*) filter (where n.status = 'delivered') as delivered,
           count(*) filter (where n.status in (${FAILED_LIST})) as failed
    from notification n
    where n.trust_id = s.trust_id and n.visit_id = s.id
  ) x
  group by 1, 2
)
select c.*, coalesce(m.delivered, 0) as messages_delivered, coalesce(m.failed, 0) as messages_failed
from visit_counts c
left join message_counts m on m.bucket_start = c.bucket_start${sameGroup}
order by 1, 2`;
  return {
    sql,
    params: ({ trustIds, from, to }) => [`{${trustIds.join(',')}}`, from.toISOString(), to.toISOString()],
  };
}

/**
 * The settings of a report's transaction (local to it): memory for the range's ward-days (a
 * group's two years: about 150,000 rows, kept once and read twice) and their aggregation, so
 * nothing goes to disk; and no JIT compilation, which the planner's estimate of the unnested
 * histograms asks for and which costs a report (about 100 ms) more than it saves.
 */
export const REPORT_SETTINGS_SQL = "select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)";

/** The whole local days of a range, and the instants they start and end at. */
export interface WholeDays {
  /** The first whole day (yyyy-mm-dd, Europe/London) and the day after the last; equal when there is none. */
  readonly firstDay: string;
  readonly endDay: string;
  /** The local midnights where the whole days begin and end; both `to` when there is none. */
  readonly start: Date;
  readonly end: Date;
}

/**
 * Splits a range into the whole days (Europe/London) the daily rollups answer and the parts
 * of a day at either end, which are counted from the visits. A range of local midnights (what
 * the console asks for) has no parts.
 */
export function wholeDaysOf(from: Date, to: Date): WholeDays {
  const first = DateTime.fromJSDate(from, { zone: REPORT_TIME_ZONE });
  const start = first.equals(first.startOf('day')) ? first : first.startOf('day').plus({ days: 1 });
  const end = DateTime.fromJSDate(to, { zone: REPORT_TIME_ZONE }).startOf('day');
  if (start >= end) return { firstDay: end.toISODate()!, endDay: end.toISODate()!, start: to, end: to };
  return { firstDay: start.toISODate()!, endDay: end.toISODate()!, start: start.toJSDate(), end: end.toJSDate() };
}

/**
 * The same report as {@link visitStatsStatement}, read from the daily rollups
 * (`visit_day_stats`, `message_day_stats`) for the whole days of the range and from the
 * visits themselves only for the parts of a day at either end: the same numbers (the
 * rollups keep the exact sum of the durations and their histogram of whole minutes, what
 * the average, median and 90th percentile are defined over), at the cost of a row per ward
 * and day instead of a row per visit and message. The histograms of a bucket and group are
 * merged by a hash aggregation (visits per minute) and returned, with the seconds in all, as
 * the row's durations; {@link reportRowOf} reads the average and percentiles off them (a few
 * numbers a row), not a sort of every duration in range. Reads no personal column either (the
 * same unit test holds it to its list).
 */
export function rolledUpVisitStatsStatement(groupBy: StatsGrouping, bucket: StatsBucket): VisitStatsStatement {
  const group = GROUP_KEY[groupBy];
  const unit = BUCKET_UNIT[bucket];
  if (!group || !unit) throw new Error('Unknown report grouping or bucket');
  // the bucket and group key of a row of day `alias`: local (timestamp without zone), so that
  // grouping costs no zone arithmetic; only the few result rows are turned into instants
  const keyOf = (alias: string) => group.key.replace(/^v\./, `${alias}.`);
  const bucketOf = (alias: string) => `date_trunc('${unit}', ${alias}.day::timestamp)`;
  const wardJoin = (alias: string) => (group.needsWard ? `\n  join ward w on w.trust_id = ${alias}.trust_id and w.id = ${alias}.ward_id` : '');
  const sameGroup = (alias: string) => (groupBy === 'group' ? '' : ` and ${alias}.group_id = c.group_id`);
  const sql = `with edge as materialized (
  select v.trust_id, v.id, v.ward_id, v.status, v.duration_seconds, (v.scheduled_start at time zone '${REPORT_TIME_ZONE}')::date as day
  from visit v
  where v.trust_id = any (?::uuid[])
    and ((v.scheduled_start >= ?::timestamptz and v.scheduled_start < ?::timestamptz) or (v.scheduled_start >= ?::timestamptz and v.scheduled_start < ?::timestamptz))
), days as materialized (
  select ${bucketOf('r')} as bucket, ${keyOf('r')} as group_id, r.booked, r.completed, r.cancelled, r.missed,
         r.duration_seconds_total as seconds, r.duration_minutes as minutes, r.duration_counts as visits
  from visit_day_stats r${wardJoin('r')}
  where r.trust_id = any (?::uuid[]) and r.day >= ?::date and r.day < ?::date
  union all
  select ${bucketOf('e')}, ${keyOf('e')}, 1, (e.status = 'completed')::int, (e.status = 'cancelled')::int, (e.status = 'missed')::int, ${DURATION_SECONDS('e')},
         case when ${DURATION_MINUTE('e')} is null then '{}'::int[] else array[${DURATION_MINUTE('e')}] end,
         case when ${DURATION_MINUTE('e')} is null then '{}'::int[] else array[1] end
  from edge e${wardJoin('e')}
), messages as (
  select ${bucketOf('r')} as bucket, ${keyOf('r')} as group_id, r.delivered, r.failed
  from message_day_stats r${wardJoin('r')}
  where r.trust_id = any (?::uuid[]) and r.day >= ?::date and r.day < ?::date
  union all
  select ${bucketOf('e')}, ${keyOf('e')}, n.delivered, n.failed
  from edge e${wardJoin('e')}
  cross join lateral (
    select (count(*) filter (where n.status = 'delivered'))::int as delivered,
           (count(*) filter (where n.status in (${FAILED_LIST})))::int as failed
    from notification n
    where n.trust_id = e.trust_id and n.visit_id = e.id
  ) n
), visit_counts as (
  select d.bucket, d.group_id,
         sum(d.booked)::int as booked, sum(d.completed)::int as completed, sum(d.cancelled)::int as cancelled, sum(d.missed)::int as missed,
         round(sum(d.completed)::numeric / nullif(sum(d.completed + d.cancelled + d.missed), 0), 4)::float8 as completion_rate,
         sum(d.seconds) as seconds
  from days d
  group by 1, 2
  having sum(d.booked) > 0
), minutes as (
  select h.bucket, h.group_id, h.minute, sum(h.visits)::int as visits
  from (select d.bucket, d.group_id, unnest(d.minutes) as minute, unnest(d.visits) as visits from days d) h
  group by 1, 2, 3
), histograms as (
  select h.bucket, h.group_id, array_agg(h.minute) as minutes, array_agg(h.visits) as visits
  from minutes h
  group by 1, 2
), message_counts as (
  select m.bucket, m.group_id, sum(m.delivered)::int as delivered, sum(m.failed)::int as failed
  from messages m
  group by 1, 2
)
select c.bucket at time zone '${REPORT_TIME_ZONE}' as bucket_start, c.group_id, c.booked, c.completed, c.cancelled, c.missed, c.completion_rate,
       c.seconds::bigint as duration_seconds, x.minutes::text as duration_minutes, x.visits::text as duration_counts,
       coalesce(m.delivered, 0) as messages_delivered, coalesce(m.failed, 0) as messages_failed
from visit_counts c
left join histograms x on x.bucket = c.bucket${sameGroup('x')}
left join message_counts m on m.bucket = c.bucket${sameGroup('m')}
order by 1, 2`;
  return {
    sql,
    params: ({ trustIds, from, to }) => {
      const trusts = `{${trustIds.join(',')}}`;
      const days = wholeDaysOf(from, to);
      return [
        trusts,
        from.toISOString(),
        days.start.toISOString(),
        days.end.toISOString(),
        to.toISOString(),
        trusts,
        days.firstDay,
        days.endDay,
        trusts,
        days.firstDay,
        days.endDay,
      ];
    },
  };
}

/**
 * A ward-by-day report of whole days, from the daily rollups: each rollup row of the range is
 * already a row of the answer (its ward's day), so this reads them with their messages' row,
 * each with its own histogram for {@link reportRowOf}, with nothing to merge: a plain read, cheap
 * to plan, for the console's chart of a ward's recent days. The same numbers (the equality tests
 * cover it).
 */
function wardDaysStatement(): VisitStatsStatement {
  const sql = `select r.day::timestamp at time zone '${REPORT_TIME_ZONE}' as bucket_start, r.ward_id as group_id, r.booked, r.completed, r.cancelled, r.missed,
       round(r.completed::numeric / nullif(r.completed + r.cancelled + r.missed, 0), 4)::float8 as completion_rate,
       r.duration_seconds_total as duration_seconds, r.duration_minutes::text as duration_minutes, r.duration_counts::text as duration_counts,
       coalesce(m.delivered, 0) as messages_delivered, coalesce(m.failed, 0) as messages_failed
from visit_day_stats r
left join message_day_stats m on m.trust_id = r.trust_id and m.day = r.day and m.ward_id = r.ward_id
where r.trust_id = any (?::uuid[]) and r.day >= ?::date and r.day < ?::date and r.booked > 0
order by 1, 2`;
  return {
    sql,
    params: ({ trustIds, from, to }) => {
      const days = wholeDaysOf(from, to);
      return [`{${trustIds.join(',')}}`, days.firstDay, days.endDay];
    },
  };
}

/**
 * The statement a report runs: a ward-by-day report of whole local days (what the console asks
 * for) reads its rows straight from the rollups; every other report merges them
 * ({@link rolledUpVisitStatsStatement}).
 */
export function reportStatement(groupBy: StatsGrouping, bucket: StatsBucket, range: { from: Date; to: Date }): VisitStatsStatement {
  const days = wholeDaysOf(range.from, range.to);
  const wholeDays = days.firstDay !== days.endDay && days.start.getTime() === range.from.getTime() && days.end.getTime() === range.to.getTime();
  return groupBy === 'ward' && bucket === 'day' && wholeDays ? wardDaysStatement() : rolledUpVisitStatsStatement(groupBy, bucket);
}
