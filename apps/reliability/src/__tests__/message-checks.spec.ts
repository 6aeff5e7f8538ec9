import { checkMessages, madeUntrueByTime, type MessageRow } from '../message-checks';
import type { PlannedVisit, WardUnderTest } from '../visit-plan';

const ward: WardUnderTest = { odsCode: 'RNQ', trustId: 't', wardId: 'w', nurse: 'nurse.rnq@nhs.net', channels: ['sms'], reminders: false };
const visit: PlannedVisit = { index: 1, ward, contactMobile: '07700900101', startAt: '2026-11-23T10:00:00.000Z', lengthMinutes: 5 };
const start = new Date('2026-11-23T10:00:00Z');
const end = new Date('2026-11-23T10:05:00Z');

function row(overrides: Partial<MessageRow>): MessageRow {
  return {
    id: 'm1',
    visitId: 'v1',
    kind: 'bookingConfirmation',
    channel: 'sms',
    status: 'superseded',
    reason: "the visit's time has passed",
    providerId: null,
    sendAfter: new Date('2026-11-23T09:00:00Z'),
    sentAt: null,
    updatedAt: new Date('2026-11-23T10:06:00Z'),
    attempts: 2,
    enqueueCount: 1,
    forVisitStart: start,
    visit: { start, end, linkValidUntil: null },
    ...overrides,
  };
}

describe('a message superseded with no change to its visit', () => {
  it('was rightly not sent when it says its time passed and the visit had ended by then', () => {
    expect(madeUntrueByTime(row({}))).toBe(true);
    expect(madeUntrueByTime(row({ kind: 'reminder', reason: 'the visit has already started', updatedAt: new Date('2026-11-23T10:00:01Z') }))).toBe(true);
    expect(madeUntrueByTime(row({ kind: 'readyToJoin', reason: 'the link has expired', visit: { start, end, linkValidUntil: new Date('2026-11-23T10:05:30Z') } }))).toBe(true);
  });

  it('was wrongly superseded when the visit had not ended yet, the reason is another, or the kind does not fit the reason', () => {
    expect(madeUntrueByTime(row({ updatedAt: new Date('2026-11-23T10:04:59Z') }))).toBe(false);
    expect(madeUntrueByTime(row({ reason: 'the visit is cancelled' }))).toBe(false);
    expect(madeUntrueByTime(row({ kind: 'reminder' }))).toBe(false);
    expect(madeUntrueByTime(row({ kind: 'readyToJoin', reason: 'the link has expired', visit: { start, end, linkValidUntil: new Date('2026-11-23T10:07:00Z') } }))).toBe(false);
  });

  it('fails the check only when neither a change nor time explains it', () => {
    const checkOf = (rows: MessageRow[]) => checkMessages(rows, new Map([['v1', visit]]), [], new Date('2026-11-23T11:00:00Z')).checks.find((c) => c.name.startsWith('only messages'))!;
    expect(checkOf([row({})]).passed).toBe(true);
    const early = checkOf([row({ updatedAt: new Date('2026-11-23T09:30:00Z') })]);
    expect(early.passed).toBe(false);
    expect(early.detail).toContain('1 still true');
  });
});
