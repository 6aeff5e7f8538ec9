import { expectedMessages, expectedOutcome, type Channel, type PlannedVisit } from './visit-plan';

/** An outbox row as the run reads it back. */
export interface MessageRow {
  id: string;
  visitId: string;
  kind: string;
  channel: Channel;
  status: string;
  /** Why it failed or was superseded, in the words staff see. */
  reason: string | null;
  /** Notify's id for it, once accepted. */
  providerId: string | null;
  sendAfter: Date;
  sentAt: Date | null;
  /** When its row last changed: for a superseded message, when it was superseded. */
  updatedAt: Date;
  attempts: number;
  enqueueCount: number;
  forVisitStart: Date;
  /** Its visit's times at the end of the run. */
  visit: { start: Date; end: Date; linkValidUntil: Date | null };
}

/** A change to a visit the run made under chaos, and when the API answered it. */
export interface VisitChange {
  visitId: string;
  kind: 'cancel' | 'reschedule' | 'start';
  answeredAt: Date;
  /** For a reschedule: the start the visit had before. */
  previousStart?: Date;
}

/** Whether a message of this kind, written for a visit starting at `forVisitStart`, is made untrue by the change. */
export function madeUntrueBy(change: VisitChange, row: Pick<MessageRow, 'kind' | 'forVisitStart'>): boolean {
  switch (change.kind) {
    case 'cancel':
      return row.kind !== 'cancelled';
    case 'reschedule':
      return ['bookingConfirmation', 'rescheduled', 'reminder'].includes(row.kind) && row.forVisitStart.getTime() === change.previousStart?.getTime();
    case 'start':
      return row.kind === 'reminder';
  }
}

/**
 * Whether a superseded message was made untrue by time passing, not by a change: it says so
 * (the reason staff see), and its visit's times bear it out at the moment it was superseded. A
 * confirmation held back by Notify's faults until its visit was over is rightly never sent.
 */
export function madeUntrueByTime(row: Pick<MessageRow, 'kind' | 'reason' | 'updatedAt' | 'visit'>): boolean {
  const at = row.updatedAt.getTime();
  switch (row.reason) {
    case "the visit's time has passed":
      return ['bookingConfirmation', 'rescheduled', 'cancelled'].includes(row.kind) && row.visit.end.getTime() <= at;
    case 'the visit has already started':
      return row.kind === 'reminder' && row.visit.start.getTime() <= at;
    case 'the link has expired':
      return row.kind === 'readyToJoin' && (row.visit.linkValidUntil === null || row.visit.linkValidUntil.getTime() < at);
    default:
      return false;
  }
}

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure', 'superseded']);

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

function summarise(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].map(([value, n]) => `${value} ${n}`).join(', ') || 'none';
}

function summariseKinds(changes: readonly VisitChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none';
}

export interface MessageFigures {
  expected: number;
  written: number;
  due: number;
  notDue: number;
  final: number;
  accepted: number;
  duplicates: number;
  lost: number;
  byStatus: Record<string, number>;
  retried: number;
  maxAttempts: number;
  requeued: number;
}

/**
 * Reads the outcome against Notify's own record: every message that had to go was accepted
 * exactly once (grouped by our reference), nothing was accepted that should not have been,
 * and each ended as Notify's test recipients say it must.
 */
export function checkMessages(
  rows: readonly MessageRow[],
  visits: ReadonlyMap<string, PlannedVisit>,
  accepted: readonly { reference: string | null; createdAt: string }[],
  now: Date,
  changes: readonly VisitChange[] = [],
): { figures: MessageFigures; checks: Check[] } {
  const changed = new Set(changes.map((change) => change.visitId));
  const acceptedByReference = new Map<string, number>();
  for (const n of accepted) acceptedByReference.set(n.reference ?? '(none)', (acceptedByReference.get(n.reference ?? '(none)') ?? 0) + 1);
  const times = (row: MessageRow) => acceptedByReference.get(row.id) ?? 0;

  const expected = [...visits.values()].reduce((sum, visit) => sum + expectedMessages(visit).length, 0);
  const due = rows.filter((row) => row.sendAfter <= now);
  const notDue = rows.filter((row) => row.sendAfter > now);
  const notFinal = due.filter((row) => !FINAL_STATUSES.has(row.status));
  const toSend = due.filter((row) => row.status !== 'superseded');
  const duplicated = [...acceptedByReference.entries()].filter(([, count]) => count > 1);
  const duplicates = duplicated.reduce((sum, [, count]) => sum + count - 1, 0);
  const neverAccepted = toSend.filter((row) => times(row) === 0);
  const ours = new Set(rows.map((row) => row.id));
  const strangers = accepted.filter((n) => !n.reference || !ours.has(n.reference));
  const supersededSent = rows.filter((row) => row.status === 'superseded' && times(row) > 0);
  const notDueSent = notDue.filter((row) => times(row) > 0);
  // a visit the run changed ends as its changes say: judged by the checks on changes below
  const wrongOutcome = due.filter((row) => {
    if (changed.has(row.visitId)) return row.status === 'superseded' ? false : !FINAL_STATUSES.has(row.status);
    const visit = visits.get(row.visitId);
    return !visit || row.status !== expectedOutcome(visit, row.channel);
  });
  const firstAccepted = new Map<string, number>();
  for (const n of accepted) if (n.reference && !firstAccepted.has(n.reference)) firstAccepted.set(n.reference, Date.parse(n.createdAt));
  const byVisit = new Map<string, MessageRow[]>();
  for (const row of rows) byVisit.set(row.visitId, [...(byVisit.get(row.visitId) ?? []), row]);
  const sentAfterAnswered = changes.flatMap((change) =>
    (byVisit.get(change.visitId) ?? []).filter((row) => madeUntrueBy(change, row) && (firstAccepted.get(row.id) ?? 0) > change.answeredAt.getTime()).map((row) => `${row.id} (${row.kind} after ${change.kind})`),
  );
  const superseded = rows.filter((row) => row.status === 'superseded');
  const supersededByChange = superseded.filter((row) => changes.some((change) => change.visitId === row.visitId && madeUntrueBy(change, row)));
  const supersededByTime = superseded.filter((row) => !supersededByChange.includes(row) && madeUntrueByTime(row));
  const supersededTrue = superseded.filter((row) => !supersededByChange.includes(row) && !supersededByTime.includes(row));
  const wrongRows = [...visits.entries()].filter(([visitId, visit]) => {
    if (changed.has(visitId)) return false; // its changes wrote more
    const want = expectedMessages(visit).map((m) => `${m.kind}/${m.channel}`).sort().join();
    const got = rows.filter((row) => row.visitId === visitId).map((row) => `${row.kind}/${row.channel}`).sort().join();
    return want !== got;
  });
  const unchangedRows = rows.filter((row) => !changed.has(row.visitId)).length;
  const unchangedExpected = [...visits.entries()].filter(([visitId]) => !changed.has(visitId)).reduce((sum, [, visit]) => sum + expectedMessages(visit).length, 0);
  const byStatus: Record<string, number> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;

  const sample = (list: readonly (string | { id: string })[]) =>
    list.length ? ` e.g. ${list.slice(0, 3).map((x) => (typeof x === 'string' ? x : x.id)).join(', ')}` : '';
  const checks: Check[] = [
    {
      name: 'each booking the run did not change wrote the outbox rows its ward and contact details call for',
      passed: wrongRows.length === 0 && unchangedRows === unchangedExpected,
      detail: `${unchangedRows} rows written, ${unchangedExpected} expected; ${wrongRows.length} visits differ`,
    },
    { name: 'every message due reached a final state', passed: notFinal.length === 0, detail: `${notFinal.length} of ${due.length} not final${sample(notFinal)}` },
    { name: 'no message was accepted by Notify twice', passed: duplicates === 0, detail: `${duplicates} duplicates over ${duplicated.length} references${sample(duplicated.map(([reference, count]) => `${reference} x${count}`))}` },
    { name: 'every message due was accepted by Notify (none lost)', passed: neverAccepted.length === 0, detail: `${neverAccepted.length} of ${toSend.length} never accepted${sample(neverAccepted)}` },
    { name: 'Notify accepted nothing but our messages', passed: strangers.length === 0, detail: `${strangers.length} accepted with an unknown reference` },
    { name: 'superseded messages were not sent', passed: supersededSent.length === 0, detail: `${supersededSent.length} superseded rows accepted` },
    { name: 'no message was accepted after the change that made it untrue was answered', passed: sentAfterAnswered.length === 0, detail: `${changes.length} changes (${summariseKinds(changes)}); ${sentAfterAnswered.length} sent after${sample(sentAfterAnswered)}` },
    {
      name: 'only messages a change or the passing of time made untrue were superseded',
      passed: supersededTrue.length === 0,
      detail: `${superseded.length} superseded: ${supersededByChange.length} by a change, ${supersededByTime.length} by time (${summarise(supersededByTime.map((row) => `${row.kind}: ${row.reason}`))}), ${supersededTrue.length} still true${sample(supersededTrue.map((row) => `${row.id} (${row.kind}: ${row.reason})`))}`,
    },
    { name: 'messages not yet due (reminders) were not sent', passed: notDueSent.length === 0, detail: `${notDue.length} not due, ${notDueSent.length} of them accepted` },
    { name: 'each message ended as Notify reported it (delivered, or the test recipient\'s failure)', passed: wrongOutcome.length === 0, detail: `${wrongOutcome.length} rows with another final status${sample(wrongOutcome)}` },
  ];
  return {
    figures: {
      expected,
      written: rows.length,
      due: due.length,
      notDue: notDue.length,
      final: due.length - notFinal.length,
      accepted: accepted.length,
      duplicates,
      lost: neverAccepted.length,
      byStatus,
      retried: rows.filter((row) => row.attempts > 1).length,
      maxAttempts: Math.max(0, ...rows.map((row) => row.attempts)),
      requeued: rows.filter((row) => row.enqueueCount > 1).length,
    },
    checks,
  };
}
