import { loadAppConfig } from '@vv/platform/config';
import { createLogger, stopOnSignals } from '@vv/platform/logger';
import { createWorker } from '@vv/runtime/worker';

/** The worker process for deployments. SIGTERM stops taking jobs, lets running ones finish, then exits. */
const config = loadAppConfig(process.env, 'worker');
const logger = createLogger({ level: config.LOG_LEVEL, service: 'worker' });
if (!config.DATABASE_URL || !config.REDIS_URL) {
  logger.fatal('DATABASE_URL and REDIS_URL must be set; use `npm start` to run everything locally');
  process.exit(1);
}
const worker = await createWorker({ config, logger, databaseUrl: config.DATABASE_URL });
await worker.init();
stopOnSignals(logger, () => worker.close());
logger.info('Worker is taking jobs');
