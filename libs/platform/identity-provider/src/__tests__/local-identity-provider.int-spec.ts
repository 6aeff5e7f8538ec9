import { once } from 'node:events';
import { connect } from 'node:net';
import { jest } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { ResponseBodyError } from 'openid-client';
import {
  DEMO_CLIENT_ID,
  requestDemoAccessToken,
  startLocalIdentityProvider,
  type DemoAccount,
  type LocalIdentityProvider,
  type LocalIdentityProviderOptions,
} from '../index';

const TENANT_A = '11111111-1111-4111-8111-111111111111';
const TENANT_B = '22222222-2222-4222-8222-222222222222';
const UNTRUSTED_TENANT = '99999999-9999-4999-8999-999999999999';
const AUDIENCE = 'c0ffee00-0000-4000-8000-00000000a11d';
const TTL_SECONDS = 900;

const nurse: DemoAccount = {
  email: 'nurse.ward7@trust-a.example.nhs.uk',
  tenantId: TENANT_A,
  objectId: 'aaaaaaaa-0000-4000-8000-000000000001',
  displayName: 'Ward 7 Nurse',
};
const manager: DemoAccount = {
  email: 'manager@trust-a.example.nhs.uk',
  tenantId: TENANT_A,
  objectId: 'aaaaaaaa-0000-4000-8000-000000000002',
  displayName: 'Trust A Manager',
};
const doctor: DemoAccount = {
  email: 'doctor@trust-b.example.nhs.uk',
  tenantId: TENANT_B,
  objectId: 'bbbbbbbb-0000-4000-8000-000000000001',
  displayName: 'Trust B Doctor',
};

/** The provider's clock (sign-in codes and refresh tokens); access tokens carry the real time. */
const NOW = new Date('2026-11-23T09:00:00Z');
const options: LocalIdentityProviderOptions = {
  accounts: [nurse, manager, doctor],
  audience: AUDIENCE,
  extraTenantIds: [UNTRUSTED_TENANT],
  accessTokenTtlSeconds: TTL_SECONDS,
  clock: () => NOW,
};

// Installed before anything starts: oidc-provider prints each of its notices once per process.
const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
  jest.spyOn(console, method).mockImplementation(() => undefined),
);

let idp: LocalIdentityProvider;

beforeAll(async () => {
  idp = await startLocalIdentityProvider(options);
});
afterAll(() => idp?.close());

const issuerOf = (tenantId: string) => `${idp.authorityBase}/${tenantId}/v2.0`;

async function discoveryOf(tenantId: string): Promise<{ issuer: string; jwks_uri: string; token_endpoint: string }> {
  const response = await fetch(`${issuerOf(tenantId)}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
}

async function verifyAt(tenantId: string, token: string, audience = AUDIENCE) {
  const { jwks_uri: jwksUri } = await discoveryOf(tenantId);
  return jwtVerify(token, createRemoteJWKSet(new URL(jwksUri)), {
    issuer: issuerOf(tenantId),
    audience,
    algorithms: ['RS256'],
  });
}

const tokenFor = (account: DemoAccount, email = account.email) =>
  requestDemoAccessToken({ authorityBase: idp.authorityBase, tenantId: account.tenantId, email, audience: AUDIENCE });

describe('local identity provider', () => {
  it('serves each tenant under its own Entra-shaped issuer', async () => {
    expect(idp.authorityBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const tenantId of [TENANT_A, TENANT_B, UNTRUSTED_TENANT]) {
      const metadata = await discoveryOf(tenantId);
      expect(metadata.issuer).toBe(issuerOf(tenantId));
      expect(metadata.jwks_uri.startsWith(`${issuerOf(tenantId)}/`)).toBe(true);
      expect(metadata.token_endpoint.startsWith(`${issuerOf(tenantId)}/`)).toBe(true);
    }
  });

  it('issues an RS256 access token that verifies against the tenant JWKS with Entra v2 claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await tokenFor(nurse);

    const { payload, protectedHeader } = await verifyAt(TENANT_A, token);

    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: `${idp.authorityBase}/${TENANT_A}/v2.0`,
      aud: AUDIENCE,
      tid: TENANT_A,
      oid: nurse.objectId,
      sub: nurse.objectId,
      preferred_username: nurse.email,
      name: nurse.displayName,
      ver: '2.0',
      scp: 'access_as_user',
      azp: DEMO_CLIENT_ID,
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before - 1);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe(payload.iat! + TTL_SECONDS);
    expect(payload).not.toHaveProperty('client_id');
    expect(payload).not.toHaveProperty('scope');
  });

  it('matches the email without regard to case', async () => {
    const token = await tokenFor(manager, manager.email.toUpperCase());

    const { payload } = await verifyAt(TENANT_A, token);

    expect(payload.oid).toBe(manager.objectId);
    expect(payload.preferred_username).toBe(manager.email);
  });

  it('fails verification for any other audience', async () => {
    const token = await tokenFor(nurse);

    await expect(verifyAt(TENANT_A, token, 'some-other-api')).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'aud',
    });
  });

  it('refuses to issue a token for a resource other than the audience', async () => {
    const request = requestDemoAccessToken({
      authorityBase: idp.authorityBase,
      tenantId: TENANT_A,
      email: nurse.email,
      audience: 'some-other-api',
    });

    await expect(request).rejects.toBeInstanceOf(ResponseBodyError);
    await expect(request).rejects.toMatchObject({ error: 'invalid_target', status: 400 });
  });

  it('signs each tenant with its own key: a tenant A token does not verify as tenant B', async () => {
    const tokenA = await tokenFor(nurse);
    const tokenB = await tokenFor(doctor);
    const { jwks_uri: jwksA } = await discoveryOf(TENANT_A);
    const { jwks_uri: jwksB } = await discoveryOf(TENANT_B);
    expect(decodeProtectedHeader(tokenA).kid).not.toBe(decodeProtectedHeader(tokenB).kid);

    // tenant B's keys do not verify tenant A's signature, whatever issuer is expected
    await expect(
      jwtVerify(tokenA, createRemoteJWKSet(new URL(jwksB)), { audience: AUDIENCE }),
    ).rejects.toBeInstanceOf(joseErrors.JWKSNoMatchingKey);
    // and a valid tenant A token is not accepted as issued by tenant B
    await expect(
      jwtVerify(tokenA, createRemoteJWKSet(new URL(jwksA)), { issuer: issuerOf(TENANT_B), audience: AUDIENCE }),
    ).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
    // while tenant B's own token verifies as tenant B
    expect((await verifyAt(TENANT_B, tokenB)).payload.tid).toBe(TENANT_B);
  });

  it.each([
    ['an email no account has', TENANT_A, 'nobody@trust-a.example.nhs.uk'],
    ["another tenant's account", TENANT_A, doctor.email],
    ['a tenant with no accounts', UNTRUSTED_TENANT, nurse.email],
  ])('rejects %s with invalid_grant', async (_case, tenantId, email) => {
    const request = requestDemoAccessToken({ authorityBase: idp.authorityBase, tenantId, email, audience: AUDIENCE });

    await expect(request).rejects.toBeInstanceOf(ResponseBodyError);
    await expect(request).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('exposes no login page or other endpoint beyond discovery, keys and token', async () => {
    const authorize = new URL(`${issuerOf(TENANT_A)}/auth`);
    authorize.search = new URLSearchParams({ client_id: DEMO_CLIENT_ID, response_type: 'code', scope: 'openid' }).toString();

    for (const url of [authorize, `${issuerOf(TENANT_A)}/interaction/anything`, `${issuerOf(TENANT_A)}/me`, `${idp.authorityBase}/`]) {
      expect((await fetch(url)).status).toBe(404);
    }
    expect((await fetch(`${issuerOf(TENANT_A)}/jwks`)).status).toBe(200);
  });

  it('writes nothing to the console while starting and issuing tokens', async () => {
    const second = await startLocalIdentityProvider({ accounts: [nurse], audience: AUDIENCE, clock: () => NOW });
    try {
      await verifyAt(TENANT_A, await tokenFor(nurse));
      await requestDemoAccessToken({
        authorityBase: second.authorityBase,
        tenantId: TENANT_A,
        email: nurse.email,
        audience: AUDIENCE,
      });
    } finally {
      await second.close();
    }

    for (const call of consoleCalls) expect(call).not.toHaveBeenCalled();
  });

  it('closes promptly, dropping connections that are still open', async () => {
    const other = await startLocalIdentityProvider({ accounts: [doctor], audience: AUDIENCE, clock: () => NOW });
    const { hostname, port } = new URL(other.authorityBase);
    // a client half way through a request: server.close() alone would wait minutes for it
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.write(`GET /${TENANT_B}/v2.0/jwks HTTP/1.1\r\nHost: ${hostname}\r\n`);
    socket.on('error', () => undefined); // a reset is the expected end
    const dropped = new Promise((resolve) => socket.on('close', resolve));

    const started = performance.now();
    await other.close();

    expect(performance.now() - started).toBeLessThan(1000);
    await dropped;
    await expect(fetch(`${other.authorityBase}/${TENANT_B}/v2.0/jwks`)).rejects.toThrow();
  });

  it('refuses to start in production', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => startLocalIdentityProvider(options)).toThrow(/development and tests only/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
