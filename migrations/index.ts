import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121103307_initial_schema } from './Migration20261121103307_initial_schema';
import { Migration20261203225110_visit_history_contact_and_resend } from './Migration20261203225110_visit_history_contact_and_resend';
import { Migration20261203233842_visit_start_claim_notification_attempt } from './Migration20261203233842_visit_start_claim_notification_attempt';
import { Migration20261204001843_platform_invitation } from './Migration20261204001843_platform_invitation';
import { Migration20261204005223_access_changes_and_per_command_policies } from './Migration20261204005223_access_changes_and_per_command_policies';
import { Migration20261204080227_day_stats_rollups } from './Migration20261204080227_day_stats_rollups';
import { Migration20261204084100_notification_retry_schedule } from './Migration20261204084100_notification_retry_schedule';
import { Migration20261204084430_platform_invitation_group } from './Migration20261204084430_platform_invitation_group';
import { Migration20261204094000_console_sessions } from './Migration20261204094000_console_sessions';
import { Migration20261204094100_visit_event_host_rejoined } from './Migration20261204094100_visit_event_host_rejoined';
import { Migration20261204144039_hospital_status } from './Migration20261204144039_hospital_status';
import { Migration20261204185806_day_stats_duration_histogram } from './Migration20261204185806_day_stats_duration_histogram';

/** The database's history, oldest first. `npm run db:migration:create` adds to it. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261121103307_initial_schema', class: Migration20261121103307_initial_schema },
  { name: 'Migration20261203225110_visit_history_contact_and_resend', class: Migration20261203225110_visit_history_contact_and_resend },
  { name: 'Migration20261203233842_visit_start_claim_notification_attempt', class: Migration20261203233842_visit_start_claim_notification_attempt },
  { name: 'Migration20261204001843_platform_invitation', class: Migration20261204001843_platform_invitation },
  { name: 'Migration20261204005223_access_changes_and_per_command_policies', class: Migration20261204005223_access_changes_and_per_command_policies },
  { name: 'Migration20261204080227_day_stats_rollups', class: Migration20261204080227_day_stats_rollups },
  { name: 'Migration20261204084100_notification_retry_schedule', class: Migration20261204084100_notification_retry_schedule },
  { name: 'Migration20261204084430_platform_invitation_group', class: Migration20261204084430_platform_invitation_group },
  { name: 'Migration20261204094000_console_sessions', class: Migration20261204094000_console_sessions },
  { name: 'Migration20261204094100_visit_event_host_rejoined', class: Migration20261204094100_visit_event_host_rejoined },
  { name: 'Migration20261204144039_hospital_status', class: Migration20261204144039_hospital_status },
  { name: 'Migration20261204185806_day_stats_duration_histogram', class: Migration20261204185806_day_stats_duration_histogram },
];
