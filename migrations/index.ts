import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121103307_initial_schema } from './Migration20261121103307_initial_schema';
import { Migration20261203224803_access_change_announcements } from './Migration20261203224803_access_change_announcements';

/** The database's history, oldest first. `npm run db:migration:create` adds to it. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261121103307_initial_schema', class: Migration20261121103307_initial_schema },
  { name: 'Migration20261203224803_access_change_announcements', class: Migration20261203224803_access_change_announcements },
];
