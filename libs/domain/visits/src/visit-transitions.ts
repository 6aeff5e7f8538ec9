import { VISIT_STATUSES, type AuditAction, type VisitEventType, type VisitStatus } from '@vv/contracts';
import { VisitStateConflictError } from './visit.exception';

/**
 * A visit's states and the moves between them, said once. Every change of a visit's status,
 * and every entry in its history that staff, the visitor or the platform make, goes through
 * this table: which states a move is open in, the state it leaves the visit in, the times it
 * stamps, and the history event and audit action it writes. A move the visit's state does not
 * allow is CONFLICT naming that state ("A visit that is completed cannot be completed").
 *
 *   booked ─start─▶ ready ─join─▶ in_progress ─complete─▶ completed   (complete also from ready)
 *   booked, ready ─reschedule─▶ booked        booked, ready ─cancel─▶ cancelled
 *   booked ─miss (the slot ended, never started)─▶ missed
 *
 * Rebooking leaves an ended visit as it is and books a new one. Correcting the key contact and
 * sending a message again are open in every state and change none.
 */

/** What can happen to a visit once it is booked: by staff (the API's actions), by the visitor (`join`), by the platform (`miss`). */
export const VISIT_MOVES = ['start', 'join', 'rejoin', 'complete', 'cancel', 'reschedule', 'rebook', 'miss', 'updateKeyContact', 'resendMessage'] as const;
export type VisitMove = (typeof VISIT_MOVES)[number];

/** A visit's state: its status and the times its moves stamp. */
export interface VisitState {
  status: VisitStatus;
  startedAt?: Date | null;
  /** A start in progress holds the visit until then (see VisitService.start). */
  startClaimedUntil?: Date | null;
  visitorJoinedAt?: Date | null;
  endedAt?: Date | null;
  durationSeconds?: number | null;
}
export type VisitStamps = Omit<VisitState, 'status'>;

/** What a visit's change adds to its history and to the audit trail. */
export interface VisitRecord {
  readonly event: VisitEventType;
  readonly audit: AuditAction;
}

export interface VisitTransition extends VisitRecord {
  /** The states the move is open in. */
  readonly from: readonly VisitStatus[];
  /** The state it leaves the visit in. */
  readonly to: VisitStatus | 'unchanged';
  /** How a refusal ends: "A visit that is <state> cannot be <cannotBe>". */
  readonly cannotBe: string;
  /** The times it stamps, from the visit as it was and the moment of the move. */
  readonly stamps?: (visit: Readonly<VisitState>, at: Date) => VisitStamps;
}

/** How every visit begins: booked, with a `booked` event (both booking paths, the plain SQL and the ORM, write this). */
export const VISIT_BOOKED = { status: 'booked', event: 'booked', audit: 'visit.booked' } as const satisfies VisitRecord & { status: VisitStatus };

export const VISIT_TRANSITIONS: Readonly<Record<VisitMove, VisitTransition>> = {
  start: {
    from: ['booked'],
    to: 'ready',
    event: 'started',
    audit: 'visit.started',
    cannotBe: 'started',
    stamps: (_visit, at) => ({ startedAt: at, startClaimedUntil: null }),
  },
  join: {
    from: ['ready', 'in_progress'],
    to: 'in_progress',
    event: 'visitor_joined',
    audit: 'visit.visitor_joined',
    cannotBe: 'joined',
    stamps: (visit, at) => ({ visitorJoinedAt: visit.visitorJoinedAt ?? at }),
  },
  rejoin: { from: ['ready', 'in_progress'], to: 'unchanged', event: 'host_rejoined', audit: 'visit.host_rejoined', cannotBe: 'rejoined' },
  complete: {
    from: ['ready', 'in_progress'],
    to: 'completed',
    event: 'completed',
    audit: 'visit.completed',
    cannotBe: 'completed',
    stamps: (visit, at) => ({ endedAt: at, durationSeconds: Math.max(0, Math.round((at.getTime() - (visit.startedAt ?? at).getTime()) / 1000)) }),
  },
  cancel: { from: ['booked', 'ready'], to: 'cancelled', event: 'cancelled', audit: 'visit.cancelled', cannotBe: 'cancelled' },
  reschedule: {
    from: ['booked', 'ready'],
    to: 'booked',
    event: 'rescheduled',
    audit: 'visit.rescheduled',
    cannotBe: 'rescheduled',
    // a start in progress for the old time does not complete
    stamps: () => ({ startedAt: null, startClaimedUntil: null }),
  },
  rebook: { from: ['completed', 'missed', 'cancelled'], to: 'unchanged', event: 'rebooked', audit: 'visit.rebooked', cannotBe: 'rebooked until it has ended' },
  miss: { from: ['booked'], to: 'missed', event: 'missed', audit: 'visit.missed', cannotBe: 'marked as missed' },
  updateKeyContact: { from: VISIT_STATUSES, to: 'unchanged', event: 'contact_updated', audit: 'visit.key_contact_updated', cannotBe: 'corrected' },
  resendMessage: { from: VISIT_STATUSES, to: 'unchanged', event: 'message_resent', audit: 'visit.message_resent', cannotBe: 'sent a message again' },
};

/** Whether the move is open in this state (`Visit.allowedActions` reports these, before roles and flags). */
export function visitMoveAllowed(move: VisitMove, status: VisitStatus): boolean {
  return VISIT_TRANSITIONS[move].from.includes(status);
}

/** CONFLICT naming the visit's state unless the move is open in it. */
export function checkVisitMove(move: VisitMove, status: VisitStatus): void {
  if (!visitMoveAllowed(move, status)) throw new VisitStateConflictError(VISIT_TRANSITIONS[move].cannotBe, status);
}

/** What the move writes to a visit in this state at this moment: its status and stamps, its history event and audit action. */
export function visitMove(visit: Readonly<VisitState>, move: VisitMove, at: Date): VisitRecord & { status: VisitStatus; stamps: VisitStamps } {
  checkVisitMove(move, visit.status);
  const rule = VISIT_TRANSITIONS[move];
  return { status: rule.to === 'unchanged' ? visit.status : rule.to, stamps: rule.stamps?.(visit, at) ?? {}, event: rule.event, audit: rule.audit };
}

/** A change to record: its history event and audit action, and when it happened by the platform's clock. */
export interface VisitChange extends VisitRecord {
  readonly at: Date;
}

/** Makes the move on the visit (its status and stamps); returns what to record of it, dated by the move's moment. */
export function applyVisitMove(visit: VisitState, move: VisitMove, at: Date): VisitChange {
  const { status, stamps, event, audit } = visitMove(visit, move, at);
  Object.assign(visit, stamps, { status });
  return { event, audit, at };
}

/** Whether some move takes a visit out of this state to another. */
function leads(status: VisitStatus): boolean {
  return VISIT_MOVES.some((move) => {
    const rule = VISIT_TRANSITIONS[move];
    return rule.from.includes(status) && rule.to !== 'unchanged' && rule.to !== status;
  });
}

/** The states no move leads out of: the visit has ended (completed, cancelled, missed). Its details are erased after the trust's retention period. */
export const ENDED_VISIT_STATUSES: readonly VisitStatus[] = VISIT_STATUSES.filter((status) => !leads(status));

/**
 * The states of a visit still to happen or happening (booked, ready, in progress): it holds one
 * of the ward's devices, shows among the upcoming visits, and what its family was told of it
 * (the booking, a new time) is still true.
 */
export const ACTIVE_VISIT_STATUSES: readonly VisitStatus[] = VISIT_STATUSES.filter((status) => leads(status));

/** The states of a started visit not yet ended (ready, in progress): its visitor link may work, within its window, and the family may join. */
export const LINK_OPEN_STATUSES: readonly VisitStatus[] = VISIT_TRANSITIONS.join.from;

export function isActiveVisit(status: VisitStatus): boolean {
  return ACTIVE_VISIT_STATUSES.includes(status);
}

export function isLinkOpen(status: VisitStatus): boolean {
  return LINK_OPEN_STATUSES.includes(status);
}
