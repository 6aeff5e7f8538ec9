import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { APPEND_ONLY_TRIGGERS, orderedUuid } from '@vv/platform/database';
import { TrustOwned } from '@vv/domain/trusts';
import { VISIT_EVENT_TYPES, type VisitEventType } from '@vv/contracts';
import { Visit } from './visit.entity';

export { VISIT_EVENT_TYPES, type VisitEventType };

/** The visit's history, append-only. Ids and times only: never personal data. */
@Entity({ tableName: 'visit_event', triggers: APPEND_ONLY_TRIGGERS })
@Index({ properties: ['trust', 'visit', 'occurredAt'] })
export class VisitEvent extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  /** Time-ordered, so events at the same instant (a clock that stood still) read back in the order they were written. */
  @PrimaryKey({ type: 'uuid' })
  id: string = orderedUuid();

  @ManyToOne(() => Visit, { ref: true, joinColumns: ['trust_id', 'visit_id'], deleteRule: 'restrict' })
  visit!: Ref<Visit>;

  @Enum({ items: () => [...VISIT_EVENT_TYPES], type: 'string' })
  type!: VisitEventType;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Opt<Date> = new Date();

  /** Absent when the visitor or the system acted. */
  @Property({ type: 'uuid', nullable: true })
  actorStaffId?: string | null;

  @Property({ type: 'json', nullable: true })
  detail?: Record<string, string | number | boolean | null> | null;
}
