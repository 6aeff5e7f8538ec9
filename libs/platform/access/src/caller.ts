import type { ActiveTrust } from '@vv/platform/tenancy';

/**
 * Who is asking, in which trust. Built per request by authentication; services take it as
 * their first argument. `trust` is absent only for people whose roles are all above trust
 * level (platform, or a group without a chosen trust).
 */
export interface Caller {
  readonly staffId: string;
  readonly trust?: ActiveTrust;
}

/** The request property authentication sets. */
export const CALLER_KEY = 'caller';
