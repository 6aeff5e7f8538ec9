import { Migration } from '@mikro-orm/migrations';

export class Migration20261204084430_platform_invitation_group extends Migration {

  override name = 'Migration20261204084430_platform_invitation_group';

  override up(): void | Promise<void> {
    this.addSql(`alter table "platform_invitation" add "group_id" uuid null;`);
    this.addSql(`alter table "platform_invitation" add constraint "platform_invitation_group_id_foreign" foreign key ("group_id") references "trust_group" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "platform_invitation" drop constraint "platform_invitation_group_id_foreign";`);

    this.addSql(`alter table "platform_invitation" drop column "group_id";`);
  }

}
