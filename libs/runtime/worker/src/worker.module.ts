import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { MigrationObject } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@vv/platform/config';
import { DatabaseModule, TenantDatabase } from '@vv/platform/database';
import { LoggerModule } from '@vv/platform/logger';
import { JOB_QUEUE, QueueModule, registerWorkerHeartbeat, type JobQueue } from '@vv/platform/queue';
import { QUEUE_NAMES } from '@vv/contracts';
import { domainEntities } from '@vv/domain/entities';

export interface WorkerModuleOptions {
  config: AppConfig;
  logger: Logger;
  databaseUrl: string;
  migrations?: MigrationObject[];
  queue?: JobQueue;
  /** Shared with the other process's modules when the API and worker run in one process. */
  orm?: MikroORM;
}

/** Registers every job handler and schedule, then starts taking jobs. */
class WorkerJobs implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await registerWorkerHeartbeat(this.queue, this.db, this.config.WORKER_HEARTBEAT_SECONDS);
    await this.queue.startWorking({ concurrency: 10 });
  }
}

/** The worker process: queue consumers and schedules. No HTTP. */
@Module({})
export class WorkerModule {
  static register(options: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(options.logger),
        DatabaseModule.forRoot({
          clientUrl: options.databaseUrl,
          entities: domainEntities,
          migrations: options.migrations,
          poolSize: options.config.DATABASE_POOL_SIZE,
          shared: options.orm,
        }),
        QueueModule.forRoot({ redisUrl: options.config.REDIS_URL, redisPrefix: options.config.REDIS_QUEUE_PREFIX, queueName: QUEUE_NAMES.maintenance, shared: options.queue }),
      ],
      providers: [WorkerJobs],
    };
  }
}
