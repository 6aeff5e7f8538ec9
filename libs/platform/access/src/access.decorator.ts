import { SetMetadata } from '@nestjs/common';
import type { Action, SubjectName } from './role-permissions';

export const ACCESS_RULE = 'vv:access-rule';

/** One thing a role may do: an action on a subject of `ROLE_GRANTS`. */
export interface Permission {
  readonly action: Action;
  readonly subject: SubjectName;
}

/**
 * What a caller without the permission is told, when the guard refuses them before the
 * operation runs:
 * - `forbidden`: FORBIDDEN, naming the permission (the default);
 * - `not-found`: NOT_FOUND, for an operation on one record by its id or code, where a caller
 *   who may see none of them must not learn whether it exists;
 * - `empty`: not refused: a list narrowed in its query by the same permission, so it is empty.
 */
export type Refusal = 'forbidden' | 'not-found' | 'empty';

/** What a resolver or route demands. Anything without a rule is refused. */
export type AccessRule =
  | { kind: 'public'; reason: string }
  | { kind: 'signed-in'; reason: string }
  | { kind: 'permission'; anyOf: readonly Permission[]; otherwise: Refusal };

export interface PermissionOptions {
  /** What a caller without the permission is told (FORBIDDEN unless said otherwise). */
  readonly otherwise?: Refusal;
}

export const Access = {
  /** No sign-in; say why, so a reviewer can judge it. */
  public: (reason: string) => SetMetadata(ACCESS_RULE, { kind: 'public', reason } satisfies AccessRule),
  /** Any signed-in person, whatever their roles; say why no permission is needed. */
  signedIn: (reason: string) => SetMetadata(ACCESS_RULE, { kind: 'signed-in', reason } satisfies AccessRule),
  /**
   * The permission the operation needs (`ROLE_GRANTS`): checked against the caller's ability
   * before the operation runs, in the active trust (or platform-wide, for a permission only
   * platform roles hold). Which record the caller may touch is the service's to check.
   */
  can: (action: Action, subject: SubjectName, options: PermissionOptions = {}) => Access.canAny([{ action, subject }], options),
  /** Any one of these permissions will do (the service checks which one applies). */
  canAny: (anyOf: readonly Permission[], options: PermissionOptions = {}) =>
    SetMetadata(ACCESS_RULE, { kind: 'permission', anyOf, otherwise: options.otherwise ?? 'forbidden' } satisfies AccessRule),
};
