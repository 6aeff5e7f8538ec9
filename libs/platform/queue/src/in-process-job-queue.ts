import type { Logger } from '@vv/platform/logger';
import { logContext } from '@vv/platform/logger';
import { RetryLaterError } from './retry-later.error';
import { assertJobId, type EnqueueOptions, type JobHandler, type JobQueue } from './job-queue';

/**
 * Jobs run inside this process, for `npm start` without Redis. Same contract as the
 * Redis queue (ids deduplicate, failed jobs retry with backoff), but jobs do not
 * survive a restart: never for production.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private working = false;
  private closed = false;
  private sequence = 0;

  constructor(private readonly logger: Logger) {}

  async add<T extends object>(name: string, payload: T, options: EnqueueOptions = {}): Promise<void> {
    assertJobId(options.jobId);
    const jobId = options.jobId ?? `${name}.${++this.sequence}`;
    if (this.pending.has(jobId) || this.closed) return;
    this.pending.add(jobId);
    this.later(options.delayMs ?? 0, () => this.run(name, payload, jobId, 1, options.attempts ?? 5));
  }

  async schedule<T extends object>(scheduleId: string, name: string, everyMs: number, payload: T): Promise<void> {
    const tick = () => {
      if (this.closed) return;
      void this.add(name, payload, { jobId: `${scheduleId}.${Date.now()}` });
      this.later(everyMs, tick);
    };
    this.later(everyMs, tick);
  }

  handle<T>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  async startWorking(): Promise<void> {
    this.working = true;
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async counts(): Promise<Record<string, number>> {
    return { waiting: this.pending.size - this.running.size, active: this.running.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private later(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private run(name: string, payload: unknown, jobId: string, attempt: number, attempts: number): void {
    if (this.closed) return;
    const handler = this.handlers.get(name);
    if (!this.working || !handler) {
      this.later(1000, () => this.run(name, payload, jobId, attempt, attempts));
      return;
    }
    const execution = logContext
      .run({ jobId }, () => handler(payload, { jobId, attempt }))
      .then(
        () => {
          this.pending.delete(jobId);
        },
        (error: unknown) => {
          if (error instanceof RetryLaterError) {
            this.later(error.delayMs, () => this.run(name, payload, jobId, attempt, attempts));
            return;
          }
          this.logger.warn({ jobId, job: name, attempt, error: error instanceof Error ? error.name : 'unknown' }, 'job failed');
          if (attempt < attempts) this.later(1000 * 2 ** (attempt - 1), () => this.run(name, payload, jobId, attempt + 1, attempts));
          else {
            this.pending.delete(jobId);
          }
        },
      )
      .finally(() => this.running.delete(execution));
    this.running.add(execution);
  }
}
