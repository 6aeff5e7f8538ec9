import { loadAppConfig } from '@vv/platform/config';
import { createLogger, stopOnSignals } from '@vv/platform/logger';
import { createApi } from '@vv/runtime/api';

/** The API process for deployments: DATABASE_URL and REDIS_URL point at real servers; migrations ran as a release step. */
const config = loadAppConfig();
const logger = createLogger({ level: config.LOG_LEVEL, service: 'api' });
if (!config.DATABASE_URL) {
  logger.fatal('DATABASE_URL is not set; use `npm start` for the embedded database');
  process.exit(1);
}
const app = await createApi({ config, logger, databaseUrl: config.DATABASE_URL });
await app.listen(config.PORT, config.HOST);
stopOnSignals(logger, () => app.close());
logger.info({ port: config.PORT }, `GraphQL endpoint at http://${config.HOST}:${config.PORT}/graphql`);
