import { ConflictError, VISIT_STATUSES, type VisitEventType, type VisitStatus } from '@vv/contracts';
import {
  ACTIVE_VISIT_STATUSES,
  applyVisitMove,
  ENDED_VISIT_STATUSES,
  isActiveVisit,
  isLinkOpen,
  LINK_OPEN_STATUSES,
  VISIT_BOOKED,
  VISIT_MOVES,
  visitMove,
  visitMoveAllowed,
  type VisitMove,
  type VisitState,
} from '../visit-transitions';

const AT = new Date('2026-03-29T01:30:00Z');
const STARTED = new Date('2026-03-29T01:00:00Z');

/**
 * The lifecycle as the product promises it, written out here independently of the table: for
 * each move, the states it is open in and the state it leaves the visit in. Every pair not
 * listed must be refused.
 */
const LEGAL: Readonly<Record<VisitMove, Partial<Record<VisitStatus, VisitStatus>>>> = {
  start: { booked: 'ready' },
  join: { ready: 'in_progress', in_progress: 'in_progress' },
  rejoin: { ready: 'ready', in_progress: 'in_progress' },
  complete: { ready: 'completed', in_progress: 'completed' },
  cancel: { booked: 'cancelled', ready: 'cancelled' },
  reschedule: { booked: 'booked', ready: 'booked' },
  rebook: { completed: 'completed', missed: 'missed', cancelled: 'cancelled' },
  miss: { booked: 'missed' },
  updateKeyContact: { booked: 'booked', ready: 'ready', in_progress: 'in_progress', completed: 'completed', cancelled: 'cancelled', missed: 'missed' },
  resendMessage: { booked: 'booked', ready: 'ready', in_progress: 'in_progress', completed: 'completed', cancelled: 'cancelled', missed: 'missed' },
};

/** What each move adds to the visit's history and to the audit trail. */
const RECORDS: Readonly<Record<VisitMove, [VisitEventType, string]>> = {
  start: ['started', 'visit.started'],
  join: ['visitor_joined', 'visit.visitor_joined'],
  rejoin: ['host_rejoined', 'visit.host_rejoined'],
  complete: ['completed', 'visit.completed'],
  cancel: ['cancelled', 'visit.cancelled'],
  reschedule: ['rescheduled', 'visit.rescheduled'],
  rebook: ['rebooked', 'visit.rebooked'],
  miss: ['missed', 'visit.missed'],
  updateKeyContact: ['contact_updated', 'visit.key_contact_updated'],
  resendMessage: ['message_resent', 'visit.message_resent'],
};

/** How a refusal of each move ends: "A visit that is <state> cannot be …". */
const REFUSED: Readonly<Record<VisitMove, string>> = {
  start: 'started',
  join: 'joined',
  rejoin: 'rejoined',
  complete: 'completed',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
  rebook: 'rebooked until it has ended',
  miss: 'marked as missed',
  updateKeyContact: 'corrected',
  resendMessage: 'sent a message again',
};

const PAIRS = VISIT_MOVES.flatMap((move) => VISIT_STATUSES.map((status) => [move, status] as const));
const legal = PAIRS.filter(([move, status]) => LEGAL[move][status] !== undefined);
const illegal = PAIRS.filter(([move, status]) => LEGAL[move][status] === undefined);

function visitIn(status: VisitStatus): VisitState {
  return { status, startedAt: STARTED, startClaimedUntil: null, visitorJoinedAt: null, endedAt: null, durationSeconds: null };
}

function refusal(move: VisitMove, status: VisitStatus): unknown {
  try {
    visitMove(visitIn(status), move, AT);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the visit transition table', () => {
  it('has every move and every state in it, and the moves the API offers staff among them', () => {
    expect([...VISIT_MOVES].sort()).toEqual(Object.keys(LEGAL).sort());
    expect(PAIRS).toHaveLength(VISIT_MOVES.length * VISIT_STATUSES.length);
    expect(legal.length + illegal.length).toBe(60);
    expect(illegal.length).toBe(33);
  });

  it.each(legal)('%s from %s: moves to the stated state and writes the stated event and audit action', (move, status) => {
    const result = visitMove(visitIn(status), move, AT);
    expect(result.status).toBe(LEGAL[move][status]);
    expect([result.event, result.audit]).toEqual(RECORDS[move]);
    expect(visitMoveAllowed(move, status)).toBe(true);
  });

  it.each(illegal)('%s from %s: CONFLICT naming the state the visit is in', (move, status) => {
    const error = refusal(move, status);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('CONFLICT');
    expect((error as ConflictError).message).toBe(`A visit that is ${status.replace('_', ' ')} cannot be ${REFUSED[move]}`);
    expect(visitMoveAllowed(move, status)).toBe(false);
  });

  it('words the refusals as staff read them', () => {
    expect((refusal('complete', 'completed') as Error).message).toBe('A visit that is completed cannot be completed');
    expect((refusal('cancel', 'in_progress') as Error).message).toBe('A visit that is in progress cannot be cancelled');
    expect((refusal('rebook', 'booked') as Error).message).toBe('A visit that is booked cannot be rebooked until it has ended');
  });

  it('leaves a visit untouched when its move is refused', () => {
    const visit = visitIn('completed');
    const before = { ...visit };
    expect(() => applyVisitMove(visit, 'start', AT)).toThrow(ConflictError);
    expect(visit).toEqual(before);
  });
});

describe('what each move stamps', () => {
  it('starting stamps the start, lets go of the claim that held the visit while its room opened, and dates what it records by the move', () => {
    const visit: VisitState = { status: 'booked', startedAt: null, startClaimedUntil: new Date(AT.getTime() + 30_000) };
    expect(applyVisitMove(visit, 'start', AT)).toEqual({ event: 'started', audit: 'visit.started', at: AT });
    expect(visit).toEqual({ status: 'ready', startedAt: AT, startClaimedUntil: null });
  });

  it('the visitor joining makes a ready visit in progress and keeps the time they first joined', () => {
    const first: VisitState = { status: 'ready', visitorJoinedAt: null };
    applyVisitMove(first, 'join', AT);
    expect(first).toEqual({ status: 'in_progress', visitorJoinedAt: AT });
    const again: VisitState = { status: 'in_progress', visitorJoinedAt: STARTED };
    applyVisitMove(again, 'join', AT);
    expect(again).toEqual({ status: 'in_progress', visitorJoinedAt: STARTED });
  });

  it('completing stamps the end and the whole seconds since the start, never fewer than none', () => {
    const visit: VisitState = { status: 'in_progress', startedAt: STARTED };
    applyVisitMove(visit, 'complete', new Date(AT.getTime() + 499));
    expect(visit).toMatchObject({ status: 'completed', endedAt: new Date(AT.getTime() + 499), durationSeconds: 1800 });
    const early: VisitState = { status: 'ready', startedAt: new Date(AT.getTime() + 5_000) };
    applyVisitMove(early, 'complete', AT);
    expect(early.durationSeconds).toBe(0);
    const unstarted: VisitState = { status: 'ready', startedAt: null };
    applyVisitMove(unstarted, 'complete', AT);
    expect(unstarted.durationSeconds).toBe(0);
  });

  it('rescheduling a ready visit takes it back to booked and forgets its start and any start in progress', () => {
    const visit: VisitState = { status: 'ready', startedAt: STARTED, startClaimedUntil: AT };
    applyVisitMove(visit, 'reschedule', AT);
    expect(visit).toEqual({ status: 'booked', startedAt: null, startClaimedUntil: null });
  });

  it.each(['cancel', 'miss', 'rejoin', 'rebook', 'updateKeyContact', 'resendMessage'] as const)('%s stamps no time', (move) => {
    const status = VISIT_STATUSES.find((s) => visitMoveAllowed(move, s))!;
    expect(visitMove(visitIn(status), move, AT).stamps).toEqual({});
  });

  it('a visit begins booked, with a booked event', () => {
    expect(VISIT_BOOKED).toEqual({ status: 'booked', event: 'booked', audit: 'visit.booked' });
  });
});

describe('what counts as active, ended and joinable', () => {
  it('a visit is active until it reaches a state no move leads out of', () => {
    expect(ACTIVE_VISIT_STATUSES).toEqual(['booked', 'ready', 'in_progress']);
    expect(ENDED_VISIT_STATUSES).toEqual(['completed', 'cancelled', 'missed']);
    expect(VISIT_STATUSES.filter(isActiveVisit)).toEqual(ACTIVE_VISIT_STATUSES);
  });

  it("a visit's link may work while the visit is started and not ended", () => {
    expect(LINK_OPEN_STATUSES).toEqual(['ready', 'in_progress']);
    expect(VISIT_STATUSES.filter(isLinkOpen)).toEqual(['ready', 'in_progress']);
  });
});
