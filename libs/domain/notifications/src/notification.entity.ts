import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { MESSAGE_CHANNELS, MESSAGE_KINDS, NOTIFICATION_STATUSES, type MessageChannel, type MessageKind, type NotificationStatus } from '@vv/contracts';
import { orderedUuid } from '@vv/platform/database';
import { TrustOwned } from '@vv/domain/trusts';
import { Visit } from '@vv/domain/visits';
import { MESSAGE_DAY_STATS_TRIGGERS } from '@vv/domain/reporting';

export { NOTIFICATION_STATUSES, type NotificationStatus };

export type Channel = MessageChannel;

/**
 * One message to a visit's key contact: the transactional outbox row, written in the same
 * transaction as the visit change and sent after commit. Its id is the job id and the
 * Notify `reference`; the recipient is kept only masked (the address is read from the visit
 * when sending).
 */
// reports read daily rollups the triggers keep current (see the reporting library)
@Entity({ tableName: 'notification', triggers: MESSAGE_DAY_STATS_TRIGGERS })
@Index({ properties: ['trust', 'status', 'sendAfter'] })
@Index({ properties: ['trust', 'visit'], include: ['status'] })
@Index({ properties: ['trust', 'enqueuedAt'] })
export class Notification extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  /** Time-ordered, so messages made at the same instant (a clock that stood still) list in the order they were made. */
  @PrimaryKey({ type: 'uuid' })
  id: string = orderedUuid();

  @ManyToOne(() => Visit, { ref: true, joinColumns: ['trust_id', 'visit_id'], deleteRule: 'restrict' })
  visit!: Ref<Visit>;

  @Enum({ items: () => [...MESSAGE_KINDS], type: 'string' })
  kind!: MessageKind;

  @Enum({ items: () => [...MESSAGE_CHANNELS], type: 'string' })
  channel!: Channel;

  @Property({ type: 'string', length: 80 })
  recipientMasked!: string;

  @Enum({ items: () => [...NOTIFICATION_STATUSES], type: 'string', default: 'pending' })
  status: Opt<NotificationStatus> = 'pending';

  /** Not before: a reminder waits for its time. */
  @Property({ type: 'datetime' })
  sendAfter!: Date;

  /** The visit's start when the message was written: if the visit has moved since, the message is stale. */
  @Property({ type: 'datetime' })
  forVisitStart!: Date;

  /** For "ready to join" only: the visitor link token, sealed, until the message is sent. */
  @Property({ type: 'text', nullable: true, lazy: true })
  sealedLinkToken?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  providerId?: string | null;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  /** Why it failed, without personal data. */
  @Property({ type: 'string', length: 300, nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime', nullable: true })
  enqueuedAt?: Date | null;

  /** How many times the relay has queued it: part of the job id, so a re-queue is a new job. */
  @Property({ type: 'integer', default: 0 })
  enqueueCount: Opt<number> = 0;

  /** A sender holds the row until then; another sender leaves it alone. */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  /** When the latest attempt to hand it to Notify began (committed before the request is made). */
  @Property({ type: 'datetime', nullable: true })
  attemptedAt?: Date | null;

  /** Not before: the next try after Notify was down, slow or asked us to slow down. */
  @Property({ type: 'datetime', nullable: true })
  retryAt?: Date | null;

  /**
   * Set while Notify may know something we have not heard. Waiting: an earlier attempt may have
   * reached Notify unheard (no answer in time, a crash mid-request); the message is looked up by
   * reference before it is sent again, and "not found" is believed only from this time on, once
   * any request still in flight has ended. Sent: its delivery receipt is overdue from this time,
   * and Notify is asked what became of it (a receipt Notify gave up posting is never lost).
   */
  @Property({ type: 'datetime', nullable: true })
  lookUpAfter?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** A trust's sending state: paused when its Notify service hit the daily limit, until the given time. */
@Entity({ tableName: 'messaging_pause' })
export class MessagingPause extends TrustOwned {
  [PrimaryKeyProp]?: ['trust'];

  @Property({ type: 'datetime' })
  pausedUntil!: Date;

  @Property({ type: 'string', length: 100 })
  reason!: string;
}
