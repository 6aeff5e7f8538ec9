import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that every log line of a request or job carries. Ids only: never names, numbers or addresses. */
export interface LogContext {
  requestId?: string;
  trust?: string;
  staffId?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export const logContext = {
  run<T>(context: LogContext, fn: () => T): T {
    return storage.run({ ...context }, fn);
  },
  /** Adds ids to the current context (for example the trust, once the request is authenticated). */
  assign(values: Partial<LogContext>): void {
    const current = storage.getStore();
    if (current) Object.assign(current, values);
  },
  current(): LogContext {
    return storage.getStore() ?? {};
  },
};
