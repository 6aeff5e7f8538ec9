import { Migration } from '@mikro-orm/migrations';

export class Migration20261203233842_visit_start_claim_notification_attempt extends Migration {

  override name = 'Migration20261203233842_visit_start_claim_notification_attempt';

  override up(): void | Promise<void> {
    this.addSql(`alter table "visit" add "start_claimed_until" timestamptz null;`);

    this.addSql(`alter table "notification" add "attempted_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notification" drop column "attempted_at";`);

    this.addSql(`alter table "visit" drop column "start_claimed_until";`);
  }

}
