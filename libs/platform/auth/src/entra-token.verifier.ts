import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Who a valid token says the caller is. Email and name are for display and invitations only. */
export interface EntraIdentity {
  readonly tenantId: string;
  readonly objectId: string;
  readonly email: string | null;
  readonly displayName: string | null;
}

export const TOKEN_REFUSAL_REASONS = [
  'malformed',
  'unknown_tenant',
  'bad_signature',
  'wrong_issuer',
  'wrong_audience',
  'expired',
  'not_yet_valid',
  'wrong_version',
  'missing_claims',
  'keys_unavailable',
] as const;
export type TokenRefusalReason = (typeof TOKEN_REFUSAL_REASONS)[number];

/** Why a token was refused: for the audit and logs only; the caller only ever sees UNAUTHENTICATED. */
export class TokenRefusedError extends Error {
  constructor(readonly reason: TokenRefusalReason) {
    super(`access token refused: ${reason}`);
    this.name = 'TokenRefusedError';
  }
}

export interface EntraTokenVerifierOptions {
  /** https://login.microsoftonline.com, or the local identity provider's base in development. */
  authorityBase: string;
  /** The API's client id. */
  audience: string;
  /** Is this Entra tenant accepted by some trust (or the platform)? Answered from memory, never the database. */
  isAcceptedTenant: (tenantId: string) => boolean;
  clockToleranceSeconds?: number;
  fetchTimeoutMs?: number;
  /** The time tokens are checked against (tests move it); the system clock by default. */
  now?: () => Date;
  /** How many verified tokens are remembered (default 10,000); 0 remembers none. */
  rememberTokens?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks Entra ID v2 bearer access tokens: RS256 signature against the tenant's published
 * keys (fetched once, cached, refetched when a token names a key id not yet seen), the
 * exact issuer of an accepted tenant, audience, expiry and not-before with a small clock
 * tolerance, and `ver` 2.0. A token from a tenant nobody accepts is refused before any
 * key is fetched.
 */
export class EntraTokenVerifier {
  private readonly keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  /**
   * Tokens whose signature and claims were checked, by SHA-256 of the token, until they
   * expire: a signed token never changes, so checking its RSA signature again on every
   * request (the largest single cost of a booking) proves nothing new. Expiry and the
   * tenant's acceptance are still checked on every request.
   */
  private readonly verified = new Map<string, { identity: EntraIdentity; expiresAt: number }>();
  /** Requests answered from the remembered tokens (for metrics and tests). */
  rememberedHits = 0;

  constructor(private readonly options: EntraTokenVerifierOptions) {}

  issuerFor(tenantId: string): string {
    return `${this.options.authorityBase}/${tenantId}/v2.0`;
  }

  async verify(token: string): Promise<EntraIdentity> {
    const now = this.options.now?.() ?? new Date();
    const tolerance = this.options.clockToleranceSeconds ?? 60;
    const key = createHash('sha256').update(token).digest('base64url');
    const remembered = this.verified.get(key);
    if (remembered) {
      // as jose decides: expired once exp is at or before now minus the tolerance
      if (remembered.expiresAt <= now.getTime() / 1000 - tolerance) {
        this.verified.delete(key);
        throw new TokenRefusedError('expired');
      }
      if (!this.options.isAcceptedTenant(remembered.identity.tenantId)) throw new TokenRefusedError('unknown_tenant');
      this.rememberedHits += 1;
      return remembered.identity;
    }
    const identity = await this.check(token, now, tolerance);
    this.remember(key, identity, decodeJwt(token).exp!);
    return identity;
  }

  private remember(key: string, identity: EntraIdentity, expiresAt: number): void {
    const limit = this.options.rememberTokens ?? 10_000;
    if (limit <= 0) return;
    // the oldest goes first (a Map keeps insertion order)
    while (this.verified.size >= limit) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(key, { identity, expiresAt });
  }

  private async check(token: string, now: Date, tolerance: number): Promise<EntraIdentity> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRefusedError('malformed');
    }
    const tenantId = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
    if (!UUID.test(tenantId)) throw new TokenRefusedError('missing_claims');
    if (!this.options.isAcceptedTenant(tenantId)) throw new TokenRefusedError('unknown_tenant');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet(tenantId), {
        issuer: this.issuerFor(tenantId),
        audience: this.options.audience,
        algorithms: ['RS256'],
        clockTolerance: tolerance,
        currentDate: now,
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      }));
    } catch (error) {
      throw new TokenRefusedError(reasonFor(error));
    }
    if (payload.ver !== '2.0') throw new TokenRefusedError('wrong_version');
    if (typeof payload.oid !== 'string' || !UUID.test(payload.oid.toLowerCase())) throw new TokenRefusedError('missing_claims');
    return {
      tenantId,
      objectId: payload.oid.toLowerCase(),
      email: stringClaim(payload.preferred_username) ?? stringClaim(payload.email) ?? stringClaim(payload.upn),
      displayName: stringClaim(payload.name),
    };
  }

  /** The tenant's signing keys, found through its OpenID discovery document (as Entra publishes them). */
  private keySet(tenantId: string): JWTVerifyGetKey {
    return async (header, token) => {
      let keys = this.keySets.get(tenantId);
      if (!keys) {
        keys = this.discoverKeys(tenantId);
        this.keySets.set(tenantId, keys);
        keys.catch(() => this.keySets.delete(tenantId)); // retry discovery on the next token
      }
      return (await keys)(header, token);
    };
  }

  private async discoverKeys(tenantId: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const issuer = this.issuerFor(tenantId);
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 5000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = (await response.json()) as { issuer?: string; jwks_uri?: string };
    if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') throw new Error('discovery document does not match the tenant');
    return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: this.options.fetchTimeoutMs ?? 5000, cooldownDuration: 30_000, cacheMaxAge: 6 * 3600_000 });
  }
}

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function reasonFor(error: unknown): TokenRefusalReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'nbf') return 'not_yet_valid';
    return 'missing_claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JOSEAlgNotAllowed) return 'bad_signature';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof Error && /fetch|discovery|ECONNREFUSED|Expected 200|timeout|abort/i.test(error.message))) return 'keys_unavailable';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'bad_signature';
}
