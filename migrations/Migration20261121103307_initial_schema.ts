import { Migration } from '@mikro-orm/migrations';

export class Migration20261121103307_initial_schema extends Migration {

  override name = 'Migration20261121103307_initial_schema';

  override up(): void | Promise<void> {
    this.addSql(`create table "platform_audit_event" ("id" uuid not null, "concerns_trust_id" uuid null, "occurred_at" timestamptz not null default now(), "actor_staff_id" uuid null, "action" varchar(80) not null, "target_type" varchar(40) not null, "target_id" varchar(80) null, "request_id" varchar(64) null, "outcome" text not null, "detail" jsonb null, primary key ("id"));`);

    this.addSql(`create table "staff_member" ("id" uuid not null, "entra_tenant_id" uuid null, "entra_object_id" uuid null, "email" varchar(320) not null, "display_name" varchar(200) not null, "last_sign_in_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_entra_tenant_id_entra_object_id_unique" unique ("entra_tenant_id", "entra_object_id");`);

    this.addSql(`create table "trust_group" ("id" uuid not null, "code" varchar(10) not null, "name" varchar(200) not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "trust_group" add constraint "trust_group_code_unique" unique ("code");`);

    this.addSql(`create table "trust" ("id" uuid not null, "ods_code" varchar(5) not null, "name" varchar(200) not null, "group_id" uuid null, "status" text not null default 'onboarding', "time_zone" varchar(64) not null default 'Europe/London', "retention_days" int not null, "branding" jsonb not null, "identity" jsonb not null, "messaging" jsonb not null, "video" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "trust" add constraint "trust_ods_code_unique" unique ("ods_code");`);

    this.addSql(`create table "trust_feature_flag" ("trust_id" uuid not null, "flag" varchar(40) not null, "enabled" boolean not null, primary key ("trust_id", "flag"));`);

    this.addSql(`create table "messaging_pause" ("trust_id" uuid not null, "paused_until" timestamptz not null, "reason" varchar(100) not null, primary key ("trust_id"));`);

    this.addSql(`create table "hospital" ("trust_id" uuid not null, "id" uuid not null, "site_code" varchar(9) not null, "name" varchar(200) not null, primary key ("trust_id", "id"));`);
    this.addSql(`alter table "hospital" add constraint "hospital_trust_id_site_code_unique" unique ("trust_id", "site_code");`);

    this.addSql(`create table "audit_event" ("trust_id" uuid not null, "id" uuid not null, "occurred_at" timestamptz not null default now(), "actor_staff_id" uuid null, "action" varchar(80) not null, "target_type" varchar(40) not null, "target_id" varchar(80) null, "request_id" varchar(64) null, "outcome" text not null, "detail" jsonb null, primary key ("trust_id", "id"));`);
    this.addSql(`create index "audit_event_trust_id_occurred_at_index" on "audit_event" ("trust_id", "occurred_at");`);

    this.addSql(`create table "platform_role_assignment" ("id" uuid not null, "staff_member_id" uuid not null, "role" text not null, "scope" text not null, "group_id" uuid null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "platform_role_assignment_staff_member_id_index" on "platform_role_assignment" ("staff_member_id");`);

    this.addSql(`create table "trust_secret" ("trust_id" uuid not null, "name" text not null, "sealed" text not null, "updated_by_staff_id" uuid null, "updated_at" timestamptz not null default now(), primary key ("trust_id", "name"));`);

    this.addSql(`create table "ward" ("trust_id" uuid not null, "id" uuid not null, "hospital_id" uuid not null, "code" varchar(20) not null, "name" varchar(200) not null, "status" text not null default 'active', "visiting_hours" jsonb not null, "default_visit_minutes" int not null, "max_concurrent_visits" int not null, primary key ("trust_id", "id"));`);
    this.addSql(`alter table "ward" add constraint "ward_trust_id_hospital_id_code_unique" unique ("trust_id", "hospital_id", "code");`);

    this.addSql(`create table "visit" ("trust_id" uuid not null, "id" uuid not null, "ward_id" uuid not null, "patient_name" varchar(200) null, "contact_name" varchar(200) null, "contact_mobile" varchar(16) null, "contact_email" varchar(320) null, "scheduled_start" timestamptz not null, "length_minutes" int not null, "scheduled_end" timestamptz not null, "status" text not null default 'booked', "video_provider" varchar(20) null, "video_room_ref" text null, "visitor_link_hash" varchar(64) null, "link_valid_from" timestamptz null, "link_valid_until" timestamptz null, "started_at" timestamptz null, "visitor_joined_at" timestamptz null, "ended_at" timestamptz null, "duration_seconds" int null, "rebooked_from_id" uuid null, "cancel_reason" varchar(500) null, "idempotency_key" varchar(100) null, "booked_by_staff_id" uuid not null, "personal_data_erased_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("trust_id", "id"));`);
    this.addSql(`create index "visit_trust_id_scheduled_start_index" on "visit" ("trust_id", "scheduled_start") include ("ward_id", "status", "duration_seconds", "id");`);
    this.addSql(`create index "visit_trust_id_status_scheduled_end_index" on "visit" ("trust_id", "status", "scheduled_end");`);
    this.addSql(`create index "visit_trust_id_ward_id_scheduled_start_index" on "visit" ("trust_id", "ward_id", "scheduled_start");`);
    this.addSql(`alter table "visit" add constraint "visit_trust_id_visitor_link_hash_unique" unique ("trust_id", "visitor_link_hash");`);
    this.addSql(`alter table "visit" add constraint "visit_trust_id_idempotency_key_unique" unique ("trust_id", "idempotency_key");`);

    this.addSql(`create table "visit_event" ("trust_id" uuid not null, "id" uuid not null, "visit_id" uuid not null, "type" text not null, "occurred_at" timestamptz not null default now(), "actor_staff_id" uuid null, "detail" jsonb null, primary key ("trust_id", "id"));`);
    this.addSql(`create index "visit_event_trust_id_visit_id_occurred_at_index" on "visit_event" ("trust_id", "visit_id", "occurred_at");`);

    this.addSql(`create table "notification" ("trust_id" uuid not null, "id" uuid not null, "visit_id" uuid not null, "kind" text not null, "channel" text not null, "recipient_masked" varchar(80) not null, "status" text not null default 'pending', "send_after" timestamptz not null, "for_visit_start" timestamptz not null, "sealed_link_token" text null, "provider_id" varchar(64) null, "attempts" int not null default 0, "last_error" varchar(300) null, "enqueued_at" timestamptz null, "enqueue_count" int not null default 0, "lease_until" timestamptz null, "sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("trust_id", "id"));`);
    this.addSql(`create index "notification_trust_id_enqueued_at_index" on "notification" ("trust_id", "enqueued_at");`);
    this.addSql(`create index "notification_trust_id_visit_id_index" on "notification" ("trust_id", "visit_id") include ("status");`);
    this.addSql(`create index "notification_trust_id_status_send_after_index" on "notification" ("trust_id", "status", "send_after");`);

    this.addSql(`create table "role_assignment" ("trust_id" uuid not null, "id" uuid not null, "staff_member_id" uuid not null, "role" text not null, "scope" text not null, "hospital_id" uuid null, "ward_id" uuid null, "created_at" timestamptz not null default now(), primary key ("trust_id", "id"));`);
    this.addSql(`create index "role_assignment_staff_member_id_index" on "role_assignment" ("staff_member_id");`);

    this.addSql(`create table "invitation" ("trust_id" uuid not null, "id" uuid not null, "email" varchar(320) not null, "role" text not null, "scope" text not null, "hospital_id" uuid null, "ward_id" uuid null, "status" text not null default 'pending', "invited_by_staff_id" uuid null, "accepted_by_id" uuid null, "accepted_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("trust_id", "id"));`);
    this.addSql(`create index "invitation_trust_id_email_status_index" on "invitation" ("trust_id", "email", "status");`);

    this.addSql(`create table "ward_feature_flag" ("trust_id" uuid not null, "ward_id" uuid not null, "flag" varchar(40) not null, "enabled" boolean not null, primary key ("trust_id", "ward_id", "flag"));`);

    this.addSql(`create table "worker_heartbeat" ("worker_id" varchar(100) not null, "queue_kind" varchar(20) not null, "seen_at" timestamptz not null, primary key ("worker_id"));`);

    this.addSql(`alter table "platform_audit_event" add constraint "platform_audit_event_outcome_check" check ("outcome" in ('success', 'denied', 'failed'));`);
    this.addSql(`create or replace function "platform_audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'records of this table are append-only' using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "platform_audit_event" for each ROW execute function "platform_audit_event_append_only_fn"();`);

    this.addSql(`alter table "trust" add constraint "trust_group_id_foreign" foreign key ("group_id") references "trust_group" ("id") on delete restrict;`);
    this.addSql(`alter table "trust" add constraint "trust_status_check" check ("status" in ('onboarding', 'active', 'suspended', 'archived'));`);

    this.addSql(`alter table "trust_feature_flag" add constraint "trust_feature_flag_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "trust_feature_flag" enable row level security;`);
    this.addSql(`alter table "trust_feature_flag" force row level security;`);
    this.addSql(`create policy "trust_read" on "trust_feature_flag" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "trust_feature_flag" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "messaging_pause" add constraint "messaging_pause_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "messaging_pause" enable row level security;`);
    this.addSql(`alter table "messaging_pause" force row level security;`);
    this.addSql(`create policy "trust_read" on "messaging_pause" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "messaging_pause" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "hospital" add constraint "hospital_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "hospital" enable row level security;`);
    this.addSql(`alter table "hospital" force row level security;`);
    this.addSql(`create policy "trust_read" on "hospital" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "hospital" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_outcome_check" check ("outcome" in ('success', 'denied', 'failed'));`);
    this.addSql(`create or replace function "audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'records of this table are append-only' using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_append_only_fn"();`);
    this.addSql(`alter table "audit_event" enable row level security;`);
    this.addSql(`alter table "audit_event" force row level security;`);
    this.addSql(`create policy "trust_read" on "audit_event" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "audit_event" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "platform_role_assignment" add constraint "platform_role_assignment_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "platform_role_assignment" add constraint "platform_role_assignment_group_id_foreign" foreign key ("group_id") references "trust_group" ("id") on delete cascade;`);
    this.addSql(`alter table "platform_role_assignment" add constraint "platform_role_assignment_role_check" check ("role" in ('platform_admin', 'group_admin', 'trust_admin', 'ward_manager', 'ward_staff', 'reporting_analyst'));`);
    this.addSql(`alter table "platform_role_assignment" add constraint "platform_role_assignment_scope_check" check ("scope" in ('platform', 'group'));`);

    this.addSql(`alter table "trust_secret" add constraint "trust_secret_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "trust_secret" add constraint "trust_secret_name_check" check ("name" in ('notifyApiKey', 'notifyCallbackToken', 'videoSecret'));`);
    this.addSql(`alter table "trust_secret" enable row level security;`);
    this.addSql(`alter table "trust_secret" force row level security;`);
    this.addSql(`create policy "trust_read" on "trust_secret" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "trust_secret" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "ward" add constraint "ward_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "ward" add constraint "ward_trust_id_hospital_id_foreign" foreign key ("trust_id", "hospital_id") references "hospital" ("trust_id", "id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ward" add constraint "ward_status_check" check ("status" in ('active', 'archived'));`);
    this.addSql(`alter table "ward" enable row level security;`);
    this.addSql(`alter table "ward" force row level security;`);
    this.addSql(`create policy "trust_read" on "ward" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "ward" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "visit" add constraint "visit_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "visit" add constraint "visit_trust_id_ward_id_foreign" foreign key ("trust_id", "ward_id") references "ward" ("trust_id", "id") on update cascade on delete restrict;`);
    this.addSql(`alter table "visit" add constraint "visit_trust_id_rebooked_from_id_foreign" foreign key ("trust_id", "rebooked_from_id") references "visit" ("trust_id", "id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit" add constraint "visit_status_check" check ("status" in ('booked', 'ready', 'in_progress', 'completed', 'cancelled', 'missed'));`);
    this.addSql(`alter table "visit" enable row level security;`);
    this.addSql(`alter table "visit" force row level security;`);
    this.addSql(`create policy "trust_read" on "visit" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "visit" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "visit_event" add constraint "visit_event_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "visit_event" add constraint "visit_event_trust_id_visit_id_foreign" foreign key ("trust_id", "visit_id") references "visit" ("trust_id", "id") on update cascade on delete restrict;`);
    this.addSql(`alter table "visit_event" add constraint "visit_event_type_check" check ("type" in ('booked', 'rescheduled', 'rebooked', 'cancelled', 'started', 'visitor_joined', 'visitor_left', 'completed', 'missed', 'message_sent', 'message_failed'));`);
    this.addSql(`create or replace function "visit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'records of this table are append-only' using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "visit_event" for each ROW execute function "visit_event_append_only_fn"();`);
    this.addSql(`alter table "visit_event" enable row level security;`);
    this.addSql(`alter table "visit_event" force row level security;`);
    this.addSql(`create policy "trust_read" on "visit_event" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "visit_event" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "notification" add constraint "notification_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "notification" add constraint "notification_trust_id_visit_id_foreign" foreign key ("trust_id", "visit_id") references "visit" ("trust_id", "id") on update cascade on delete restrict;`);
    this.addSql(`alter table "notification" add constraint "notification_kind_check" check ("kind" in ('bookingConfirmation', 'reminder', 'readyToJoin', 'rescheduled', 'cancelled', 'visitComplete'));`);
    this.addSql(`alter table "notification" add constraint "notification_channel_check" check ("channel" in ('sms', 'email'));`);
    this.addSql(`alter table "notification" add constraint "notification_status_check" check ("status" in ('pending', 'sending', 'sent', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure', 'superseded'));`);
    this.addSql(`alter table "notification" enable row level security;`);
    this.addSql(`alter table "notification" force row level security;`);
    this.addSql(`create policy "trust_read" on "notification" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "notification" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "role_assignment" add constraint "role_assignment_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_trust_id_hospital_id_foreign" foreign key ("trust_id", "hospital_id") references "hospital" ("trust_id", "id") on update cascade on delete cascade;`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_trust_id_ward_id_foreign" foreign key ("trust_id", "ward_id") references "ward" ("trust_id", "id") on update cascade on delete cascade;`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_role_check" check ("role" in ('platform_admin', 'group_admin', 'trust_admin', 'ward_manager', 'ward_staff', 'reporting_analyst'));`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_scope_check" check ("scope" in ('trust', 'hospital', 'ward'));`);
    this.addSql(`alter table "role_assignment" enable row level security;`);
    this.addSql(`alter table "role_assignment" force row level security;`);
    this.addSql(`create policy "trust_read" on "role_assignment" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "role_assignment" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "invitation" add constraint "invitation_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "invitation" add constraint "invitation_trust_id_hospital_id_foreign" foreign key ("trust_id", "hospital_id") references "hospital" ("trust_id", "id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_trust_id_ward_id_foreign" foreign key ("trust_id", "ward_id") references "ward" ("trust_id", "id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_accepted_by_id_foreign" foreign key ("accepted_by_id") references "staff_member" ("id") on delete set null;`);
    this.addSql(`alter table "invitation" add constraint "invitation_role_check" check ("role" in ('platform_admin', 'group_admin', 'trust_admin', 'ward_manager', 'ward_staff', 'reporting_analyst'));`);
    this.addSql(`alter table "invitation" add constraint "invitation_scope_check" check ("scope" in ('trust', 'hospital', 'ward'));`);
    this.addSql(`alter table "invitation" add constraint "invitation_status_check" check ("status" in ('pending', 'accepted', 'revoked'));`);
    this.addSql(`alter table "invitation" enable row level security;`);
    this.addSql(`alter table "invitation" force row level security;`);
    this.addSql(`create policy "trust_read" on "invitation" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "invitation" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);

    this.addSql(`alter table "ward_feature_flag" add constraint "ward_feature_flag_trust_id_foreign" foreign key ("trust_id") references "trust" ("id") on delete restrict;`);
    this.addSql(`alter table "ward_feature_flag" add constraint "ward_feature_flag_trust_id_ward_id_foreign" foreign key ("trust_id", "ward_id") references "ward" ("trust_id", "id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ward_feature_flag" enable row level security;`);
    this.addSql(`alter table "ward_feature_flag" force row level security;`);
    this.addSql(`create policy "trust_read" on "ward_feature_flag" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
    this.addSql(`create policy "trust_write" on "ward_feature_flag" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    // Reviewed addition: the application role. It owns no table, cannot bypass row-level
    // security, and may only append to the audit tables.
    this.addSql(`do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'vv_app') then
    create role vv_app nologin nosuperuser nobypassrls noinherit;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;`);
    this.addSql(`grant usage on schema public to vv_app;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to vv_app;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to vv_app;`);
    this.addSql(`revoke update, delete, truncate on "audit_event", "platform_audit_event", "visit_event" from vv_app;`);
    this.addSql(`revoke all on "mikro_orm_migrations" from vv_app;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter default privileges in schema public revoke select, insert, update, delete on tables from vv_app;`);
    this.addSql(`revoke all on all tables in schema public from vv_app;`);
    this.addSql(`revoke usage on schema public from vv_app;`);
    this.addSql(`alter table "platform_role_assignment" drop constraint "platform_role_assignment_staff_member_id_foreign";`);
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_staff_member_id_foreign";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_accepted_by_id_foreign";`);
    this.addSql(`alter table "trust" drop constraint "trust_group_id_foreign";`);
    this.addSql(`alter table "platform_role_assignment" drop constraint "platform_role_assignment_group_id_foreign";`);
    this.addSql(`alter table "trust_feature_flag" drop constraint "trust_feature_flag_trust_id_foreign";`);
    this.addSql(`alter table "messaging_pause" drop constraint "messaging_pause_trust_id_foreign";`);
    this.addSql(`alter table "hospital" drop constraint "hospital_trust_id_foreign";`);
    this.addSql(`alter table "audit_event" drop constraint "audit_event_trust_id_foreign";`);
    this.addSql(`alter table "trust_secret" drop constraint "trust_secret_trust_id_foreign";`);
    this.addSql(`alter table "ward" drop constraint "ward_trust_id_foreign";`);
    this.addSql(`alter table "visit" drop constraint "visit_trust_id_foreign";`);
    this.addSql(`alter table "visit_event" drop constraint "visit_event_trust_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_trust_id_foreign";`);
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_trust_id_foreign";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_trust_id_foreign";`);
    this.addSql(`alter table "ward_feature_flag" drop constraint "ward_feature_flag_trust_id_foreign";`);
    this.addSql(`alter table "ward" drop constraint "ward_trust_id_hospital_id_foreign";`);
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_trust_id_hospital_id_foreign";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_trust_id_hospital_id_foreign";`);
    this.addSql(`alter table "visit" drop constraint "visit_trust_id_ward_id_foreign";`);
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_trust_id_ward_id_foreign";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_trust_id_ward_id_foreign";`);
    this.addSql(`alter table "ward_feature_flag" drop constraint "ward_feature_flag_trust_id_ward_id_foreign";`);
    this.addSql(`alter table "visit" drop constraint "visit_trust_id_rebooked_from_id_foreign";`);
    this.addSql(`alter table "visit_event" drop constraint "visit_event_trust_id_visit_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_trust_id_visit_id_foreign";`);

    this.addSql(`drop trigger if exists "append_only" on "platform_audit_event";`);
    this.addSql(`drop function if exists "platform_audit_event_append_only_fn"();`);
    this.addSql(`drop table if exists "platform_audit_event" cascade;`);
    this.addSql(`drop table if exists "staff_member" cascade;`);
    this.addSql(`drop table if exists "trust_group" cascade;`);
    this.addSql(`drop table if exists "trust" cascade;`);
    this.addSql(`drop table if exists "trust_feature_flag" cascade;`);
    this.addSql(`drop table if exists "messaging_pause" cascade;`);
    this.addSql(`drop table if exists "hospital" cascade;`);
    this.addSql(`drop trigger if exists "append_only" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_append_only_fn"();`);
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "platform_role_assignment" cascade;`);
    this.addSql(`drop table if exists "trust_secret" cascade;`);
    this.addSql(`drop table if exists "ward" cascade;`);
    this.addSql(`drop table if exists "visit" cascade;`);
    this.addSql(`drop trigger if exists "append_only" on "visit_event";`);
    this.addSql(`drop function if exists "visit_event_append_only_fn"();`);
    this.addSql(`drop table if exists "visit_event" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "role_assignment" cascade;`);
    this.addSql(`drop table if exists "invitation" cascade;`);
    this.addSql(`drop table if exists "ward_feature_flag" cascade;`);
    this.addSql(`drop table if exists "worker_heartbeat" cascade;`);
  }

}
