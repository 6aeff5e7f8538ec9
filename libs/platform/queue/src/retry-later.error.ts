/**
 * Thrown by a job handler that cannot proceed yet (a rate limit, a paused service): the job
 * runs again after `delayMs` without using up one of its retries.
 */
export class RetryLaterError extends Error {
  constructor(readonly delayMs: number) {
    super(`retry in ${Math.round(delayMs / 1000)} s`);
    this.name = 'RetryLaterError';
  }
}
