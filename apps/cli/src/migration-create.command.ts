import { readdirSync, writeFileSync } from 'node:fs';
import { openDatabase } from './database-connection';

/** Generates a migration from the difference between the entities and the schema snapshot, then lists it. */
export async function createMigration(name?: string): Promise<void> {
  const db = await openDatabase('migrate');
  try {
    const result = await db.orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) {
      console.log('No schema changes: nothing to generate.');
      return;
    }
    console.log(`Wrote migrations/${result.fileName}: review it, then commit it with the updated snapshot.`);
  } finally {
    await db.close();
  }
  writeMigrationIndex();
}

function writeMigrationIndex(): void {
  const files = readdirSync('migrations')
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .sort();
  const names = files.map((file) => file.replace(/\.ts$/, ''));
  const source = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    '/** The database\'s history, oldest first. `npm run db:migration:create` adds to it. */',
    'export const migrations: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ].join('\n');
  writeFileSync('migrations/index.ts', source);
}
