/**
 * Jobs carry ids only, never personal data; handlers must be safe to run twice.
 * Two implementations: BullMQ on Redis for real deployments (jobs survive restarts and
 * are shared between worker replicas), and in-process for a laptop without Redis.
 */
export type JobHandler<T> = (payload: T, meta: { jobId: string; attempt: number }) => Promise<void>;

export interface EnqueueOptions {
  /** Same id, same job: a second add with an id already queued is ignored. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface JobQueue {
  readonly kind: 'redis' | 'in-process';
  add<T extends object>(name: string, payload: T, options?: EnqueueOptions): Promise<void>;
  /** Runs `name` every `everyMs`; one schedule per id across all workers. */
  schedule<T extends object>(scheduleId: string, name: string, everyMs: number, payload: T): Promise<void>;
  /** Registers the handler; only worker processes call this. */
  handle<T>(name: string, handler: JobHandler<T>): void;
  startWorking(options: { concurrency: number }): Promise<void>;
  isHealthy(): Promise<boolean>;
  /** Jobs by state (waiting, active, delayed, failed), for metrics. */
  counts(): Promise<Record<string, number>>;
  /** Stops taking jobs, lets running ones finish, then disconnects. */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

const JOB_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Job ids are record ids and names: letters, digits, dots, dashes, underscores (Redis keys use ':'). */
export function assertJobId(jobId: string | undefined): void {
  if (jobId !== undefined && !JOB_ID.test(jobId)) throw new Error('A job id may hold only letters, digits, dots, dashes and underscores');
}
