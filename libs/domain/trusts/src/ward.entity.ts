import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Ref, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WARD_STATUSES, type VisitingHours, type WardStatus } from '@vv/contracts';
import type { WardColumns } from './settings/ward.setting';
import { TrustOwned } from './trust-owned.entity';
import { Hospital } from './hospital.entity';

/** A ward: where visits are booked, with its own visiting hours and number of ward devices. Its settings are defined in settings/ward.setting.ts. */
@Entity({ tableName: 'ward' })
@Unique({ properties: ['trust', 'hospital', 'code'] })
export class Ward extends TrustOwned implements WardColumns {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Hospital, { ref: true, joinColumns: ['trust_id', 'hospital_id'], deleteRule: 'restrict' })
  hospital!: Ref<Hospital>;

  @Property({ type: 'string', length: 20 })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => [...WARD_STATUSES], type: 'string', default: 'active' })
  status: Opt<WardStatus> = 'active';

  @Property({ type: 'json' })
  visitingHours!: VisitingHours;

  @Property({ type: 'integer' })
  defaultVisitMinutes!: number;

  @Property({ type: 'integer' })
  maxConcurrentVisits!: number;
}
