import { Controller, Get, HttpCode, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { TenantDatabase } from '@vv/platform/database';
import { JOB_QUEUE, type JobQueue } from '@vv/platform/queue';
import { Access } from '@vv/platform/access';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { WorkMonitor } from './work-monitor';

interface HealthResponse {
  status(code: number): HealthResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/** Each check gives up after this long, so readiness answers within a few seconds whatever is down. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

/**
 * Liveness says the process answers; readiness says it can do its work: the database
 * reached as the application role (what every request does) and the queue reached, so a
 * load balancer stops sending requests to an instance that cannot. `work` says whether the
 * background work runs: a worker beat recently and no trust's messages wait too long.
 */
@Controller('health')
@Access.public('load balancers and orchestrators probe it; it reveals no personal data')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(WorkMonitor) private readonly work: WorkMonitor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: HealthResponse): Promise<void> {
    await this.answer(res, [
      // the same path as every request: a transaction that takes the application role
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            try {
              await this.db.platform((em) => em.execute('select 1'));
            } catch (error) {
              // the detail goes to the log, not to whoever probes
              this.logger.warn({ check: 'database', error: error instanceof Error ? error.message : 'unknown' }, 'readiness: database check failed');
              throw new Error('the database cannot be reached as the application role');
            }
          })
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('queue')
          .attempt(async () => {
            if (!(await this.queue.isHealthy())) throw new Error('queue unreachable');
            return { kind: this.queue.kind };
          })
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
    ]);
  }

  @Get('work')
  async background(@Res() res: HealthResponse): Promise<void> {
    const report = this.work.report();
    report.catch(() => undefined); // read by both checks below; a failure shows in each
    await this.answer(res, [
      () =>
        this.indicators
          .check('workers')
          .attempt(async () => {
            const { workers } = await report;
            if (workers.alive === 0) throw new Error(`no worker has beaten in the last ${workers.staleAfterSeconds} s (last beat ${workers.lastBeatSecondsAgo ?? 'never'} s ago)`);
            return workers;
          })
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('messages')
          .attempt(async () => {
            const { messages } = await report;
            if (messages.late.length) throw new Error(`messages of ${messages.late.map((t) => t.trust).join(', ')} have waited longer than ${messages.waitLimitSeconds} s`);
            return { waitLimitSeconds: messages.waitLimitSeconds };
          })
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
    ]);
  }

  private async answer(res: HealthResponse, checks: HealthIndicatorFunction[]): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      res.status(200).json(await this.health.check(checks));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503).json(error.getResponse());
    }
  }
}
