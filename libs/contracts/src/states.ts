/**
 * The closed sets of states a visit and a message to its key contact pass through, and of
 * what a visit's history records. Which moves between them are legal, and what each writes,
 * is said once by the transition tables (visit-transitions.ts in the visits library,
 * notification-transitions.ts in the notifications library).
 */
export const VISIT_STATUSES = ['booked', 'ready', 'in_progress', 'completed', 'cancelled', 'missed'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** What staff can do to a visit, as the API offers it (each a move of the visit transition table). */
export const VISIT_ACTIONS = ['reschedule', 'cancel', 'start', 'complete', 'rejoin', 'rebook', 'updateKeyContact'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/**
 * The visits list's views: the trust's calendar day, not yet ended, started before now (newest
 * first). A view is only ever asked for, never stored, so its values are already spelled as
 * GraphQL spells them.
 */
export const VISIT_LIST_VIEWS = ['TODAY', 'UPCOMING', 'RECENT'] as const;
export type VisitListView = (typeof VISIT_LIST_VIEWS)[number];

export const VISIT_EVENT_TYPES = [
  'booked',
  'rescheduled',
  'rebooked',
  'cancelled',
  'started',
  'visitor_joined',
  'visitor_left',
  'completed',
  'missed',
  'message_sent',
  'message_failed',
  'contact_updated',
  'message_resent',
  'host_rejoined',
] as const;
export type VisitEventType = (typeof VISIT_EVENT_TYPES)[number];

/** GOV.UK Notify's own statuses after `sent`, and ours before it (`pending`, `sending`) and instead of it (`superseded`). */
export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'temporary-failure',
  'permanent-failure',
  'technical-failure',
  'superseded',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** What GOV.UK Notify's delivery receipts report that we keep (its own interim statuses, "sending" and the like, are not). */
export const RECEIPT_STATUSES = ['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'] as const satisfies readonly NotificationStatus[];
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** Statuses in which a message did not reach the key contact: staff may send it again, and reports count it failed. */
export const FAILED_MESSAGE_STATUSES = ['permanent-failure', 'temporary-failure', 'technical-failure'] as const satisfies readonly NotificationStatus[];
export type FailedMessageStatus = (typeof FAILED_MESSAGE_STATUSES)[number];

export function isFailedMessage(status: NotificationStatus): status is FailedMessageStatus {
  return (FAILED_MESSAGE_STATUSES as readonly NotificationStatus[]).includes(status);
}
