import { Migration } from '@mikro-orm/migrations';

export class Migration20261204080227_day_stats_rollups extends Migration {

  override name = 'Migration20261204080227_day_stats_rollups';

  override up(): void | Promise<void> {
    this.addSql(`create table "message_day_stats" ("trust_id" uuid not null, "day" date not null, "ward_id" uuid not null, "delivered" int not null default 0, "failed" int not null default 0, primary key ("trust_id", "day", "ward_id"));`);

    this.addSql(`create table "visit_day_stats" ("trust_id" uuid not null, "day" date not null, "ward_id" uuid not null, "booked" int not null default 0, "completed" int not null default 0, "cancelled" int not null default 0, "missed" int not null default 0, "durations" integer[] not null default '{}', primary key ("trust_id", "day", "ward_id"));`);

    this.addSql(`create or replace function "visit_visit_day_stats_fn"() returns trigger as \$\$ begin declare old_day date; new_day date; moved_delivered int; moved_failed int; begin
  if tg_op = 'UPDATE' and old.ward_id = new.ward_id and old.scheduled_start = new.scheduled_start and old.status = new.status
     and old.duration_seconds is not distinct from new.duration_seconds then return null; end if;   if tg_op <> 'INSERT' then old_day := (old.scheduled_start at time zone 'Europe/London')::date; end if;   if tg_op <> 'DELETE' then new_day := (new.scheduled_start at time zone 'Europe/London')::date; end if;   if tg_op = 'INSERT' then insert into visit_day_stats as s (trust_id, day, ward_id, booked, completed, cancelled, missed, durations)
  values (new.trust_id, new_day, new.ward_id, 1, (new.status = 'completed')::int, (new.status = 'cancelled')::int, (new.status = 'missed')::int, case when new.status = 'completed' and new.duration_seconds is not null then array[new.duration_seconds] else '{}'::int[] end)
  on conflict (trust_id, day, ward_id) do update set booked = s.booked + 1, completed = s.completed + excluded.completed, cancelled = s.cancelled + excluded.cancelled,
  missed = s.missed + excluded.missed, durations = s.durations || excluded.durations;   elsif tg_op = 'DELETE' then update visit_day_stats set booked = booked - 1, completed = completed - (old.status = 'completed')::int, cancelled = cancelled - (old.status = 'cancelled')::int,
  missed = missed - (old.status = 'missed')::int, durations = case when old.status = 'completed' and old.duration_seconds is not null then coalesce(durations[:array_position(durations, old.duration_seconds) - 1] || durations[array_position(durations, old.duration_seconds) + 1:], durations) else durations end
  where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id;   elsif (old_day, old.ward_id) = (new_day, new.ward_id) then update visit_day_stats set completed = completed - (old.status = 'completed')::int + (new.status = 'completed')::int,
  cancelled = cancelled - (old.status = 'cancelled')::int + (new.status = 'cancelled')::int, missed = missed - (old.status = 'missed')::int + (new.status = 'missed')::int,
  durations = (case when old.status = 'completed' and old.duration_seconds is not null then coalesce(durations[:array_position(durations, old.duration_seconds) - 1] || durations[array_position(durations, old.duration_seconds) + 1:], durations) else durations end) || case when new.status = 'completed' and new.duration_seconds is not null then array[new.duration_seconds] else '{}'::int[] end
  where trust_id = new.trust_id and day = new_day and ward_id = new.ward_id;   else
    perform 1 from notification n where n.trust_id = new.trust_id and n.visit_id = new.id for share;   select count(*) filter (where n.status = 'delivered'), count(*) filter (where n.status in ('permanent-failure', 'temporary-failure', 'technical-failure')) into moved_delivered, moved_failed
  from notification n where n.trust_id = new.trust_id and n.visit_id = new.id;   if moved_delivered + moved_failed > 0 then
    if (old_day, old.ward_id) < (new_day, new.ward_id) then update message_day_stats set delivered = delivered - moved_delivered, failed = failed - moved_failed
      where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id; end if;     insert into message_day_stats as s (trust_id, day, ward_id, delivered, failed) values (new.trust_id, new_day, new.ward_id, moved_delivered, moved_failed)
    on conflict (trust_id, day, ward_id) do update set delivered = s.delivered + excluded.delivered, failed = s.failed + excluded.failed;     if (old_day, old.ward_id) > (new_day, new.ward_id) then update message_day_stats set delivered = delivered - moved_delivered, failed = failed - moved_failed
      where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id; end if;   end if;     if (old_day, old.ward_id) < (new_day, new.ward_id) then update visit_day_stats set booked = booked - 1, completed = completed - (old.status = 'completed')::int, cancelled = cancelled - (old.status = 'cancelled')::int,
  missed = missed - (old.status = 'missed')::int, durations = case when old.status = 'completed' and old.duration_seconds is not null then coalesce(durations[:array_position(durations, old.duration_seconds) - 1] || durations[array_position(durations, old.duration_seconds) + 1:], durations) else durations end
  where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id; insert into visit_day_stats as s (trust_id, day, ward_id, booked, completed, cancelled, missed, durations)
  values (new.trust_id, new_day, new.ward_id, 1, (new.status = 'completed')::int, (new.status = 'cancelled')::int, (new.status = 'missed')::int, case when new.status = 'completed' and new.duration_seconds is not null then array[new.duration_seconds] else '{}'::int[] end)
  on conflict (trust_id, day, ward_id) do update set booked = s.booked + 1, completed = s.completed + excluded.completed, cancelled = s.cancelled + excluded.cancelled,
  missed = s.missed + excluded.missed, durations = s.durations || excluded.durations;     else insert into visit_day_stats as s (trust_id, day, ward_id, booked, completed, cancelled, missed, durations)
  values (new.trust_id, new_day, new.ward_id, 1, (new.status = 'completed')::int, (new.status = 'cancelled')::int, (new.status = 'missed')::int, case when new.status = 'completed' and new.duration_seconds is not null then array[new.duration_seconds] else '{}'::int[] end)
  on conflict (trust_id, day, ward_id) do update set booked = s.booked + 1, completed = s.completed + excluded.completed, cancelled = s.cancelled + excluded.cancelled,
  missed = s.missed + excluded.missed, durations = s.durations || excluded.durations; update visit_day_stats set booked = booked - 1, completed = completed - (old.status = 'completed')::int, cancelled = cancelled - (old.status = 'cancelled')::int,
  missed = missed - (old.status = 'missed')::int, durations = case when old.status = 'completed' and old.duration_seconds is not null then coalesce(durations[:array_position(durations, old.duration_seconds) - 1] || durations[array_position(durations, old.duration_seconds) + 1:], durations) else durations end
  where trust_id = old.trust_id and day = old_day and ward_id = old.ward_id;     end if;   end if;   return null; end; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "visit_day_stats" AFTER INSERT OR UPDATE OR DELETE on "visit" for each ROW execute function "visit_visit_day_stats_fn"();`);

    this.addSql(`create or replace function "notification_message_day_stats_fn"() returns trigger as \$\$ begin declare old_class text; new_class text; message_trust uuid; message_visit uuid; visit_ward uuid; visit_day date; begin
  if tg_op <> 'INSERT' then old_class := case when old.status = 'delivered' then 'delivered' when old.status in ('permanent-failure', 'temporary-failure', 'technical-failure') then 'failed' end; message_trust := old.trust_id; message_visit := old.visit_id; end if;   if tg_op <> 'DELETE' then new_class := case when new.status = 'delivered' then 'delivered' when new.status in ('permanent-failure', 'temporary-failure', 'technical-failure') then 'failed' end; message_trust := new.trust_id; message_visit := new.visit_id; end if;   if old_class is not distinct from new_class then return null; end if;   if tg_op = 'INSERT' then
    select v.ward_id, (v.scheduled_start at time zone 'Europe/London')::date into visit_ward, visit_day from visit v where v.trust_id = message_trust and v.id = message_visit for share;   else
    select v.ward_id, (v.scheduled_start at time zone 'Europe/London')::date into visit_ward, visit_day from visit v where v.trust_id = message_trust and v.id = message_visit;   end if;   if visit_ward is null then return null; end if;   insert into message_day_stats as s (trust_id, day, ward_id, delivered, failed)
  values (message_trust, visit_day, visit_ward, (new_class is not distinct from 'delivered')::int - (old_class is not distinct from 'delivered')::int,
          (new_class is not distinct from 'failed')::int - (old_class is not distinct from 'failed')::int)
  on conflict (trust_id, day, ward_id) do update set delivered = s.delivered + excluded.delivered, failed = s.failed + excluded.failed;   return null; end; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "message_day_stats" AFTER INSERT OR UPDATE OR DELETE on "notification" for each ROW execute function "notification_message_day_stats_fn"();`);

    this.addSql(`alter table "message_day_stats" add constraint "message_day_stats_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "message_day_stats" enable row level security;`);
    this.addSql(`alter table "message_day_stats" force row level security;`);
    this.addSql(`create policy "trust_read" on "message_day_stats" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);
    this.addSql(`create policy "trust_insert" on "message_day_stats" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "message_day_stats" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "message_day_stats" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);

    this.addSql(`alter table "visit_day_stats" add constraint "visit_day_stats_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "visit_day_stats" enable row level security;`);
    this.addSql(`alter table "visit_day_stats" force row level security;`);
    this.addSql(`create policy "trust_read" on "visit_day_stats" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);
    this.addSql(`create policy "trust_insert" on "visit_day_stats" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "visit_day_stats" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "visit_day_stats" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);

    // the visits and messages there already, counted once; row-level security binds the owner
    // too (forced), so it is lifted for these statements only, inside the migration's transaction
    for (const table of ['visit', 'notification', 'visit_day_stats', 'message_day_stats']) this.addSql(`alter table "${table}" no force row level security;`);
    this.addSql(`insert into visit_day_stats (trust_id, day, ward_id, booked, completed, cancelled, missed, durations)
      select v.trust_id, (v.scheduled_start at time zone 'Europe/London')::date, v.ward_id, count(*), count(*) filter (where v.status = 'completed'),
             count(*) filter (where v.status = 'cancelled'), count(*) filter (where v.status = 'missed'),
             coalesce(array_agg(v.duration_seconds) filter (where v.status = 'completed' and v.duration_seconds is not null), '{}')
      from visit v group by 1, 2, 3;`);
    this.addSql(`insert into message_day_stats (trust_id, day, ward_id, delivered, failed)
      select v.trust_id, (v.scheduled_start at time zone 'Europe/London')::date, v.ward_id, count(*) filter (where n.status = 'delivered'),
             count(*) filter (where n.status in ('permanent-failure', 'temporary-failure', 'technical-failure'))
      from notification n join visit v on v.trust_id = n.trust_id and v.id = n.visit_id
      where n.status in ('delivered', 'permanent-failure', 'temporary-failure', 'technical-failure')
      group by 1, 2, 3;`);
    for (const table of ['visit', 'notification', 'visit_day_stats', 'message_day_stats']) this.addSql(`alter table "${table}" force row level security;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "message_day_stats" cascade;`);
    this.addSql(`drop table if exists "visit_day_stats" cascade;`);

    this.addSql(`drop trigger if exists "message_day_stats" on "notification";`);
    this.addSql(`drop function if exists "notification_message_day_stats_fn"();`);

    this.addSql(`drop trigger if exists "visit_day_stats" on "visit";`);
    this.addSql(`drop function if exists "visit_visit_day_stats_fn"();`);
  }

}
