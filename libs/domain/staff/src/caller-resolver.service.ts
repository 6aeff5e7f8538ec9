import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '@vv/contracts';
import { buildAbility, type Caller, type CallerResolver, type HeldRole } from '@vv/platform/access';
import { EntraTokenVerifier, TokenRefusalRecorder, TokenRefusedError, type EntraIdentity } from '@vv/platform/auth';
import { TenantDatabase } from '@vv/platform/database';
import { logContext } from '@vv/platform/logger';
import { readable, TrustDirectory, type TrustEntry } from '@vv/domain/trusts';
import { audit } from '@vv/domain/audit';
import { StaffMember } from './staff-member.entity';
import { PlatformRoleAssignment, RoleAssignment } from './role-assignment.entity';
import { Invitation } from './invitation.entity';
import { PlatformInvitation } from './platform-invitation.entity';
import { NoRolesError } from './staff.exception';
import { CallerCache, type RememberedCaller } from './caller-cache';

export const ENTRA_TOKEN_VERIFIER = Symbol('ENTRA_TOKEN_VERIFIER');
export const TOKEN_REFUSAL_RECORDER = Symbol('TOKEN_REFUSAL_RECORDER');

/** A request counts as a new sign-in when the person was last seen this long ago. */
const SIGN_IN_GAP_MS = 5 * 60_000;

/** The platform's clock (the test's in tests) that sign-ins, invitations and the roles they grant are dated by. */
export const SIGN_IN_CLOCK = Symbol('SIGN_IN_CLOCK');

/**
 * Turns a request into a Caller: checks the bearer token (never touching the database
 * for a bad one), finds the staff member by (tid, oid), binds any invitations waiting for
 * their email on sign-in, collects their roles, and settles the active trust from X-Trust.
 */
@Injectable()
export class CallerResolverService implements CallerResolver {
  constructor(
    @Inject(ENTRA_TOKEN_VERIFIER) private readonly verifier: EntraTokenVerifier,
    @Inject(TOKEN_REFUSAL_RECORDER) private readonly refusals: TokenRefusalRecorder,
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(CallerCache) private readonly cache: CallerCache,
    @Inject(SIGN_IN_CLOCK) private readonly clock: () => Date,
  ) {}

  async resolve(request: { headers: Record<string, string | string[] | undefined> }): Promise<Caller | undefined> {
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      if (request.headers.authorization) this.refusals.record('malformed');
      return undefined;
    }
    await this.trusts.ready();
    let identity: EntraIdentity;
    try {
      identity = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRefusedError) {
        this.refusals.record(error.reason);
        throw new UnauthenticatedError();
      }
      throw error;
    }
    const { staffId, roles } = await this.remembered(identity);
    const trust = this.activeTrust(roles, header(request.headers['x-trust']));
    logContext.assign({ staffId, trust: trust?.odsCode });
    return { staffId, trust, roles, ability: buildAbility(roles, trust?.trustId) };
  }

  /** The person and their roles: remembered from an earlier request while nothing about their access has changed. */
  private async remembered(identity: EntraIdentity): Promise<RememberedCaller> {
    const key = `${identity.tenantId}/${identity.objectId}`;
    const recalled = this.cache.recall(key, this.trusts.version, Date.now());
    if (recalled) return recalled;
    const mark = this.cache.mark();
    const registryVersion = this.trusts.version;
    const staff = await this.signIn(identity);
    const caller = { staffId: staff.id, roles: await this.heldRoles(staff.id) };
    this.cache.remember(key, caller, mark, registryVersion, Date.now());
    return caller;
  }

  /**
   * Finds the person and binds invitations waiting for their email (so a role granted to
   * someone already signed in works from their next request); on a sign-in (the first
   * request after a gap) records it.
   */
  private async signIn(identity: EntraIdentity): Promise<StaffMember> {
    const accepting = this.trusts.acceptingTenant(identity.tenantId);
    const email = identity.email?.toLowerCase() ?? null;
    const byIdentity = { entraTenantId: identity.tenantId, entraObjectId: identity.objectId };
    const invitedToPlatform = (address: string) => ({ email: address, entraTenantId: identity.tenantId.toLowerCase(), status: 'pending' as const });
    // the person and the invitations waiting for them, read in one transaction
    const [known, waiting, platformWaiting] =
      email && accepting.length
        ? await this.db.acrossTrusts(accepting.map((t) => t.id), async (em) =>
            [await em.findOne(StaffMember, byIdentity), await em.find(Invitation, { email, status: 'pending' }), await em.find(PlatformInvitation, invitedToPlatform(email))] as const,
          )
        : await this.db.platform(async (em) => [await em.findOne(StaffMember, byIdentity), [] as Invitation[], email ? await em.find(PlatformInvitation, invitedToPlatform(email)) : []] as const);
    const now = this.clock();
    if (!known && waiting.length === 0 && platformWaiting.length === 0) throw new NoRolesError();
    if (known && waiting.length === 0 && platformWaiting.length === 0 && known.lastSignInAt && now.getTime() - known.lastSignInAt.getTime() < SIGN_IN_GAP_MS) return known;

    const staff = await this.db.platform(async (em) => {
      const person =
        known ?? em.create(StaffMember, { entraTenantId: identity.tenantId, entraObjectId: identity.objectId, email: email ?? '', displayName: identity.displayName ?? email ?? 'NHS staff', createdAt: now });
      if (known) em.persist(known);
      person.lastSignInAt = now;
      if (identity.displayName) person.displayName = identity.displayName;
      if (email) person.email = email;
      audit.record(em, { actorStaffId: person.id, action: 'staff.signed_in', targetType: 'staff_member', targetId: person.id, outcome: 'success', detail: { invitations: waiting.length } });
      return person;
    });
    for (const invitation of waiting) await this.bind(invitation, staff, accepting);
    for (const invitation of platformWaiting) await this.bindPlatform(invitation, staff);
    return staff;
  }

  /** Turns a platform invitation into its platform or group role, once. */
  private async bindPlatform(invitation: PlatformInvitation, staff: StaffMember): Promise<void> {
    await this.db.platform(async (em) => {
      const current = await em.findOne(PlatformInvitation, { id: invitation.id, status: 'pending' });
      if (!current) return; // taken by a concurrent sign-in
      const group = current.group?.id ?? null;
      em.create(PlatformRoleAssignment, { staffMember: staff.id, role: current.role, scope: group ? 'group' : 'platform', group, createdAt: this.clock() });
      current.status = 'accepted';
      current.acceptedBy = em.getReference(StaffMember, staff.id, { wrapped: true });
      current.acceptedAt = this.clock();
      audit.record(em, { actorStaffId: staff.id, action: 'staff.platform_invitation_accepted', targetType: 'platform_invitation', targetId: current.id, outcome: 'success' });
    });
  }

  /** Turns an invitation into a role assignment, in the invitation's trust and one transaction. */
  private async bind(invitation: Invitation, staff: StaffMember, accepting: TrustEntry[]): Promise<void> {
    const entry = accepting.find((t) => t.id === invitation.trust.id);
    // the trust may have stopped accepting this tenant or this email domain since the invitation
    if (!entry || !entry.inviteEmailDomains.includes(invitation.email.split('@')[1] ?? '')) return;
    await this.db.inTrust({ trustId: entry.id, odsCode: entry.odsCode }, async (em: EntityManager) => {
      const current = await em.findOne(Invitation, { id: invitation.id, status: 'pending' }, { populate: ['hospital', 'ward'] });
      if (!current) return; // taken by a concurrent sign-in
      if (current.ward?.getEntity().status === 'archived' || current.hospital?.getEntity().status === 'archived') {
        // the place was archived after the invitation: a role there would be a role nowhere
        current.status = 'revoked';
        audit.record(em, { trustId: entry.id, actorStaffId: staff.id, action: 'staff.invitation_revoked', targetType: 'invitation', targetId: current.id, outcome: 'success', detail: { reason: 'place archived' } });
        return;
      }
      em.create(RoleAssignment, {
        trust: entry.id,
        staffMember: staff.id,
        role: current.role,
        scope: current.scope,
        hospital: current.hospital ? current.hospital.unwrap() : null,
        ward: current.ward ? current.ward.unwrap() : null,
        createdAt: this.clock(),
      });
      current.status = 'accepted';
      current.acceptedBy = em.getReference(StaffMember, staff.id, { wrapped: true });
      current.acceptedAt = this.clock();
      audit.record(em, { trustId: entry.id, actorStaffId: staff.id, action: 'staff.invitation_accepted', targetType: 'invitation', targetId: current.id, outcome: 'success' });
    });
  }

  /** Every role the person holds, with group roles expanded to the group's trusts. One query per level. */
  private async heldRoles(staffId: string): Promise<HeldRole[]> {
    const usable = this.trusts.all().filter((t) => readable(t.status));
    const [platformRoles, trustRoles] = await Promise.all([
      this.db.platform((em) => em.find(PlatformRoleAssignment, { staffMember: staffId })),
      usable.length ? this.db.acrossTrusts(usable.map((t) => t.id), (em) => em.find(RoleAssignment, { staffMember: staffId })) : Promise.resolve([]),
    ]);
    const held: HeldRole[] = platformRoles.map((assignment) => ({
      role: assignment.role,
      scope: assignment.scope,
      trustIds: assignment.scope === 'group' && assignment.group ? usable.filter((t) => t.groupId === assignment.group!.id).map((t) => t.id) : [],
    }));
    for (const assignment of trustRoles) {
      held.push({
        role: assignment.role,
        scope: assignment.scope,
        trustIds: [assignment.trust.id],
        hospitalId: assignment.hospital?.unwrap().id,
        wardId: assignment.ward?.unwrap().id,
      });
    }
    return held;
  }

  /** X-Trust names the trust; someone with roles in exactly one trust may leave it out. */
  private activeTrust(roles: HeldRole[], requested: string | undefined) {
    const platformWide = roles.some((r) => r.scope === 'platform');
    const reachable = new Set(roles.flatMap((r) => r.trustIds));
    if (requested) {
      // the header given twice arrives joined by a comma
      if (requested.includes(',')) throw new BadUserInputError([{ field: 'X-Trust', message: 'must name one trust, by its ODS code (such as RNQ)' }]);
      const entry = this.trusts.byOdsCode(requested);
      const allowed = entry && (reachable.has(entry.id) || (platformWide && entry.status !== 'archived'));
      if (!allowed) throw new ForbiddenError('You hold no role in the trust named by X-Trust');
      return activeTrustOf(entry);
    }
    if (reachable.size === 1) {
      const entry = this.trusts.byId([...reachable][0]);
      return entry ? activeTrustOf(entry) : undefined;
    }
    return undefined;
  }
}

/** An archived trust is read-only: its records can be read (and the reads audited), nothing changed. */
function activeTrustOf(entry: TrustEntry) {
  return { trustId: entry.id, odsCode: entry.odsCode, ...(entry.status === 'archived' ? { readOnly: true } : {}) };
}

function bearerToken(value: string | string[] | undefined): string | undefined {
  const text = header(value);
  const match = text ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(text) : null;
  return match?.[1];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
