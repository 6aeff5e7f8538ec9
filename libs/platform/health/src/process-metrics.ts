import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { JOB_QUEUE, type JobQueue } from '@vv/platform/queue';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { METRICS, type Metrics } from './metrics';
import { startMetricsServer } from './metrics-server';
import { MESSAGE_BACKLOG, WORK_CLOCK, WorkMonitor, type MessageBacklogSource } from './work-monitor';

export interface MetricsServerOptions {
  /** The private port `/metrics` is served on; none means no server (the registry still counts). */
  port?: number;
  host: string;
  /** What `/health/live` on that port answers (the worker: its own heartbeat ran lately). */
  live?: () => boolean;
}
export const METRICS_SERVER_OPTIONS = Symbol('METRICS_SERVER_OPTIONS');

/**
 * The gauges read at scrape time: the database pool, the queue, worker heartbeats, and
 * messages by trust (waiting, the oldest one's age, the last day's by status). Starts the
 * private metrics server when a port is set.
 */
@Injectable()
export class ProcessMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(METRICS_SERVER_OPTIONS) private readonly options: MetricsServerOptions,
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(WorkMonitor) private readonly work: WorkMonitor,
    @Inject(WORK_CLOCK) private readonly now: () => Date,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(MESSAGE_BACKLOG) private readonly backlog?: MessageBacklogSource,
  ) {
    metrics.gauge('vv_db_pool_connections', "This process's database connections by state (in use, idle, requests waiting for one)", ['state'], async () => {
      const pool = (await this.orm.em.getConnection().getNativeClient()) as unknown as Pool;
      return [
        { labels: { state: 'in_use' }, value: pool.totalCount - pool.idleCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ];
    });
    metrics.gauge('vv_queue_jobs', 'Jobs in the queue by state', ['state'], async () =>
      Object.entries(await this.queue.counts()).map(([state, value]) => ({ labels: { state }, value })),
    );
    metrics.gauge('vv_workers_alive', 'Workers that beat within three heartbeat intervals', [], async () => {
      const ages = await this.work.heartbeatAges();
      return [{ labels: {}, value: ages.filter((age) => age <= this.work.staleAfterSeconds).length }];
    });
    metrics.gauge('vv_worker_last_heartbeat_age_seconds', 'Seconds since any worker last beat', [], async () => {
      const [newest] = await this.work.heartbeatAges();
      return newest === undefined ? [] : [{ labels: {}, value: newest }];
    });
    metrics.gauge('vv_messages_waiting', 'Messages due and not yet sent, by trust', ['trust'], async () =>
      (await this.work.waitingMessages()).map((t) => ({ labels: { trust: t.trust }, value: t.waiting })),
    );
    metrics.gauge('vv_messages_oldest_waiting_seconds', "Age of each trust's oldest message due and not yet sent", ['trust'], async () =>
      (await this.work.waitingMessages()).map((t) => ({ labels: { trust: t.trust }, value: t.oldestWaitingSeconds })),
    );
    metrics.gauge('vv_messages_last_day', 'Messages due in the last 24 hours, by trust and status', ['trust', 'status'], async () =>
      ((await this.backlog?.recentByStatus?.(this.now())) ?? []).map((row) => ({ labels: { trust: row.trust, status: row.status }, value: row.count })),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.port === undefined) return;
    this.server = await startMetricsServer(this.metrics, { port: this.options.port, host: this.options.host, live: this.options.live });
    this.logger.info({ port: this.options.port }, 'metrics served on the private port');
  }

  /** Where the metrics server listens (tests ask for port 0). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
