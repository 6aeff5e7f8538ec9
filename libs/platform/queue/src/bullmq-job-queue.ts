import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { RetryLaterError } from './retry-later.error';
import { Redis } from 'ioredis';
import type { Logger } from '@vv/platform/logger';
import { logContext } from '@vv/platform/logger';
import { assertJobId, type EnqueueOptions, type JobHandler, type JobQueue } from './job-queue';

/** How long a job's lock lasts without renewal: a dead worker's job is taken up again after it. */
export const JOB_LOCK_MS = 5_000;
/** How often each worker looks for jobs whose worker has died. */
export const STALLED_CHECK_MS = 2_000;

export class BullMqJobQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private worker?: Worker;
  private readonly schedules = new Map<string, { name: string; everyMs: number; payload: object }>();
  private scheduleRefresh?: NodeJS.Timeout;

  constructor(
    redisUrl: string,
    private readonly queueName: string,
    private readonly logger: Logger,
    private readonly prefix = 'vv',
  ) {
    // BullMQ needs maxRetriesPerRequest: null so blocking commands wait out a Redis restart
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn({ error: error.message }, 'Redis connection problem'));
    this.queue = new Queue(queueName, { connection: this.connection, prefix });
    // the connection's own listener above logs the problem once, as JSON; without a listener BullMQ prints it raw
    this.queue.on('error', () => undefined);
  }

  async add<T extends object>(name: string, payload: T, options: EnqueueOptions = {}): Promise<void> {
    assertJobId(options.jobId);
    await this.queue.add(name, payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async schedule<T extends object>(scheduleId: string, name: string, everyMs: number, payload: T): Promise<void> {
    this.schedules.set(scheduleId, { name, everyMs, payload });
    await this.upsertSchedule(scheduleId);
    if (!this.scheduleRefresh) {
      // Schedules live only in Redis: if Redis comes back empty (restart, failover, flush) they
      // would be gone until a worker restarted, and with them the sweeper that finds lost jobs.
      // Upserting is idempotent, so every worker re-asserts its schedules now and then.
      this.scheduleRefresh = setInterval(() => void this.reassertSchedules(), 30_000);
      this.scheduleRefresh.unref();
      this.connection.on('ready', () => void this.reassertSchedules());
    }
  }

  private async reassertSchedules(): Promise<void> {
    for (const id of this.schedules.keys()) {
      await this.upsertSchedule(id).catch((error: Error) => this.logger.warn({ schedule: id, error: error.name }, 'could not re-assert a schedule'));
    }
  }

  private async upsertSchedule(scheduleId: string): Promise<void> {
    const { name, everyMs, payload } = this.schedules.get(scheduleId)!;
    await this.queue.upsertJobScheduler(scheduleId, { every: everyMs }, { name, data: payload, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  handle<T>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  async startWorking(options: { concurrency: number }): Promise<void> {
    this.worker = new Worker(
      this.queueName,
      (job: Job, token?: string) =>
        logContext.run({ jobId: job.id }, async () => {
          const handler = this.handlers.get(job.name);
          if (!handler) throw new Error(`No handler for job ${job.name}`);
          try {
            await handler(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
          } catch (error) {
            if (!(error instanceof RetryLaterError)) throw error;
            // back to the delayed set without counting as a failed attempt
            await job.moveToDelayed(Date.now() + error.delayMs, token);
            throw new DelayedError();
          }
        }),
      {
        connection: this.connection.duplicate(),
        prefix: this.prefix,
        concurrency: options.concurrency,
        // a worker killed mid-job holds its job's lock no longer than this: with a check every
        // STALLED_CHECK_MS another worker takes the job up within about 7 s (BullMQ renews the
        // lock of a live worker's job every half of it). Handlers are safe to run twice.
        lockDuration: JOB_LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        // a worker killed mid-job leaves it stalled; retry it rather than fail it
        maxStalledCount: 10,
      },
    );
    this.worker.on('error', (error) => this.logger.warn({ error: error.message }, 'queue worker problem'));
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, error: error.name }, 'job failed'),
    );
    await this.worker.waitUntilReady();
  }

  /** Answers at once while disconnected (commands would wait for a reconnection), and within a second otherwise. */
  async isHealthy(): Promise<boolean> {
    if (this.connection.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 1000)));
      return (await Promise.race([this.connection.ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async counts(): Promise<Record<string, number>> {
    if (this.connection.status !== 'ready') throw new Error('Redis is not connected');
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  }

  async close(): Promise<void> {
    clearInterval(this.scheduleRefresh);
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }
}
