import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantDatabase } from '@vv/platform/database';
import { Hospital, Trust, TrustGroup, Ward } from '@vv/domain/trusts';
import { Invitation, PlatformRoleAssignment, RoleAssignment, StaffMember } from '@vv/domain/staff';
import { DEMO_STAFF, type DemoRole, type DemoStaffMember } from './demo-staff';

/**
 * Loads the demo staff and their roles (development and tests only). Idempotent: a
 * second run creates nothing. Returns how many roles and invitations it created.
 */
export async function seedDemoStaff(db: TenantDatabase, staff: readonly DemoStaffMember[] = DEMO_STAFF): Promise<number> {
  if (process.env.NODE_ENV === 'production') throw new Error('Demo staff are for development and tests only');
  let created = 0;
  for (const person of staff) {
    const member = person.invitedOnly ? await findMember(db, person) : await ensureMember(db, person);
    for (const demoRole of person.roles) {
      if ('platform' in demoRole.at || 'group' in demoRole.at) {
        created += await ensurePlatformRole(db, member!, demoRole);
        continue;
      }
      const trust = await db.platform((em) => em.findOneOrFail(Trust, { odsCode: (demoRole.at as { trust: string }).trust }));
      created += await db.inTrust({ trustId: trust.id, odsCode: trust.odsCode }, async (em) => {
        const place = await placeOf(em, demoRole);
        if (person.invitedOnly && !member) {
          const waiting = await em.count(Invitation, { email: person.email, role: demoRole.role, ...place });
          if (waiting) return 0;
          em.create(Invitation, { trust: trust.id, email: person.email, role: demoRole.role, scope: scopeOf(demoRole), hospital: place.hospital, ward: place.ward });
          return 1;
        }
        const held = await em.count(RoleAssignment, { staffMember: member!.id, role: demoRole.role, ...place });
        if (held) return 0;
        em.create(RoleAssignment, { trust: trust.id, staffMember: member!.id, role: demoRole.role, scope: scopeOf(demoRole), hospital: place.hospital, ward: place.ward });
        return 1;
      });
    }
  }
  return created;
}

function findMember(db: TenantDatabase, person: DemoStaffMember): Promise<StaffMember | null> {
  return db.platform((em) => em.findOne(StaffMember, { entraTenantId: person.tenantId, entraObjectId: person.objectId }));
}

async function ensureMember(db: TenantDatabase, person: DemoStaffMember): Promise<StaffMember> {
  return db.platform(async (em) => {
    const existing = await em.findOne(StaffMember, { entraTenantId: person.tenantId, entraObjectId: person.objectId });
    return existing ?? em.create(StaffMember, { entraTenantId: person.tenantId, entraObjectId: person.objectId, email: person.email, displayName: person.displayName });
  });
}

async function ensurePlatformRole(db: TenantDatabase, member: StaffMember, demoRole: DemoRole): Promise<number> {
  return db.platform(async (em) => {
    const group = 'group' in demoRole.at ? await em.findOneOrFail(TrustGroup, { code: demoRole.at.group }) : null;
    const held = await em.count(PlatformRoleAssignment, { staffMember: member.id, role: demoRole.role, group: group?.id ?? null });
    if (held) return 0;
    em.create(PlatformRoleAssignment, { staffMember: member.id, role: demoRole.role, scope: group ? 'group' : 'platform', group });
    return 1;
  });
}

async function placeOf(em: EntityManager, demoRole: DemoRole): Promise<{ hospital: Hospital | null; ward: Ward | null }> {
  if ('hospital' in demoRole.at) return { hospital: await em.findOneOrFail(Hospital, { siteCode: demoRole.at.hospital }), ward: null };
  if ('ward' in demoRole.at) {
    const [site, code] = demoRole.at.ward.split('/');
    return { hospital: null, ward: await em.findOneOrFail(Ward, { code, hospital: { siteCode: site } }) };
  }
  return { hospital: null, ward: null };
}

function scopeOf(demoRole: DemoRole): 'trust' | 'hospital' | 'ward' {
  if ('hospital' in demoRole.at) return 'hospital';
  if ('ward' in demoRole.at) return 'ward';
  return 'trust';
}
