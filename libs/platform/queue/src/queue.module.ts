import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@vv/platform/logger';
import { LOGGER } from '@vv/platform/logger';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JOB_QUEUE, type JobQueue } from './job-queue';

export interface QueueModuleOptions {
  redisUrl?: string;
  redisPrefix?: string;
  queueName: string;
  /** An already-running queue to share, e.g. one in-process queue for the API and worker in one process. */
  shared?: JobQueue;
}

export function createJobQueue(options: QueueModuleOptions, logger: Logger): JobQueue {
  if (options.shared) return options.shared;
  return options.redisUrl ? new BullMqJobQueue(options.redisUrl, options.queueName, logger, options.redisPrefix) : new InProcessJobQueue(logger);
}

@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      providers: [{ provide: JOB_QUEUE, useFactory: (logger: Logger) => createJobQueue(options, logger), inject: [LOGGER] }],
      exports: [JOB_QUEUE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
