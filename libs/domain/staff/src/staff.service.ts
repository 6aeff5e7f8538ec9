import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, graphqlEnumName, isUuid, ROLE_ALLOWED_SCOPES, type FieldProblem, type Role, type RoleScope, isWorkEmail } from '@vv/contracts';
import { assertCan, requireActiveTrust, type Caller } from '@vv/platform/access';
import { EVERYONE, TenantDatabase } from '@vv/platform/database';
import { Hospital, TrustGroup, TrustDirectory, Ward } from '@vv/domain/trusts';
import { audit } from '@vv/domain/audit';
import { StaffMember } from './staff-member.entity';
import { RoleAssignment } from './role-assignment.entity';
import { Invitation } from './invitation.entity';
import { InvitationConflictError, LastTrustAdminError, StaffRecordNotFoundError } from './staff.exception';
import { CallerCache } from './caller-cache';
import { SIGN_IN_CLOCK } from './caller-resolver.service';
import type { InvitationObject, InviteStaffInput, MeObject, RoleAssignmentObject, StaffMemberObject } from './dto/staff.object';


/** The people of a trust: who they are, what roles they hold, and invitations to join. */
@Injectable()
export class StaffService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(CallerCache) private readonly callers: CallerCache,
    @Inject(SIGN_IN_CLOCK) private readonly clock: () => Date,
  ) {}

  async me(caller: Caller): Promise<MeObject> {
    const [person, groups] = await this.db.platform(async (em) => [
      await em.findOneOrFail(StaffMember, { id: caller.staffId }),
      await em.find(TrustGroup, {}),
    ] as const);
    const byTrust = new Map<string, Set<Role>>();
    for (const held of caller.roles) {
      for (const trustId of held.trustIds) byTrust.set(trustId, (byTrust.get(trustId) ?? new Set()).add(held.role));
    }
    return {
      id: person.id,
      email: person.email,
      displayName: person.displayName,
      activeTrust: caller.trust?.odsCode ?? null,
      trusts: [...byTrust]
        .map(([trustId, roles]) => ({ entry: this.trusts.byId(trustId), roles }))
        .filter((t) => t.entry)
        .map((t) => ({ odsCode: t.entry!.odsCode, name: t.entry!.name, roles: [...t.roles].sort() }))
        .sort((a, b) => a.odsCode.localeCompare(b.odsCode)),
      platformRoles: caller.roles
        .filter((r) => r.scope === 'platform' || r.scope === 'group')
        .map((r) => {
          const groupId = r.trustIds.length ? this.trusts.byId(r.trustIds[0])?.groupId : null;
          const group = groups.find((g) => g.id === groupId);
          return { id: null, role: r.role, scope: r.scope, group: group ? { id: group.id, name: group.name } : null, hospital: null, ward: null };
        }),
    };
  }

  /** Everyone holding a role in the active trust, with those roles. Two statements. */
  async list(caller: Caller): Promise<StaffMemberObject[]> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    return this.db.inTrust(trust, async (em) => {
      const assignments = await em.find(RoleAssignment, {}, { populate: ['staffMember', 'hospital', 'ward'], orderBy: { createdAt: 'asc' } });
      const people = new Map<string, StaffMemberObject>();
      for (const assignment of assignments) {
        const person = assignment.staffMember.getEntity();
        const entry = people.get(person.id) ?? { id: person.id, email: person.email, displayName: person.displayName, lastSignInAt: person.lastSignInAt ?? null, roles: [] };
        entry.roles.push(roleObject(assignment));
        people.set(person.id, entry);
      }
      return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
    });
  }

  async invite(caller: Caller, input: InviteStaffInput): Promise<InvitationObject> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    const email = input.email.trim().toLowerCase();
    const problems: FieldProblem[] = [];
    if (!isWorkEmail(email)) problems.push({ field: 'email', message: 'is not an email address' });
    const entry = this.trusts.byId(trust.trustId);
    if (isWorkEmail(email) && entry && !entry.inviteEmailDomains.includes(email.split('@')[1])) {
      problems.push({ field: 'email', message: `must be at one of the trust's domains: ${entry.inviteEmailDomains.join(', ')}` });
    }
    problems.push(...scopeProblems(input.role, input.scope, input.hospitalId, input.wardId));
    // a place the role would not be held at is a mistake in the request, not something to drop unsaid
    if (input.scope !== 'hospital' && input.hospitalId) problems.push({ field: 'hospitalId', message: 'must be left out unless the scope is hospital' });
    if (input.scope !== 'ward' && input.wardId) problems.push({ field: 'wardId', message: 'must be left out unless the scope is ward' });
    if (problems.length) throw new BadUserInputError(problems);

    return this.db.inTrust(trust, async (em) => {
      const { hospital, ward } = await placesOf(em, input.scope, input.hospitalId, input.wardId);
      const duplicate = await em.count(Invitation, { email, role: input.role, status: 'pending', hospital: hospital ?? null, ward: ward ?? null });
      if (duplicate) throw new InvitationConflictError('That person already has a pending invitation for this role');
      const invitation = em.create(Invitation, {
        trust: trust.trustId,
        email,
        role: input.role,
        scope: input.scope as Invitation['scope'],
        hospital,
        ward,
        invitedByStaffId: caller.staffId,
        createdAt: this.clock(),
      });
      audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action: 'staff.invited', targetType: 'invitation', targetId: invitation.id, outcome: 'success', detail: { role: input.role, scope: input.scope } });
      await em.flush();
      return invitationObject(invitation, hospital, ward);
    }).finally(() => this.callers.forget(EVERYONE)); // the address may be someone's already signed in: bound on their next request
  }

  async invitations(caller: Caller): Promise<InvitationObject[]> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    return this.db.inTrust(trust, async (em) => {
      const rows = await em.find(Invitation, { status: 'pending' }, { populate: ['hospital', 'ward'], orderBy: { createdAt: 'desc' } });
      return rows.map((row) => invitationObject(row, row.hospital?.getEntity() ?? null, row.ward?.getEntity() ?? null));
    });
  }

  async revokeInvitation(caller: Caller, invitationId: string): Promise<InvitationObject> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    return this.db.inTrust(trust, async (em) => {
      const invitation = isUuid(invitationId) ? await em.findOne(Invitation, { id: invitationId }, { populate: ['hospital', 'ward'] }) : null;
      if (!invitation) throw new StaffRecordNotFoundError('Invitation');
      if (invitation.status !== 'pending') throw new InvitationConflictError(`The invitation is already ${invitation.status}`);
      invitation.status = 'revoked';
      audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action: 'staff.invitation_revoked', targetType: 'invitation', targetId: invitation.id, outcome: 'success' });
      return invitationObject(invitation, invitation.hospital?.getEntity() ?? null, invitation.ward?.getEntity() ?? null);
    });
  }

  async changeRole(caller: Caller, assignmentId: string, role: Role): Promise<RoleAssignmentObject> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    let staffId: string | undefined;
    return this.db.inTrust(trust, async (em) => {
      await lockTrustAdmins(em, trust.trustId);
      const assignment = await this.findAssignment(em, assignmentId);
      staffId = assignment.staffMember.id;
      const problems = scopeProblems(role, assignment.scope, assignment.hospital?.unwrap().id, assignment.ward?.unwrap().id).map((p) => ({ ...p, field: 'role' }));
      if (problems.length) throw new BadUserInputError(problems);
      if (role === assignment.role) return roleObject(assignment); // no change: nothing written, nothing audited
      await keepATrustAdmin(em, assignment);
      const from = assignment.role;
      assignment.role = role;
      audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action: 'staff.role_changed', targetType: 'role_assignment', targetId: assignment.id, outcome: 'success', detail: { from, to: role } });
      return roleObject(assignment);
    }).finally(() => staffId && this.callers.forget(staffId));
  }

  async revokeRole(caller: Caller, assignmentId: string): Promise<boolean> {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', 'StaffRole', { trustId: trust.trustId });
    let staffId: string | undefined;
    return this.db.inTrust(trust, async (em) => {
      await lockTrustAdmins(em, trust.trustId);
      const assignment = await this.findAssignment(em, assignmentId);
      staffId = assignment.staffMember.id;
      await keepATrustAdmin(em, assignment);
      em.remove(assignment);
      audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action: 'staff.role_revoked', targetType: 'role_assignment', targetId: assignment.id, outcome: 'success', detail: { role: assignment.role } });
      return true;
    }).finally(() => staffId && this.callers.forget(staffId));
  }

  private async findAssignment(em: EntityManager, assignmentId: string): Promise<RoleAssignment> {
    const assignment = isUuid(assignmentId) ? await em.findOne(RoleAssignment, { id: assignmentId }, { populate: ['hospital', 'ward'] }) : null;
    if (!assignment) throw new StaffRecordNotFoundError('Role assignment');
    return assignment;
  }
}

/**
 * One change to a trust's roles at a time, so two admins removing each other at once cannot
 * both pass `keepATrustAdmin` and leave the trust with none (as platform roles do for platform admins).
 */
async function lockTrustAdmins(em: EntityManager, trustId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended('trust_admins:' || ?, 0))`, [trustId]);
}

/** Refuses to end the trust-wide trust admin role of a trust's last one: a trust outside a group would have nobody to give it back. */
async function keepATrustAdmin(em: EntityManager, ending: RoleAssignment): Promise<void> {
  if (ending.role !== 'trust_admin' || ending.scope !== 'trust') return;
  if ((await em.count(RoleAssignment, { role: 'trust_admin', scope: 'trust' })) <= 1) throw new LastTrustAdminError();
}

/** A role must be given at a scope it can be held at, naming the hospital or ward it needs. */
function scopeProblems(role: Role, scope: RoleScope, hospitalId?: string | null, wardId?: string | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const allowed = ROLE_ALLOWED_SCOPES[role];
  // said in the API's names (WARD_STAFF, HOSPITAL), as the caller wrote them
  if (!['trust', 'hospital', 'ward'].includes(scope)) problems.push({ field: 'scope', message: 'must be TRUST, HOSPITAL or WARD here; platform and group roles are given by the central team' });
  else if (!allowed.includes(scope)) problems.push({ field: 'scope', message: `${graphqlEnumName(role)} can only be held for: ${allowed.map(graphqlEnumName).join(', ')}` });
  if (scope === 'hospital' && !hospitalId) problems.push({ field: 'hospitalId', message: 'is required for a hospital role' });
  if (scope === 'ward' && !wardId) problems.push({ field: 'wardId', message: 'is required for a ward role' });
  return problems;
}

async function placesOf(em: EntityManager, scope: string, hospitalId?: string, wardId?: string): Promise<{ hospital: Hospital | null; ward: Ward | null }> {
  const hospital = scope === 'hospital' ? await em.findOne(Hospital, { id: hospitalId! }) : null;
  if (scope === 'hospital' && !hospital) throw new StaffRecordNotFoundError('Hospital');
  if (hospital?.status === 'archived') throw new BadUserInputError([{ field: 'hospitalId', message: 'is an archived hospital' }]);
  const ward = scope === 'ward' ? await em.findOne(Ward, { id: wardId! }) : null;
  if (scope === 'ward' && !ward) throw new StaffRecordNotFoundError('Ward');
  if (ward?.status === 'archived') throw new BadUserInputError([{ field: 'wardId', message: 'is an archived ward' }]);
  return { hospital, ward };
}

function roleObject(assignment: RoleAssignment): RoleAssignmentObject {
  const hospital = assignment.hospital?.isInitialized() ? assignment.hospital.getEntity() : null;
  const ward = assignment.ward?.isInitialized() ? assignment.ward.getEntity() : null;
  return {
    id: assignment.id,
    role: assignment.role,
    scope: assignment.scope,
    group: null,
    hospital: hospital ? { id: hospital.id, name: hospital.name } : null,
    ward: ward ? { id: ward.id, name: ward.name } : null,
  };
}

function invitationObject(invitation: Invitation, hospital: Hospital | null, ward: Ward | null): InvitationObject {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    scope: invitation.scope,
    hospital: hospital ? { id: hospital.id, name: hospital.name } : null,
    ward: ward ? { id: ward.id, name: ward.name } : null,
    status: invitation.status,
    createdAt: invitation.createdAt,
  };
}


