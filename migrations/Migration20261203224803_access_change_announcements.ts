import { Migration } from '@mikro-orm/migrations';

export class Migration20261203224803_access_change_announcements extends Migration {

  override name = 'Migration20261203224803_access_change_announcements';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "trust_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', '*'); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', '*'); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "trust" for each ROW execute function "trust_access_changed_fn"();`);

    this.addSql(`create or replace function "platform_role_assignment_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', new.staff_member_id::text); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', old.staff_member_id::text); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "platform_role_assignment" for each ROW execute function "platform_role_assignment_access_changed_fn"();`);

    this.addSql(`create or replace function "role_assignment_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', new.staff_member_id::text); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', old.staff_member_id::text); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "role_assignment" for each ROW execute function "role_assignment_access_changed_fn"();`);

    this.addSql(`create or replace function "invitation_access_changed_fn"() returns trigger as \$\$ begin if tg_op <> 'DELETE' then perform pg_notify('vv_access_changed', '*'); end if; if tg_op <> 'INSERT' then perform pg_notify('vv_access_changed', '*'); end if; return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "access_changed" AFTER INSERT OR UPDATE OR DELETE on "invitation" for each ROW execute function "invitation_access_changed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "access_changed" on "invitation";`);
    this.addSql(`drop function if exists "invitation_access_changed_fn"();`);

    this.addSql(`drop trigger if exists "access_changed" on "platform_role_assignment";`);
    this.addSql(`drop function if exists "platform_role_assignment_access_changed_fn"();`);

    this.addSql(`drop trigger if exists "access_changed" on "role_assignment";`);
    this.addSql(`drop function if exists "role_assignment_access_changed_fn"();`);

    this.addSql(`drop trigger if exists "access_changed" on "trust";`);
    this.addSql(`drop function if exists "trust_access_changed_fn"();`);
  }

}
