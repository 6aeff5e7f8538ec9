import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tenantIssuer, type DemoAccount } from './demo-account';
import { createSigningKey, createTenantAuthority, type TenantAuthority } from './tenant-authority';
import { createSignInAuthority, type SignInClient, type TokenGrant } from './sign-in-authority';
import { closeServer, listen } from '@vv/platform/testing';

export interface LocalIdentityProviderOptions {
  accounts: readonly DemoAccount[];
  /** The API's client id: the `aud` of every access token. */
  audience: string;
  /** Extra Entra tenant ids to host with no accounts (tests use one that no trust accepts). */
  extraTenantIds?: readonly string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Access token lifetime in seconds, default 3600. */
  accessTokenTtlSeconds?: number;
  /** Web apps that sign staff in at `/organizations` (more can be added with registerClient). */
  clients?: readonly SignInClient[];
  /**
   * The clock sign-in codes and refresh tokens expire by, and grants are recorded with
   * (the platform's; tests pass theirs). Required, so a test never runs on today's date without
   * saying so. Access tokens carry the real time, which the API checks them by.
   */
  clock: () => Date;
}

export interface LocalIdentityProvider {
  /**
   * e.g. http://127.0.0.1:4010 ; tenant tid's issuer is `${authorityBase}/${tid}/v2.0`
   * (same shape as https://login.microsoftonline.com/{tid}/v2.0)
   */
  readonly authorityBase: string;
  /**
   * The multitenant sign-in authority, as `https://login.microsoftonline.com/organizations/v2.0`:
   * its page lists the demo staff; tokens come from the chosen account's own tenant.
   */
  readonly signInAuthority: string;
  /** Lets a web app sign staff in (its redirect URIs must be known before it sends anyone). */
  registerClient(client: SignInClient): void;
  /** Every token the sign-in token endpoint issued, oldest first (codes and refreshes). */
  readonly grants: readonly TokenGrant[];
  close(): Promise<void>;
}

/** The only routes served under each tenant's issuer; interactive sign-in is at /organizations. */
const SERVED_ROUTES = new Set(['/.well-known/openid-configuration', '/jwks', '/token']);
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * Starts an OpenID Connect provider that stands in for Microsoft Entra ID in development
 * and tests: one issuer per tenant, each with its own signing key, issuing Entra v2-shaped
 * RS256 access tokens for the demo accounts to anyone who asks (see requestDemoAccessToken).
 * Refuses to start when NODE_ENV is production.
 */
export function startLocalIdentityProvider(options: LocalIdentityProviderOptions): Promise<LocalIdentityProvider> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'The local identity provider hands out access tokens without a password: it is for development and tests only, never with NODE_ENV=production.',
    );
  }
  const tenants = accountsByTenant(options);
  return start(options, tenants);
}

async function start(
  options: LocalIdentityProviderOptions,
  tenants: ReadonlyMap<string, readonly DemoAccount[]>,
): Promise<LocalIdentityProvider> {
  const authorities = new Map<string, TenantAuthority>();
  let signIn: Awaited<ReturnType<typeof createSignInAuthority>> | undefined;
  const server = createServer((req, res) => {
    void (signIn?.handle(req, res) ?? Promise.resolve(false)).then(
      (handled) => handled || route(authorities, req, res),
      (error: Error) => {
        process.stderr.write(`local identity provider: ${req.method} ${req.url?.split('?')[0]} failed: ${error.stack ?? error.message}\n`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'server_error' }));
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const close = () => closeServer(server);

  try {
    const { port } = server.address() as AddressInfo;
    const authorityBase = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const signingKeys = new Map(await Promise.all([...tenants.keys()].map(async (tenantId) => [tenantId, await createSigningKey()] as const)));
    const created = await Promise.all(
      [...tenants].map(async ([tenantId, accounts]) => {
        const authority = await createTenantAuthority({
          issuer: tenantIssuer(authorityBase, tenantId),
          tenantId,
          accounts,
          audience: options.audience,
          accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
          signingKey: signingKeys.get(tenantId)!,
        });
        return [tenantId, authority] as const;
      }),
    );
    for (const [tenantId, authority] of created) authorities.set(tenantId, authority);
    signIn = await createSignInAuthority({
      authorityBase,
      accounts: options.accounts,
      audience: options.audience,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      signingKeys,
      clients: [...(options.clients ?? [])],
      now: () => options.clock().getTime(),
    });
    return { authorityBase, signInAuthority: `${authorityBase}/organizations/v2.0`, registerClient: signIn.registerClient, grants: signIn.grants, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function accountsByTenant(options: LocalIdentityProviderOptions): Map<string, DemoAccount[]> {
  if (!options.audience) throw new Error('The local identity provider needs the audience (the API client id) of its tokens.');
  const ttl = options.accessTokenTtlSeconds;
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) {
    throw new Error('accessTokenTtlSeconds must be a positive whole number of seconds.');
  }

  const tenants = new Map<string, DemoAccount[]>();
  for (const tenantId of [...options.accounts.map((account) => account.tenantId), ...(options.extraTenantIds ?? [])]) {
    if (!TENANT_ID.test(tenantId)) throw new Error(`"${tenantId}" is not a usable tenant id (letters, digits, dots and dashes).`);
    tenants.set(tenantId, []);
  }
  for (const account of options.accounts) {
    const tenant = tenants.get(account.tenantId) ?? [];
    const clash = tenant.find(
      (other) => other.email.toLowerCase() === account.email.toLowerCase() || other.objectId === account.objectId,
    );
    if (clash) throw new Error(`Two demo accounts in tenant ${account.tenantId} share an email or object id.`);
    tenant.push(account);
  }
  return tenants;
}

/** `/{tid}/v2.0/{route}` goes to tenant tid's provider, which sees only `/{route}`. */
function route(authorities: ReadonlyMap<string, TenantAuthority>, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = /^\/([^/]+)\/v2\.0(\/.*)$/.exec(url.pathname);
  const authority = match && authorities.get(match[1]);
  if (!match || !authority || !SERVED_ROUTES.has(match[2])) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
    return;
  }
  // oidc-provider reads the mount path from `originalUrl`, as it would behind Express.
  Object.assign(req, { originalUrl: req.url, url: `${match[2]}${url.search}` });
  authority.handle(req, res);
}


