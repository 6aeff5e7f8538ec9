import { openDatabase } from './database-connection';

/** Applies pending migrations as the schema owner. Run by hand or as a release step, never at API boot in production. */
export async function migrate(direction: 'up' | 'down' = 'up'): Promise<void> {
  const db = await openDatabase('migrate');
  try {
    const applied = direction === 'up' ? await db.orm.migrator.up() : await db.orm.migrator.down();
    console.log(applied.length ? `${direction === 'up' ? 'Applied' : 'Reverted'}: ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date.');
  } finally {
    await db.close();
  }
}
