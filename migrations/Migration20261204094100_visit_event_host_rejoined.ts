import { Migration } from '@mikro-orm/migrations';

export class Migration20261204094100_visit_event_host_rejoined extends Migration {

  override name = 'Migration20261204094100_visit_event_host_rejoined';

  override up(): void | Promise<void> {
    this.addSql(`alter table "visit_event" drop constraint "visit_event_type_check";`);
    this.addSql(`alter table "visit_event" add constraint "visit_event_type_check" check ("type" in ('booked', 'rescheduled', 'rebooked', 'cancelled', 'started', 'visitor_joined', 'visitor_left', 'completed', 'missed', 'message_sent', 'message_failed', 'contact_updated', 'message_resent', 'host_rejoined'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "visit_event" drop constraint "visit_event_type_check";`);
    this.addSql(`alter table "visit_event" add constraint "visit_event_type_check" check ("type" in ('booked', 'rescheduled', 'rebooked', 'cancelled', 'started', 'visitor_joined', 'visitor_left', 'completed', 'missed', 'message_sent', 'message_failed', 'contact_updated', 'message_resent'));`);
  }

}
