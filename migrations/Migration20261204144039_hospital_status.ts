import { Migration } from '@mikro-orm/migrations';

export class Migration20261204144039_hospital_status extends Migration {

  override name = 'Migration20261204144039_hospital_status';

  override up(): void | Promise<void> {
    this.addSql(`alter table "hospital" add "status" text not null default 'active';`);
    this.addSql(`alter table "hospital" add constraint "hospital_status_check" check ("status" in ('active', 'archived'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "hospital" drop constraint "hospital_status_check";`);
    this.addSql(`alter table "hospital" drop column "status";`);
  }

}
