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
import { VISIT_MESSAGES, VisitsModule, type VisitSettings } from '@vv/domain/visits';
import { NotificationOutbox, NotificationsModule, type NotificationSettings } from '@vv/domain/notifications';
import { SecretBox } from '@vv/platform/auth';

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
  /** Listen for access changes so callers can be remembered between requests (default true; off for the embedded database). */
  changeFeed?: boolean;
  /** The clock visits run on; tests move it. */
  clock?: () => Date;
}

/** What visits need from the deployment: where families are sent, Whereby's API, the trusts' secrets. */
export function visitSettings(options: ProcessOptions): VisitSettings {
  const { config } = options;
  return {
    secretBox: secretBoxFor(config),
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
      changeFeed: options.changeFeed,
    }),
    QueueModule.forRoot({
      redisUrl: options.config.REDIS_URL,
      redisPrefix: options.config.REDIS_QUEUE_PREFIX,
      queueName: QUEUE_NAMES.maintenance,
      shared: options.queue,
    }),
  ];
}

/** What messaging needs from the deployment. */
export function notificationSettings(options: ProcessOptions): NotificationSettings {
  const { config } = options;
  return {
    secretBox: secretBoxFor(config),
    notifyBaseUrl: config.NOTIFY_API_URL,
    ratePerMinute: config.NOTIFY_RATE_PER_MINUTE,
    notifyTimeoutMs: config.NOTIFY_TIMEOUT_MS,
    publicBaseUrl: visitSettings(options).publicBaseUrl,
    secret: (name) => process.env[name] || undefined,
    now: options.clock ?? (() => new Date()),
  };
}

/** Visits and the messages their changes send, wired together (the visit change writes the outbox in its transaction). */
export function visitModules(options: ProcessOptions, http: boolean): DynamicModule[] {
  const notifications = NotificationsModule.register(notificationSettings(options), { http });
  const visits = VisitsModule.register(visitSettings(options), {
    http,
    imports: [notifications],
    messages: [{ provide: VISIT_MESSAGES, useExisting: NotificationOutbox }],
  });
  return [notifications, visits];
}

function secretBoxFor(config: ProcessOptions['config']): SecretBox {
  return config.SECRETS_ENCRYPTION_KEY ? new SecretBox(config.SECRETS_ENCRYPTION_KEY) : SecretBox.forDevelopment();
}
