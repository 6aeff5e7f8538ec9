import { ConflictError, NOTIFICATION_STATUSES, type NotificationStatus } from '@vv/contracts';
import {
  applyNotificationMove,
  FAILURE_REASONS,
  isWaitingMessage,
  NOTIFICATION_MOVES,
  NOTIFICATION_TRANSITIONS,
  notificationMove,
  WAITING_MESSAGE_STATUSES,
  type MessageState,
  type NotificationMove,
} from '../notification-transitions';

const AT = new Date('2026-10-25T01:30:00Z');
const EARLIER = new Date('2026-10-25T01:00:00Z');
const LOOK_UP = new Date('2026-10-25T01:31:00Z');

type Expected = NotificationStatus | 'kept' | 'CONFLICT';

/**
 * Every (state, move) pair, written out here independently of the table: the state a message
 * moves to, `kept` (Notify's news that comes too late: the message keeps what it has), or
 * `CONFLICT` (a decision of ours about a message that is no longer waiting).
 */
const EXPECTED: Readonly<Record<NotificationMove, Readonly<Record<NotificationStatus, Expected>>>> = {
  attempt: row('sending', 'sending', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT'),
  supersede: row('superseded', 'superseded', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT'),
  accepted: row('sent', 'sent', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept'),
  refused: row('permanent-failure', 'permanent-failure', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept'),
  returned: row('pending', 'pending', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept'),
  delivered: row('delivered', 'delivered', 'delivered', 'kept', 'delivered', 'kept', 'kept', 'kept'),
  'temporary-failure': row('temporary-failure', 'temporary-failure', 'temporary-failure', 'kept', 'kept', 'kept', 'kept', 'kept'),
  'permanent-failure': row('permanent-failure', 'permanent-failure', 'permanent-failure', 'kept', 'permanent-failure', 'kept', 'kept', 'kept'),
  'technical-failure': row('technical-failure', 'technical-failure', 'technical-failure', 'kept', 'technical-failure', 'kept', 'kept', 'kept'),
};

/** The columns of EXPECTED, in order. */
function row(
  pending: Expected,
  sending: Expected,
  sent: Expected,
  delivered: Expected,
  temporaryFailure: Expected,
  permanentFailure: Expected,
  technicalFailure: Expected,
  superseded: Expected,
): Record<NotificationStatus, Expected> {
  return { pending, sending, sent, delivered, 'temporary-failure': temporaryFailure, 'permanent-failure': permanentFailure, 'technical-failure': technicalFailure, superseded };
}

/** How a refusal of each of our decisions ends: "A message that is <state> cannot be …". */
const CANNOT_BE: Partial<Record<NotificationMove, string>> = { attempt: 'sent', supersede: 'superseded' };

const PAIRS = NOTIFICATION_MOVES.flatMap((move) => NOTIFICATION_STATUSES.map((status) => [move, status] as const));
const moved = PAIRS.filter(([move, status]) => !['kept', 'CONFLICT'].includes(EXPECTED[move][status]));
const kept = PAIRS.filter(([move, status]) => EXPECTED[move][status] === 'kept');
const illegal = PAIRS.filter(([move, status]) => EXPECTED[move][status] === 'CONFLICT');

/** A message in a state as the sender and the receipts leave it there (accepted ones carry Notify's id and when). */
function messageIn(status: NotificationStatus): MessageState {
  const accepted = !['pending', 'sending', 'superseded'].includes(status);
  return {
    kind: 'readyToJoin',
    channel: 'sms',
    status,
    attempts: status === 'pending' ? 0 : 1,
    attemptedAt: status === 'pending' ? null : EARLIER,
    lookUpAfter: status === 'sending' ? LOOK_UP : null,
    retryAt: null,
    leaseUntil: null,
    sealedLinkToken: accepted || status === 'superseded' ? null : 'sealed',
    providerId: accepted ? 'notify-1' : null,
    lastError: null,
    sentAt: accepted ? EARLIER : null,
  };
}

describe('the message transition table', () => {
  it('has every move and every state in it', () => {
    expect([...NOTIFICATION_MOVES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(PAIRS).toHaveLength(72);
    expect([moved.length, kept.length, illegal.length]).toEqual([25, 35, 12]);
  });

  it.each(moved)('%s from %s moves the message to the stated state', (move, status) => {
    const result = notificationMove(messageIn(status), move, { at: AT, providerId: 'notify-2', reason: 'why', lookUpAfter: LOOK_UP });
    expect(result).toMatchObject({ outcome: 'moved', status: EXPECTED[move][status] });
  });

  it.each(kept)('%s from %s is news too late: the message keeps everything it has', (move, status) => {
    const message = messageIn(status);
    const before = { ...message };
    expect(applyNotificationMove(message, move, { at: AT, providerId: 'notify-2', reason: 'why' })).toBeNull();
    expect(message).toEqual(before);
  });

  it.each(illegal)('%s from %s: CONFLICT naming the state the message is in', (move, status) => {
    const message = messageIn(status);
    const before = { ...message };
    let error: unknown;
    try {
      applyNotificationMove(message, move, { at: AT, reason: 'why' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('CONFLICT');
    expect((error as ConflictError).message).toBe(`A message that is ${status.replaceAll('-', ' ')} cannot be ${CANNOT_BE[move]}`);
    expect(message).toEqual(before);
  });

  it('words a refusal as staff read a status', () => {
    expect(() => notificationMove(messageIn('temporary-failure'), 'attempt', { at: AT })).toThrow('A message that is temporary failure cannot be sent');
  });

  it('a final status never moves backwards: only a temporary failure can still be followed by an outcome', () => {
    const movesOut = (status: NotificationStatus) =>
      NOTIFICATION_MOVES.filter((move) => {
        try {
          return notificationMove(messageIn(status), move, { at: AT }).outcome === 'moved';
        } catch {
          return false;
        }
      });
    expect(NOTIFICATION_STATUSES.filter((status) => movesOut(status).length === 0)).toEqual(['delivered', 'permanent-failure', 'technical-failure', 'superseded']);
    expect(movesOut('temporary-failure')).toEqual(['delivered', 'permanent-failure', 'technical-failure']);
  });

  it('waiting means not yet handed to Notify for good: the states an attempt can begin in', () => {
    expect(WAITING_MESSAGE_STATUSES).toEqual(['pending', 'sending']);
    expect(NOTIFICATION_STATUSES.filter(isWaitingMessage)).toEqual(['pending', 'sending']);
    expect(Object.keys(NOTIFICATION_TRANSITIONS.attempt.moves)).toEqual(['pending', 'sending']);
  });
});

describe('what each move writes', () => {
  it('an attempt is committed before its request: counted, timed, with when a look-up may be believed, and no wait left', () => {
    const message = { ...messageIn('pending'), retryAt: EARLIER };
    expect(applyNotificationMove(message, 'attempt', { at: AT, lookUpAfter: LOOK_UP })).toEqual([]);
    expect(message).toMatchObject({ status: 'sending', attempts: 1, attemptedAt: AT, lookUpAfter: LOOK_UP, retryAt: null, sealedLinkToken: 'sealed' });
  });

  it("Notify's acceptance records its id and when, forgets the sealed link and any error, and adds 'message sent' to the visit's history", () => {
    const message = { ...messageIn('sending'), lastError: 'GOV.UK Notify did not answer', retryAt: EARLIER };
    expect(applyNotificationMove(message, 'accepted', { at: AT, providerId: 'notify-2' })).toEqual([{ type: 'message_sent', detail: { kind: 'readyToJoin', channel: 'sms' } }]);
    expect(message).toMatchObject({ status: 'sent', providerId: 'notify-2', sentAt: AT, lastError: null, sealedLinkToken: null, lookUpAfter: null, retryAt: null });
  });

  it("Notify's refusal fails the message for good with its reason, and adds 'message failed' to the history", () => {
    const message = messageIn('sending');
    expect(applyNotificationMove(message, 'refused', { at: AT, reason: 'x'.repeat(400) })).toEqual([
      { type: 'message_failed', detail: { kind: 'readyToJoin', channel: 'sms', status: 'permanent-failure' } },
    ]);
    expect(message).toMatchObject({ status: 'permanent-failure', lastError: 'x'.repeat(300), sealedLinkToken: null, lookUpAfter: null, sentAt: null });
  });

  it('a request turned away gives the attempt back and forgets the look-up: nothing of it is at Notify', () => {
    const message = { ...messageIn('sending'), attempts: 3 };
    expect(applyNotificationMove(message, 'returned', { at: AT })).toEqual([]);
    expect(message).toMatchObject({ status: 'pending', attempts: 2, lookUpAfter: null, sealedLinkToken: 'sealed' });
    const first = { ...messageIn('sending'), attempts: 0 };
    applyNotificationMove(first, 'returned', { at: AT });
    expect(first.attempts).toBe(0);
  });

  it('superseding keeps the reason and lets the sealed link go', () => {
    const message = messageIn('pending');
    expect(applyNotificationMove(message, 'supersede', { at: AT, reason: 'the visit has moved since' })).toEqual([]);
    expect(message).toMatchObject({ status: 'superseded', lastError: 'the visit has moved since', sealedLinkToken: null, retryAt: null, lookUpAfter: null });
  });

  it('a receipt that overtook the acceptance records the acceptance first: the history reads sent, then failed', () => {
    const message = messageIn('sending');
    expect(applyNotificationMove(message, 'permanent-failure', { at: AT, providerId: 'notify-2' })).toEqual([
      { type: 'message_sent', detail: { kind: 'readyToJoin', channel: 'sms' } },
      { type: 'message_failed', detail: { kind: 'readyToJoin', channel: 'sms', status: 'permanent-failure' } },
    ]);
    expect(message).toMatchObject({ status: 'permanent-failure', sentAt: AT, providerId: 'notify-2', lastError: FAILURE_REASONS['permanent-failure'], sealedLinkToken: null, lookUpAfter: null });
  });

  it("a receipt after the acceptance keeps the acceptance's time and Notify's id; a delivery adds nothing to the history", () => {
    const message = messageIn('sent');
    expect(applyNotificationMove(message, 'delivered', { at: AT, providerId: 'notify-2' })).toEqual([]);
    expect(message).toMatchObject({ status: 'delivered', sentAt: EARLIER, providerId: 'notify-1', lastError: null });
    const failing = messageIn('sent');
    expect(applyNotificationMove(failing, 'technical-failure', { at: AT, providerId: 'notify-2' })).toEqual([
      { type: 'message_failed', detail: { kind: 'readyToJoin', channel: 'sms', status: 'technical-failure' } },
    ]);
    expect(failing).toMatchObject({ status: 'technical-failure', sentAt: EARLIER, lastError: FAILURE_REASONS['technical-failure'] });
  });

  it('a temporary failure can be followed by the real outcome; a failure replaces its reason', () => {
    const message = { ...messageIn('temporary-failure'), lastError: FAILURE_REASONS['temporary-failure'] };
    expect(applyNotificationMove(message, 'delivered', { at: AT, providerId: 'notify-1' })).toEqual([]);
    expect(message).toMatchObject({ status: 'delivered', sentAt: EARLIER });
    const failed = { ...messageIn('temporary-failure'), lastError: FAILURE_REASONS['temporary-failure'] };
    applyNotificationMove(failed, 'permanent-failure', { at: AT, providerId: 'notify-1' });
    expect(failed.lastError).toBe(FAILURE_REASONS['permanent-failure']);
  });
});
