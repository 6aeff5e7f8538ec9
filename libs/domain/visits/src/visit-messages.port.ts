import type { FeatureFlag, MessageChannel, MessageKind, NotificationStatus, VisitStatus } from '@vv/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';

/** What happened to a visit that the key contact should hear about. */
export type VisitMessageTrigger = 'booked' | 'rescheduled' | 'cancelled' | 'ready' | 'completed';

/**
 * A visit as messaging reads it, in plain values (built by `messageSubjectOf`): when it is, where,
 * how far it has got, how to reach the key contact, and its visitor link. No entity crosses.
 */
export interface VisitMessageSubject {
  readonly id: string;
  readonly trustId: string;
  readonly wardId: string;
  readonly status: VisitStatus;
  readonly scheduledStart: Date;
  readonly scheduledEnd: Date;
  readonly endedAt: Date | null;
  /** E.164. */
  readonly contactMobile: string | null;
  readonly contactEmail: string | null;
  readonly linkValidUntil: Date | null;
  /** SHA-256 of the latest visitor link's token: a message's link is current only while it hashes to this. */
  readonly visitorLinkHash: string | null;
}

/** What a message's words name besides the subject (personal data: only ever in the message itself). */
export interface VisitMessageWording extends VisitMessageSubject {
  readonly patientName: string | null;
  readonly wardName: string;
  readonly hospitalName: string;
}

/** What becoming of a message adds to its visit's history (ids and kinds only, never personal data). */
export interface VisitMessageEvent {
  readonly type: 'message_sent' | 'message_failed';
  readonly detail: { kind: MessageKind; channel: MessageChannel; status?: NotificationStatus };
}

/** A message sent (or not) about a visit, as staff see it on the visit. */
export interface VisitMessageSummary {
  id: string;
  kind: MessageKind;
  channel: MessageChannel;
  /** e.g. +44 7700 900•••, j•••@example.org */
  recipient: string;
  status: NotificationStatus;
  /** Why it failed, in words staff can act on ("the number is not in service"). */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An outbox row a visit change means, as plain values (the plain-SQL booking path writes these). */
export interface PlannedMessage {
  id: string;
  kind: string;
  channel: string;
  recipientMasked: string;
  sendAfter: Date;
  forVisitStart: Date;
}

/** What deciding a change's messages needs: the visit's time and contact, the ward's flags, the trust's messaging settings. */
export interface MessagePlanInput {
  trigger: VisitMessageTrigger;
  scheduledStart: Date;
  contactMobile: string | null;
  contactEmail: string | null;
  flags: Readonly<Record<FeatureFlag, boolean>>;
  reminderMinutesBefore: number;
  templates: Readonly<Record<string, Readonly<Record<string, string | undefined>> | undefined>>;
  now: Date;
}

/**
 * The visits domain tells messaging what changed, inside the change's own transaction, so
 * the visit and its messages commit together; messaging decides what to send and sends it
 * after commit. Implemented by the notifications domain, which depends on this one (its
 * messages refer to visits), so visits reach it only through this port. What crosses is plain
 * values; `em` is the change's transaction, the ORM's EntityManager every service passes.
 */
export interface VisitMessages {
  visitChanged(em: EntityManager, visit: VisitMessageSubject, trigger: VisitMessageTrigger, extra?: { visitorLinkToken?: string }): Promise<void>;
  /** The outbox rows a change means, without writing them (no link-bearing kinds: those are written by visitChanged). */
  plan(input: MessagePlanInput): PlannedMessage[];
  forVisit(em: EntityManager, visitId: string): Promise<VisitMessageSummary[]>;
  /** The messages of many visits in one statement, by visit id (a visit without messages is absent). */
  forVisits(em: EntityManager, visitIds: readonly string[]): Promise<Map<string, VisitMessageSummary[]>>;
  /**
   * For lists read as plain SQL: the messages of the visit row `visit` (an alias with `trust_id`
   * and `id`) as one SQL expression, in the order forVisits gives; `readSummaries` reads its value.
   */
  summariesSql(visit: string): string;
  readSummaries(value: unknown): VisitMessageSummary[];
  /** One message, for sending it again: which visit it is about and what became of it; null if there is none. */
  findMessage(em: EntityManager, messageId: string): Promise<VisitMessageRecord | null>;
  /**
   * Writes a new outbox row for a failed message, to the key contact's details as they are
   * now. Refuses (CONFLICT) when it can no longer be sent: the visit moved on, the contact
   * has no address on that channel, or the ward or trust no longer sends it.
   */
  sendAgain(em: EntityManager, visit: VisitMessageSubject, message: VisitMessageRecord): Promise<void>;
  /**
   * Takes the lock of each of the visit's messages not yet sent, waiting for a send in flight to
   * finish: a change takes them right after the visit's row and before it writes anything, so it
   * never holds what such a sender needs to finish.
   */
  holdWaiting(em: EntityManager, visitId: string): Promise<void>;
  /** The key contact's details changed: messages not yet sent show (and go to) the new details. */
  contactChanged(em: EntityManager, visit: VisitMessageSubject): Promise<void>;
}

/** A message as the visit lifecycle needs to know it to send it again. */
export interface VisitMessageRecord {
  id: string;
  visitId: string;
  kind: string;
  channel: 'sms' | 'email';
  status: NotificationStatus;
}

export const VISIT_MESSAGES = Symbol('VISIT_MESSAGES');
