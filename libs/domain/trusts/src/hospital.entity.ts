import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';
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
}
