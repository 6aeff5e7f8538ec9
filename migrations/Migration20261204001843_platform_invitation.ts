import { Migration } from '@mikro-orm/migrations';

export class Migration20261204001843_platform_invitation extends Migration {

  override name = 'Migration20261204001843_platform_invitation';

  override up(): void | Promise<void> {
    this.addSql(`create table "platform_invitation" ("id" uuid not null, "email" varchar(320) not null, "entra_tenant_id" varchar(36) not null, "role" text not null, "status" text not null default 'pending', "accepted_by_id" uuid null, "accepted_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "platform_invitation_entra_tenant_id_email_status_index" on "platform_invitation" ("entra_tenant_id", "email", "status");`);

    this.addSql(`alter table "platform_invitation" add constraint "platform_invitation_accepted_by_id_foreign" foreign key ("accepted_by_id") references "staff_member" ("id") on delete set null;`);
    this.addSql(`alter table "platform_invitation" add constraint "platform_invitation_role_check" check ("role" in ('platform_admin', 'group_admin', 'trust_admin', 'ward_manager', 'ward_staff', 'reporting_analyst'));`);
    this.addSql(`alter table "platform_invitation" add constraint "platform_invitation_status_check" check ("status" in ('pending', 'accepted', 'revoked'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "platform_invitation" cascade;`);
  }

}
