import { SetMetadata } from '@nestjs/common';

export const ACCESS_RULE = 'vv:access-rule';

/** What a resolver or route demands. Anything without a rule is refused. */
export type AccessRule =
  | { kind: 'public'; reason: string }
  | { kind: 'signed-in' }
  | { kind: 'in-trust' };

export const Access = {
  /** No sign-in; say why, so a reviewer can judge it. */
  public: (reason: string) => SetMetadata(ACCESS_RULE, { kind: 'public', reason } satisfies AccessRule),
  /** Any signed-in staff member. */
  signedIn: () => SetMetadata(ACCESS_RULE, { kind: 'signed-in' } satisfies AccessRule),
  /** A signed-in staff member acting in an active trust where they hold a role. */
  inTrust: () => SetMetadata(ACCESS_RULE, { kind: 'in-trust' } satisfies AccessRule),
};
