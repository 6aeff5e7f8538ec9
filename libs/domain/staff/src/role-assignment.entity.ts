import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Ref, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES, ROLE_SCOPES, type Role, type RoleScope } from '@vv/contracts';
import { Hospital, TrustGroup, TrustOwned, Ward } from '@vv/domain/trusts';
import { accessChangeTriggers } from '@vv/platform/database';
import { StaffMember } from './staff-member.entity';

/** A role held in one trust, at trust, hospital or ward scope. Trust-owned. */
@Entity({ tableName: 'role_assignment', triggers: accessChangeTriggers('staff_member_id') })
@Index({ properties: ['staffMember'] })
export class RoleAssignment extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => StaffMember, { ref: true, deleteRule: 'cascade' })
  staffMember!: Ref<StaffMember>;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  @Enum({ items: () => ['trust', 'hospital', 'ward'], type: 'string' })
  scope!: Extract<RoleScope, 'trust' | 'hospital' | 'ward'>;

  @ManyToOne(() => Hospital, { ref: true, nullable: true, joinColumns: ['trust_id', 'hospital_id'], deleteRule: 'cascade' })
  hospital?: Ref<Hospital> | null;

  @ManyToOne(() => Ward, { ref: true, nullable: true, joinColumns: ['trust_id', 'ward_id'], deleteRule: 'cascade' })
  ward?: Ref<Ward> | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

/** A role held above any one trust: platform admin, or a group admin or analyst. Platform-level. */
@Entity({ tableName: 'platform_role_assignment', triggers: accessChangeTriggers('staff_member_id') })
@Index({ properties: ['staffMember'] })
export class PlatformRoleAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => StaffMember, { ref: true, deleteRule: 'cascade' })
  staffMember!: Ref<StaffMember>;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  @Enum({ items: () => [...ROLE_SCOPES.filter((s) => s === 'platform' || s === 'group')], type: 'string' })
  scope!: Extract<RoleScope, 'platform' | 'group'>;

  @ManyToOne(() => TrustGroup, { ref: true, nullable: true, deleteRule: 'cascade' })
  group?: Ref<TrustGroup> | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
