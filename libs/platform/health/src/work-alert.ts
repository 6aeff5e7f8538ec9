import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { WorkMonitor, type WorkReport } from './work-monitor';

/** While the work stays stopped, the alert is repeated this often. */
const REPEAT_MS = 15 * 60_000;

/**
 * Checks the background work every heartbeat interval from the API process (which lives
 * on when every worker is dead) and logs an `ALERT` when no worker beats or messages wait
 * too long, again every 15 minutes while it lasts, and a line when it recovers.
 */
@Injectable()
export class WorkAlert implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private alertedAt?: number;

  constructor(
    @Inject(WorkMonitor) private readonly monitor: WorkMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // the first check waits for the workers' first beats
    this.timer = setInterval(() => void this.check().catch(() => undefined), this.config.WORKER_HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One check; returns what it found. */
  async check(): Promise<WorkReport> {
    const report = await this.monitor.report();
    const now = Date.now();
    if (report.ok) {
      if (this.alertedAt !== undefined) this.logger.info({ alert: 'background_work', workers: report.workers.alive }, 'background work has recovered');
      this.alertedAt = undefined;
      return report;
    }
    if (this.alertedAt === undefined || now - this.alertedAt >= REPEAT_MS) {
      this.alertedAt = now;
      if (report.workers.alive === 0) {
        this.logger.error(
          { alert: 'no_worker', lastBeatSecondsAgo: report.workers.lastBeatSecondsAgo },
          'ALERT: no worker has beaten recently; jobs and messages are not being processed',
        );
      }
      for (const late of report.messages.late) {
        this.logger.error(
          { alert: 'messages_waiting', trust: late.trust, waiting: late.waiting, oldestWaitingSeconds: Math.round(late.oldestWaitingSeconds) },
          "ALERT: a trust's messages are waiting longer than they should",
        );
      }
    }
    return report;
  }
}
