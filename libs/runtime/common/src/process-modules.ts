import type { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { MigrationObject } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigModule, type AppConfig } from '@vv/platform/config';
import { DatabaseModule } from '@vv/platform/database';
import { LoggerModule } from '@vv/platform/logger';
import { QueueModule, type JobQueue } from '@vv/platform/queue';
import { QUEUE_NAMES } from '@vv/contracts';
import { domainEntities } from '@vv/domain/entities';
import type { VisitSettings } from '@vv/domain/visits';

/** What every process of the product is given when it starts. */
export interface ProcessOptions {
  config: AppConfig;
  logger: Logger;
  databaseUrl: string;
  migrations?: MigrationObject[];
  /** Shared with an in-process worker when running without Redis. */
  queue?: JobQueue;
  /** Shared between the API and worker when they run in one process (`npm start`). */
  orm?: MikroORM;
  /** Told of every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** The clock visits run on; tests move it. */
  clock?: () => Date;
}

/** What visits need from the deployment: where families are sent, Whereby's API, the trusts' secrets. */
export function visitSettings(options: ProcessOptions): VisitSettings {
  const { config } = options;
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`,
    wherebyApiUrl: config.WHEREBY_API_URL,
    // a trust's settings name the environment variable; the value is read when needed, never stored
    secret: (name) => process.env[name] || undefined,
    now: options.clock ?? (() => new Date()),
  };
}

/** Configuration, logging, the database and the job queue: the same for the API and the worker. */
export function processModules(options: ProcessOptions): DynamicModule[] {
  return [
    ConfigModule.forRoot(options.config),
    LoggerModule.forRoot(options.logger),
    DatabaseModule.forRoot({
      clientUrl: options.databaseUrl,
      entities: domainEntities,
      migrations: options.migrations,
      poolSize: options.config.DATABASE_POOL_SIZE,
      shared: options.orm,
      onQuery: options.onQuery,
    }),
    QueueModule.forRoot({
      redisUrl: options.config.REDIS_URL,
      redisPrefix: options.config.REDIS_QUEUE_PREFIX,
      queueName: QUEUE_NAMES.maintenance,
      shared: options.queue,
    }),
  ];
}
