import { NOTIFICATION_STATUSES, RECEIPT_STATUSES, type MessageKind, type NotificationStatus, type ReceiptStatus } from '@vv/contracts';
import type { VisitMessageEvent } from '@vv/domain/visits';
import { NotificationStateConflictError } from './notification.exception';

/**
 * A message's states and the moves between them, said once. Every change of a message's
 * status goes through this table: by the sender (an attempt begins; Notify accepted it,
 * refused it, or turned the request away), by a visit change or the sender finding it untrue
 * (superseded), and by Notify's delivery receipts. It says which states a move is open in, the
 * state it leaves the message in, what it writes, and what it adds to the visit's history.
 *
 *   pending ─attempt─▶ sending ─accepted─▶ sent ─receipt─▶ delivered | temporary-failure | permanent-failure | technical-failure
 *   (a sent message whose receipt is overdue is looked up at Notify, and its answer moves it as a receipt would)
 *   sending ─returned (429, daily limit)─▶ pending     sending ─refused (400, 403)─▶ permanent-failure
 *   pending, sending ─supersede─▶ superseded           temporary-failure ─a later receipt─▶ delivered | permanent-failure | technical-failure
 *
 * Two kinds of move, two answers to a state they do not fit:
 * - our own decisions (`attempt`, `supersede`) are made only about a message not yet sent;
 *   anything else is CONFLICT naming its state;
 * - news from Notify (its answer to a request, its receipts) can arrive late or out of order
 *   (a receipt may overtake the answer to the request it is about): in a state it does not
 *   move, the message keeps what it has, so a final status never moves backwards.
 */

/** Moves that are Notify's news. A receipt's move is named after the status it reports. */
export const NOTIFY_NEWS = ['accepted', 'refused', 'returned', ...RECEIPT_STATUSES] as const;
export const NOTIFICATION_MOVES = ['attempt', 'supersede', ...NOTIFY_NEWS] as const;
export type NotificationMove = (typeof NOTIFICATION_MOVES)[number];

/** A message's state: its status and the fields its moves write. */
export interface MessageState {
  readonly kind: MessageKind;
  readonly channel: 'sms' | 'email';
  status: NotificationStatus;
  attempts: number;
  attemptedAt?: Date | null;
  lookUpAfter?: Date | null;
  retryAt?: Date | null;
  leaseUntil?: Date | null;
  sealedLinkToken?: string | null;
  providerId?: string | null;
  lastError?: string | null;
  sentAt?: Date | null;
}
export type MessageWrites = Partial<Omit<MessageState, 'kind' | 'channel'>>;

/** What a move is told besides the message: when, and what Notify or the sender said. */
export interface MessageMoveInput {
  readonly at: Date;
  /** Notify's id for the message (`accepted`, receipts). */
  readonly providerId?: string;
  /** Why, in words staff can act on (`supersede`, `refused`). */
  readonly reason?: string;
  /** From when a look-up by reference can be believed, should no answer come (`attempt`); when to ask Notify, should no receipt come (`accepted`). */
  readonly lookUpAfter?: Date;
}

export type NotificationTransition = {
  /** The states the move is open in, and the state it leaves the message in from each. */
  readonly moves: Readonly<Partial<Record<NotificationStatus, NotificationStatus>>>;
  readonly writes: (message: Readonly<MessageState>, input: MessageMoveInput) => MessageWrites;
  readonly history?: (message: Readonly<MessageState>, to: NotificationStatus) => VisitMessageEvent[];
} & (
  /** Our own decision: in any other state, how the refusal ends ("A message that is <state> cannot be <cannotBe>"). */
  | { readonly cannotBe: string }
  /** Notify's news: every other state, where it comes too late and the message keeps what it has. */
  | { readonly keeps: readonly NotificationStatus[] }
);

/** Not yet handed to Notify for good: the relay queues it, a visit change supersedes it when untrue, the sender takes it. */
export const WAITING_MESSAGE_STATUSES = ['pending', 'sending'] as const satisfies readonly NotificationStatus[];

/** A message that is over has nothing left to send: its sealed link and every wait and look-up are let go. */
const SETTLED: MessageWrites = { sealedLinkToken: null, leaseUntil: null, retryAt: null, lookUpAfter: null };

/** What staff are told when Notify reports a failure. */
export const FAILURE_REASONS: Readonly<Record<Exclude<ReceiptStatus, 'delivered'>, string>> = {
  'permanent-failure': 'the number or address does not exist or cannot receive messages',
  'temporary-failure': 'the phone was off or the inbox full; Notify gave up after trying for a while',
  'technical-failure': 'a technical problem at the network or email provider',
};

const sent = (message: Readonly<MessageState>): VisitMessageEvent => ({ type: 'message_sent', detail: { kind: message.kind, channel: message.channel } });
const failed = (message: Readonly<MessageState>, status: NotificationStatus): VisitMessageEvent => ({ type: 'message_failed', detail: { kind: message.kind, channel: message.channel, status } });

/** From each of `from`, to `to`; every other state keeps what it has. */
function news(from: readonly NotificationStatus[], to: NotificationStatus): Pick<NotificationTransition, 'moves'> & { keeps: readonly NotificationStatus[] } {
  return { moves: Object.fromEntries(from.map((status) => [status, to])), keeps: NOTIFICATION_STATUSES.filter((status) => !from.includes(status)) };
}

/** States a receipt moves: a message not yet final. A temporary failure can still be followed by the message's real outcome. */
const RECEIPT_MOVES_FROM: readonly NotificationStatus[] = [...WAITING_MESSAGE_STATUSES, 'sent', 'temporary-failure'];

/**
 * A delivery receipt: the status Notify reports. A receipt proves Notify accepted the message,
 * so one that overtook the sender's record of the acceptance records it first (the history
 * reads sent, then the outcome), and the sender then finds it done.
 */
function receipt(status: ReceiptStatus): NotificationTransition {
  return {
    ...news(RECEIPT_MOVES_FROM.filter((from) => from !== status), status),
    writes: (message, input) => ({
      ...SETTLED,
      providerId: message.providerId ?? input.providerId ?? null,
      ...(message.sentAt == null ? { sentAt: input.at } : {}),
      ...(status === 'delivered' ? {} : { lastError: FAILURE_REASONS[status] }),
    }),
    history: (message, to) => [...(message.sentAt == null ? [sent(message)] : []), ...(to === 'delivered' ? [] : [failed(message, to)])],
  };
}

export const NOTIFICATION_TRANSITIONS: Readonly<Record<NotificationMove, NotificationTransition>> = {
  /** The sender commits an attempt before each request to Notify (and looks it up by reference before any other, should no answer come). */
  attempt: {
    moves: { pending: 'sending', sending: 'sending' },
    cannotBe: 'sent',
    writes: (message, input) => ({ attempts: message.attempts + 1, attemptedAt: input.at, lookUpAfter: input.lookUpAfter ?? null, retryAt: null, leaseUntil: null }),
  },
  /** Its visit changed or passed, so sending it would mislead (or it can no longer reach anyone). */
  supersede: {
    moves: { pending: 'superseded', sending: 'superseded' },
    cannotBe: 'superseded',
    writes: (_message, input) => ({ ...SETTLED, lastError: input.reason ?? null }),
  },
  /**
   * Notify accepted it: its answer to the request, or found by reference after an unanswered one.
   * Its delivery receipt should follow; should none have come by `lookUpAfter`, Notify is asked.
   */
  accepted: {
    ...news(WAITING_MESSAGE_STATUSES, 'sent'),
    writes: (_message, input) => ({ ...SETTLED, providerId: input.providerId ?? null, lastError: null, sentAt: input.at, lookUpAfter: input.lookUpAfter ?? null }),
    history: (message) => [sent(message)],
  },
  /** Notify refused it for good (400, 403): it will never be sent. */
  refused: {
    ...news(WAITING_MESSAGE_STATUSES, 'permanent-failure'),
    writes: (_message, input) => ({ ...SETTLED, lastError: (input.reason ?? '').slice(0, 300) }),
    history: (message, to) => [failed(message, to)],
  },
  /** Notify turned the request away (429, its daily limit): the message is not there, and the attempt is given back. */
  returned: {
    ...news(WAITING_MESSAGE_STATUSES, 'pending'),
    writes: (message) => ({ attempts: Math.max(0, message.attempts - 1), lookUpAfter: null }),
  },
  delivered: receipt('delivered'),
  'temporary-failure': receipt('temporary-failure'),
  'permanent-failure': receipt('permanent-failure'),
  'technical-failure': receipt('technical-failure'),
};

export type NotificationMoveResult =
  | { readonly outcome: 'moved'; readonly status: NotificationStatus; readonly writes: MessageWrites; readonly history: VisitMessageEvent[] }
  | { readonly outcome: 'kept' };

/** What the move does to a message in this state: moves it (its status, what it writes, its history), keeps it as it is, or CONFLICT naming its state. */
export function notificationMove(message: Readonly<MessageState>, move: NotificationMove, input: MessageMoveInput): NotificationMoveResult {
  const rule = NOTIFICATION_TRANSITIONS[move];
  const to = rule.moves[message.status];
  if (to === undefined) {
    if ('keeps' in rule) return { outcome: 'kept' };
    throw new NotificationStateConflictError(rule.cannotBe, message.status);
  }
  return { outcome: 'moved', status: to, writes: rule.writes(message, input), history: rule.history?.(message, to) ?? [] };
}

/** Makes the move on the message; returns what it adds to the visit's history, or null when the message kept what it had. */
export function applyNotificationMove(message: MessageState, move: NotificationMove, input: MessageMoveInput): VisitMessageEvent[] | null {
  const result = notificationMove(message, move, input);
  if (result.outcome === 'kept') return null;
  Object.assign(message, result.writes, { status: result.status });
  return result.history;
}

export function isWaitingMessage(status: NotificationStatus): boolean {
  return (WAITING_MESSAGE_STATUSES as readonly NotificationStatus[]).includes(status);
}
