import { Inject, Injectable, Optional } from '@nestjs/common';
import { BadUserInputError, ConflictError, ForbiddenError, isUuid, NotFoundError, type FieldProblem, isWorkEmail, type PlatformRole } from '@vv/contracts';
import type { Caller } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { Trust, TrustDirectory, TrustGroup } from '@vv/domain/trusts';
import { CallerCache, PlatformInvitation, PlatformRoleAssignment, SIGN_IN_CLOCK, StaffMember } from '@vv/domain/staff';
import { audit } from '@vv/domain/audit';
import { type GrantPlatformRoleInput, type PlatformGroupObject, type PlatformRoleHolderObject, type PlatformTrustObject } from './dto/platform.object';

const GROUP_CODE = /^[A-Z0-9]{2,10}$/;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GROUP_ROLES: readonly string[] = ['group_admin', 'reporting_analyst'] satisfies PlatformRole[];

interface TrustCounts {
  trust_id: string;
  wards: string | number;
  staff: string | number;
  last_activity_at: Date | string | null;
}

/**
 * The central team's view of the platform: every trust with its status, group and counts.
 * Counts are read through `TenantDatabase.acrossTrusts` (read-only, the trusts it names),
 * as aggregates: no person's details are read.
 */
@Injectable()
export class PlatformService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly directory: TrustDirectory,
    @Inject(SIGN_IN_CLOCK) private readonly clock: () => Date,
    /** Forgets a person whose roles change here as the change commits, not when the database's announcement happens to arrive. */
    @Optional() @Inject(CallerCache) private readonly callers?: CallerCache,
  ) {}

  async trusts(caller: Caller): Promise<PlatformTrustObject[]> {
    if (!caller.ability.can('onboard', 'Trust')) throw new ForbiddenError('Only the central team sees every trust');
    const trusts = await this.db.platform((em) => em.find(Trust, {}, { populate: ['group'], orderBy: { name: 'asc' } }));
    if (!trusts.length) return [];
    const counts = await this.db.acrossTrusts(
      trusts.map((t) => t.id),
      (em) =>
        em.getConnection().execute<TrustCounts[]>(
          `select t.trust_id,
                  (select count(*) from ward w where w.trust_id = t.trust_id and w.status <> 'archived') as wards,
                  (select count(distinct r.staff_member_id) from role_assignment r where r.trust_id = t.trust_id) as staff,
                  (select max(a.occurred_at) from audit_event a where a.trust_id = t.trust_id) as last_activity_at
             from unnest(?::uuid[]) as t(trust_id)`,
          [`{${trusts.map((t) => t.id).join(',')}}`],
          'all',
          em.getTransactionContext(),
        ),
    );
    const byTrust = new Map(counts.map((row) => [row.trust_id, row]));
    return trusts.map((trust) => {
      const row = byTrust.get(trust.id);
      const group = trust.group?.getEntity() ?? null;
      return {
        id: trust.id,
        odsCode: trust.odsCode,
        name: trust.name,
        status: trust.status,
        group: group ? { id: group.id, code: group.code, name: group.name } : null,
        wards: Number(row?.wards ?? 0),
        staff: Number(row?.staff ?? 0),
        lastActivityAt: row?.last_activity_at ? new Date(row.last_activity_at) : null,
      };
    });
  }

  /** Every trust group and its trusts. */
  async groups(caller: Caller): Promise<PlatformGroupObject[]> {
    requireCan(caller, 'TrustGroup', 'Only the central team manages trust groups');
    return this.db.platform(async (em) => {
      const [groups, trusts] = await Promise.all([em.find(TrustGroup, {}, { orderBy: { name: 'asc' } }), em.find(Trust, { group: { $ne: null } }, { orderBy: { name: 'asc' } })]);
      return groups.map((group) => ({
        id: group.id,
        code: group.code,
        name: group.name,
        trusts: trusts.filter((t) => t.group?.id === group.id).map((t) => ({ odsCode: t.odsCode, name: t.name })),
      }));
    });
  }

  /** A new, empty group: trusts are moved into it afterwards. Audited. */
  async createGroup(caller: Caller, codeInput: string, nameInput: string): Promise<PlatformGroupObject> {
    requireCan(caller, 'TrustGroup', 'Only the central team manages trust groups');
    const code = codeInput.trim().toUpperCase();
    const name = nameInput.trim();
    const problems: FieldProblem[] = [];
    if (!GROUP_CODE.test(code)) problems.push({ field: 'code', message: 'must be 2 to 10 capital letters or digits' });
    if (!name || name.length > 200) problems.push({ field: 'name', message: 'must be 1 to 200 characters' });
    if (problems.length) throw new BadUserInputError(problems);
    const group = await this.db.platform(async (em) => {
      // one at a time, so two at once cannot both create the same code
      await em.execute(`select pg_advisory_xact_lock(hashtextextended('trust_group:' || ?, 0))`, [code]);
      if (await em.count(TrustGroup, { code })) throw new ConflictError(`There is already a trust group ${code}`);
      const created = em.create(TrustGroup, { code, name });
      audit.record(em, { actorStaffId: caller.staffId, action: 'group.created', targetType: 'trust_group', targetId: created.id, outcome: 'success' });
      return created;
    });
    return { id: group.id, code: group.code, name: group.name, trusts: [] };
  }

  /**
   * Moves a trust into a group, or out of any (groupCode null). Its group's admins and analysts
   * reach it, or stop reaching it, at once. Audited, and counted as a change through the API by
   * `tenants:sync`, which then leaves the trust alone until its document says the same.
   */
  async moveTrust(caller: Caller, odsCode: string, groupCode: string | null | undefined): Promise<PlatformTrustObject> {
    requireCan(caller, 'TrustGroup', 'Only the central team moves trusts between groups');
    const code = groupCode?.trim().toUpperCase() || null;
    await this.db.platform(async (em) => {
      const trust = await em.findOne(Trust, { odsCode: odsCode.trim().toUpperCase() });
      if (!trust) throw new NotFoundError('Trust');
      const group = code ? await em.findOne(TrustGroup, { code }) : null;
      if (code && !group) throw new BadUserInputError([{ field: 'groupCode', message: 'is not a trust group' }]);
      const from = trust.group?.id ?? null;
      if (from === (group?.id ?? null)) return;
      trust.group = group ? em.getReference(TrustGroup, group.id, { wrapped: true }) : null;
      audit.record(em, { actorStaffId: caller.staffId, action: 'trust.group_changed', targetType: 'trust', targetId: trust.id, concernsTrustId: trust.id, outcome: 'success', detail: { from, to: group?.id ?? null } });
    });
    await this.directory.refresh();
    const listed = (await this.trusts(caller)).find((t) => t.odsCode === odsCode.trim().toUpperCase());
    if (!listed) throw new NotFoundError('Trust');
    return listed;
  }

  /** Everyone holding a platform or group role, and everyone invited to one who has not signed in since. */
  async roleHolders(caller: Caller): Promise<PlatformRoleHolderObject[]> {
    requireCan(caller, 'PlatformRole', 'Only the central team manages platform roles');
    return this.db.platform(async (em) => {
      const [held, invited] = await Promise.all([
        em.find(PlatformRoleAssignment, {}, { populate: ['staffMember', 'group'], orderBy: { createdAt: 'asc' } }),
        em.find(PlatformInvitation, { status: 'pending' }, { populate: ['group'], orderBy: { createdAt: 'asc' } }),
      ]);
      const groupOf = (group: TrustGroup | null | undefined) => (group ? { id: group.id, code: group.code, name: group.name } : null);
      return [
        ...held.map((a) => ({
          id: a.id,
          status: 'active' as const,
          email: a.staffMember.getEntity().email,
          displayName: a.staffMember.getEntity().displayName,
          role: a.role as PlatformRole,
          group: groupOf(a.group?.getEntity()),
          since: a.createdAt,
        })),
        ...invited.map((i) => ({ id: i.id, status: 'invited' as const, email: i.email, displayName: null, role: i.role as PlatformRole, group: groupOf(i.group?.getEntity()), since: i.createdAt })),
      ];
    });
  }

  /**
   * Grants a platform or group role: at once to someone who has signed in before from that
   * tenant with that address, otherwise as an invitation their first sign-in takes. Audited (ids only).
   */
  async grantRole(caller: Caller, input: GrantPlatformRoleInput): Promise<PlatformRoleHolderObject> {
    requireCan(caller, 'PlatformRole', 'Only the central team grants platform roles');
    const email = input.email.trim().toLowerCase();
    const entraTenantId = input.entraTenantId.trim().toLowerCase();
    const groupCode = input.groupCode?.trim().toUpperCase() || null;
    const problems: FieldProblem[] = [];
    if (!isWorkEmail(email)) problems.push({ field: 'email', message: 'is not an email address' });
    if (!TENANT_ID.test(entraTenantId)) problems.push({ field: 'entraTenantId', message: 'must be an Entra tenant id (a GUID)' });
    const groupRole = GROUP_ROLES.includes(input.role);
    if (groupRole && !groupCode) problems.push({ field: 'groupCode', message: 'is needed for a group admin or group analyst' });
    if (!groupRole && groupCode) problems.push({ field: 'groupCode', message: 'must be left out for a platform admin' });
    if (problems.length) throw new BadUserInputError(problems);
    let staffId: string | undefined;
    const holder = await this.db.platform(async (em) => {
      const group = groupCode ? await em.findOne(TrustGroup, { code: groupCode }) : null;
      if (groupCode && !group) throw new BadUserInputError([{ field: 'groupCode', message: 'is not a trust group' }]);
      // one grant for an address at a time, so two at once cannot both grant the same role
      await em.execute(`select pg_advisory_xact_lock(hashtextextended('platform_role:' || ?, 0))`, [email]);
      const scope = group ? { group: group.id } : { group: null };
      const person = await em.findOne(StaffMember, { email, entraTenantId });
      const groupObject = group ? { id: group.id, code: group.code, name: group.name } : null;
      if (person) {
        staffId = person.id;
        if (await em.count(PlatformRoleAssignment, { staffMember: person.id, role: input.role, ...scope })) throw new ConflictError('They already hold this role');
        const assignment = em.create(PlatformRoleAssignment, { staffMember: person.id, role: input.role, scope: group ? 'group' : 'platform', group: group?.id ?? null, createdAt: this.clock() });
        audit.record(em, { actorStaffId: caller.staffId, action: 'platform.role_granted', targetType: 'platform_role_assignment', targetId: assignment.id, outcome: 'success', detail: { role: input.role, groupId: group?.id ?? null } });
        return { id: assignment.id, status: 'active' as const, email, displayName: person.displayName, role: input.role, group: groupObject, since: assignment.createdAt };
      }
      if (await em.count(PlatformInvitation, { email, entraTenantId, role: input.role, status: 'pending', ...scope })) throw new ConflictError('They are already invited to this role');
      const invitation = em.create(PlatformInvitation, { email, entraTenantId, role: input.role, group: group?.id ?? null, createdAt: this.clock() });
      audit.record(em, { actorStaffId: caller.staffId, action: 'platform.role_invited', targetType: 'platform_invitation', targetId: invitation.id, outcome: 'success', detail: { role: input.role, groupId: group?.id ?? null } });
      return { id: invitation.id, status: 'invited' as const, email, displayName: null, role: input.role, group: groupObject, since: invitation.createdAt };
    }).finally(() => staffId && this.callers?.forget(staffId));
    return holder;
  }

  /** Takes a platform or group role away (it stops on the person's next request), or withdraws an invitation. Never the last platform admin. */
  async revokeRole(caller: Caller, id: string): Promise<boolean> {
    requireCan(caller, 'PlatformRole', 'Only the central team revokes platform roles');
    if (!isUuid(id)) throw new NotFoundError('Platform role');
    let staffId: string | undefined;
    await this.db.platform(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtextextended('platform_role:revoke', 0))`);
      const assignment = await em.findOne(PlatformRoleAssignment, { id });
      if (assignment) {
        staffId = assignment.staffMember.id;
        if (assignment.role === 'platform_admin' && (await em.count(PlatformRoleAssignment, { role: 'platform_admin' })) <= 1) {
          throw new ConflictError('This is the only platform admin: grant the role to someone else first');
        }
        em.remove(assignment);
        audit.record(em, { actorStaffId: caller.staffId, action: 'platform.role_revoked', targetType: 'platform_role_assignment', targetId: assignment.id, outcome: 'success', detail: { role: assignment.role } });
        return;
      }
      const invitation = await em.findOne(PlatformInvitation, { id, status: 'pending' });
      if (!invitation) throw new NotFoundError('Platform role');
      invitation.status = 'revoked';
      audit.record(em, { actorStaffId: caller.staffId, action: 'platform.invitation_revoked', targetType: 'platform_invitation', targetId: invitation.id, outcome: 'success', detail: { role: invitation.role } });
    }).finally(() => staffId && this.callers?.forget(staffId));
    return true;
  }
}

function requireCan(caller: Caller, subject: 'TrustGroup' | 'PlatformRole', message: string): void {
  if (!caller.ability.can('manage', subject)) throw new ForbiddenError(message);
}
