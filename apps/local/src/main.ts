import { MikroORM } from '@mikro-orm/postgresql';
import { loadAppConfig } from '@vv/platform/config';
import { createOrmConfig, startEmbeddedPostgres, TenantDatabase } from '@vv/platform/database';
import { createLogger, stopOnSignals } from '@vv/platform/logger';
import { InProcessJobQueue } from '@vv/platform/queue';
import { domainEntities } from '@vv/domain/entities';
import { syncTenantDirectory } from '@vv/domain/onboarding';
import { createApi } from '@vv/runtime/api';
import { createWorker } from '@vv/runtime/worker';
import { migrations } from '../../../migrations';

/**
 * `npm start`: the whole product on one machine with nothing installed but Node. Without
 * DATABASE_URL it runs on embedded PostgreSQL (data kept in .data/pglite); without
 * REDIS_URL the worker's jobs run in this process. Applies migrations and loads the demo
 * trusts from tenants/. Development only.
 */
const config = loadAppConfig();
const logger = createLogger({ level: config.LOG_LEVEL, service: 'local' });
if (config.NODE_ENV === 'production') {
  logger.fatal('npm start is for development; run the api and worker images in production');
  process.exit(1);
}

const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(process.env.EMBEDDED_DATA_DIR ?? '.data/pglite');
const databaseUrl = config.DATABASE_URL ?? embedded!.url;
const orm = await MikroORM.init(
  createOrmConfig({ clientUrl: databaseUrl, entities: domainEntities, migrations, poolSize: embedded ? 1 : config.DATABASE_POOL_SIZE }),
);
const applied = await orm.migrator.up();
logger.info({ applied: applied.length }, 'database schema is up to date');
const synced = await syncTenantDirectory(new TenantDatabase(orm), 'tenants', { dryRun: false });
logger.info({ trusts: synced.trusts, changes: synced.changes.length }, 'demo trusts loaded from tenants/');

const queue = config.REDIS_URL ? undefined : new InProcessJobQueue(logger);
const worker = await createWorker({ config, logger, databaseUrl, orm, queue });
await worker.init();
const api = await createApi({ config, logger, databaseUrl, orm, queue });
await api.listen(config.PORT, config.HOST);

const where = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
console.log(`\nVirtual Visits is running.\n  GraphQL endpoint: ${where}/graphql\n  Health:           ${where}/health/ready\n  Database:         ${embedded ? 'embedded PostgreSQL (.data/pglite)' : 'DATABASE_URL'}\n  Jobs:             ${queue ? 'in this process (no REDIS_URL)' : 'Redis (REDIS_URL)'}\n`);

stopOnSignals(logger, async () => {
  await api.close();
  await worker.close();
  await orm.close();
  await embedded?.stop();
});
