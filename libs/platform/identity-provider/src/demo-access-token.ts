import { allowInsecureRequests, discovery, genericGrantRequest, None } from 'openid-client';
import { DEMO_ACCOUNT_GRANT_TYPE, DEMO_CLIENT_ID, tenantIssuer } from './demo-account';

/**
 * Obtains an access token for a demo account from a running local identity provider, as
 * a real client would: discovery at `${authorityBase}/${tenantId}/v2.0/.well-known/openid-configuration`
 * (openid-client checks the issuer it finds there), then the demo-account grant at the
 * token endpoint it names. Rejects with openid-client's ResponseBodyError (`error`
 * `invalid_grant`, status 400) when the tenant has no account with that email.
 */
export async function requestDemoAccessToken(input: {
  authorityBase: string;
  tenantId: string;
  email: string;
  audience: string;
}): Promise<string> {
  const issuer = new URL(tenantIssuer(input.authorityBase, input.tenantId));
  // The local provider speaks plain HTTP on a loopback address.
  const execute = issuer.protocol === 'http:' ? [allowInsecureRequests] : [];
  const client = await discovery(issuer, DEMO_CLIENT_ID, undefined, None(), { execute });
  const response = await genericGrantRequest(client, DEMO_ACCOUNT_GRANT_TYPE, {
    login_hint: input.email,
    resource: input.audience,
  });
  return response.access_token;
}
