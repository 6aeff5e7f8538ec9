import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@vv/contracts';
import { accessChangeTriggers } from '@vv/platform/database';
import { TrustGroup } from '@vv/domain/trusts';
import { StaffMember } from './staff-member.entity';
import { INVITATION_STATUSES, type InvitationStatus } from './invitation.entity';

/**
 * An offer of a platform role (or a group role, for one trust group) to an email address in
 * one Entra tenant.
 * The first sign-in of that address from that tenant binds it to the person's (tid, oid),
 * once. Platform-level: it belongs to no trust.
 */
@Entity({ tableName: 'platform_invitation', triggers: accessChangeTriggers(null) })
@Index({ properties: ['entraTenantId', 'email', 'status'] })
export class PlatformInvitation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Lower-cased. */
  @Property({ type: 'string', length: 320 })
  email!: string;

  /** Lower-cased Entra tenant id the person signs in from. */
  @Property({ type: 'string', length: 36 })
  entraTenantId!: string;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  /** For a group admin or group analyst: the group the role is held for. None for a platform admin. */
  @ManyToOne(() => TrustGroup, { ref: true, nullable: true, deleteRule: 'cascade' })
  group?: Ref<TrustGroup> | null;

  @Enum({ items: () => [...INVITATION_STATUSES], type: 'string', default: 'pending' })
  status: Opt<InvitationStatus> = 'pending';

  @ManyToOne(() => StaffMember, { ref: true, nullable: true, deleteRule: 'set null' })
  acceptedBy?: Ref<StaffMember> | null;

  @Property({ type: 'datetime', nullable: true })
  acceptedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
