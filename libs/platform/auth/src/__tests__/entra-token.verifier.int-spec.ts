import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { EntraTokenVerifier, TokenRefusedError, type TokenRefusalReason } from '../entra-token.verifier';

/**
 * The verifier against a local server that publishes an Entra-style discovery document
 * and key set, with tokens signed by its key, by a stranger's key, and with every claim
 * wrong in turn.
 */
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const AUDIENCE = 'api://virtual-visits-test';

let server: Server;
let base: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let keyRequests = 0;
let verifier: EntraTokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    const issuer = `${base}/${TENANT}/v2.0`;
    if (req.url === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys` }));
    } else if (req.url === `/${TENANT}/discovery/v2.0/keys`) {
      keyRequests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verifier = new EntraTokenVerifier({ authorityBase: base, audience: AUDIENCE, isAcceptedTenant: (tid) => tid === TENANT, clockToleranceSeconds: 30 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const now = () => Math.floor(Date.now() / 1000);

function token(overrides: Record<string, unknown> = {}, options: { key?: CryptoKey; kid?: string; tenant?: string } = {}): Promise<string> {
  const tenant = options.tenant ?? TENANT;
  const claims = {
    tid: tenant,
    oid: '33333333-3333-4333-8333-333333333333',
    preferred_username: 'nurse@nhs.net',
    name: 'A Nurse',
    ver: '2.0',
    iss: `${base}/${tenant}/v2.0`,
    aud: AUDIENCE,
    iat: now(),
    nbf: now() - 5,
    exp: now() + 3600,
    ...overrides,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1', typ: 'JWT' }).sign(options.key ?? signingKey);
}

async function refusal(promise: Promise<unknown>): Promise<TokenRefusalReason | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenRefusedError) return error.reason;
    throw error;
  }
}

describe('EntraTokenVerifier', () => {
  it('accepts a good token and returns the (tid, oid) identity', async () => {
    await expect(verifier.verify(await token())).resolves.toEqual({
      tenantId: TENANT,
      objectId: '33333333-3333-4333-8333-333333333333',
      email: 'nurse@nhs.net',
      displayName: 'A Nurse',
    });
  });

  const cases: [string, () => Promise<string>, TokenRefusalReason][] = [
    ['signed by a key the tenant never published', async () => token({}, { key: strangerKey }), 'bad_signature'],
    ['naming an unknown key id', async () => token({}, { key: strangerKey, kid: 'key-2' }), 'bad_signature'],
    ['for another audience', async () => token({ aud: 'api://someone-else' }), 'wrong_audience'],
    ['with an issuer that is not exactly the tenant\'s', async () => token({ iss: `${base}/${TENANT}/v2.0/` }), 'wrong_issuer'],
    ['with a v1 issuer', async () => token({ iss: `https://sts.windows.net/${TENANT}/` }), 'wrong_issuer'],
    ['expired beyond the clock tolerance', async () => token({ exp: now() - 120, iat: now() - 4000 }), 'expired'],
    ['not valid yet', async () => token({ nbf: now() + 600 }), 'not_yet_valid'],
    ['a v1 token', async () => token({ ver: '1.0' }), 'wrong_version'],
    ['with no object id', async () => token({ oid: undefined }), 'missing_claims'],
    ['that is not a JWT at all', async () => 'not.a.jwt', 'malformed'],
  ];
  it.each(cases)('refuses a token %s', async (_label, make, reason) => {
    expect(await refusal(verifier.verify(await make()))).toBe(reason);
  });

  it('accepts a token just past expiry within the clock tolerance', async () => {
    expect(await refusal(verifier.verify(await token({ exp: now() - 10 })))).toBe('accepted');
  });

  it('refuses a tenant nobody accepts without fetching any keys', async () => {
    const before = keyRequests;
    const fresh = new EntraTokenVerifier({ authorityBase: base, audience: AUDIENCE, isAcceptedTenant: (tid) => tid === TENANT });
    expect(await refusal(fresh.verify(await token({}, { tenant: OTHER_TENANT })))).toBe('unknown_tenant');
    expect(keyRequests).toBe(before);
  });

  it('fetches the key set once and caches it', async () => {
    const fresh = new EntraTokenVerifier({ authorityBase: base, audience: AUDIENCE, isAcceptedTenant: (tid) => tid === TENANT });
    const before = keyRequests;
    for (let i = 0; i < 5; i++) await fresh.verify(await token());
    expect(keyRequests - before).toBe(1);
  });

  describe('remembering tokens it has checked', () => {
    let clock: Date;
    let accepted: Set<string>;
    let remembering: EntraTokenVerifier;
    beforeEach(() => {
      clock = new Date();
      accepted = new Set([TENANT]);
      remembering = new EntraTokenVerifier({ authorityBase: base, audience: AUDIENCE, isAcceptedTenant: (tid) => accepted.has(tid), clockToleranceSeconds: 30, now: () => clock });
    });

    it('answers the same token again without checking its signature, until it expires', async () => {
      const good = await token();
      const identity = await remembering.verify(good);
      expect(remembering.rememberedHits).toBe(0);
      await expect(remembering.verify(good)).resolves.toEqual(identity);
      expect(remembering.rememberedHits).toBe(1);
      // an hour later, past its expiry and the tolerance
      clock = new Date(clock.getTime() + 3631_000);
      expect(await refusal(remembering.verify(good))).toBe('expired');
      expect(await refusal(remembering.verify(good))).toBe('expired');
    });

    it('refuses a remembered token the moment no trust accepts its tenant', async () => {
      const good = await token();
      await remembering.verify(good);
      accepted.delete(TENANT);
      expect(await refusal(remembering.verify(good))).toBe('unknown_tenant');
    });

    it('remembers only tokens that passed: a refused one is checked, and refused, every time', async () => {
      const forged = await token({}, { key: strangerKey });
      expect(await refusal(remembering.verify(forged))).toBe('bad_signature');
      expect(await refusal(remembering.verify(forged))).toBe('bad_signature');
      expect(remembering.rememberedHits).toBe(0);
    });

    it('keeps at most the number it is given, forgetting the oldest', async () => {
      const few = new EntraTokenVerifier({ authorityBase: base, audience: AUDIENCE, isAcceptedTenant: (tid) => tid === TENANT, now: () => clock, rememberTokens: 2 });
      const [first, second, third] = [await token({ jti: 'a' }), await token({ jti: 'b' }), await token({ jti: 'c' })];
      for (const t of [first, second, third]) await few.verify(t);
      await few.verify(third);
      await few.verify(second);
      expect(few.rememberedHits).toBe(2);
      await few.verify(first);
      expect(few.rememberedHits).toBe(2);
    });
  });
});
