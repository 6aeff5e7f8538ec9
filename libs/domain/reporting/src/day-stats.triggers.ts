import type { TriggerDef } from '@mikro-orm/core';
import { FAILED_MESSAGE_STATUSES } from '@vv/contracts';
import { DURATION_MINUTE, DURATION_SECONDS, REPORT_TIME_ZONE } from './visit-stats.sql';

/**
 * Triggers that keep `visit_day_stats` and `message_day_stats` current with every change of
 * a visit or a message, in the transaction of the change, as the application role and under
 * row-level security (the rows belong to the visit's trust, written through the same
 * policies as the visit). Whatever writes a visit (the booking SQL, the ORM, the worker, a
 * migration) keeps the reports right without knowing they exist.
 *
 * Lock order, so that two changes never wait for each other in a circle:
 * - a visit that moves (another day or ward) first takes a share lock on its messages, so a
 *   delivery receipt being recorded for one of them commits first (and is moved with the
 *   rest) or waits until the move has committed (and then counts on the new day); only then
 *   are rollup rows touched;
 * - of two rollup rows, the one with the smaller (day, ward) is always changed first.
 * A message row never waits for a visit, except a message inserted already delivered or
 * failed (the product never does; fixtures and imports may), which takes a share lock on
 * its visit so the visit cannot move between the read of its day and the commit.
 */
const DAY = (row: string) => `(${row}.scheduled_start at time zone '${REPORT_TIME_ZONE}')::date`;
const FAILED = FAILED_MESSAGE_STATUSES.map((s) => `'${s}'`).join(', ');
const MESSAGE_CLASS = (row: 'new' | 'old') => `case when ${row}.status = 'delivered' then 'delivered' when ${row}.status in (${FAILED}) then 'failed' end`;

/**
 * SET clauses that give the histogram (`duration_minutes`, `duration_counts` of the row `table`,
 * `s.` or the updated row '') `delta` visits more of `minute`: a minute not there yet is
 * appended, one whose count falls to 0 is removed from both arrays; nothing when `minute` is null.
 */
function histogramChange(table: 's.' | '', minute: string, delta: 1 | -1): string {
  const minutes = `${table}duration_minutes`;
  const counts = `${table}duration_counts`;
  const at = `array_position(${minutes}, ${minute})`;
  const count = `${counts}[${at}] + (${delta})`;
  const without = (array: string) => `${array}[:${at} - 1] || ${array}[${at} + 1:]`;
  return `duration_minutes = case when ${minute} is null then ${minutes} when ${at} is null then ${minutes} || ${minute} when ${count} = 0 then ${without(minutes)} else ${minutes} end,
  duration_counts = case when ${minute} is null then ${counts} when ${at} is null then ${counts} || (${delta}) when ${count} = 0 then ${without(counts)}
    else ${counts}[:${at} - 1] || (${count}) || ${counts}[${at} + 1:] end`;
}
const counts = (row: 'new' | 'old') => ({
  completed: `(${row}.status = 'completed')::int`,
  cancelled: `(${row}.status = 'cancelled')::int`,
  missed: `(${row}.status = 'missed')::int`,
});
const VISIT_COLUMNS = 'trust_id, day, ward_id, booked, completed, cancelled, missed, duration_seconds_total, duration_minutes, duration_counts';

const ADD_NEW_VISIT = `insert into visit_day_stats as s (${VISIT_COLUMNS})
  values (new.trust_id, new_day, new.ward_id, 1, ${counts('new').completed}, ${counts('new').cancelled}, ${counts('new').missed}, ${DURATION_SECONDS('new')},
          case when ${DURATION_MINUTE('new')} is null then '{}'::int[] else array[${DURATION_MINUTE('new')}] end,
          case when ${DURATION_MINUTE('new')} is null then '{}'::int[] else array[1] end)
  on conflict (trust_id, day, ward_id) do update set booked = s.booked + 1, completed = s.completed + excluded.completed, cancelled = s.cancelled + excluded.cancelled,
  missed = s.missed + excluded.missed, duration_seconds_total = s.duration_seconds_total + excluded.duration_seconds_total,
  ${histogramChange('s.', DURATION_MINUTE('new'), 1)};`;
const REMOVE_OLD_VISIT = `update visit_day_stats set booked = booked - 1, completed = completed - ${counts('old').completed}, cancelled = cancelled - ${counts('old').cancelled},
  missed = missed - ${counts('old').missed}, duration_seconds_total = duration_seconds_total - ${DURATION_SECONDS('old')},
  ${histogramChange('', DURATION_MINUTE('old'), -1)}
  where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id;`;
// the old duration out and the new one in: two changes of the one row, which this transaction already holds after the first
const CHANGE_IN_PLACE = `update visit_day_stats set completed = completed - ${counts('old').completed} + ${counts('new').completed},
  cancelled = cancelled - ${counts('old').cancelled} + ${counts('new').cancelled}, missed = missed - ${counts('old').missed} + ${counts('new').missed},
  duration_seconds_total = duration_seconds_total - ${DURATION_SECONDS('old')} + ${DURATION_SECONDS('new')},
  ${histogramChange('', DURATION_MINUTE('old'), -1)}
  where trust_id = new.trust_id and day = new_day and ward_id = new.ward_id;
  if (${DURATION_MINUTE('new')}) is not null then
    update visit_day_stats set ${histogramChange('', DURATION_MINUTE('new'), 1)} where trust_id = new.trust_id and day = new_day and ward_id = new.ward_id;
  end if;`;
const MOVE_OLD_MESSAGES = `update message_day_stats set delivered = delivered - moved_delivered, failed = failed - moved_failed
      where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id;`;
const MOVE_MESSAGES = `perform 1 from notification n where n.trust_id = new.trust_id and n.visit_id = new.id for share;
  select count(*) filter (where n.status = 'delivered'), count(*) filter (where n.status in (${FAILED})) into moved_delivered, moved_failed
  from notification n where n.trust_id = new.trust_id and n.visit_id = new.id;
  if moved_delivered + moved_failed > 0 then
    if (old_day, old.ward_id) < (new_day, new.ward_id) then ${MOVE_OLD_MESSAGES} end if;
    insert into message_day_stats as s (trust_id, day, ward_id, delivered, failed) values (new.trust_id, new_day, new.ward_id, moved_delivered, moved_failed)
    on conflict (trust_id, day, ward_id) do update set delivered = s.delivered + excluded.delivered, failed = s.failed + excluded.failed;
    if (old_day, old.ward_id) > (new_day, new.ward_id) then ${MOVE_OLD_MESSAGES} end if;
  end if;`;

/** On `visit`: every insert, delete and change of ward, start, status or duration. */
export const VISIT_DAY_STATS_TRIGGERS: TriggerDef[] = [
  {
    name: 'visit_day_stats',
    timing: 'after',
    events: ['insert', 'update', 'delete'],
    forEach: 'row',
    body: `declare old_day date; new_day date; moved_delivered int; moved_failed int; begin
  if tg_op = 'UPDATE' and old.ward_id = new.ward_id and old.scheduled_start = new.scheduled_start and old.status = new.status
     and old.duration_seconds is not distinct from new.duration_seconds then return null; end if;
  if tg_op <> 'INSERT' then old_day := ${DAY('old')}; end if;
  if tg_op <> 'DELETE' then new_day := ${DAY('new')}; end if;
  if tg_op = 'INSERT' then ${ADD_NEW_VISIT}
  elsif tg_op = 'DELETE' then ${REMOVE_OLD_VISIT}
  elsif (old_day, old.ward_id) = (new_day, new.ward_id) then ${CHANGE_IN_PLACE}
  else
    ${MOVE_MESSAGES}
    if (old_day, old.ward_id) < (new_day, new.ward_id) then ${REMOVE_OLD_VISIT} ${ADD_NEW_VISIT}
    else ${ADD_NEW_VISIT} ${REMOVE_OLD_VISIT}
    end if;
  end if;
  return null; end;`,
  },
];

/** On `notification`: every insert, delete and change of status that moves a message into or out of delivered or failed. */
export const MESSAGE_DAY_STATS_TRIGGERS: TriggerDef[] = [
  {
    name: 'message_day_stats',
    timing: 'after',
    events: ['insert', 'update', 'delete'],
    forEach: 'row',
    body: `declare old_class text; new_class text; message_trust uuid; message_visit uuid; visit_ward uuid; visit_day date; begin
  if tg_op <> 'INSERT' then old_class := ${MESSAGE_CLASS('old')}; message_trust := old.trust_id; message_visit := old.visit_id; end if;
  if tg_op <> 'DELETE' then new_class := ${MESSAGE_CLASS('new')}; message_trust := new.trust_id; message_visit := new.visit_id; end if;
  if old_class is not distinct from new_class then return null; end if;
  if tg_op = 'INSERT' then
    select v.ward_id, ${DAY('v')} into visit_ward, visit_day from visit v where v.trust_id = message_trust and v.id = message_visit for share;
  else
    select v.ward_id, ${DAY('v')} into visit_ward, visit_day from visit v where v.trust_id = message_trust and v.id = message_visit;
  end if;
  if visit_ward is null then return null; end if;
  insert into message_day_stats as s (trust_id, day, ward_id, delivered, failed)
  values (message_trust, visit_day, visit_ward, (new_class is not distinct from 'delivered')::int - (old_class is not distinct from 'delivered')::int,
          (new_class is not distinct from 'failed')::int - (old_class is not distinct from 'failed')::int)
  on conflict (trust_id, day, ward_id) do update set delivered = s.delivered + excluded.delivered, failed = s.failed + excluded.failed;
  return null; end;`,
  },
];

/**
 * Both tables computed afresh from the visits and messages themselves, for rows the triggers
 * did not see (the benchmark's bulk seed, which turns them off); the answers the triggers
 * must keep equal. Run as the schema owner.
 */
export const REBUILD_DAY_STATS_SQL = [
  'truncate visit_day_stats, message_day_stats',
  // counted by ward, day and whole minute first, so each minute's visits become one histogram entry
  `insert into visit_day_stats (${VISIT_COLUMNS})
   select m.trust_id, m.day, m.ward_id, sum(m.booked), sum(m.completed), sum(m.cancelled), sum(m.missed), sum(m.seconds),
          coalesce(array_agg(m.minute order by m.minute) filter (where m.minute is not null), '{}'),
          coalesce(array_agg(m.booked::int order by m.minute) filter (where m.minute is not null), '{}')
   from (
     select v.trust_id, ${DAY('v')} as day, v.ward_id, ${DURATION_MINUTE('v')} as minute, count(*) as booked,
            count(*) filter (where v.status = 'completed') as completed, count(*) filter (where v.status = 'cancelled') as cancelled,
            count(*) filter (where v.status = 'missed') as missed, sum(${DURATION_SECONDS('v')}) as seconds
     from visit v group by 1, 2, 3, 4
   ) m
   group by 1, 2, 3`,
  `insert into message_day_stats (trust_id, day, ward_id, delivered, failed)
   select v.trust_id, ${DAY('v')}, v.ward_id, count(*) filter (where n.status = 'delivered'), count(*) filter (where n.status in (${FAILED}))
   from notification n join visit v on v.trust_id = n.trust_id and v.id = n.visit_id
   where n.status = 'delivered' or n.status in (${FAILED})
   group by 1, 2, 3`,
] as const;
