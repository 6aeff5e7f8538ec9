import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A person who works in one or more trusts. Identified by the Entra (tid, oid) pair
 * once they have signed in; email and name are for display and invitations only.
 */
@Entity({ tableName: 'staff_member' })
@Unique({ properties: ['entraTenantId', 'entraObjectId'] })
export class StaffMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', nullable: true })
  entraTenantId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  entraObjectId?: string | null;

  @Property({ type: 'string', length: 320 })
  email!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
