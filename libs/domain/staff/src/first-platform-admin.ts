import type { TenantDatabase } from '@vv/platform/database';
import { BadUserInputError, ConflictError } from '@vv/contracts';
import { audit } from '@vv/domain/audit';
import { PlatformRoleAssignment } from './role-assignment.entity';
import { PlatformInvitation } from './platform-invitation.entity';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A new installation's first administrator: invites an email address in an Entra tenant to
 * the platform admin role, once. Refused when a platform admin exists or is already invited
 * (later ones are invited by a platform admin). Audited in the platform audit, ids only.
 */
export async function inviteFirstPlatformAdmin(db: TenantDatabase, input: { email: string; entraTenantId: string }): Promise<PlatformInvitation> {
  const email = input.email.trim().toLowerCase();
  const entraTenantId = input.entraTenantId.trim().toLowerCase();
  const problems = [
    ...(EMAIL.test(email) ? [] : [{ field: 'email', message: 'must be an email address' }]),
    ...(TENANT_ID.test(entraTenantId) ? [] : [{ field: 'tenant', message: 'must be an Entra tenant id (a GUID)' }]),
  ];
  if (problems.length) throw new BadUserInputError(problems);
  return db.platform(async (em) => {
    // one at a time, so two runs at once cannot both invite
    await em.execute(`select pg_advisory_xact_lock(hashtextextended('platform:first-admin', 0))`);
    const admins = await em.count(PlatformRoleAssignment, { role: 'platform_admin' });
    const invited = await em.count(PlatformInvitation, { role: 'platform_admin', status: 'pending' });
    if (admins || invited) {
      throw new ConflictError(
        admins
          ? 'This installation already has a platform admin: they invite any others through the API'
          : 'A first platform admin is already invited and has not signed in yet',
      );
    }
    const invitation = em.create(PlatformInvitation, { email, entraTenantId, role: 'platform_admin' });
    audit.record(em, { actorStaffId: null, action: 'platform.first_admin_invited', targetType: 'platform_invitation', targetId: invitation.id, outcome: 'success' });
    return invitation;
  });
}
