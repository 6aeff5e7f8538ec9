import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { HOSPITAL_STATUSES, type HospitalStatus } from '@vv/contracts';
import { randomUUID } from 'node:crypto';
import { TrustOwned } from './trust-owned.entity';

/** A hospital site of a trust. */
@Entity({ tableName: 'hospital' })
@Unique({ properties: ['trust', 'siteCode'] })
export class Hospital extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 9 })
  siteCode!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => [...HOSPITAL_STATUSES], type: 'string', default: 'active' })
  status: Opt<HospitalStatus> = 'active';
}
