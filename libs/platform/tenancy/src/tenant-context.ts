import { AsyncLocalStorage } from 'node:async_hooks';

/** The trust a request or job acts in. */
export interface ActiveTrust {
  readonly trustId: string;
  readonly odsCode: string;
  /** An archived trust: its records may be read, not changed. */
  readonly readOnly?: boolean;
}

export class NoTenantError extends Error {
  constructor() {
    super('No active trust is set for this operation; tenant data cannot be read or written without one');
    this.name = 'NoTenantError';
  }
}

const storage = new AsyncLocalStorage<ActiveTrust>();

/**
 * The active trust of the current request or job. Reading it when none is set throws:
 * there is no "unscoped" fallback.
 */
export const tenantContext = {
  run<T>(trust: ActiveTrust, fn: () => T): T {
    return storage.run(Object.freeze({ ...trust }), fn);
  },
  require(): ActiveTrust {
    const trust = storage.getStore();
    if (!trust) throw new NoTenantError();
    return trust;
  },
  /** For logging and diagnostics only; never for access decisions. */
  peek(): ActiveTrust | undefined {
    return storage.getStore();
  },
};
