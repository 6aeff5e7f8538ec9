import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { INVITATION_STATUSES, ROLES, type InvitationStatus, type Role, type RoleScope } from '@vv/contracts';
import { Hospital, TrustOwned, Ward } from '@vv/domain/trusts';
import { accessChangeTriggers } from '@vv/platform/database';
import { StaffMember } from './staff-member.entity';

export { INVITATION_STATUSES, type InvitationStatus };

/**
 * An admin's offer of a role to an email address. The first sign-in of that address from
 * an Entra tenant the trust accepts binds it to that person's (tid, oid); after that it
 * can never be used again.
 */
@Entity({ tableName: 'invitation', triggers: accessChangeTriggers(null) })
@Index({ properties: ['trust', 'email', 'status'] })
export class Invitation extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Lower-cased. */
  @Property({ type: 'string', length: 320 })
  email!: string;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  @Enum({ items: () => ['trust', 'hospital', 'ward'], type: 'string' })
  scope!: Extract<RoleScope, 'trust' | 'hospital' | 'ward'>;

  @ManyToOne(() => Hospital, { ref: true, nullable: true, joinColumns: ['trust_id', 'hospital_id'], deleteRule: 'cascade' })
  hospital?: Ref<Hospital> | null;

  @ManyToOne(() => Ward, { ref: true, nullable: true, joinColumns: ['trust_id', 'ward_id'], deleteRule: 'cascade' })
  ward?: Ref<Ward> | null;

  @Enum({ items: () => [...INVITATION_STATUSES], type: 'string', default: 'pending' })
  status: Opt<InvitationStatus> = 'pending';

  @Property({ type: 'uuid', nullable: true })
  invitedByStaffId?: string | null;

  @ManyToOne(() => StaffMember, { ref: true, nullable: true, deleteRule: 'set null' })
  acceptedBy?: Ref<StaffMember> | null;

  @Property({ type: 'datetime', nullable: true })
  acceptedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
