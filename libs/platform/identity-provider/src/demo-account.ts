/**
 * The vocabulary shared by the local identity provider and the client helper that asks
 * it for tokens: who can sign in, which public client asks, and with which grant.
 */

/** A staff member who can obtain an access token from the local identity provider. */
export interface DemoAccount {
  email: string;
  /** The Entra tenant (directory) id the account lives in: the token's `tid`. */
  tenantId: string;
  /** The account's Entra object id: the token's `oid` (and `sub`). */
  objectId: string;
  displayName: string;
}

/** The public client (no secret) through which demo access tokens are requested. */
export const DEMO_CLIENT_ID = 'virtual-visits-local-demo';

/**
 * The one grant the local identity provider answers: "give me an access token for the
 * demo account `login_hint`, for the API `resource`". No password, no login page: it is
 * for development and tests only.
 */
export const DEMO_ACCOUNT_GRANT_TYPE = 'urn:virtual-visits:params:oauth:grant-type:demo-account';

/** The delegated permission every demo access token carries, as Entra puts it in `scp`. */
export const DEMO_ACCESS_SCOPE = 'access_as_user';

/** `${authorityBase}/${tenantId}/v2.0`, the shape of https://login.microsoftonline.com/{tid}/v2.0 */
export function tenantIssuer(authorityBase: string, tenantId: string): string {
  return `${authorityBase.replace(/\/+$/, '')}/${tenantId}/v2.0`;
}
