import { Migration } from '@mikro-orm/migrations';

export class Migration20261204005223_access_changes_and_per_command_policies extends Migration {

  override name = 'Migration20261204005223_access_changes_and_per_command_policies';

  override up(): void | Promise<void> {
    this.addSql(`drop policy "trust_read" on "trust_feature_flag";`);
    this.addSql(`drop policy "trust_write" on "trust_feature_flag";`);

    this.addSql(`drop policy "trust_read" on "messaging_pause";`);
    this.addSql(`drop policy "trust_write" on "messaging_pause";`);

    this.addSql(`drop policy "trust_read" on "hospital";`);
    this.addSql(`drop policy "trust_write" on "hospital";`);

    this.addSql(`drop policy "trust_read" on "audit_event";`);
    this.addSql(`drop policy "trust_write" on "audit_event";`);

    this.addSql(`drop policy "trust_read" on "trust_secret";`);
    this.addSql(`drop policy "trust_write" on "trust_secret";`);

    this.addSql(`drop policy "trust_read" on "ward";`);
    this.addSql(`drop policy "trust_write" on "ward";`);

    this.addSql(`drop policy "trust_read" on "visit";`);
    this.addSql(`drop policy "trust_write" on "visit";`);

    this.addSql(`drop policy "trust_read" on "visit_event";`);
    this.addSql(`drop policy "trust_write" on "visit_event";`);

    this.addSql(`drop policy "trust_read" on "notification";`);
    this.addSql(`drop policy "trust_write" on "notification";`);

    this.addSql(`drop policy "trust_read" on "role_assignment";`);
    this.addSql(`drop policy "trust_write" on "role_assignment";`);

    this.addSql(`drop policy "trust_read" on "invitation";`);
    this.addSql(`drop policy "trust_write" on "invitation";`);

    this.addSql(`drop policy "trust_read" on "ward_feature_flag";`);
    this.addSql(`drop policy "trust_write" on "ward_feature_flag";`);

    this.addSql(`create or replace function "platform_invitation_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', '*'); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', '*'); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "platform_invitation" for each ROW execute function "platform_invitation_access_changed_fn"();`);

    this.addSql(`create or replace function "trust_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', '*'); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', '*'); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "trust" for each ROW execute function "trust_access_changed_fn"();`);

    this.addSql(`create policy "trust_insert" on "trust_feature_flag" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "trust_feature_flag" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "trust_feature_flag" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "trust_feature_flag" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "messaging_pause" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "messaging_pause" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "messaging_pause" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "messaging_pause" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "hospital" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "hospital" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "hospital" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "hospital" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "audit_event" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "audit_event" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "audit_event" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "audit_event" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create or replace function "platform_role_assignment_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', new.staff_member_id::text); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', old.staff_member_id::text); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "platform_role_assignment" for each ROW execute function "platform_role_assignment_access_changed_fn"();`);

    this.addSql(`create policy "trust_insert" on "trust_secret" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "trust_secret" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "trust_secret" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "trust_secret" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "ward" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "ward" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "ward" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "ward" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "visit" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "visit" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "visit" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "visit" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "visit_event" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "visit_event" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "visit_event" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "visit_event" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "notification" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "notification" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "notification" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "notification" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create or replace function "role_assignment_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', new.staff_member_id::text); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', old.staff_member_id::text); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "role_assignment" for each ROW execute function "role_assignment_access_changed_fn"();`);
    this.addSql(`create policy "trust_insert" on "role_assignment" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "role_assignment" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "role_assignment" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "role_assignment" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create or replace function "invitation_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', '*'); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', '*'); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "invitation" for each ROW execute function "invitation_access_changed_fn"();`);
    this.addSql(`create policy "trust_insert" on "invitation" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "invitation" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "invitation" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "invitation" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);

    this.addSql(`create policy "trust_insert" on "ward_feature_flag" for insert with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_update" on "ward_feature_flag" for update using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust)) with check (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_delete" on "ward_feature_flag" for delete using (trust_id = (select nullif(current_setting('app.trust_id', true), '')::uuid as writable_trust));`);
    this.addSql(`create policy "trust_read" on "ward_feature_flag" for select using (trust_id = any (((select string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[] as readable_trusts))::uuid[]));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop policy "trust_read" on "audit_event";`);
    this.addSql(`drop policy "trust_insert" on "audit_event";`);
    this.addSql(`drop policy "trust_update" on "audit_event";`);
    this.addSql(`drop policy "trust_delete" on "audit_event";`);

    this.addSql(`drop policy "trust_read" on "hospital";`);
    this.addSql(`drop policy "trust_insert" on "hospital";`);
    this.addSql(`drop policy "trust_update" on "hospital";`);
    this.addSql(`drop policy "trust_delete" on "hospital";`);

    this.addSql(`drop policy "trust_read" on "invitation";`);
    this.addSql(`drop policy "trust_insert" on "invitation";`);
    this.addSql(`drop policy "trust_update" on "invitation";`);
    this.addSql(`drop policy "trust_delete" on "invitation";`);

    this.addSql(`drop policy "trust_read" on "messaging_pause";`);
    this.addSql(`drop policy "trust_insert" on "messaging_pause";`);
    this.addSql(`drop policy "trust_update" on "messaging_pause";`);
    this.addSql(`drop policy "trust_delete" on "messaging_pause";`);

    this.addSql(`drop policy "trust_read" on "notification";`);
    this.addSql(`drop policy "trust_insert" on "notification";`);
    this.addSql(`drop policy "trust_update" on "notification";`);
    this.addSql(`drop policy "trust_delete" on "notification";`);

    this.addSql(`drop policy "trust_read" on "role_assignment";`);
    this.addSql(`drop policy "trust_insert" on "role_assignment";`);
    this.addSql(`drop policy "trust_update" on "role_assignment";`);
    this.addSql(`drop policy "trust_delete" on "role_assignment";`);

    this.addSql(`drop policy "trust_read" on "trust_feature_flag";`);
    this.addSql(`drop policy "trust_insert" on "trust_feature_flag";`);
    this.addSql(`drop policy "trust_update" on "trust_feature_flag";`);
    this.addSql(`drop policy "trust_delete" on "trust_feature_flag";`);

    this.addSql(`drop policy "trust_read" on "trust_secret";`);
    this.addSql(`drop policy "trust_insert" on "trust_secret";`);
    this.addSql(`drop policy "trust_update" on "trust_secret";`);
    this.addSql(`drop policy "trust_delete" on "trust_secret";`);

    this.addSql(`drop policy "trust_read" on "visit";`);
    this.addSql(`drop policy "trust_insert" on "visit";`);
    this.addSql(`drop policy "trust_update" on "visit";`);
    this.addSql(`drop policy "trust_delete" on "visit";`);

    this.addSql(`drop policy "trust_read" on "visit_event";`);
    this.addSql(`drop policy "trust_insert" on "visit_event";`);
    this.addSql(`drop policy "trust_update" on "visit_event";`);
    this.addSql(`drop policy "trust_delete" on "visit_event";`);

    this.addSql(`drop policy "trust_read" on "ward";`);
    this.addSql(`drop policy "trust_insert" on "ward";`);
    this.addSql(`drop policy "trust_update" on "ward";`);
    this.addSql(`drop policy "trust_delete" on "ward";`);

    this.addSql(`drop policy "trust_read" on "ward_feature_flag";`);
    this.addSql(`drop policy "trust_insert" on "ward_feature_flag";`);
    this.addSql(`drop policy "trust_update" on "ward_feature_flag";`);
    this.addSql(`drop policy "trust_delete" on "ward_feature_flag";`);

    this.addSql(`create policy "trust_write" on "audit_event" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "audit_event" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "hospital" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "hospital" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`drop trigger if exists "access_changed" on "invitation";`);
    this.addSql(`drop function if exists "invitation_access_changed_fn"();`);
    this.addSql(`create policy "trust_write" on "invitation" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "invitation" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "messaging_pause" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "messaging_pause" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "notification" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "notification" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`drop trigger if exists "access_changed" on "platform_invitation";`);
    this.addSql(`drop function if exists "platform_invitation_access_changed_fn"();`);

    this.addSql(`drop trigger if exists "access_changed" on "platform_role_assignment";`);
    this.addSql(`drop function if exists "platform_role_assignment_access_changed_fn"();`);

    this.addSql(`drop trigger if exists "access_changed" on "role_assignment";`);
    this.addSql(`drop function if exists "role_assignment_access_changed_fn"();`);
    this.addSql(`create policy "trust_write" on "role_assignment" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "role_assignment" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`drop trigger if exists "access_changed" on "trust";`);
    this.addSql(`drop function if exists "trust_access_changed_fn"();`);

    this.addSql(`create policy "trust_write" on "trust_feature_flag" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "trust_feature_flag" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "trust_secret" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "trust_secret" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "visit" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "visit" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "visit_event" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "visit_event" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "ward" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "ward" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);

    this.addSql(`create policy "trust_write" on "ward_feature_flag" using (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid) with check (trust_id = nullif(current_setting('app.trust_id', true), '')::uuid);`);
    this.addSql(`create policy "trust_read" on "ward_feature_flag" for select using (trust_id = any (string_to_array(nullif(current_setting('app.trust_ids', true), ''), ',')::uuid[]));`);
  }

}
