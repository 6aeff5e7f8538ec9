import type { TokenSet, PendingSignIn } from './sign-in/sign-in-client';
import type { Role, RoleScope } from './api/generated';

/** A trust the signed-in person holds roles in. */
export interface ConsoleTrust {
  odsCode: string;
  name: string;
  /** The person's roles there (a group role shows in each of the group's trusts): which pages to offer. The API decides what they may do. */
  roles?: Role[];
}

/** What the console keeps about a person between pages: on the server, never in the browser. */
export interface ConsoleSessionData {
  signIn?: PendingSignIn & { returnTo?: string };
  tokens?: TokenSet;
  person?: { displayName: string; email: string; trusts: ConsoleTrust[]; platformRoles?: { role: Role; scope: RoleScope }[] };
  /** The trust the person is working in (sent to the API as X-Trust). */
  trust?: ConsoleTrust;
  /** When the person last used the console (ms since the epoch, console clock). */
  lastSeenAt?: number;
  /** The outcome of the last action, shown once on the next page. */
  flash?: { text: string; hostLink?: string; kind?: 'success' | 'warning' };
}

declare module 'express-session' {
  // express-session's own interface, widened with the console's fields (declaration merging)
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends ConsoleSessionData {}
}
