import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT, type JWK } from 'jose';
import { createCspNonce, createNhsukRenderer, nhsukAssets, nhsukPageHeaders } from '@vv/ui/nhsuk';
import { DEMO_ACCESS_SCOPE, tenantIssuer, type DemoAccount } from './demo-account';

/** A web app that signs staff in interactively (the staff console): a confidential client. */
export interface SignInClient {
  clientId: string;
  clientSecret: string;
  /** Exact addresses the authorization response may be sent to. */
  redirectUris: readonly string[];
  /** Exact addresses the sign-out endpoint may send the browser back to. */
  postLogoutRedirectUris?: readonly string[];
}

export interface SignInAuthorityOptions {
  authorityBase: string;
  accounts: readonly DemoAccount[];
  audience: string;
  accessTokenTtlSeconds: number;
  /** Each tenant's private signing key (the one its discovery document publishes). */
  signingKeys: ReadonlyMap<string, JWK>;
  clients: SignInClient[];
  /** The clock codes and refresh tokens expire by (tests pass theirs). */
  now: () => number;
}

/** A token the token endpoint issued: what a test can check about refreshing. */
export interface TokenGrant {
  grantType: 'authorization_code' | 'refresh_token';
  clientId: string;
  /** By the provider's clock, ms since the epoch. */
  at: number;
}

interface IssuedCode {
  account: DemoAccount;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  nonce?: string;
  expiresAt: number;
}

interface IssuedRefreshToken {
  account: DemoAccount;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

const CODE_TTL_MS = 60_000;
const REFRESH_TTL_MS = 24 * 3600_000;
const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const templates = fileURLToPath(new URL('./templates', import.meta.url));

/**
 * Entra ID's multitenant sign-in, as `https://login.microsoftonline.com/organizations/...`
 * serves it, for the demo accounts: discovery at `/organizations/v2.0` publishing the issuer
 * template `{base}/{tenantid}/v2.0`; an authorization endpoint (authorization code with
 * PKCE S256 only) whose page lists the demo staff to sign in as; a token endpoint for
 * codes and refresh tokens (rotated) for registered confidential clients; and a sign-out
 * endpoint. Tokens come from the signed-in account's own tenant: `iss` is that tenant's
 * issuer and they are signed with its published key, as Entra's are.
 */
export async function createSignInAuthority(options: SignInAuthorityOptions) {
  const base = options.authorityBase;
  const grants: TokenGrant[] = [];
  const renderer = createNhsukRenderer({ templateDirs: [templates] });
  const assets = nhsukAssets();
  const keys = new Map<string, { key: Awaited<ReturnType<typeof importJWK>>; kid: string }>();
  for (const [tenantId, jwk] of options.signingKeys) keys.set(tenantId, { key: await importJWK(jwk, 'RS256'), kid: jwk.kid! });
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, IssuedRefreshToken>();
  const accountKey = (account: DemoAccount) => `${account.tenantId}:${account.objectId}`;
  const apiScopes = new Set([`${options.audience}/${DEMO_ACCESS_SCOPE}`, `api://${options.audience}/${DEMO_ACCESS_SCOPE}`]);

  const metadata = {
    issuer: `${base}/{tenantid}/v2.0`,
    authorization_endpoint: `${base}/organizations/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/organizations/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/organizations/oauth2/v2.0/logout`,
    jwks_uri: `${base}/organizations/discovery/v2.0/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'preferred_username', 'oid', 'tid', 'nonce'],
  };

  function clientFor(clientId: unknown): SignInClient | undefined {
    return options.clients.find((client) => client.clientId === clientId);
  }

  /** The request's parameters checked as Entra checks them; `redirect` is where errors may go. */
  function checkAuthorizationRequest(params: URLSearchParams): { error?: string; redirect?: string; scopes?: string[] } {
    const client = clientFor(params.get('client_id'));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!client || !client.redirectUris.includes(redirectUri)) return { error: 'The application or its reply address is not registered.' };
    if (params.get('response_type') !== 'code') return { redirect: redirectUri, error: 'unsupported_response_type' };
    if (!params.get('code_challenge') || params.get('code_challenge_method') !== 'S256') return { redirect: redirectUri, error: 'invalid_request' };
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.some((scope) => apiScopes.has(scope)) || scopes.some((scope) => !apiScopes.has(scope) && !OPENID_SCOPES.has(scope))) {
      return { redirect: redirectUri, error: 'invalid_scope' };
    }
    return { scopes };
  }

  function page(res: ServerResponse, status: number, template: string, context: object, formTarget?: string): void {
    const nonce = createCspNonce();
    // the sign-in form answers with a redirect to the app, which the page's form-action must allow
    const formAction = formTarget ? [new URL(formTarget).origin] : [];
    res.writeHead(status, { ...nhsukPageHeaders({ nonce, formAction }), 'content-type': 'text/html; charset=utf-8' });
    res.end(renderer.render(template, { ...context, cspNonce: nonce, service: { text: 'Sign in (built-in identity provider)' } }));
  }

  function redirectWith(res: ServerResponse, target: string, params: Record<string, string | undefined>): void {
    const url = new URL(target);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
    res.writeHead(302, { location: url.href, 'cache-control': 'no-store' }).end();
  }

  function authorizePage(res: ServerResponse, params: URLSearchParams): void {
    const checked = checkAuthorizationRequest(params);
    if (checked.error && !checked.redirect) return page(res, 400, 'sign-in-error.njk', { pageTitle: 'Sign-in request refused', message: checked.error });
    if (checked.error) return redirectWith(res, checked.redirect!, { error: checked.error, state: params.get('state') ?? undefined });
    const carried = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'];
    page(res, 200, 'sign-in.njk', {
      pageTitle: 'Choose who to sign in as',
      hidden: carried.filter((name) => params.has(name)).map((name) => ({ name, value: params.get(name) })),
      accounts: options.accounts.map((account) => ({ key: accountKey(account), displayName: account.displayName, email: account.email })),
    }, params.get('redirect_uri')!);
  }

  function signIn(res: ServerResponse, params: URLSearchParams): void {
    const checked = checkAuthorizationRequest(params);
    if (checked.error && !checked.redirect) return page(res, 400, 'sign-in-error.njk', { pageTitle: 'Sign-in request refused', message: checked.error });
    if (checked.error) return redirectWith(res, checked.redirect!, { error: checked.error, state: params.get('state') ?? undefined });
    const account = options.accounts.find((candidate) => accountKey(candidate) === params.get('account'));
    const redirectUri = params.get('redirect_uri')!;
    if (!account) return redirectWith(res, redirectUri, { error: 'access_denied', state: params.get('state') ?? undefined });
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      account,
      clientId: params.get('client_id')!,
      redirectUri,
      codeChallenge: params.get('code_challenge')!,
      scopes: checked.scopes!,
      nonce: params.get('nonce') ?? undefined,
      expiresAt: options.now() + CODE_TTL_MS,
    });
    redirectWith(res, redirectUri, { code, state: params.get('state') ?? undefined });
  }

  async function tokens(account: DemoAccount, clientId: string, scopes: string[], nonce?: string) {
    const { key, kid } = keys.get(account.tenantId)!;
    const issuer = tenantIssuer(base, account.tenantId);
    const now = Math.floor(Date.now() / 1000);
    const identity = { tid: account.tenantId, oid: account.objectId, preferred_username: account.email, name: account.displayName };
    const accessToken = await new SignJWT({ ...identity, ver: '2.0', scp: DEMO_ACCESS_SCOPE, azp: clientId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(options.audience)
      .setSubject(account.objectId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + options.accessTokenTtlSeconds)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(key);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: scopes.filter((scope) => scope !== 'openid' && scope !== 'profile' && scope !== 'email').join(' '),
      expires_in: options.accessTokenTtlSeconds,
      access_token: accessToken,
    };
    if (scopes.includes('openid')) {
      body.id_token = await new SignJWT({ ...identity, ver: '2.0', ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(account.objectId)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + 3600)
        .sign(key);
    }
    if (scopes.includes('offline_access')) {
      const refreshToken = randomBytes(32).toString('base64url');
      refreshTokens.set(refreshToken, { account, clientId, scopes, expiresAt: options.now() + REFRESH_TTL_MS });
      body.refresh_token = refreshToken;
    }
    return body;
  }

  function authenticateClient(req: IncomingMessage, params: URLSearchParams): SignInClient | undefined {
    let clientId = params.get('client_id');
    let secret = params.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = clientFor(clientId);
    if (!client || secret === null) return undefined;
    const given = Buffer.from(secret);
    const expected = Buffer.from(client.clientSecret);
    return given.length === expected.length && timingSafeEqual(given, expected) ? client : undefined;
  }

  async function token(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): Promise<void> {
    const fail = (status: number, error: string, description: string) =>
      json(res, status, { error, error_description: description });
    const client = authenticateClient(req, params);
    if (!client) return fail(401, 'invalid_client', 'client authentication failed');

    if (params.get('grant_type') === 'authorization_code') {
      const code = params.get('code') ?? '';
      const issued = codes.get(code);
      codes.delete(code); // a code is used once, whatever happens next
      if (!issued || issued.expiresAt <= options.now() || issued.clientId !== client.clientId) return fail(400, 'invalid_grant', 'the code is unknown, used or expired');
      if (params.get('redirect_uri') !== issued.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      const verifier = params.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== issued.codeChallenge) return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      grants.push({ grantType: 'authorization_code', clientId: client.clientId, at: options.now() });
      return json(res, 200, await tokens(issued.account, client.clientId, issued.scopes, issued.nonce));
    }
    if (params.get('grant_type') === 'refresh_token') {
      const presented = params.get('refresh_token') ?? '';
      const issued = refreshTokens.get(presented);
      refreshTokens.delete(presented); // rotated: each refresh token works once
      if (!issued || issued.expiresAt <= options.now() || issued.clientId !== client.clientId) return fail(400, 'invalid_grant', 'the refresh token is unknown, used or expired');
      grants.push({ grantType: 'refresh_token', clientId: client.clientId, at: options.now() });
      return json(res, 200, await tokens(issued.account, client.clientId, issued.scopes));
    }
    return fail(400, 'unsupported_grant_type', 'authorization_code or refresh_token');
  }

  function signOut(res: ServerResponse, params: URLSearchParams): void {
    const target = params.get('post_logout_redirect_uri');
    if (target && options.clients.some((client) => client.postLogoutRedirectUris?.includes(target))) {
      return redirectWith(res, target, { state: params.get('state') ?? undefined });
    }
    page(res, 200, 'sign-in-error.njk', { pageTitle: 'You have signed out', message: 'You can close this window.' });
  }

  async function publicKeys() {
    const published = [...options.signingKeys.values()].map(({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use }));
    return { keys: published };
  }

  /** Handles `/organizations/...`; returns false for any other path. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path.startsWith('/assets/')) {
      assets(req, res, () => json(res, 404, { error: 'not_found' }));
      return true;
    }
    if (!path.startsWith('/organizations/')) return false;
    if (req.method === 'GET' && path === '/organizations/v2.0/.well-known/openid-configuration') json(res, 200, metadata);
    else if (req.method === 'GET' && path === '/organizations/discovery/v2.0/keys') json(res, 200, await publicKeys());
    else if (req.method === 'GET' && path === '/organizations/oauth2/v2.0/authorize') authorizePage(res, url.searchParams);
    else if (req.method === 'POST' && path === '/organizations/oauth2/v2.0/authorize') signIn(res, await formBody(req));
    else if (req.method === 'POST' && path === '/organizations/oauth2/v2.0/token') await token(req, res, await formBody(req));
    else if (req.method === 'GET' && path === '/organizations/oauth2/v2.0/logout') signOut(res, url.searchParams);
    else json(res, 404, { error: 'not_found' });
    return true;
  }

  /** Registering a known client id again adds its addresses, as an Entra app registration lists several reply URLs. */
  function registerClient(client: SignInClient): void {
    const index = options.clients.findIndex((known) => known.clientId === client.clientId);
    if (index < 0) return void options.clients.push(client);
    const known = options.clients[index];
    options.clients[index] = {
      ...client,
      redirectUris: [...new Set([...known.redirectUris, ...client.redirectUris])],
      postLogoutRedirectUris: [...new Set([...(known.postLogoutRedirectUris ?? []), ...(client.postLogoutRedirectUris ?? [])])],
    };
  }

  return { handle, registerClient, grants: grants as readonly TokenGrant[] };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) break;
  }
  return new URLSearchParams(body);
}
