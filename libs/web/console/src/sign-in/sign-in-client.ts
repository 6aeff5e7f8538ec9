import * as oidc from 'openid-client';

export interface SignInClientOptions {
  /** e.g. https://login.microsoftonline.com/organizations/v2.0 */
  authority: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The API's delegated scope (api://…/access_as_user). */
  apiScope: string;
  postLogoutRedirectUri: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch, by the console's clock. */
  expiresAt: number;
}

export interface PendingSignIn {
  codeVerifier: string;
  state: string;
}

/**
 * Staff sign-in with the authorization code flow and PKCE (openid-client), as a
 * confidential client: tokens are held by the server, never by the browser.
 *
 * Entra ID's multitenant discovery document publishes the issuer as a template,
 * `https://login.microsoftonline.com/{tenantid}/v2.0`. openid-client resolves it only for
 * that exact origin, so the console reads the document by its full `.well-known` address
 * (taken as published, here and against the built-in provider alike) and does not rely on
 * an ID token: it asks for the API's scope and `offline_access`, and who signed in is the
 * API's answer to `me`, from an access token the API checks against the exact issuer of
 * the person's own tenant. One code path, locally and against Entra.
 */
export class SignInClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly options: SignInClientOptions,
    private readonly now: () => number,
  ) {}

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const authority = this.options.authority.replace(/\/+$/, '');
      const wellKnown = new URL(`${authority}/.well-known/openid-configuration`);
      const execute = wellKnown.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
      return oidc.discovery(wellKnown, this.options.clientId, undefined, oidc.ClientSecretPost(this.options.clientSecret), { execute });
    })();
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }

  /** Where to send the browser, and what to remember (in the server-side session) until it comes back. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: `${this.options.apiScope} offline_access`,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      prompt: 'select_account',
    });
    return { url: url.href, pending: { codeVerifier, state } };
  }

  /** Exchanges the code the browser came back with (state and PKCE checked by openid-client). */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<TokenSet> {
    const config = await this.config();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
    });
    return this.tokenSet(tokens);
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const tokens = await oidc.refreshTokenGrant(await this.config(), refreshToken);
    return this.tokenSet(tokens, refreshToken);
  }

  /** The identity provider's sign-out page, which comes back to the console's "signed out" page. */
  async signOutUrl(): Promise<string> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return this.options.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: this.options.postLogoutRedirectUri, client_id: this.options.clientId }).href;
  }

  private tokenSet(tokens: oidc.TokenEndpointResponse, previousRefreshToken?: string): TokenSet {
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? previousRefreshToken,
      expiresAt: this.now() + (tokens.expires_in ?? 300) * 1000,
    };
  }
}
