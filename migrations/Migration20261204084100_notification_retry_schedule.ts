import { Migration } from '@mikro-orm/migrations';

export class Migration20261204084100_notification_retry_schedule extends Migration {

  override name = 'Migration20261204084100_notification_retry_schedule';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notification" add "retry_at" timestamptz null, add "look_up_after" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notification" drop column "retry_at", drop column "look_up_after";`);
  }

}
