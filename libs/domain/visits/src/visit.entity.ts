import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TrustOwned, Ward } from '@vv/domain/trusts';
import { VISIT_DAY_STATS_TRIGGERS } from '@vv/domain/reporting';
import { VISIT_STATUSES, type VisitStatus } from '@vv/contracts';

export { VISIT_STATUSES, type VisitStatus };

/**
 * A video visit between a patient and their key contact. Personal data (patient name,
 * contact name, mobile, email) lives only here, is read only by roles allowed to, and is
 * erased after the trust's retention period. Only a hash of the visitor link's token is
 * kept.
 */
// reports read daily rollups the triggers keep current (see the reporting library)
@Entity({ tableName: 'visit', triggers: VISIT_DAY_STATS_TRIGGERS })
@Index({ properties: ['trust', 'ward', 'scheduledStart'] })
@Index({ properties: ['trust', 'status', 'scheduledEnd'] })
// reports: a trust's visits by time, with what the aggregates need, without touching the row
@Index({
  name: 'visit_trust_id_scheduled_start_index',
  expression: 'create index "visit_trust_id_scheduled_start_index" on "visit" ("trust_id", "scheduled_start") include ("ward_id", "status", "duration_seconds", "id")',
})
@Unique({ properties: ['trust', 'idempotencyKey'] })
@Unique({ properties: ['trust', 'visitorLinkHash'] })
export class Visit extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Ward, { ref: true, joinColumns: ['trust_id', 'ward_id'], deleteRule: 'restrict' })
  ward!: Ref<Ward>;

  @Property({ type: 'string', length: 200, nullable: true })
  patientName?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  contactName?: string | null;

  /** E.164, e.g. +447700900123. */
  @Property({ type: 'string', length: 16, nullable: true })
  contactMobile?: string | null;

  @Property({ type: 'string', length: 320, nullable: true })
  contactEmail?: string | null;

  @Property({ type: 'datetime' })
  scheduledStart!: Date;

  @Property({ type: 'integer' })
  lengthMinutes!: number;

  /** scheduledStart + lengthMinutes, stored for overlap and missed-visit queries. */
  @Property({ type: 'datetime' })
  scheduledEnd!: Date;

  @Enum({ items: () => [...VISIT_STATUSES], type: 'string', default: 'booked' })
  status: Opt<VisitStatus> = 'booked';

  @Property({ type: 'string', length: 20, nullable: true })
  videoProvider?: string | null;

  /** The provider's room reference; never leaves the server except as a join URL minted at join time. */
  @Property({ type: 'text', nullable: true, lazy: true })
  videoRoomRef?: string | null;

  /** SHA-256 of the visitor link token, hex. The token itself is never stored. */
  @Property({ type: 'string', length: 64, nullable: true })
  visitorLinkHash?: string | null;

  @Property({ type: 'datetime', nullable: true })
  linkValidFrom?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  linkValidUntil?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  /**
   * A start in progress holds the visit until then while the video room is opened outside any
   * transaction; another start meanwhile is CONFLICT, and an abandoned one lapses at this time.
   */
  @Property({ type: 'datetime', nullable: true })
  startClaimedUntil?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  visitorJoinedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  durationSeconds?: number | null;

  @ManyToOne(() => Visit, { ref: true, nullable: true, joinColumns: ['trust_id', 'rebooked_from_id'], deleteRule: 'set null' })
  rebookedFrom?: Ref<Visit> | null;

  @Property({ type: 'string', length: 500, nullable: true })
  cancelReason?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  idempotencyKey?: string | null;

  @Property({ type: 'uuid' })
  bookedByStaffId!: string;

  @Property({ type: 'datetime', nullable: true })
  personalDataErasedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
