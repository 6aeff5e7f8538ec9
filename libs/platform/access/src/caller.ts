import { ForbiddenError } from '@vv/contracts';
import type { ActiveTrust } from '@vv/platform/tenancy';
import type { AppAbility, HeldRole } from './ability';

/**
 * Who is asking, in which trust, and what they may do there. Built per request from the
 * caller's role assignments; services take it as their first argument.
 */
export interface Caller {
  readonly staffId: string;
  /** The active trust: named by X-Trust, or the only trust the caller has roles in. */
  readonly trust?: ActiveTrust;
  readonly roles: readonly HeldRole[];
  readonly ability: AppAbility;
}

/** Request properties authentication sets. */
export const CALLER_KEY = 'caller';

/** Resolves the caller of a request (token, staff member, roles, active trust); provided by the staff domain. */
export interface CallerResolver {
  resolve(request: { headers: Record<string, string | string[] | undefined> }): Promise<Caller | undefined>;
}
export const CALLER_RESOLVER = Symbol('CALLER_RESOLVER');

/** The caller's active trust, or FORBIDDEN asking them to name one. */
export function requireActiveTrust(caller: Caller): ActiveTrust {
  if (!caller.trust) throw new ForbiddenError('Choose a trust with the X-Trust header');
  return caller.trust;
}
