import type { EntityManager } from '@mikro-orm/postgresql';
import type { Visit } from './visit.entity';

/** What happened to a visit that the key contact should hear about. */
export type VisitMessageTrigger = 'booked' | 'rescheduled' | 'cancelled' | 'ready' | 'completed';

/** A message sent (or not) about a visit, as staff see it on the visit. */
export interface VisitMessageSummary {
  kind: string;
  channel: string;
  /** e.g. +44 7700 900•••, j•••@example.org */
  recipient: string;
  status: string;
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
  flags: Readonly<Record<string, boolean>>;
  reminderMinutesBefore: number;
  templates: Readonly<Record<string, Readonly<Record<string, string | undefined>> | undefined>>;
  now: Date;
}

/**
 * The visits domain tells messaging what changed, inside the change's own transaction, so
 * the visit and its messages commit together; messaging decides what to send and sends it
 * after commit. Implemented by the notifications domain.
 */
export interface VisitMessages {
  visitChanged(em: EntityManager, visit: Visit, trigger: VisitMessageTrigger, extra?: { visitorLinkToken?: string }): Promise<void>;
  /** The outbox rows a change means, without writing them (no link-bearing kinds: those are written by visitChanged). */
  plan(input: MessagePlanInput): PlannedMessage[];
  forVisit(em: EntityManager, visitId: string): Promise<VisitMessageSummary[]>;
}

export const VISIT_MESSAGES = Symbol('VISIT_MESSAGES');
