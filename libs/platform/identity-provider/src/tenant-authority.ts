import { generateKeyPair } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import Provider, {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
  type TokenEndpointGrantContext,
} from 'oidc-provider';
import { DEMO_ACCESS_SCOPE, DEMO_ACCOUNT_GRANT_TYPE, DEMO_CLIENT_ID, type DemoAccount } from './demo-account';
import { inMemoryAdapter } from './in-memory-adapter';

export interface TenantAuthorityOptions {
  /** `${authorityBase}/${tenantId}/v2.0`: the provider is mounted at this URL's path. */
  issuer: string;
  tenantId: string;
  accounts: readonly DemoAccount[];
  audience: string;
  accessTokenTtlSeconds: number;
  /** The tenant's private signing key (see createSigningKey). */
  signingKey: JWK;
}

/** One Entra-like tenant: its own oidc-provider, signing key and accounts. */
export interface TenantAuthority {
  /** Handles a request whose URL has already been stripped of the issuer's path. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

interface DemoGrantParameters {
  login_hint?: unknown;
}

const generateRsaKeyPair = promisify(generateKeyPair);

export async function createTenantAuthority(options: TenantAuthorityOptions): Promise<TenantAuthority> {
  const { issuer, tenantId, audience, accessTokenTtlSeconds } = options;
  const byEmail = new Map(options.accounts.map((account) => [account.email.toLowerCase(), account]));
  const byObjectId = new Map(options.accounts.map((account) => [account.objectId, account]));

  const resourceServer: ResourceServer = {
    scope: DEMO_ACCESS_SCOPE,
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: accessTokenTtlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  };
  const resourceServerFor = (resource: unknown): ResourceServer => {
    if (resource !== audience) throw new errors.InvalidTarget('resource must be the API this provider issues tokens for');
    return resourceServer;
  };

  const configuration: Configuration = {
    adapter: inMemoryAdapter(),
    jwks: { keys: [options.signingKey] },
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: [DEMO_ACCOUNT_GRANT_TYPE],
        response_types: [],
        redirect_uris: [],
      },
    ],
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: (_ctx, resource) => resourceServerFor(resource),
      },
    },
    ttl: { AccessToken: accessTokenTtlSeconds, Grant: accessTokenTtlSeconds },
    findAccount: (_ctx, sub) => {
      const account = byObjectId.get(sub);
      return account && { accountId: sub, claims: () => ({ sub, ...entraClaims(account) }) };
    },
    // Entra-shaped claims for the signed-in staff member; iss, aud, sub, iat, exp come from oidc-provider.
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token ? byObjectId.get(token.accountId) : undefined;
      return account && { tid: tenantId, ...entraClaims(account), ver: '2.0', scp: DEMO_ACCESS_SCOPE };
    },
    formats: {
      customizers: {
        // Entra v2 access tokens say `typ: JWT`, carry `nbf`, and name the client `azp`.
        jwt: (_ctx, _token, jwt) => {
          const { client_id: clientId, ...payload } = jwt.payload;
          jwt.header = { ...jwt.header, typ: 'JWT' };
          jwt.payload = { ...payload, nbf: payload.iat, azp: clientId };
        },
      },
    },
    // No browser ever talks to this provider: refuse cross-origin calls and answer errors as JSON.
    clientBasedCORS: () => false,
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.registerGrantType<DemoGrantParameters>(
    DEMO_ACCOUNT_GRANT_TYPE,
    async (ctx: TokenEndpointGrantContext<DemoGrantParameters>) => {
      const { client, params } = ctx.oidc;
      const loginHint = params.login_hint;
      if (typeof loginHint !== 'string' || !loginHint) throw new errors.InvalidRequest('missing required parameter login_hint');
      const server = new provider.ResourceServer(audience, resourceServerFor(params.resource));
      const account = byEmail.get(loginHint.toLowerCase());
      if (!account) {
        const error = new errors.InvalidGrant();
        error.error_description = 'no demo account with that email in this tenant';
        throw error;
      }

      const grant = new provider.Grant({ accountId: account.objectId, clientId: client.clientId });
      grant.addResourceScope(audience, DEMO_ACCESS_SCOPE);
      const token = new provider.AccessToken({
        accountId: account.objectId,
        client,
        grantId: await grant.save(),
        gty: DEMO_ACCOUNT_GRANT_TYPE,
        resourceServer: server,
      });
      ctx.oidc.entity('AccessToken', token);
      // A JWT access token is signed and returned, never stored.
      const accessToken = await token.save();
      ctx.body = {
        access_token: accessToken,
        token_type: token.tokenType,
        expires_in: token.expiration,
        scope: DEMO_ACCESS_SCOPE,
      };
    },
    ['login_hint', 'resource'],
  );
  // Unexpected failures answer `server_error` and are otherwise silent; say why, once per failure.
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    process.stderr.write(`local identity provider (${tenantId}): ${ctx.method} ${ctx.path} failed: ${error.stack ?? error.message}\n`);
  });

  const callback = provider.callback();
  return { handle: (req, res) => void callback(req, res) };
}

function entraClaims(account: DemoAccount) {
  return { oid: account.objectId, preferred_username: account.email, name: account.displayName };
}

/** A fresh RSA key per tenant and per start, named by its thumbprint as Entra's keys are. */
export async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}
