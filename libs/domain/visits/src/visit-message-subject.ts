import type { EntityManager } from '@mikro-orm/postgresql';
import { Visit } from './visit.entity';
import { VisitEvent } from './visit-event.entity';
import type { VisitMessageEvent, VisitMessageSubject, VisitMessageWording } from './visit-messages.port';

/** What messaging reads of a visit, as plain values: the one place a visit becomes a message's subject. */
export function messageSubjectOf(visit: Visit): VisitMessageSubject {
  return {
    id: visit.id,
    trustId: visit.trust.id,
    wardId: visit.ward.unwrap().id,
    status: visit.status,
    scheduledStart: visit.scheduledStart,
    scheduledEnd: visit.scheduledEnd,
    endedAt: visit.endedAt ?? null,
    contactMobile: visit.contactMobile ?? null,
    contactEmail: visit.contactEmail ?? null,
    linkValidUntil: visit.linkValidUntil ?? null,
    visitorLinkHash: visit.visitorLinkHash ?? null,
  };
}

/** The visit a message is about, as it is committed now (read afresh, not from what this transaction holds). */
export async function findMessageSubject(em: EntityManager, visitId: string): Promise<VisitMessageSubject> {
  return messageSubjectOf(await em.findOneOrFail(Visit, { id: visitId }, { refresh: true }));
}

/** The visit a message is about, with what its words name: the patient, the ward and its hospital. */
export async function findMessageWording(em: EntityManager, visitId: string): Promise<VisitMessageWording> {
  const visit = await em.findOneOrFail(Visit, { id: visitId }, { populate: ['ward', 'ward.hospital'] });
  const ward = visit.ward.getEntity();
  return { ...messageSubjectOf(visit), patientName: visit.patientName ?? null, wardName: ward.name, hospitalName: ward.hospital.getEntity().name };
}

/**
 * Holds the visit's row for the transaction as history written about it refers to it (`for key
 * share`): a change that rewrites the visit's keys (a new link) waits for this transaction, and
 * this one waits for a change already holding them. Taken before a message's lock, so a change
 * holding that row and waiting for the message never waits for a sender that waits for it.
 */
export async function holdVisitForHistory(em: EntityManager, visit: { trustId: string; visitId: string }): Promise<void> {
  await em.getConnection().execute('select 1 from visit where trust_id = ? and id = ? for key share', [visit.trustId, visit.visitId], 'run', em.getTransactionContext());
}

/**
 * Adds what became of a message to its visit's history, in order a millisecond apart from `at`
 * (an acceptance a receipt records first reads before the failure it reports).
 */
export function recordMessageEvents(em: EntityManager, visit: { trustId: string; visitId: string }, at: Date, events: readonly VisitMessageEvent[]): void {
  events.forEach((event, i) =>
    em.create(VisitEvent, { trust: visit.trustId, visit: [visit.trustId, visit.visitId], type: event.type, occurredAt: new Date(at.getTime() + i), detail: { ...event.detail } }),
  );
}
