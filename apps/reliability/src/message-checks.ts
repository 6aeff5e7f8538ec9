import { expectedMessages, expectedOutcome, type Channel, type PlannedVisit } from './visit-plan';

/** An outbox row as the run reads it back. */
export interface MessageRow {
  id: string;
  visitId: string;
  kind: string;
  channel: Channel;
  status: string;
  sendAfter: Date;
  attempts: number;
  enqueueCount: number;
}

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure', 'superseded']);

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
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
  accepted: readonly { reference: string | null }[],
  now: Date,
): { figures: MessageFigures; checks: Check[] } {
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
  const wrongOutcome = due.filter((row) => {
    const visit = visits.get(row.visitId);
    return !visit || row.status !== expectedOutcome(visit, row.channel);
  });
  const wrongRows = [...visits.entries()].filter(([visitId, visit]) => {
    const want = expectedMessages(visit).map((m) => `${m.kind}/${m.channel}`).sort().join();
    const got = rows.filter((row) => row.visitId === visitId).map((row) => `${row.kind}/${row.channel}`).sort().join();
    return want !== got;
  });
  const byStatus: Record<string, number> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;

  const sample = (list: readonly (string | { id: string })[]) =>
    list.length ? ` e.g. ${list.slice(0, 3).map((x) => (typeof x === 'string' ? x : x.id)).join(', ')}` : '';
  const checks: Check[] = [
    { name: 'each booking wrote the outbox rows its ward and contact details call for', passed: wrongRows.length === 0 && rows.length === expected, detail: `${rows.length} rows written, ${expected} expected; ${wrongRows.length} visits differ` },
    { name: 'every message due reached a final state', passed: notFinal.length === 0, detail: `${notFinal.length} of ${due.length} not final${sample(notFinal)}` },
    { name: 'no message was accepted by Notify twice', passed: duplicates === 0, detail: `${duplicates} duplicates over ${duplicated.length} references${sample(duplicated.map(([reference, count]) => `${reference} x${count}`))}` },
    { name: 'every message due was accepted by Notify (none lost)', passed: neverAccepted.length === 0, detail: `${neverAccepted.length} of ${toSend.length} never accepted${sample(neverAccepted)}` },
    { name: 'Notify accepted nothing but our messages', passed: strangers.length === 0, detail: `${strangers.length} accepted with an unknown reference` },
    { name: 'superseded messages were not sent', passed: supersededSent.length === 0, detail: `${supersededSent.length} superseded rows accepted` },
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
