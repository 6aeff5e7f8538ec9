import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadAppConfig } from '@vv/platform/config';
import { createOrmConfig, startEmbeddedPostgres } from '@vv/platform/database';
import { domainEntities } from '@vv/domain/entities';
import { migrations } from '../../../migrations';

export const EMBEDDED_DATA_DIR = process.env.EMBEDDED_DATA_DIR ?? '.data/pglite';

/**
 * Opens the ORM for a command-line task: against DATABASE_URL (or the migration URL, for
 * schema work), or in development without one, against the embedded database.
 */
export async function openDatabase(purpose: 'migrate' | 'app'): Promise<{ orm: MikroORM; close(): Promise<void> }> {
  const config = loadAppConfig(process.env, purpose === 'migrate' ? 'migrate' : 'cli');
  const serverUrl = purpose === 'migrate' ? (config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL) : config.DATABASE_URL;
  const embedded = serverUrl ? undefined : await startEmbeddedPostgres(EMBEDDED_DATA_DIR);
  const orm = await MikroORM.init(
    createOrmConfig({
      clientUrl: serverUrl ?? embedded!.url,
      entities: domainEntities,
      migrations,
      poolSize: embedded ? 1 : config.DATABASE_POOL_SIZE,
    }),
  );
  return {
    orm,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
